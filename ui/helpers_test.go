package ui

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"dateline/store"
	"dateline/store/clean"
	"dateline/store/entity"
)

// The two real samples, as the tests refer to them.
const (
	aleppoFile = "000_c00316c9557538f9.txt" // Kerry and Lavrov on Aleppo
	assadFile  = "004_483bb8dd12a1da44.txt" // Russia proposes talks; Putin, Assad
)

// The titles the fixtures give the samples.
const (
	aleppoTitle = "Kerry tells Lavrov US will suspend Syria cooperation over Aleppo"
	assadTitle  = "Russia proposes military-to-military talks on Syria, says Kerry"
)

// fixture describes how a sample should look once cleaned and tagged. The
// store's cleaner and tagger are being written in parallel with this
// package, so the tests set the cleaned text and the entities by hand
// rather than depend on what those packages produce today.
type fixture struct {
	title, source, place, date string
	// keep is how many leading lines of the file are article text; the
	// rest is the paywall boilerplate both samples end with.
	keep     int
	entities []fixtureEntity
}

type fixtureEntity struct {
	name     string
	typ      entity.Type
	aliases  []string
	salience float64
}

var fixtures = map[string]fixture{
	aleppoFile: {
		title: aleppoTitle, source: "Business Standard", date: "Sep 28",
		keep: 9,
		entities: []fixtureEntity{
			{"John Kerry", entity.PER, []string{"Kerry"}, 0.95},
			{"Sergei Lavrov", entity.PER, []string{"Lavrov"}, 0.8},
			{"John Kirby", entity.PER, []string{"Kirby"}, 0.4},
			{"State Department", entity.ORG, nil, 0.5},
			{"Nusra Front", entity.ORG, nil, 0.2},
			{"Islamic State", entity.ORG, nil, 0.25},
			{"Aleppo", entity.LOC, nil, 0.9},
			{"Syria", entity.LOC, nil, 0.7},
			{"Moscow", entity.LOC, nil, 0.5},
			{"Washington", entity.LOC, nil, 0.4},
			{"UN General Assembly", entity.MISC, nil, 0.2},
		},
	},
	assadFile: {
		title: assadTitle, source: "IANS/EFE", place: "Washington", date: "Sep 17",
		keep: 9,
		entities: []fixtureEntity{
			{"John Kerry", entity.PER, []string{"Kerry"}, 0.9},
			{"Bashar al-Assad", entity.PER, []string{"Assad"}, 0.7},
			{"Vladimir Putin", entity.PER, []string{"Putin"}, 0.5},
			{"Sergei Lavrov", entity.PER, []string{"Lavrov"}, 0.4},
			{"Maite Nkoana-Mashabane", entity.PER, nil, 0.2},
			{"White House", entity.ORG, nil, 0.3},
			{"Islamic State", entity.ORG, nil, 0.35},
			{"Syria", entity.LOC, nil, 0.8},
			{"Moscow", entity.LOC, nil, 0.4},
			{"Damascus", entity.LOC, nil, 0.3},
		},
	},
}

var (
	samplesOnce sync.Once
	samplesErr  error
	samplesData []*store.Article
)

// sampleArticles loads the two samples through the real loader (so the
// store's own text index is built) and then dresses them as the fixtures
// say. Each call returns fresh copies the caller may modify.
func sampleArticles(t testing.TB) []*store.Article {
	t.Helper()
	samplesOnce.Do(func() {
		samplesData, samplesErr = loadSamples()
	})
	if samplesErr != nil {
		t.Fatal(samplesErr)
	}
	out := make([]*store.Article, len(samplesData))
	for i, a := range samplesData {
		c := *a
		out[i] = &c
	}
	return out
}

func loadSamples() ([]*store.Article, error) {
	l, err := store.NewLoader(store.Options{Workers: 1})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var b store.Batch
	for u := range l.Load(ctx, []string{filepath.Join("..", "testdata", "samples")}) {
		b.Apply(u)
	}
	for _, a := range b.Articles {
		f, ok := fixtures[filepath.Base(a.Path)]
		if !ok {
			continue
		}
		dress(a, f)
	}
	return b.Articles, nil
}

// dress sets what the cleaner and the tagger will produce for a sample: the
// metadata, the lines marked kept or stripped, the body and the entities
// with their counts and mention offsets in the body.
func dress(a *store.Article, f fixture) {
	a.Title, a.Source, a.Place, a.Date = f.title, f.source, f.place, f.date
	lines := strings.Split(strings.ReplaceAll(a.Raw, "\r\n", "\n"), "\n")
	a.Clean = clean.Result{}
	var kept []string
	for i, ln := range lines {
		cl := clean.Line{Text: ln}
		if i >= f.keep {
			cl.Code, cl.Reason = "paywall", "subscription offer"
		} else if strings.TrimSpace(ln) != "" {
			kept = append(kept, strings.TrimSpace(ln))
		}
		a.Clean.Lines = append(a.Clean.Lines, cl)
	}
	a.Body = strings.Join(kept, "\n\n")
	a.Words = len(strings.Fields(a.Body))
	a.Entities = nil
	for _, fe := range f.entities {
		e := entity.Entity{Name: fe.name, Type: fe.typ, Aliases: fe.aliases, Salience: fe.salience}
		for _, name := range append([]string{fe.name}, fe.aliases...) {
			for off := 0; ; {
				i := strings.Index(a.Body[off:], name)
				if i < 0 {
					break
				}
				start := off + i
				off = start + len(name)
				if overlaps(e.Mentions, start, off) {
					continue
				}
				e.Mentions = append(e.Mentions, entity.Mention{Start: start, End: off})
			}
		}
		e.Count = len(e.Mentions)
		a.Entities = append(a.Entities, e)
	}
	a.Prepare()
}

func overlaps(ms []entity.Mention, start, end int) bool {
	return slices.ContainsFunc(ms, func(m entity.Mention) bool { return start < m.End && m.Start < end })
}

// feed returns a channel holding one finished Update with arts, closed after.
func feed(arts []*store.Article, skips ...store.Skip) <-chan store.Update {
	ch := make(chan store.Update, 1)
	ch <- store.Update{Articles: arts, Skips: skips, Found: len(arts) + len(skips), Done: len(arts) + len(skips), Finished: true}
	close(ch)
	return ch
}

// screen records every frame the program draws, so tests can wait for what
// is on screen now. The Bubble Tea v2 renderer writes only the cells that
// changed between frames, so its byte stream cannot be searched for a word
// that was already on screen; the frames themselves can.
type screen struct {
	mu      sync.Mutex
	frame   string
	seq     int
	read    int
	pending []byte // the rest of a frame a short Read could not take
}

func (s *screen) set(content string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if content != s.frame {
		s.frame = content
		s.seq++
	}
}

// Read implements io.Reader for teatest.WaitFor: each new frame is returned
// once, stripped of styling and preceded by a frame separator; EOF when the
// frame has not changed since the last read.
func (s *screen) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) == 0 {
		if s.read == s.seq {
			return 0, io.EOF
		}
		s.read = s.seq
		s.pending = []byte(frameSep + ansi.Strip(s.frame))
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	return n, nil
}

// current returns the latest frame without styling.
func (s *screen) current() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansi.Strip(s.frame)
}

const frameSep = "\x00frame\x00"

// lastFrame returns the newest frame in what WaitFor has read so far.
func lastFrame(b []byte) string {
	if i := bytes.LastIndex(b, []byte(frameSep)); i >= 0 {
		return string(b[i+len(frameSep):])
	}
	return string(b)
}

// recorder wraps the reader and copies each frame it draws to a screen.
type recorder struct {
	m   Model
	scr *screen
}

func (r recorder) Init() tea.Cmd { return r.m.Init() }

func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.m.Update(msg)
	r.m = m.(Model)
	return r, cmd
}

func (r recorder) View() tea.View {
	v := r.m.View()
	r.scr.set(v.Content)
	return v
}

// flow is a running reader under test.
type flow struct {
	t   *testing.T
	tm  *teatest.TestModel
	scr *screen
}

// startFlow runs the reader on the sample articles at width×height.
func startFlow(t *testing.T, width, height int) *flow {
	t.Helper()
	m := New(Config{Updates: feed(sampleArticles(t)), Roots: []string{"testdata/samples"}})
	return startFlowWith(t, m, &screen{}, width, height)
}

// startFlowWith runs m at width×height, recording its frames to scr.
func startFlowWith(t *testing.T, m Model, scr *screen, width, height int) *flow {
	t.Helper()
	tm := teatest.NewTestModel(t, recorder{m: m, scr: scr}, teatest.WithInitialTermSize(width, height))
	t.Cleanup(func() { _ = tm.Quit() })
	return &flow{t: t, tm: tm, scr: scr}
}

// waitFor waits until the current frame satisfies cond.
func (f *flow) waitFor(cond func(frame string) bool) {
	f.t.Helper()
	teatest.WaitFor(f.t, f.scr, func(b []byte) bool { return cond(lastFrame(b)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// waitForText waits until every s is on screen.
func (f *flow) waitForText(ss ...string) {
	f.t.Helper()
	f.waitFor(func(frame string) bool {
		for _, s := range ss {
			if !strings.Contains(frame, s) {
				return false
			}
		}
		return true
	})
}

// key sends key presses by name, e.g. "j", "tab", "enter", "esc".
func (f *flow) key(names ...string) {
	for _, n := range names {
		f.tm.Send(keyPress(n))
	}
}

// quit ends the program and returns the final model.
func (f *flow) quit() Model {
	f.t.Helper()
	f.key("ctrl+c")
	fm := f.tm.FinalModel(f.t, teatest.WithFinalTimeout(5*time.Second))
	return fm.(recorder).m
}

// keyPress builds the KeyPressMsg a terminal would send for a key name.
func keyPress(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(name)
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// newStyles returns the true-colour palette for a dark (isDark) or light
// background.
func newStyles(isDark bool) styles {
	return stylesFor(look{dark: isDark, profile: colorprofile.TrueColor})
}
