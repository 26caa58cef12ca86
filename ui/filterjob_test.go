package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"dateline/store"
	"dateline/store/query"
)

// bigBatch returns n articles with about 16 KB of text each; every third
// mentions a zebra and every sixth a zebu.
func bigBatch(n int) []*store.Article {
	filler := strings.Repeat("The council met again on Tuesday to discuss the budget. ", 290)
	out := make([]*store.Article, n)
	for i := range out {
		body := filler
		switch {
		case i%6 == 0:
			body += "A zebu was seen."
		case i%3 == 0:
			body += "A zebra was seen."
		}
		a := &store.Article{ID: fmt.Sprintf("%05d", i), Path: fmt.Sprintf("b/%05d.txt", i), Index: -1, Title: fmt.Sprintf("Story %d", i), Body: body}
		a.Prepare()
		out[i] = a
	}
	return out
}

// listedIDs returns the IDs of the articles listed.
func listedIDs(m Model) []string {
	var out []string
	for _, a := range m.list.items {
		out = append(out, a.ID)
	}
	return out
}

// TestTypingFiltersInSteps: over a batch with more text than one step
// reads, a typed letter is handled at once and the filter runs in steps
// between frames, the status line saying so and the list keeping the
// previous results meanwhile; the list then holds what a filter run in one
// go holds, and typing on while a step is pending narrows from where it
// was. A step left over from an earlier query changes nothing.
func TestTypingFiltersInSteps(t *testing.T) {
	arts := bigBatch(3000) // about 48 MB of search text: six steps
	m := New(Config{Updates: feed(arts)})
	m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40}, keyPress("/"))
	all := listedIDs(m)

	next, cmd := m.Update(keyPress("z"))
	m = next.(Model)
	if m.job == nil || cmd == nil {
		t.Fatal("a letter over a large batch filtered in one go")
	}
	if !slices.Equal(listedIDs(m), all) {
		t.Error("the list changed before the filter was done")
	}
	if !strings.Contains(m.statusLine(), "filtering") {
		t.Errorf("status line while filtering: %q", m.statusLine())
	}
	stale := filterStepMsg{m.job.gen}
	// Typing on while the job is under way narrows it.
	for _, k := range []string{"e", "b", "r"} {
		next, _ = m.Update(keyPress(k))
		m = next.(Model)
	}
	pos := m.job.pos
	next, _ = m.Update(stale)
	m = next.(Model)
	if m.job == nil || m.job.pos != pos {
		t.Error("a step of a superseded job ran")
	}
	m = drive(t, m, filterStepMsg{m.job.gen})
	if m.job != nil {
		t.Fatal("the filter never finished")
	}
	var want []string
	for i, a := range arts {
		if i%3 == 0 && i%6 != 0 {
			want = append(want, a.ID)
		}
	}
	if got := listedIDs(m); !slices.Equal(got, want) {
		t.Errorf("after typing zebr: %d articles listed, want %d", len(got), len(want))
	}
	if strings.Contains(m.statusLine(), "filtering") {
		t.Errorf("status line after filtering: %q", m.statusLine())
	}
	// Clearing the query is not a narrowing: the whole batch again.
	m = drive(t, m, keyPress("ctrl+u"))
	if got := listedIDs(m); !slices.Equal(got, all) {
		t.Errorf("after clearing the query: %d articles listed, want %d", len(got), len(all))
	}
}

// TestStreamedArticlesJoinTheList: while a batch streams in, each update's
// articles are tested and merged into the list as it stands instead of the
// whole batch being filtered and sorted again; the list and the unread
// count must come out as a full filter of the batch gives them, whatever
// order the articles arrive in.
func TestStreamedArticlesJoinTheList(t *testing.T) {
	arts := bigBatch(60)
	for i, a := range arts {
		a.Words = (i * 7) % 11 * 100
		a.Source = []string{"AFP", "dpa", "Reuters"}[i%3]
		a.Prepare()
	}
	for _, tc := range []struct {
		name  string
		sort  store.SortKey
		query string
	}{
		{"file order", store.SortFile, ""},
		{"by size", store.SortSize, ""},
		{"by source, with a query", store.SortSource, "zebra"},
		{"by title", store.SortTitle, "-zebu"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New(Config{Updates: make(chan store.Update)})
			m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
			m.sortKey = tc.sort
			q, err := query.Parse(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			m.prompt.query = q
			shuffled := slices.Clone(arts)
			rand.New(rand.NewPCG(3, 4)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			for i := 0; i < len(shuffled); i += 7 {
				chunk := shuffled[i:min(i+7, len(shuffled))]
				next, _ := m.Update(updateMsg(store.Update{Articles: chunk, Found: len(arts), Done: i + len(chunk)}))
				m = next.(Model)
			}
			got, unread := listedIDs(m), m.unread
			m.refresh()
			if want := listedIDs(m); !slices.Equal(got, want) {
				t.Errorf("streamed list:\n%v\nwhole filter:\n%v", got, want)
			}
			if unread != m.unread {
				t.Errorf("streamed unread count %d, whole filter %d", unread, m.unread)
			}
		})
	}
}
