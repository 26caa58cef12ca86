package ui

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
)

// loadMeter follows the loader's progress for the loading view: how far it
// is, and how fast it goes. The rate is worked out when an update arrives,
// not while drawing, so that drawing a frame stays free of clocks.
type loadMeter struct {
	start time.Time
	now   func() time.Time // time.Now, or a fake clock in tests
	rate  float64          // files per second so far
	bar   progress.Model
}

func newLoadMeter(now func() time.Time, st styles) loadMeter {
	if now == nil {
		now = time.Now
	}
	return loadMeter{start: now(), now: now, bar: st.progressBar()}
}

// observe records that done files were finished by now. A reopen shows
// its pack before it checks any file (checking, with none done): the rate
// counts from the last such update, so that it is the pace of the check.
func (l *loadMeter) observe(done int, checking bool) {
	now := l.now()
	if checking && done == 0 {
		l.start = now
		return
	}
	if secs := now.Sub(l.start).Seconds(); secs > 0 {
		l.rate = float64(done) / secs
	}
}

// setStyles recolours the bar.
func (l *loadMeter) setStyles(st styles) {
	w := l.bar.Width()
	l.bar = st.progressBar()
	l.bar.SetWidth(w)
}

// fraction is the share of the files found that is done, in [0, 1].
func fraction(done, found int) float64 {
	if found <= 0 {
		return 0
	}
	return min(float64(done)/float64(found), 1)
}

// barView draws the bar width cells wide.
func (l loadMeter) barView(done, found, width int) string {
	b := l.bar
	b.SetWidth(max(width, 1))
	return b.ViewAs(fraction(done, found))
}

// counts is "120 of 500 files · 340 files/s": the files found so far grow
// while the walk goes on, so the total is "found so far", not a promise.
func (l loadMeter) counts(done, found int) string {
	s := itoa(done) + " of " + plural(found, "file", "files")
	if r := l.rateText(); r != "" {
		s += " · " + r
	}
	return s
}

// rateText is the rate for people: whole files per second, or one decimal
// under ten.
func (l loadMeter) rateText() string {
	switch {
	case l.rate <= 0:
		return ""
	case l.rate < 10:
		return strconv.FormatFloat(l.rate, 'f', 1, 64) + " files/s"
	}
	return strconv.FormatFloat(l.rate, 'f', 0, 64) + " files/s"
}

// loadingStatus is the status line's part while loading: a short bar and
// the counts.
func (m Model) loadingStatus() string {
	return m.st.status.Render(m.loadingVerb()+" ") + m.load.barView(m.batch.Done, m.batch.Found, 12) + " " +
		m.st.status.Render(m.load.counts(m.batch.Done, m.batch.Found))
}

// loadingVerb says what the loader is doing: loading, or, while a reopen
// that shows the batch as it was last time looks at the folder, checking.
func (m Model) loadingVerb() string {
	if m.batch.Checking {
		return "checking"
	}
	return "loading"
}

// loadingView fills the article pane while the loader works and no article
// is selected yet: what is being loaded, a bar, the counts and the rate.
func (m Model) loadingView(width int) string {
	if width <= 0 {
		return ""
	}
	verb := m.loadingVerb()
	lines := []string{
		m.st.heading.Render(truncate(strings.ToUpper(verb[:1])+verb[1:]+" "+sanitize(strings.Join(m.roots, " ")), width)),
		"",
		m.load.barView(m.batch.Done, m.batch.Found, min(width, 60)),
		truncate(m.load.counts(m.batch.Done, m.batch.Found), width),
	}
	if n := len(m.batch.Skips); n > 0 {
		lines = append(lines, m.st.warning.Render(truncate(plural(n, "file skipped", "files skipped")+" so far ("+m.keys.Skipped.Help().Key+" lists them)", width)))
	}
	if len(m.batch.Articles) > 0 {
		lines = append(lines, "", m.st.dim.Render(truncate("The list can be browsed while the rest loads.", width)))
	}
	return strings.Join(lines, "\n")
}
