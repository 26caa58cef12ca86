package ui

import (
	"errors"
	"image/color"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"dateline/store"
)

// fakeClock returns a clock that moves on by step at each reading.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

func TestFlowLoadingView(t *testing.T) {
	ch := make(chan store.Update)
	m := New(Config{Updates: ch, Roots: []string{"big-batch"}})
	// One second passes between readings: the meter reads the clock at
	// the start and at each update.
	m.load = newLoadMeter(fakeClock(time.Second), m.st)
	f := startFlowWith(t, m, &screen{}, 120, 40)
	f.waitForText("Loading big-batch", "0 of 0 files")

	ch <- store.Update{Found: 400, Done: 100, Skips: []store.Skip{{Path: "x.jpg", Reason: "not text"}}}
	f.waitForText("100 of 400 files", "100 files/s", "1 file skipped so far")
	frame := f.scr.current()
	// A quarter done: the big bar is 60 cells, a quarter of them filled.
	if got := strings.Count(frame, "█"); got < 15 || got > 15+12 {
		t.Errorf("%d filled cells for a quarter done (15 in the view, up to 12 in the status line):\n%s", got, frame)
	}

	// The first article arrives: the list can be used while loading goes on.
	arts := sampleArticles(t)
	ch <- store.Update{Articles: arts[:1], Found: 400, Done: 300}
	f.waitForText(aleppoListed, aleppoWord, "300 of 400 files", "150 files/s")
	f.key("j", "k")
	ch <- store.Update{Articles: arts[1:], Found: 400, Done: 400, Finished: true}
	f.waitFor(func(frame string) bool {
		return listed(frame, assadListed) && !strings.Contains(frame, "loading")
	})
	close(ch)
	f.quit()
}

// TestFlowCheckingRate: a reopen shows its pack before it checks any
// file, and the rate on the status line is the pace of the check, not of
// the whole run: 200 files in the 2 s since the pack was shown, not in the
// 12 s since the start.
func TestFlowCheckingRate(t *testing.T) {
	var mu sync.Mutex
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return at }
	set := func(d time.Duration) { mu.Lock(); at = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(d); mu.Unlock() }
	ch := make(chan store.Update)
	m := New(Config{Updates: ch, Roots: []string{"big-batch"}})
	m.load = newLoadMeter(clock, m.st)
	f := startFlowWith(t, m, &screen{}, 120, 40)
	arts := sampleArticles(t)
	ch <- store.Update{Articles: arts[:1], Found: 400, Checking: true}
	f.waitForText("1 article", "checking", "0 of 400 files")
	set(10 * time.Second)
	ch <- store.Update{Articles: arts[1:], Found: 400, Checking: true}
	f.waitForText("2 articles")
	set(12 * time.Second)
	ch <- store.Update{Found: 400, Done: 200, Checking: true}
	f.waitForText("200 of 400 files", "100 files/s")
	ch <- store.Update{Found: 400, Done: 400, Finished: true}
	close(ch)
	f.waitFor(func(frame string) bool { return !strings.Contains(frame, "checking") })
	f.quit()
}

// TestFlowTwoLineTitles checks that two headlines sharing their first words
// can be told apart in the list at the widths people use.
func TestFlowTwoLineTitles(t *testing.T) {
	arts := sampleArticles(t)
	arts[0].Title = "US Secretary of State John Kerry told his Russian counterpart Sergei Lavrov on Wednesday"
	arts[1].Title = "US Secretary of State John Kerry said on Friday that Russia proposed talks"
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 35}, {200, 50}} {
		w, h := size[0], size[1]
		t.Run(fmtSize(w, h), func(t *testing.T) {
			m := New(Config{Updates: feed(arts)})
			m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: w, Height: h})
			frame := frameOf(m)
			l := m.layout()
			var listCol []string
			for _, ln := range strings.Split(frame, "\n") {
				listCol = append(listCol, cut(ln, l.list))
			}
			list := strings.Join(listCol, "\n")
			for _, want := range []string{"told", "said"} {
				if !strings.Contains(list, want) {
					t.Errorf("the list does not show %q, so the two rows look alike:\n%s", want, list)
				}
			}
		})
	}
}

// cut returns the first w cells of a plain line.
func cut(s string, w int) string {
	r := []rune(s)
	return string(r[:min(w, len(r))])
}

func fmtSize(w, h int) string { return itoa(w) + "x" + itoa(h) }

func TestParseTheme(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Theme
		err  bool
	}{
		{"auto", ThemeAuto, false},
		{"Dark", ThemeDark, false},
		{" light ", ThemeLight, false},
		{"mono", ThemeMono, false},
		{"solarized", ThemeAuto, true},
		{"", ThemeAuto, true},
	} {
		got, err := ParseTheme(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseTheme(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
		if err == nil && got.String() != strings.ToLower(strings.TrimSpace(tt.in)) {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
}

// colourSGR matches an SGR sequence that sets a foreground or background
// colour, in any of the 16, 256 or true-colour forms.
var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-79]|4[0-79]|9[0-7]|10[0-7]|[34]8;[25];[0-9;]+)m`)

// TestNoColour checks that mono, NO_COLOR (an ASCII colour profile) and
// --no-color give frames without a single colour, and that the selection
// and the focus still show.
func TestNoColour(t *testing.T) {
	for _, tt := range []struct {
		name  string
		theme Theme
		msgs  []tea.Msg
	}{
		{"theme mono", ThemeMono, nil},
		{"NO_COLOR profile", ThemeAuto, []tea.Msg{tea.ColorProfileMsg{Profile: colorprofile.Ascii}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := New(Config{Updates: feed(sampleArticles(t)), Theme: tt.theme})
			for _, msg := range tt.msgs {
				next, _ := m.Update(msg)
				m = next.(Model)
			}
			m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40})
			content := m.View().Content
			if loc := colourSGR.FindStringIndex(content); loc != nil {
				t.Errorf("colour in a mono frame: %q", content[max(loc[0]-20, 0):min(loc[1]+20, len(content))])
			}
			if !strings.Contains(content, "\x1b[7m") && !strings.Contains(content, ";7m") {
				t.Error("the selected row is not in reverse video")
			}
			if !strings.Contains(frameOf(m), "┏") {
				t.Error("the focused pane has no thick border")
			}
		})
	}
}

func TestThemeFollowsBackground(t *testing.T) {
	light := tea.BackgroundColorMsg{Color: color.White}
	dark := tea.BackgroundColorMsg{Color: color.Black}
	for _, tt := range []struct {
		name     string
		cfg      Config
		msg      tea.Msg
		wantDark bool
	}{
		{"auto, light terminal", Config{}, light, false},
		{"auto, dark terminal", Config{LightBackground: true}, dark, true},
		{"auto, no answer, COLORFGBG light", Config{LightBackground: true}, nil, false},
		{"auto, no answer", Config{}, nil, true},
		{"dark theme on a light terminal", Config{Theme: ThemeDark}, light, true},
		{"light theme on a dark terminal", Config{Theme: ThemeLight}, dark, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := New(tt.cfg)
			if tt.msg != nil {
				next, _ := m.Update(tt.msg)
				m = next.(Model)
			}
			if m.st.isDark != tt.wantDark || m.article.style != m.st.glamourStyle() {
				t.Errorf("dark palette %v (Glamour %q), want dark %v", m.st.isDark, m.article.style, tt.wantDark)
			}
		})
	}
}

// TestSixteenColours checks that with 16 colours the palette uses only the
// basic colours, whose look the user's terminal theme decides, and marks
// the selection with reverse video rather than a background that may not
// exist.
func TestSixteenColours(t *testing.T) {
	for _, dark := range []bool{true, false} {
		st := stylesFor(look{dark: dark, profile: colorprofile.ANSI})
		out := st.heading.Render("x") + st.warning.Render("x") + st.itemSelected.Render("x") + st.statusKey.Render("x")
		if strings.Contains(out, "38;2;") || strings.Contains(out, "38;5;") || strings.Contains(out, "48;") {
			t.Errorf("dark=%v: more than basic colours: %q", dark, out)
		}
		if !strings.Contains(st.itemSelected.Render("x"), "7") {
			t.Errorf("dark=%v: selection not in reverse video: %q", dark, st.itemSelected.Render("x"))
		}
	}
}

func TestLightFromColorFGBG(t *testing.T) {
	for in, want := range map[string]bool{
		"15;0": false, "0;15": true, "default;default": false, "12;8": false,
		"0;default;7": true, "": false, "garbage": false, "0;9": true,
	} {
		if got := LightFromColorFGBG(in); got != want {
			t.Errorf("LightFromColorFGBG(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestBindings(t *testing.T) {
	for _, tt := range []struct {
		name   string
		b      Bindings
		action string // the action the error blames, "" for none
	}{
		{"empty", nil, ""},
		{"remap down", Bindings{"down": {"x", "down"}}, ""},
		{"reuse a freed key", Bindings{"down": {"x"}, "star": {"j"}}, ""},
		{"filter keys apart", Bindings{"filter_keep": {"enter"}, "filter_cancel": {"esc"}}, ""},
		{"unknown action", Bindings{"explode": {"x"}}, "explode"},
		{"action of an earlier version", Bindings{"filter_history": {"up", "down"}}, "filter_history"},
		{"no key", Bindings{"quit": {}}, "quit"},
		{"empty key", Bindings{"quit": {""}}, "quit"},
		{"clash with a default", Bindings{"star": {"j"}}, "star"},
		{"clash between two remaps", Bindings{"star": {"x"}, "sort": {"x"}}, "sort"},
		{"named keys and modifiers", Bindings{"down": {"ctrl+alt+down", "f5", "space", "+"}, "up": {"ctrl++", "ctrl+shift+up"}}, ""},
		{"capital modifier", Bindings{"down": {"Ctrl+d"}}, "down"},
		{"modifiers out of order", Bindings{"down": {"alt+ctrl+d"}}, "down"},
		{"shift and a letter", Bindings{"down": {"shift+j"}}, "down"},
		{"unknown key name", Bindings{"down": {"pagedown"}}, "down"},
		{"f-key out of range", Bindings{"down": {"f99"}}, "down"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.b.Check()
			var be *BindingError
			switch {
			case tt.action == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.action != "" && !errors.As(err, &be):
				t.Errorf("error %v, want a BindingError for %s", err, tt.action)
			case tt.action != "" && be.Action != tt.action && !strings.Contains(err.Error(), tt.action):
				t.Errorf("error %v blames %s, want %s", err, be.Action, tt.action)
			}
		})
	}
}

func TestFlowRemappedKeys(t *testing.T) {
	m := New(Config{Updates: feed(sampleArticles(t)), Keys: Bindings{"down": {"x"}, "help": {"h", "?"}}})
	f := startFlowWith(t, m, &screen{}, 120, 40)
	f.waitForText(aleppoWord, "x down")
	f.key("j") // no longer bound
	f.key("x")
	f.waitForText(assadWord)
	f.key("h")
	f.waitForText("Keys", "h/? help")
	f.quit()
}

// click and wheel build the mouse messages a terminal sends.
func click(x, y int) tea.MouseClickMsg {
	return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft}
}

func wheel(x, y int, down bool) tea.MouseWheelMsg {
	b := tea.MouseWheelUp
	if down {
		b = tea.MouseWheelDown
	}
	return tea.MouseWheelMsg{X: x, Y: y, Button: b}
}

func TestFlowMouse(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoWord)
	l := computeLayout(120, 40, true, paneList)
	listX, articleX, sideX := 3, l.list+3, l.list+l.article+3

	// A click on the second article's row selects it; the list keeps the
	// keyboard.
	f.tm.Send(click(listX, 1+3))
	f.waitFor(func(frame string) bool { return strings.Contains(frame, assadWord) && focusedAt(frame, 0) })

	// The wheel over the article scrolls it though the list has the focus.
	f.tm.Send(wheel(articleX, 10, true))
	f.tm.Send(wheel(articleX, 10, true))
	f.waitFor(func(frame string) bool {
		return focusedAt(frame, 0) && !strings.Contains(frame, "   Russia proposes military")
	})

	// A click on the article pane focuses it.
	f.tm.Send(click(articleX, 10))
	f.waitFor(func(frame string) bool { return focusedAt(frame, l.list) && strings.Contains(frame, "Vladimir Putin") })

	// A click on an entity in the sidebar focuses the sidebar with the
	// cursor there, and enter filters by it.
	frame := f.scr.current()
	row := -1
	for i, ln := range strings.Split(frame, "\n") {
		if strings.Contains(ln, "Vladimir Putin") {
			row = i
		}
	}
	f.tm.Send(click(sideX, row))
	f.waitFor(func(frame string) bool { return focusedAt(frame, l.list+l.article) })
	f.key("enter")
	f.waitForText("+Vladimir Putin", "1 of 2 articles")

	// Clicks on borders and the status line do nothing, and do not crash.
	f.tm.Send(click(0, 0))
	f.tm.Send(click(5, 39))
	f.tm.Send(wheel(119, 39, true))
	f.quit()
}

func TestMouseMode(t *testing.T) {
	if v := New(Config{}).View(); v.MouseMode != tea.MouseModeCellMotion {
		t.Errorf("mouse mode %v, want cell motion", v.MouseMode)
	}
	if v := New(Config{NoMouse: true}).View(); v.MouseMode != tea.MouseModeNone {
		t.Errorf("mouse mode %v with NoMouse", v.MouseMode)
	}
}

// TestGoldenLoading pins the loading frame at 100x30, without colours: a
// large batch a third done, with a skipped file, before any article.
func TestGoldenLoading(t *testing.T) {
	ch := make(chan store.Update)
	m := New(Config{Updates: ch, Roots: []string{"~/news/2016-09"}})
	m.load = newLoadMeter(fakeClock(2*time.Second), m.st)
	m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30},
		updateMsg{Found: 9000, Done: 3000, Skips: []store.Skip{{Path: "a.jpg", Reason: "not text"}}})
	golden.RequireEqual(t, frameOf(m))
}
