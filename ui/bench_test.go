package ui

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"dateline/store"
	"dateline/store/entity"
	"dateline/store/query"
)

// manyArticles returns n copies of the samples with distinct IDs and paths.
func manyArticles(b *testing.B, n int) []*store.Article {
	b.Helper()
	base := sampleArticles(b)
	out := make([]*store.Article, 0, n)
	for i := range n {
		a := *base[i%len(base)]
		a.ID = fmt.Sprintf("%s-%d", a.ID, i)
		a.Path = fmt.Sprintf("%s/%06d", a.Path, i)
		out = append(out, &a)
	}
	return out
}

// BenchmarkView measures one frame with 5,000 articles loaded: the list
// must cost the same as with ten, since only visible rows are drawn.
func BenchmarkView(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			m := New(Config{Updates: feed(manyArticles(b, 5000))})
			m = drive(b, m, m.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkMoveDown measures a key press moving the selection, including
// the cache lookups, with 5,000 articles loaded. The render itself runs in
// a command and is not part of it.
func BenchmarkMoveDown(b *testing.B) {
	m := New(Config{Updates: feed(manyArticles(b, 5000))})
	m = drive(b, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40})
	down := keyPress("j")
	b.ReportAllocs()
	for b.Loop() {
		next, _ := m.Update(down)
		m = next.(Model)
	}
}

// BenchmarkFilterKeystroke measures typing one more character over 5,000
// articles and erasing it again, each until the list shows the result.
func BenchmarkFilterKeystroke(b *testing.B) {
	m := New(Config{Updates: feed(manyArticles(b, 5000))})
	m = drive(b, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40}, keyPress("/"))
	var t typist
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := keyPress("a")
		if i%2 == 1 {
			k = keyPress("backspace")
		}
		m = t.key(m, k)
	}
	b.ReportMetric(float64(t.longest.Microseconds())/1000, "max-update-ms")
}

// BenchmarkRenderClean measures rendering one article with Glamour, the
// work done off the UI goroutine when an article is opened or resized.
func BenchmarkRenderClean(b *testing.B) {
	a := sampleArticles(b)[0]
	b.ReportAllocs()
	for b.Loop() {
		_ = renderClean(a, 80, "dark")
	}
}

// BenchmarkRenderRaw measures the raw view of one article.
func BenchmarkRenderRaw(b *testing.B) {
	a := sampleArticles(b)[0]
	st := newStyles(true)
	b.ReportAllocs()
	for b.Loop() {
		_ = renderRaw(a, 80, st, "r")
	}
}

// BenchmarkTyping100k measures typing "aleppo" into the filter prompt, one
// key at a time, with 100,000 articles loaded (half of them, one of the two
// samples, hold the word). ns/key is the mean time from a
// key press until the list shows its result, the filter's steps included;
// max-update-ms is the longest single Update among them, which is what
// holds up the next frame. The first letter tests the whole batch; the
// others only test the articles still listed (see query.Query.Narrows).
func BenchmarkTyping100k(b *testing.B) {
	benchTyping(b, manyArticles(b, 100_000), "aleppo")
}

// benchTyping loads arts and types text into the filter prompt, one key at
// a time, reporting ns/key and max-update-ms (see BenchmarkTyping100k).
func benchTyping(b *testing.B, arts []*store.Article, text string) {
	m := New(Config{Updates: feed(arts)})
	m = drive(b, m, m.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40}, keyPress("/"))
	var t typist
	for b.Loop() {
		m = t.typeText(b, m, text)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(text)), "ns/key")
	b.ReportMetric(float64(t.longest.Microseconds())/1000, "max-update-ms")
}

// typist types into the prompt as a user would, running each key's filter
// steps to the end (see filterJob), and keeps the longest single Update:
// what holds up the next frame.
type typist struct{ longest time.Duration }

// key sends k and then every filter step it starts.
func (t *typist) key(m Model, k tea.Msg) Model {
	for msg := k; msg != nil; {
		start := time.Now()
		next, _ := m.Update(msg)
		t.longest = max(t.longest, time.Since(start))
		m = next.(Model)
		msg = nil
		if m.job != nil {
			msg = filterStepMsg{m.job.gen}
		}
	}
	return m
}

// typeText types text one key at a time, timed, and then erases it with
// the timer stopped.
func (t *typist) typeText(b *testing.B, m Model, text string) Model {
	for _, r := range text {
		m = t.key(m, keyPress(string(r)))
	}
	b.StopTimer()
	for range text {
		m = t.key(m, keyPress("backspace"))
	}
	b.StartTimer()
	return m
}

// manyPeople returns 100,000 articles with 50,000 distinct people and
// 5,000 places among them, made once per test binary. Half of them, the
// even ones, mention talks; they are dated in an order other than their
// paths', a tenth of them not at all, so that sorting by date moves them.
var manyPeople = sync.OnceValue(func() []*store.Article {
	const n, people = 100_000, 50_000
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	arts := make([]*store.Article, n)
	for i := range arts {
		body := "Officials met on Tuesday to discuss the budget."
		if i%2 == 0 {
			body = "Officials met on Tuesday to discuss the talks."
		}
		var published time.Time
		if i%10 != 3 {
			// 7919 is prime, so i*7919 mod n is a permutation of path order.
			published = day.Add(time.Duration(i*7919%n) * time.Minute)
		}
		a := &store.Article{
			ID:        fmt.Sprintf("%08d", i),
			Path:      fmt.Sprintf("batch/%03d/%06d.txt", i/1000, i),
			Index:     -1,
			Title:     fmt.Sprintf("Story %d", i),
			Body:      body,
			Published: published,
			Words:     8,
			Entities: []entity.Entity{
				{Name: fmt.Sprintf("Person %d", i%people), Type: entity.PER, Count: 2},
				{Name: fmt.Sprintf("Town %d", i%(people/10)), Type: entity.LOC, Count: 1},
			},
		}
		a.Prepare()
		arts[i] = a
	}
	return arts
})

// BenchmarkStream100k feeds manyPeople into the reader as the loader
// streams it, 250 articles per update, and measures the time Update spends
// on all the updates: what a large load costs the UI goroutine, and so how
// much it delays keys typed meanwhile. ms/update is the mean per update.
func BenchmarkStream100k(b *testing.B) {
	const chunk = 250
	arts := manyPeople()
	n := len(arts)
	for _, v := range []struct {
		name  string
		sort  store.SortKey
		query string
		want  int // articles listed at the end
	}{
		{"file", store.SortFile, "", n},
		// The README's example config sorts by date; a query typed
		// while the batch streams in must hold for every new article,
		// and half of them pass it, to be merged in date order.
		{"date+query", store.SortDate, "talks", n / 2},
	} {
		b.Run(v.name, func(b *testing.B) {
			q, err := query.Parse(v.query)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				// An open channel: the batch is still loading. The
				// updates are handed to Update directly instead of
				// through it.
				m := New(Config{Updates: make(chan store.Update)})
				m = drive(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
				m.sortKey, m.prompt.query = v.sort, q
				for i := 0; i < n; i += chunk {
					u := store.Update{Articles: arts[i:min(i+chunk, n)], Found: n, Done: min(i+chunk, n), Finished: i+chunk >= n}
					next, _ := m.Update(updateMsg(u))
					m = next.(Model)
				}
				if got := len(m.list.items); got != v.want {
					b.Fatalf("%d articles listed, want %d", got, v.want)
				}
				if v.sort == store.SortDate && !slices.IsSortedFunc(m.list.items, newestFirst) {
					b.Fatal("the list is not in date order")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*n/chunk), "ms/update")
		})
	}
}

// newestFirst orders articles by date, newest first and undated last, as
// sorting by date lists them.
func newestFirst(x, y *store.Article) int {
	if x.Published.IsZero() != y.Published.IsZero() {
		if x.Published.IsZero() {
			return 1
		}
		return -1
	}
	return y.Published.Compare(x.Published)
}

// BenchmarkEntityTyping100k types an entity term, "@person 4999", into the
// prompt with manyPeople loaded: each key completes the name against 55,000
// entities, resolves the term and filters the batch by it. ns/key is the
// mean per key until the list shows the result; max-update-ms the longest
// single Update.
func BenchmarkEntityTyping100k(b *testing.B) {
	benchTyping(b, manyPeople(), "@person 4999")
}
