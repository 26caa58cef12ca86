package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"dateline/store"
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
