package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"dateline/store"
)

// Words that appear early in one sample's body and nowhere in the other, so
// that seeing one on screen says which article the pane shows.
const (
	aleppoWord = "collapsed"
	assadWord  = "regarding"
)

// listed reports whether the list shows a title starting with prefix. The
// list truncates titles, so the tests look for their first words.
func listed(frame, prefix string) bool { return strings.Contains(frame, prefix) }

const (
	aleppoListed = "Kerry tells Lavrov"
	assadListed  = "Russia proposes"
)

// fitsIn checks the frame is no wider and no taller than the terminal.
func fitsIn(t *testing.T, frame string, width, height int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) > height {
		t.Errorf("%d lines on a %d-line terminal", len(lines), height)
	}
	for i, ln := range lines {
		if w := ansi.StringWidth(ln); w > width {
			t.Errorf("line %d is %d cells wide on a %d-column terminal: %q", i, w, width, ln)
		}
	}
}

func TestFlowStart(t *testing.T) {
	f := startFlow(t, 120, 40)
	arts := sampleArticles(t)
	var aleppo *store.Article
	for _, a := range arts {
		if a.Title == aleppoTitle {
			aleppo = a
		}
	}
	stripped, total := aleppo.Clean.Counts()
	f.waitForText(
		aleppoListed, assadListed, // the list shows both articles
		aleppoWord, // the first article's text
		fmt.Sprintf("stripped %d of %d lines", stripped, total), // its header
		"People", "John Kerry", "Sergei Lavrov", "Places", "Aleppo", // its entities
		"2 articles",
	)
	if frame := f.scr.current(); strings.Contains(frame, assadWord) {
		t.Errorf("the article pane shows the second article at start:\n%s", frame)
	}
	m := f.quit()
	fitsIn(t, ansi.Strip(m.View().Content), 120, 40)
	out, err := io.ReadAll(f.tm.FinalOutput(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("\x1b[?1049h")) {
		t.Error("the reader did not switch to the alternate screen")
	}
}

// focusedAt reports whether the first line of frame has the focused pane's
// thick top-left corner at column col.
func focusedAt(frame string, col int) bool {
	first, _, _ := strings.Cut(frame, "\n")
	return ansi.Cut(first, col, col+1) == "┏"
}

func TestFlowFocus(t *testing.T) {
	f := startFlow(t, 120, 40)
	l := computeLayout(120, 40, true, paneList)
	f.waitFor(func(frame string) bool { return strings.Contains(frame, aleppoWord) && focusedAt(frame, 0) })
	// Enter on the list opens the article: the focus moves to its pane.
	f.key("enter")
	f.waitFor(func(frame string) bool { return focusedAt(frame, l.list) && !focusedAt(frame, 0) })
	f.key("tab")
	f.waitFor(func(frame string) bool { return focusedAt(frame, l.list+l.article) })
	f.key("tab")
	f.waitFor(func(frame string) bool { return focusedAt(frame, 0) })
	f.key("shift+tab")
	f.waitFor(func(frame string) bool { return focusedAt(frame, l.list+l.article) })
	// In the article pane j scrolls the text rather than changing article.
	f.key("shift+tab", "j", "j", "j")
	f.waitFor(func(frame string) bool {
		// The headline has scrolled out of the article pane; the list
		// still shows the title (truncated before these words).
		return !strings.Contains(frame, "will suspend Syria") && listed(frame, aleppoListed) && focusedAt(frame, l.list)
	})
	m := f.quit()
	if m.list.cursor != 0 {
		t.Errorf("j in the article pane moved the list to row %d", m.list.cursor)
	}
}

func TestFlowMoveDown(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoWord)
	f.key("j")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, assadWord) && !strings.Contains(frame, aleppoWord) &&
			strings.Contains(frame, "Vladimir Putin")
	})
	f.key("k")
	f.waitForText(aleppoWord)
	f.quit()
}

func TestFlowFilterText(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoListed, assadListed)
	f.key("/")
	f.tm.Type("aleppo")
	f.waitFor(func(frame string) bool {
		return listed(frame, aleppoListed) && !listed(frame, assadListed) &&
			strings.Contains(frame, "1 of 2 articles") && strings.Contains(frame, "/aleppo")
	})
	// Enter keeps the filter and leaves the input; the keys move the list
	// again.
	f.key("enter")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "1 of 2 articles · /aleppo") && strings.Contains(frame, "? help")
	})
	// Typing matches case- and accent-insensitively.
	f.key("/")
	for range "aleppo" {
		f.key("backspace")
	}
	f.tm.Type("SYRÍA")
	f.waitFor(func(frame string) bool {
		return listed(frame, aleppoListed) && listed(frame, assadListed) && strings.Contains(frame, "/SYRÍA")
	})
	f.quit()
}

func TestFlowEntityFilter(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoWord)
	// Select the second article, go to its sidebar, and pick its second
	// person (the fixtures rank Assad after Kerry).
	f.key("j", "tab", "tab", "j", "enter")
	f.waitFor(func(frame string) bool {
		return listed(frame, assadListed) && !listed(frame, aleppoListed) &&
			strings.Contains(frame, "1 of 2 articles · 1 unread · +Bashar al-Assad")
	})
	// Filters stack: Kerry is in both articles, so adding him keeps one.
	f.key("g", "enter")
	f.waitForText("1 of 2 articles · 1 unread · +Bashar al-Assad · +John Kerry")
	// Backspace drops the last one, then the next.
	f.key("backspace")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "+Bashar al-Assad") && !strings.Contains(frame, "+John Kerry")
	})
	f.key("backspace")
	f.waitFor(func(frame string) bool {
		return listed(frame, aleppoListed) && listed(frame, assadListed) && !strings.Contains(frame, "+Bashar")
	})
	f.quit()
}

func TestFlowClearFilters(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoWord)
	f.key("/")
	f.tm.Type("kerry")
	f.key("enter", "tab", "tab", "enter") // Kerry, from the first article's sidebar
	f.waitForText("2 articles · 1 unread · /kerry · +John Kerry")
	f.key("esc")
	f.waitFor(func(frame string) bool {
		return listed(frame, aleppoListed) && listed(frame, assadListed) &&
			strings.Contains(frame, "2 articles") && !strings.Contains(frame, "/kerry") &&
			!strings.Contains(frame, "+John Kerry")
	})
	f.quit()
}

func TestFlowResize(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoWord, "People")

	f.tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	f.waitFor(func(frame string) bool {
		return !strings.Contains(frame, "People") && listed(frame, "Kerry tells") &&
			strings.Contains(frame, aleppoWord) && len(strings.Split(frame, "\n")) == 24
	})
	fitsIn(t, f.scr.current(), 80, 24)

	// E brings the sidebar back on a narrow terminal.
	f.key("E")
	f.waitForText("People", aleppoWord)
	fitsIn(t, f.scr.current(), 80, 24)
	f.key("E")

	f.tm.Send(tea.WindowSizeMsg{Width: 200, Height: 50})
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "People") && listed(frame, aleppoListed) &&
			strings.Contains(frame, aleppoWord) && len(strings.Split(frame, "\n")) == 50
	})
	fitsIn(t, f.scr.current(), 200, 50)
	f.quit()
}

func TestFlowRawView(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoWord)
	f.key("r")
	f.waitForText("Raw ·", "struck through", "raw")
	f.key("tab", "G") // scroll to the end, where the paywall lines are
	f.waitForText("✗", "Seamless Access", "↳ subscription offer")
	f.key("r")
	f.waitFor(func(frame string) bool { return !strings.Contains(frame, "Raw ·") })
	f.quit()
}

func TestFlowSkippedAndHelp(t *testing.T) {
	scr := &screen{}
	skips := []store.Skip{{Path: "samples/photo.jpg", Reason: "not a text file (.jpg)"}}
	m := New(Config{Updates: feed(sampleArticles(t), skips...)})
	f := startFlowWith(t, m, scr, 100, 30)
	f.waitForText("1 skipped (S)")
	f.key("S")
	f.waitForText("samples/photo.jpg", "not a text file (.jpg)")
	f.key("esc")
	f.waitFor(func(frame string) bool { return !strings.Contains(frame, "photo.jpg") })
	f.key("?")
	f.waitForText("skipped files", "drop last filter", "next pane")
	f.key("?")
	f.waitFor(func(frame string) bool { return !strings.Contains(frame, "drop last filter") })
	f.quit()
}

func TestFlowStreaming(t *testing.T) {
	arts := sampleArticles(t)
	var aleppo, assad *store.Article
	for _, a := range arts {
		switch a.Title {
		case aleppoTitle:
			aleppo = a
		case assadTitle:
			assad = a
		}
	}
	ch := make(chan store.Update)
	scr := &screen{}
	f := startFlowWith(t, New(Config{Updates: ch}), scr, 120, 40)
	f.waitForText("loading")

	ch <- store.Update{Articles: []*store.Article{assad}, Found: 2, Done: 1}
	f.waitForText(assadListed, assadWord, "loading", "1 of 2 files")

	// The first article sorts before the one selected; the selection stays.
	ch <- store.Update{Articles: []*store.Article{aleppo}, Found: 2, Done: 2, Finished: true}
	f.waitFor(func(frame string) bool {
		return listed(frame, aleppoListed) && strings.Contains(frame, assadWord) &&
			!strings.Contains(frame, "loading")
	})
	m := f.quit()
	if got := m.list.selected(); got != assad {
		t.Errorf("selection moved to %q when an article arrived", got.Title)
	}
}

func TestFlowQuit(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		t.Run(k, func(t *testing.T) {
			f := startFlow(t, 80, 24)
			f.waitForText(aleppoWord)
			f.key(k)
			f.tm.WaitFinished(t)
		})
	}
}

// TestFlowSlimArticles runs the reader as dateline does, on slim articles
// that carry no text: the pane and the raw view read each one back whole
// through Config.Full, and an article whose file changed says so instead
// of showing a blank or another text.
func TestFlowSlimArticles(t *testing.T) {
	arts := sampleArticles(t)
	slim := make([]*store.Article, len(arts))
	byID := map[string]*store.Article{}
	for i, a := range arts {
		slim[i] = a.Slim()
		byID[a.ID] = a
	}
	var calls atomic.Int32
	full := func(_ context.Context, a *store.Article) (*store.Article, error) {
		calls.Add(1)
		if a.Title == assadTitle {
			return nil, fmt.Errorf("read %s: %w", a.Path, store.ErrChanged)
		}
		return byID[a.ID], nil
	}
	m := New(Config{Updates: feed(slim), Roots: []string{"testdata/samples"}, Full: full})
	f := startFlowWith(t, m, &screen{}, 120, 40)
	f.waitForText(aleppoListed, aleppoWord)
	f.key("r")
	f.waitForText("Raw ·", "struck through")
	f.key("r", "j")
	f.waitForText("its file changed or was removed")
	f.quit()
	if calls.Load() == 0 {
		t.Error("the reader never asked for a whole article")
	}
}
