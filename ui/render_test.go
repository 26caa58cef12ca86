package ui

import (
	tea "charm.land/bubbletea/v2"
	"slices"

	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"dateline/store"
	"dateline/store/clean"
)

// TestRenderCleanKeepsTextLiteral checks that article text which looks like
// Markdown is shown as written.
func TestRenderCleanKeepsTextLiteral(t *testing.T) {
	tests := []struct{ name, body string }{
		{"heading", "# Not a heading"},
		{"emphasis", "*not emphasis* and _not this_ and **nor this**"},
		{"code span", "`not code`"},
		{"link", "[a link](http://example.com) stays"},
		{"html", "<b>bold</b> &amp; <script>x</script>"},
		{"ordered list", "1. not a list"},
		{"bullet", "- not a bullet"},
		{"quote", "> not a quote"},
		{"rule", "---"},
		{"strike", "~~not struck~~"},
		{"table", "a | b"},
		{"backslash", `a \n b \* c`},
		{"backslashes", `C:\path\ and \\server\share, \# \& end\`},
		{"bare URL", "see www.example.com/page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &store.Article{ID: "x", Title: "T", Body: tt.body, Words: 3}
			out := ansi.Strip(renderClean(a, 70, "dark"))
			if !strings.Contains(out, tt.body) {
				t.Errorf("body %q not shown literally in:\n%s", tt.body, out)
			}
		})
	}
}

func TestRenderCleanHeader(t *testing.T) {
	a := &store.Article{
		ID: "x", Title: "Title *with* stars", Source: "IANS/EFE", Place: "Washington", Date: "Sep 17",
		Body: "One.\n\nTwo.", Words: 2,
		Clean: clean.Result{Lines: []clean.Line{{Text: "One."}, {Text: ""}, {Text: "Two."}, {Text: "Subscribe", Code: "paywall", Reason: "subscription offer"}}},
	}
	out := ansi.Strip(renderClean(a, 70, "dark"))
	for _, want := range []string{"Title *with* stars", "IANS/EFE · Washington · Sep 17", "2 words · stripped 1 of 3 lines", "One.", "Two."} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Subscribe") {
		t.Errorf("clean view shows a stripped line:\n%s", out)
	}
}

func TestRenderCleanWraps(t *testing.T) {
	arts := sampleArticles(t)
	for _, w := range []int{20, 40, 73, maxTextWidth} {
		for _, line := range strings.Split(renderClean(arts[0], w, "dark"), "\n") {
			if lw := ansi.StringWidth(line); lw > w {
				t.Fatalf("width %d: line of %d cells: %q", w, lw, ansi.Strip(line))
			}
		}
	}
}

func TestRenderRaw(t *testing.T) {
	a := &store.Article{ID: "x", Title: "T", Clean: clean.Result{Lines: []clean.Line{
		{Text: "Kept \x1b[31mline"},
		{Text: "Price 1", Code: "paywall", Reason: "subscription offer"},
		{Text: ""},
		{Text: "Price 2", Code: "paywall", Reason: "subscription offer"},
		{Text: "Share on X", Code: "share", Reason: "share buttons"},
	}}}
	out := ansi.Strip(renderRaw(a, 60, newStyles(true), "r"))
	for _, want := range []string{"  Kept line", "✗ Price 1", "✗ Price 2", "✗ Share on X", "↳ share buttons", "4 lines, 3 stripped"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	// Consecutive lines stripped for one reason share one reason line.
	if n := strings.Count(out, "↳ subscription offer"); n != 1 {
		t.Errorf("the price run shows its reason %d times, want once:\n%s", n, out)
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, "[31m") {
		t.Errorf("escape sequence from the article survived:\n%q", out)
	}
}

// TestRenderRawLongReason: at a narrow width a reason that wraps hangs
// under its arrow rather than running back to the pane's edge.
func TestRenderRawLongReason(t *testing.T) {
	a := &store.Article{ID: "x", Title: "T", Clean: clean.Result{Lines: []clean.Line{
		{Text: "Kept line"},
		{Text: "Subscribe now", Code: "paywall", Reason: "paywall: cut from the subscription banner to the end"},
	}}}
	out := ansi.Strip(renderRaw(a, 30, newStyles(true), "r"))
	lines := strings.Split(out, "\n")
	i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "  ↳ paywall") })
	if i < 0 || i+1 >= len(lines) {
		t.Fatalf("no wrapped reason in:\n%s", out)
	}
	for _, l := range lines[i+1:] {
		if !strings.HasPrefix(l, "    ") || ansi.StringWidth(l) > 30 {
			t.Errorf("reason line %q does not hang under the arrow within 30 cells:\n%s", l, out)
		}
	}
}

// TestArticleRenderMessages checks the asynchronous rendering: a placeholder
// until the message arrives, stale messages ignored, results cached.
func TestArticleRenderMessages(t *testing.T) {
	arts := sampleArticles(t)
	keys := defaultKeyMap()
	m := newArticleModel(newStyles(true), nil, "r")
	m.setSize(60, 20)
	cmd := m.setArticle(arts[0])
	if cmd == nil {
		t.Fatal("no render command for a new article")
	}
	if got := ansi.Strip(m.View("")); !strings.Contains(got, "rendering…") {
		t.Errorf("before the render arrives the pane shows %q", got)
	}
	first := cmd().(renderedMsg)

	// The terminal is resized before the first render comes back.
	resize := m.setSize(40, 20)
	if resize == nil {
		t.Fatal("no render command after a resize")
	}
	m, _ = m.Update(first, keys)
	if got := ansi.Strip(m.View("")); !strings.Contains(got, "rendering…") {
		t.Errorf("a stale render for width 60 was shown at width 40: %q", got)
	}
	m, _ = m.Update(resize().(renderedMsg), keys)
	view := ansi.Strip(m.View(""))
	if strings.Contains(view, "rendering…") || !strings.Contains(view, "Kerry") {
		t.Errorf("the current render was not shown: %q", view)
	}

	// Away and back: the second visit is served from the cache.
	if m.setArticle(arts[1]) == nil {
		t.Fatal("no render command for the second article")
	}
	if cmd := m.setArticle(arts[0]); cmd != nil {
		t.Error("the first article was rendered again instead of coming from the cache")
	}
	if view := ansi.Strip(m.View("")); !strings.Contains(view, "Kerry") {
		t.Errorf("cached rendering not shown: %q", view)
	}
}

// TestGoldenFrames pins whole frames, without colours, at the two sizes
// most people use. Run with -update to accept a deliberate change.
func TestGoldenFrames(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"80x24", 80, 24, nil},
		{"120x40", 120, 40, nil},
		{"120x40_raw", 120, 40, []string{"j", "r"}},
		{"120x40_entity_filter", 120, 40, []string{"j", "tab", "tab", "j", "enter"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := loaded(t, tt.w, tt.h)
			for _, k := range tt.keys {
				m = drive(t, m, keyPress(k))
			}
			golden.RequireEqual(t, frameOf(m))
		})
	}
}

// FuzzEscapeMarkdown checks that whatever an article says, the clean view
// shows it as written: the rendered text, ignoring wrapping, contains the
// input.
func FuzzEscapeMarkdown(f *testing.F) {
	for _, s := range []string{"*a*", "# h", "[x](y)", "<b>", "&amp;", `\*`, "1. x", "a_b_c", "~~s~~", "www.x.com", "``", "|a|b|"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		text := sanitize(in)
		if strings.TrimSpace(text) == "" {
			return
		}
		a := &store.Article{ID: "f", Title: "T", Body: text}
		out := squash(ansi.Strip(renderClean(a, 60, "dark")))
		if want := squash(text); !strings.Contains(out, want) {
			t.Fatalf("input %q rendered as %q", want, out)
		}
	})
}

// squash removes all white space, so that wrapping does not matter.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// TestMarkingReusesTheRendering: typing a query, or moving through the
// sidebar's entities, changes only what is marked in the article; the
// article is not read back or rendered again for it, which for a slim
// article of a large batch means a cache read and a Glamour pass per key.
func TestMarkingReusesTheRendering(t *testing.T) {
	var reads atomic.Int32
	full := func(_ context.Context, a *store.Article) (*store.Article, error) {
		reads.Add(1)
		for _, w := range sampleArticles(t) {
			if w.ID == a.ID {
				return w, nil
			}
		}
		return nil, errors.New("not found")
	}
	var slim []*store.Article
	for _, a := range sampleArticles(t) {
		slim = append(slim, a.Slim())
	}
	m := New(Config{Updates: feed(slim), Full: full})
	m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 160, Height: 50})
	if n := reads.Load(); n != 1 {
		t.Fatalf("showing the first article read %d articles back, want 1", n)
	}
	m = drive(t, m, keyPress("/"), keyPress("k"), keyPress("e"), keyPress("r"), keyPress("enter"))
	if !strings.Contains(m.article.vp.View(), "\x1b[") || len(m.article.matches) == 0 {
		t.Fatal("the query is not marked in the article")
	}
	m = drive(t, m, keyPress("tab"), keyPress("tab"), keyPress("j"), keyPress("tab"))
	if m.article.entity != "" {
		t.Fatalf("an entity is still marked after leaving the sidebar: %q", m.article.entity)
	}
	if n := reads.Load(); n != 1 {
		t.Errorf("marking a query and entities read the article back %d times in all, want once", n)
	}
}
