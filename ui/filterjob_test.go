package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

// TestStreamedArticlesJoinAJob: articles streamed in while a filter job is
// under way join that job instead of ending it. Filtering the whole batch
// again in that update would cost the one long Update the job exists to
// avoid, on every key typed while a large batch loads. The job must still
// be under way after the update, and once done the list and the unread
// count must be what a whole filter of the batch gives.
func TestStreamedArticlesJoinAJob(t *testing.T) {
	arts := bigBatch(3600) // six steps and more of search text
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for i, a := range arts {
		a.Words = (i * 7) % 13 * 100
		if i%5 != 0 { // some undated, which sort last
			a.Published = day.Add(time.Duration(i*37%101) * time.Hour)
		}
		a.Prepare()
	}
	const done = "(the job runs to its end)"
	shuffled := slices.Clone(arts)
	rand.New(rand.NewPCG(5, 6)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	first, rest := shuffled[:3000], shuffled[3000:]
	for _, tc := range []struct {
		name   string
		sort   store.SortKey
		before []string // keys typed before the rest of the batch streams in
		after  []string // keys typed after it, the job still under way
	}{
		{"file order", store.SortFile, []string{"z", "e"}, nil},
		{"by size", store.SortSize, []string{"z", "e"}, nil},
		{"by size, narrowed after the update", store.SortSize, []string{"z", "e"}, []string{"b"}},
		{"by title, a negation", store.SortTitle, []string{"-", "z", "e"}, nil},
		{"by date, narrowed twice after the update", store.SortDate, []string{"z"}, []string{"e", "b"}},
		// A job narrowing the list, not the batch.
		{"by date, narrowing the list", store.SortDate, []string{"z", done, "e"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New(Config{Updates: make(chan store.Update)})
			m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
			m.sortKey = tc.sort
			// Streamed in small updates, as the loader sends them, the
			// batch's array has room to spare: later updates merge into it
			// in place, under a job that would read it.
			var next tea.Model
			for i := 0; i < len(first); i += 250 {
				chunk := first[i:min(i+250, len(first))]
				next, _ = m.Update(updateMsg(store.Update{Articles: chunk, Found: len(arts), Done: i + len(chunk)}))
				m = next.(Model)
			}
			if cap(m.batch.Articles) == len(m.batch.Articles) {
				t.Fatal("the batch's array has no room to spare")
			}
			m = drive(t, m, keyPress("/"))
			for _, k := range tc.before {
				if k == done {
					m = drive(t, m, filterStepMsg{m.job.gen})
					continue
				}
				next, _ = m.Update(keyPress(k))
				m = next.(Model)
			}
			if m.job == nil {
				t.Fatal("typing over a large batch filtered in one go")
			}
			gen := m.job.gen
			// The rest of the batch streams in, while the job is under way.
			for i := 0; i < len(rest); i += 250 {
				chunk := rest[i:min(i+250, len(rest))]
				next, _ = m.Update(updateMsg(store.Update{Articles: chunk, Found: len(arts), Done: len(first) + i + len(chunk)}))
				m = next.(Model)
				if m.job == nil || m.job.gen != gen {
					t.Fatalf("an update of %d articles ended the filter job", len(chunk))
				}
			}
			for _, k := range tc.after {
				next, _ = m.Update(keyPress(k))
				m = next.(Model)
			}
			if m.job != nil {
				m = drive(t, m, filterStepMsg{m.job.gen})
			}
			if m.job != nil {
				t.Fatal("the filter never finished")
			}
			got, unread := listedIDs(m), m.unread
			if len(got) == 0 || len(got) == len(arts) {
				t.Fatalf("%d of %d articles listed: the query selected nothing", len(got), len(arts))
			}
			m.refresh()
			if want := listedIDs(m); !slices.Equal(got, want) {
				t.Errorf("list after the job: %d articles, whole filter: %d", len(got), len(want))
			}
			if unread != m.unread || unread != len(arts) {
				t.Errorf("unread count after the job %d, whole filter %d, batch %d", unread, m.unread, len(arts))
			}
		})
	}
}

// TestTextFilterLetsPagesGo: a filter that reads the articles' search text
// has the pages it read let go (Config.Evict) as it reads, at least once
// per evictEvery bytes and once when it is done, so that a text filter over
// a batch whose text is in the mapped cache leaves the reader's resident
// memory as it was; a filter that reads no text lets nothing go.
func TestTextFilterLetsPagesGo(t *testing.T) {
	for _, tc := range []struct {
		name     string
		n        int // articles of about 16 KB of search text
		keys     []string
		min, max int64
	}{
		{"a word over 48 MB of text", 3000, []string{"z"}, 1, 1},
		{"a word over 96 MB of text", 6000, []string{"z"}, 2, 3},
		{"no text read", 3000, []string{"@", "z", "e", "b", "r", "a"}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var evicted atomic.Int64
			m := New(Config{Updates: feed(bigBatch(tc.n)), Evict: func() { evicted.Add(1) }})
			m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40}, keyPress("/"))
			for _, k := range tc.keys {
				m = drive(t, m, keyPress(k))
			}
			if m.prompt.err != nil || m.prompt.query.UsesText() != (tc.min > 0) {
				t.Fatalf("query %q (error %v): reads text %v", m.prompt.query.Text, m.prompt.err, m.prompt.query.UsesText())
			}
			if m.job != nil {
				t.Fatal("the filter is still under way")
			}
			// The command runs on its own goroutine.
			deadline := time.Now().Add(5 * time.Second)
			for evicted.Load() < tc.min && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			if got := evicted.Load(); got < tc.min || got > tc.max {
				t.Errorf("pages let go %d times, want %d to %d", got, tc.min, tc.max)
			}
		})
	}
}

// TestStreamingKeepsSelectionInOrder: articles streamed in that sort before
// the selected one, in an order other than the files', leave the same
// article selected, whether merging them grows the list's array or shifts
// it in place.
func TestStreamingKeepsSelectionInOrder(t *testing.T) {
	arts := bigBatch(400)
	for i, a := range arts {
		a.Words = 10000 - i // the later files are the smaller
	}
	m := New(Config{Updates: make(chan store.Update), Sort: store.SortSize})
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	slices.Reverse(arts)
	for i := 0; i < len(arts); i += 100 {
		if i == 200 {
			m.list.cursor = 50
		}
		sel := m.list.selected()
		next, _ := m.Update(updateMsg(store.Update{Articles: arts[i : i+100], Found: len(arts), Done: i + 100}))
		m = next.(Model)
		if got := m.list.selected(); sel != nil && got != sel {
			t.Errorf("update %d moved the selection from %s to %s", i/100+1, sel.ID, got.ID)
		}
	}
}

// TestRefreshLetsPagesGo: re-filtering the whole batch with a text query in
// force (a new sort order here) lets the pages it read go, as typing does.
func TestRefreshLetsPagesGo(t *testing.T) {
	var evicted atomic.Int64
	m := New(Config{Updates: feed(bigBatch(3000)), Evict: func() { evicted.Add(1) }})
	m = drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40}, keyPress("/"))
	m = drive(t, m, keyPress("z"))
	m = drive(t, m, keyPress("enter"))
	before := evicted.Load()
	m = drive(t, m, keyPress("o"))
	deadline := time.Now().Add(5 * time.Second)
	for evicted.Load() == before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if evicted.Load() == before || m.unevicted != 0 {
		t.Errorf("sorting with a text query in force let the pages go %d times, and %d MB read are held", evicted.Load()-before, m.unevicted>>20)
	}
}
