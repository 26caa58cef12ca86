package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// drive feeds msgs to m and runs the commands they return, synchronously,
// until there is nothing left to do. Only the reader's own messages are
// followed; terminal queries and the like are dropped. It lets table tests
// see the frame a user would see once rendering has finished.
func drive(t testing.TB, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	queue := append([]tea.Msg(nil), msgs...)
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("drive: no quiescence after 1000 messages")
		}
		msg := queue[0]
		queue = queue[1:]
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				if c == nil {
					continue
				}
				if msg, ok := runCmd(c); ok {
					queue = append(queue, msg)
				}
			}
			continue
		}
		switch msg.(type) {
		case updateMsg, streamClosedMsg, renderedMsg, tea.WindowSizeMsg, tea.KeyPressMsg, filterStepMsg:
		default:
			continue
		}
		next, cmd := m.Update(msg)
		m = next.(Model)
		if cmd != nil {
			if msg, ok := runCmd(cmd); ok {
				queue = append(queue, msg)
			}
		}
	}
	return m
}

// runCmd runs cmd and returns its message, giving up on commands that wait
// for time to pass (the filter input's cursor blink) rather than compute.
func runCmd(cmd tea.Cmd) (tea.Msg, bool) {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		return msg, true
	case <-time.After(100 * time.Millisecond):
		return nil, false
	}
}

// loaded returns the reader with the samples loaded and rendered at w×h.
func loaded(t testing.TB, w, h int) Model {
	t.Helper()
	m := New(Config{Updates: feed(sampleArticles(t)), Roots: []string{"testdata/samples"}})
	return drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: w, Height: h})
}

// frameOf returns m's frame without styling.
func frameOf(m Model) string { return ansi.Strip(m.View().Content) }

func TestLayoutSizes(t *testing.T) {
	sizes := [][2]int{
		{1, 1}, {10, 3}, {20, 5}, {35, 8}, {40, 10}, {50, 12}, {60, 15}, {79, 20}, {80, 24},
		{99, 30}, {100, 30}, {120, 40}, {159, 45}, {160, 48}, {200, 50}, {250, 60},
	}
	for _, sz := range sizes {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			m := loaded(t, w, h)
			// Every mode must fit: panes, each focus, sidebar toggled,
			// raw view, overlays, filter input.
			steps := []struct {
				name string
				keys []string
			}{
				{"start", nil},
				{"article focused", []string{"tab"}},
				{"sidebar toggled", []string{"e", "tab"}},
				{"raw", []string{"r"}},
				{"help", []string{"?"}},
				{"skipped", []string{"esc", "S"}},
				{"filter input", []string{"esc", "/", "a"}},
			}
			for _, st := range steps {
				for _, k := range st.keys {
					m = drive(t, m, keyPress(k))
				}
				frame := frameOf(m)
				lines := strings.Split(frame, "\n")
				if len(lines) > h {
					t.Errorf("%s: %d lines on a %d-line terminal", st.name, len(lines), h)
				}
				for i, ln := range lines {
					if lw := ansi.StringWidth(ln); lw > w {
						t.Errorf("%s: line %d is %d wide on a %d-column terminal", st.name, i, lw, w)
					}
				}
			}
		})
	}
}

func TestLayoutPanes(t *testing.T) {
	tests := []struct {
		w           int
		wantSidebar bool // shown by default
		wantList    bool
	}{
		{40, false, true},
		{80, false, true},
		{99, false, true},
		{100, true, true},
		{160, true, true},
		{250, true, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.w), func(t *testing.T) {
			l := computeLayout(tt.w, 30, tt.w >= wideWidth, paneList)
			if got := l.sidebar > 0; got != tt.wantSidebar {
				t.Errorf("sidebar shown = %v, want %v", got, tt.wantSidebar)
			}
			if got := l.list > 0; got != tt.wantList {
				t.Errorf("list shown = %v, want %v", got, tt.wantList)
			}
			if sum := l.list + l.article + l.sidebar; sum != tt.w {
				t.Errorf("panes are %d+%d+%d = %d wide, want %d", l.list, l.article, l.sidebar, sum, tt.w)
			}
			if l.article < minArticleWidth {
				t.Errorf("article pane is %d wide, below the minimum %d", l.article, minArticleWidth)
			}
			if l.list > maxListWidth || l.sidebar > maxSidebarWidth {
				t.Errorf("list %d or sidebar %d above its cap", l.list, l.sidebar)
			}
		})
	}
	// Wide terminals give the extra room to the article.
	wide, wider := computeLayout(200, 50, true, paneList), computeLayout(250, 60, true, paneList)
	if wider.list != wide.list || wider.article <= wide.article {
		t.Errorf("from 200 to 250 columns: list %d→%d, article %d→%d; want the article to grow", wide.list, wider.list, wide.article, wider.article)
	}
	// Below narrowWidth only the focused pane shows.
	for _, p := range []pane{paneList, paneArticle} {
		l := computeLayout(30, 10, false, p)
		if (p == paneList) != (l.list == 30) || (p == paneArticle) != (l.article == 30) {
			t.Errorf("at 30 columns with focus %v: list %d, article %d", p, l.list, l.article)
		}
	}
}

func TestLayoutPrint(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("prints frames for a look; run with -v")
	}
	for _, sz := range [][2]int{{40, 10}, {80, 24}, {120, 30}} {
		t.Logf("%dx%d\n%s", sz[0], sz[1], frameOf(loaded(t, sz[0], sz[1])))
	}
}

// TestBoxDrawsLikeLipgloss: box draws its border by hand, and the frame
// must be the one lipgloss would draw, byte for byte, in every palette and
// focus, whatever the content: styled, too long, too many lines, wide
// characters or none.
func TestBoxDrawsLikeLipgloss(t *testing.T) {
	contents := []string{
		"",
		"one line",
		"hello \x1b[1mbold\x1b[m world\na second line long enough to be cut at the pane's edge",
		"界界界界界界界界界界界界\nx\ny\nz\nmore lines\nthan\nthe pane\nholds",
	}
	looks := []look{
		{theme: ThemeDark, dark: true, profile: colorprofile.TrueColor},
		{theme: ThemeLight, profile: colorprofile.ANSI256},
		{theme: ThemeAuto, dark: true, profile: colorprofile.ANSI},
		{theme: ThemeMono},
	}
	for _, lk := range looks {
		st := stylesFor(lk)
		for _, focused := range []bool{true, false} {
			for _, c := range contents {
				for _, size := range [][2]int{{3, 3}, {12, 5}, {30, 8}} {
					w, h := size[0], size[1]
					want := st.pane(focused).Render(fit(c, w-2, h-2))
					if got := strings.Join(box(st.pane(focused), c, w, h), "\n"); got != want {
						t.Errorf("%+v focused=%v %dx%d %q:\n got %q\nwant %q", lk, focused, w, h, c, got, want)
					}
				}
			}
		}
	}
}
