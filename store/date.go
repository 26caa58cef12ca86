package store

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"dateline/store/clean"
)

// dateLayouts are the shapes of publication dates seen in scraped metadata,
// most specific first. Dates without a year ("Sep 17") are not parsed: an
// ISO date needs a year, and guessing one would be wrong across New Year.
// A day written "2" also reads "02", so the zero-padded forms (RFC 1123's
// among them) need no layout of their own.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC850,
	time.ANSIC,
	"January 2, 2006 15:04",
	"January 2, 2006",
	"Jan 2, 2006",
	"Jan. 2, 2006",
	"January 2 2006",
	"Jan 2 2006",
	"2 January 2006",
	"2 Jan 2006",
	"Monday, January 2, 2006",
	"Monday, 2 January 2006",
}

// utcNames are the zone abbreviations that mean a zero offset.
var utcNames = map[string]bool{"UTC": true, "GMT": true, "Z": true, "UT": true}

// ParseDate parses a publication date written in one of the common forms
// and returns it with its ISO 8601 form, which keeps the precision the
// source gave: a day alone, a local time without a zone, or a full timestamp.
//
// A zone abbreviation other than UTC or GMT ("EDT", "IST", "GMT+3") is
// ambiguous and has no offset Go can look up, so the time is kept as a
// local time without a zone rather than read as UTC, which would move it
// by hours. Dates are parsed in UTC rather than the machine's zone, so that the same
// file gives the same date on every machine.
func ParseDate(s string) (time.Time, string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, "", false
	}
	s = strings.Join(strings.Fields(s), " ")
	if strings.HasPrefix(s, "Sept ") {
		s = "Sep " + s[5:]
	}
	for _, layout := range dateLayouts {
		t, err := time.ParseInLocation(layout, s, time.UTC)
		if err != nil {
			continue
		}
		if strings.Contains(layout, "MST") {
			// For an abbreviation it cannot look up, Go makes up a zone:
			// the clock as written, read as UTC, shown with a zero offset
			// ("GMT+3": with that offset, but whether it means UTC+3 or,
			// as in tz names, UTC-3 depends on the writer). Any such time
			// is kept as written, without a zone.
			if name, _ := t.Zone(); !utcNames[name] {
				t = t.UTC()
				return t, t.Format("2006-01-02T15:04:05"), true
			}
		}
		switch {
		case strings.Contains(layout, "Z07") || strings.Contains(layout, "-0700") || strings.Contains(layout, "MST"):
			return t, t.Format(time.RFC3339), true
		case strings.Contains(layout, "15"):
			return t, t.Format("2006-01-02T15:04:05"), true
		}
		return t, t.Format("2006-01-02"), true
	}
	return time.Time{}, "", false
}

// writtenDate finds a date as a byline writes it: "Apr 26, 2023", "Jan. 16,
// 2026", "December 15th 2025", "26 April 2023", "2023-04-26". A date of
// digits alone in another order ("07/04/2024") is left out: it reads both
// ways.
var writtenDate = regexp.MustCompile(`(?i)\b(?:` + clean.EnglishMonth + ` ` + dayOfMonth + `,? \d{4}` +
	`|` + dayOfMonth + ` ` + clean.EnglishMonth + ` \d{4}|\d{4}-\d{2}-\d{2})\b`)

// dayOfMonth is a day in writtenDate, perhaps written as an ordinal.
const dayOfMonth = `\d{1,2}(?:st|nd|rd|th)?`

// ordinal is the suffix of a day written as an ordinal ("15th"), which
// ParseDate's layouts do not have.
var ordinal = regexp.MustCompile(`(?i)(\d)(?:st|nd|rd|th)\b`)

// The stretch of a cleaned page in which bylineDate looks for a byline: so
// many non-blank lines above the first kept line and below it.
const (
	bylineAbove = 15
	bylineBelow = 10
)

// bylineDate returns the first date written in a line the cleaner dropped
// as a byline near the start of the text, or "". On a page dump that is the
// article's date line ("Published Apr 26, 2023", "Updated on Jan. 16, 2026");
// a masthead's date of the day stands further up, and the dates of related
// stories and comments further down, which is why the search stays near the
// text's first line. The date is the one the page prints, which may be its
// last update.
func bylineDate(cr clean.Result) string {
	first := slices.IndexFunc(cr.Lines, func(l clean.Line) bool { return l.Kept() && !l.Blank() })
	if first < 0 {
		return ""
	}
	from := first
	for seen := 0; from > 0 && seen < bylineAbove; from-- {
		if !cr.Lines[from-1].Blank() {
			seen++
		}
	}
	below := 0
	for i := from; i < len(cr.Lines) && below <= bylineBelow; i++ {
		l := cr.Lines[i]
		if i > first && !l.Blank() {
			below++
		}
		if l.Code != clean.CodeByline {
			continue
		}
		for _, m := range writtenDate.FindAllString(l.Text, -1) {
			m = ordinal.ReplaceAllString(m, "$1")
			if _, _, ok := ParseDate(m); ok {
				return m
			}
		}
	}
	return ""
}
