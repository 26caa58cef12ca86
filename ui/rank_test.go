package ui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"dateline/store"
	"dateline/store/entity"
)

// TestEntitiesRankedAtIntervalsWhileLoading checks that a streaming load does
// not rank the batch's entities on every update: the first articles' are
// ranked at once, later ones at most every rankInterval, and all of them
// once the load is finished.
func TestEntitiesRankedAtIntervalsWhileLoading(t *testing.T) {
	clock := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	m := New(Config{Updates: make(chan store.Update)})
	m.load.now = func() time.Time { return clock }
	m = drive(t, m, tea.WindowSizeMsg{Width: 160, Height: 40})
	send := func(i int, finished bool) {
		a := &store.Article{ID: fmt.Sprint(i), Path: fmt.Sprintf("%03d.txt", i), Index: -1, Title: "Story",
			Entities: []entity.Entity{{Name: fmt.Sprintf("Person %d", i), Type: entity.PER, Count: 1}}}
		a.Prepare()
		next, _ := m.Update(updateMsg(store.Update{Articles: []*store.Article{a}, Found: 5, Done: i + 1, Finished: finished}))
		m = next.(Model)
	}
	steps := []struct {
		after    time.Duration
		finished bool
		want     int // entities the sidebar lists
	}{
		{0, false, 1},                      // the first articles show at once
		{100 * time.Millisecond, false, 1}, // too soon
		{200 * time.Millisecond, false, 1},
		{300 * time.Millisecond, false, 4}, // 600 ms since the first ranking
		{10 * time.Millisecond, true, 5},   // the load is done: everything
	}
	for i, st := range steps {
		clock = clock.Add(st.after)
		send(i, st.finished)
		if got := len(m.side.batch); got != st.want {
			t.Errorf("after update %d the sidebar lists %d entities, want %d", i, got, st.want)
		}
	}
}

// TestMarkingKeepsListAndCountsCopies checks the reader's shortcut for marks:
// marking an article read leaves the list as it is, and the unread count
// drops by every article with that text, as a full recount would.
func TestMarkingKeepsListAndCountsCopies(t *testing.T) {
	mk := func(id, path, title string) *store.Article {
		a := &store.Article{ID: id, Path: path, Index: -1, Title: title}
		a.Prepare()
		return a
	}
	arts := []*store.Article{mk("same", "a.txt", "First"), mk("same", "b.txt", "First again"), mk("other", "c.txt", "Second")}
	m := New(Config{Updates: feed(arts)})
	m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 30})
	before := paths(m.list.items)
	if m.unread != 3 {
		t.Fatalf("unread = %d before marking, want 3", m.unread)
	}
	m = drive(t, m, keyPress("m"))
	if m.unread != 1 {
		t.Errorf("unread = %d after marking a text two files share, want 1", m.unread)
	}
	if got := paths(m.list.items); !slices.Equal(got, before) {
		t.Errorf("marking changed the list: %q, was %q", got, before)
	}
	recount := m
	recount.refresh()
	if recount.unread != m.unread {
		t.Errorf("unread = %d, a full recount says %d", m.unread, recount.unread)
	}
	m = drive(t, m, keyPress("m"))
	if m.unread != 3 {
		t.Errorf("unread = %d after marking unread again, want 3", m.unread)
	}
}

// paths lists the articles' paths, for comparing lists.
func paths(arts []*store.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.Path
	}
	return out
}

// TestRemappedHistoryKeys: the keys that step back and forward through the
// query history work when remapped, not only as the arrows.
func TestRemappedHistoryKeys(t *testing.T) {
	for _, keys := range []struct {
		name         string
		remap        Bindings
		older, newer string
	}{
		{"defaults", nil, "up", "down"},
		{"remapped", Bindings{"filter_older": {"["}, "filter_newer": {"]"}}, "[", "]"},
	} {
		t.Run(keys.name, func(t *testing.T) {
			m := New(Config{Updates: feed(nil), Keys: keys.remap})
			m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 30})
			m.marks.history = []string{"aleppo", "source:efe"}
			m.prompt.histPos = len(m.marks.history)
			m = drive(t, m, keyPress("/"))
			for _, step := range []struct{ key, want string }{
				{keys.older, "source:efe"}, {keys.older, "aleppo"}, {keys.newer, "source:efe"},
			} {
				m = drive(t, m, keyPress(step.key))
				if got := m.input.Value(); got != step.want {
					t.Fatalf("after %q the prompt holds %q, want %q", step.key, got, step.want)
				}
			}
		})
	}
}

// TestRenderCacheBounded: the pane keeps its most recent renderings only,
// so moving through a large batch does not keep every article's text.
func TestRenderCacheBounded(t *testing.T) {
	c := newRenderCache(4)
	key := func(i int) renderKey { return renderKey{id: fmt.Sprint(i), width: 80} }
	for i := range 10 {
		c.put(key(i), rendering{content: fmt.Sprint(i)})
	}
	if len(c.m) != 4 {
		t.Errorf("holds %d renderings, want 4", len(c.m))
	}
	for i := range 10 {
		_, ok := c.get(key(i))
		if want := i >= 6; ok != want {
			t.Errorf("rendering %d held: %t, want %t", i, ok, want)
		}
	}
	// Dropping and adding many keeps the bookkeeping bounded too.
	for i := range 100 {
		c.drop(func(renderKey) bool { return true })
		c.put(key(100+i), rendering{})
	}
	if len(c.m) != 1 || len(c.order) > 8 {
		t.Errorf("after drops: %d renderings, %d keys in order; want 1 and at most 8", len(c.m), len(c.order))
	}
	// A key dropped and put again is the newest: overflow evicts the
	// oldest one instead.
	c = newRenderCache(2)
	a, b, d := key(1), key(2), key(3)
	c.put(a, rendering{})
	c.drop(func(k renderKey) bool { return k == a })
	c.put(b, rendering{})
	c.put(a, rendering{})
	c.put(d, rendering{})
	if _, ok := c.get(a); !ok {
		t.Error("the newest rendering but one was evicted")
	}
	if _, ok := c.get(b); ok {
		t.Error("the oldest rendering was kept")
	}
}

// TestHintsNameRemappedKeys: the hints on screen name the keys as the user
// remapped them, not the defaults.
func TestHintsNameRemappedKeys(t *testing.T) {
	m := New(Config{Updates: feed(sampleArticles(t)), Keys: Bindings{"raw": {"x"}, "skipped": {"K"}, "clear_filter": {"ctrl+g"}}})
	f := startFlowWith(t, m, &screen{}, 120, 40)
	f.waitForText(aleppoWord)
	f.key("x")
	f.waitForText("· x for the clean")
	f.key("K")
	f.waitForText("K or ctrl+g to close")
	f.quit()
}
