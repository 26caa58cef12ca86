package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"slices"
	"strconv"
	"strings"
	"testing"

	"dateline/store"
	"dateline/store/clean"
	"dateline/store/entity"
)

// TestFlowRevisedArticles checks the end of a load: the batch step sends
// new versions of articles already on screen, and the reader shows the new
// text in place of the old, under the same selection.
func TestFlowRevisedArticles(t *testing.T) {
	arts := sampleArticles(t)
	first := arts[0]
	// The revision strips the article's last paragraph, as the batch step
	// does with a line repeated across a site's articles.
	paras := strings.Split(first.Body, "\n\n")
	last := paras[len(paras)-1]
	revised := *first
	revised.Body = strings.Join(paras[:len(paras)-1], "\n\n")
	revised.Clean.Lines = append([]clean.Line(nil), first.Clean.Lines...)
	for i, l := range revised.Clean.Lines {
		if strings.TrimSpace(l.Text) == last {
			revised.Clean.Lines[i].Code, revised.Clean.Lines[i].Reason = clean.CodeRepeated, "repeated across articles of the batch"
		}
	}
	revised.Words = len(strings.Fields(revised.Body))
	revised.Prepare()
	before, after := strconv.Itoa(first.Words)+" words", strconv.Itoa(revised.Words)+" words"
	stripped, total := revised.Clean.Counts()
	header := after + " · stripped " + strconv.Itoa(stripped) + " of " + strconv.Itoa(total) + " lines"

	ch := make(chan store.Update, 2)
	ch <- store.Update{Articles: arts, Found: len(arts), Done: len(arts)}
	m := New(Config{Updates: ch, Roots: []string{"testdata/samples"}})
	f := startFlowWith(t, m, &screen{}, 120, 200)
	f.waitForText(before)

	ch <- store.Update{Revised: []*store.Article{&revised}, Found: len(arts), Done: len(arts), Finished: true}
	close(ch)
	f.waitFor(func(frame string) bool {
		// The article's header counts the new text, and its stripped line.
		return !strings.Contains(frame, before) && strings.Contains(frame, header)
	})
	f.quit()
}

// TestFlowRevisionOfAnotherArticle checks that revisions of articles other
// than the one on screen leave the pane showing its article, not a
// placeholder.
func TestFlowRevisionOfAnotherArticle(t *testing.T) {
	arts := sampleArticles(t)
	other := *arts[1]
	other.Body += "\n\nA paragraph the revision adds."
	other.Prepare()

	ch := make(chan store.Update, 2)
	ch <- store.Update{Articles: arts, Found: len(arts), Done: len(arts)}
	m := New(Config{Updates: ch, Roots: []string{"testdata/samples"}})
	f := startFlowWith(t, m, &screen{}, 120, 40)
	opening := strings.Fields(arts[0].Body)[:6]
	f.waitForText(strings.Join(opening, " "))

	ch <- store.Update{Revised: []*store.Article{&other}, Found: len(arts), Done: len(arts), Finished: true}
	close(ch)
	f.waitFor(func(frame string) bool {
		return !strings.Contains(frame, "rendering…") && strings.Contains(frame, strings.Join(opening, " ")) &&
			!strings.Contains(frame, "loading")
	})
	f.quit()
}

// TestRevisionKeepsSelection: the batch step's new version of the selected
// article stays selected, wherever the new version sorts and even when read
// articles are hidden, rather than the cursor falling on another article.
func TestRevisionKeepsSelection(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sort     store.SortKey
		hideRead bool
	}{
		{"sorted by size, the revision moves up", store.SortSize, false},
		{"read articles hidden", store.SortFile, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arts := sampleArticles(t)
			m := New(Config{Updates: feed(arts)})
			m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40})
			m.sortKey, m.hideRead = tc.sort, tc.hideRead
			m.refresh()
			// Select the article with fewer words, and read it.
			target := arts[0]
			if arts[1].Words < target.Words {
				target = arts[1]
			}
			for m.list.selected().ID != target.ID {
				m = drive(t, m, keyPress("j"))
			}
			m.setFocus(paneArticle)
			m.readSelected()
			if !m.marks.isRead(target.ID) {
				t.Fatal("opening the article did not mark it read")
			}
			revised := *target
			revised.Words = 10 * target.Words
			// Sent straight to Update, as the revised update the loader
			// sends once the batch step is done.
			next, _ := m.Update(updateMsg(store.Update{Revised: []*store.Article{&revised}, Found: len(arts), Done: len(arts), Finished: true}))
			m = next.(Model)
			if got := m.list.selected(); got != &revised {
				t.Errorf("selected after the revision: %s, want the revision of %s", articleKey(got), target.ID)
			}
		})
	}
}

// TestRevisionKeepsSidebarAndMentions: with the sidebar's cursor on one of
// the shown article's entities, the batch step's new version of the
// article keeps the cursor on that entity while it still has it, and the
// article pane marks whatever entity the cursor is on afterwards, though
// no key moved it.
func TestRevisionKeepsSidebarAndMentions(t *testing.T) {
	for _, tc := range []struct {
		name string
		drop bool // the revision no longer has the entity under the cursor
	}{
		{"the entity is still there", false},
		{"the entity is gone", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arts := sampleArticles(t)
			m := New(Config{Updates: feed(arts)})
			m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 160, Height: 50})
			for m.focus != paneSidebar {
				m = drive(t, m, keyPress("tab"))
			}
			if m.side.batchView {
				t.Skip("the sidebar opens on the batch's entities")
			}
			m = drive(t, m, keyPress("j"), keyPress("j"))
			under, ok := m.side.selected()
			if !ok {
				t.Fatal("no entity under the sidebar cursor")
			}
			shown := m.list.selected()
			revised := *shown
			revised.Entities = nil
			for _, e := range shown.EntityList() {
				if tc.drop && e.Name == under.Name {
					continue
				}
				revised.Entities = append(revised.Entities, e)
			}
			revised.Prepare()
			next, _ := m.Update(updateMsg(store.Update{Revised: []*store.Article{&revised}, Found: len(arts), Done: len(arts), Finished: true}))
			m = next.(Model)
			now, ok := m.side.selected()
			if !ok {
				t.Fatal("no entity under the sidebar cursor after the revision")
			}
			if !tc.drop && now.Name != under.Name {
				t.Errorf("the sidebar cursor moved from %q to %q", under.Name, now.Name)
			}
			if want := strings.Join(append([]string{now.Name}, now.Aliases...), "\x00"); m.article.entity != want {
				t.Errorf("the pane marks %q while the cursor is on %q", m.article.entity, now.Name)
			}
		})
	}
}

// TestRevisionOfAnotherArticleKeepsRenderings: the batch step's revisions
// of articles that are neither shown nor held leave the pane's renderings
// alone, so that moving back to an article already seen needs no render.
func TestRevisionOfAnotherArticleKeepsRenderings(t *testing.T) {
	arts := sampleArticles(t)
	m := New(Config{Updates: feed(arts)})
	m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40})
	held := len(m.article.cache.m)
	if held == 0 || !m.article.showing {
		t.Fatalf("the pane holds %d renderings and shows %v", held, m.article.showing)
	}
	other := *arts[1]
	other.ID = "not-shown"
	for _, tc := range []struct {
		name    string
		revised *store.Article
		kept    bool
	}{
		{"another article", &other, true},
		{"the article shown", func() *store.Article { c := *m.list.selected(); return &c }(), false},
	} {
		next, _ := m.Update(updateMsg(store.Update{Revised: []*store.Article{tc.revised}, Found: len(arts), Done: len(arts), Finished: true}))
		m = next.(Model)
		if kept := len(m.article.cache.m) == held; kept != tc.kept {
			t.Errorf("%s revised: %d of %d renderings kept", tc.name, len(m.article.cache.m), held)
		}
	}
}

// TestRevisionOfViewedArticleKeepsPane: the batch step's revision of an
// article viewed earlier, whose rendering the pane still holds, drops that
// rendering only: the article shown stays on screen, not "rendering…".
func TestRevisionOfViewedArticleKeepsPane(t *testing.T) {
	arts := sampleArticles(t)
	m := New(Config{Updates: feed(arts)})
	m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40})
	viewed := m.list.selected()
	m = drive(t, m, keyPress("j"))
	shown := m.list.selected()
	if shown == viewed || !m.article.showing {
		t.Fatalf("setup: showing %v, selected %s after %s", m.article.showing, shown.ID, viewed.ID)
	}
	rev := *viewed
	next, _ := m.Update(updateMsg(store.Update{Revised: []*store.Article{&rev}, Found: len(arts), Done: len(arts), Finished: true}))
	m = next.(Model)
	if !m.article.showing || m.article.shown.id != articleKey(shown) {
		t.Errorf("revising an article viewed earlier blanked the pane (showing %v)", m.article.showing)
	}
	for k := range m.article.cache.m {
		if k.id == articleKey(viewed) {
			t.Errorf("the revised article's old rendering is still held")
		}
	}
}

// TestRevisionOfShownArticleKeepsOthers: when the article on screen is
// revised, the renderings of articles that were not stay usable: going
// back to one shows it at once, not "rendering…" and a render again.
func TestRevisionOfShownArticleKeepsOthers(t *testing.T) {
	arts := sampleArticles(t)
	m := New(Config{Updates: feed(arts)})
	m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40})
	first := m.list.selected()
	m = drive(t, m, keyPress("j"))
	shown := *m.list.selected()
	m = drive(t, m, updateMsg(store.Update{Revised: []*store.Article{&shown}, Found: len(arts), Done: len(arts), Finished: true}))
	if !m.article.showing || m.article.shown.id != articleKey(&shown) {
		t.Fatalf("setup: the revised article is not shown again (showing %v)", m.article.showing)
	}
	next, _ := m.Update(keyPress("k"))
	m = next.(Model)
	if m.list.selected() != first {
		t.Fatalf("setup: k selected %s, want %s", m.list.selected().ID, first.ID)
	}
	if !m.article.showing || m.article.shown.id != articleKey(first) {
		t.Errorf("going back to an article that was not revised did not show its kept rendering (showing %v)", m.article.showing)
	}
}

// TestReopenRemovesArticle: a reopen shows the batch its cache holds with
// "checking" on the status line; an article whose file turns out gone
// leaves the list and takes its entities' counts with it.
func TestReopenRemovesArticle(t *testing.T) {
	arts := sampleArticles(t)
	gone, kept := arts[1], arts[0]
	var only string // an entity that only the article going has
	for _, e := range gone.Entities {
		if !slices.ContainsFunc(kept.Entities, func(k entity.Entity) bool { return k.Name == e.Name }) {
			only = e.Name
			break
		}
	}
	if only == "" {
		t.Fatal("the samples share all their entities")
	}
	m := New(Config{Updates: make(chan store.Update)})
	m = drive(t, m, tea.WindowSizeMsg{Width: 160, Height: 40},
		updateMsg(store.Update{Articles: arts, Found: len(arts), Checking: true}))
	if v := viewString(m); !strings.Contains(v, "checking") || !strings.Contains(v, "2 articles") {
		t.Fatalf("while checking the status line reads:\n%s", lastLines(v, 2))
	}
	has := func(m Model, name string) bool {
		return slices.ContainsFunc(m.batchEnt, func(e store.BatchEntity) bool { return e.Name == name })
	}
	if !has(m, only) {
		t.Fatalf("the sidebar lacks %q before the removal", only)
	}
	m = drive(t, m, updateMsg(store.Update{Removed: []*store.Article{gone}, Found: len(arts), Done: len(arts), Finished: true}))
	v := viewString(m)
	if strings.Contains(v, "checking") || !strings.Contains(v, "1 article") {
		t.Errorf("after the check the status line reads:\n%s", lastLines(v, 2))
	}
	if got := len(m.list.items); got != 1 || m.list.items[0] != kept {
		t.Errorf("the list holds %d articles after the removal, want only %s", got, kept.ID)
	}
	if has(m, only) {
		t.Errorf("the sidebar still lists %q, which only the removed article mentions", only)
	}
}

// viewString is the frame m draws, as plain text.
func viewString(m Model) string { return ansi.Strip(m.View().Content) }

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}

// TestRevisionInSameUpdate checks the entity counts when an update carries
// an article and its revision together, as a reopen does when it shows the
// batch with the revisions kept beside its pack: the revision's entities
// are counted, not the original's.
func TestRevisionInSameUpdate(t *testing.T) {
	arts := sampleArticles(t)
	// The revision strips every name of the first article, as if they
	// stood in lines the batch step took for template.
	revised := *arts[0]
	revised.Entities = nil
	m := New(Config{Roots: []string{"testdata/samples"}})
	m.update(updateMsg{Articles: arts, Revised: []*store.Article{&revised}, Found: len(arts), Done: len(arts), Finished: true})
	for _, e := range m.ents.Entities() {
		if e.Name == "John Kerry" && e.Articles != 1 {
			t.Errorf("John Kerry counted in %d articles, want 1 (the second sample; the first one's revision names nobody)", e.Articles)
		}
	}
}
