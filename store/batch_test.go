package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"dateline/store/entity"
)

// synthArticle makes an article with a path, an index and text from words,
// prepared for filtering, without running the loader.
func synthArticle(path string, index int, title, body string, ents ...entity.Entity) *Article {
	a := &Article{Path: path, Index: index, Title: title, Body: body, Entities: ents}
	a.Prepare()
	return a
}

func paths(arts []*Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = fmt.Sprintf("%s#%d", a.Path, a.Index)
	}
	return out
}

// TestApplyMergesInOrder feeds the same articles to batches in updates of
// different sizes and orders, as ordered and unordered loads send them, and
// checks that every batch ends in the order a full sort gives.
func TestApplyMergesInOrder(t *testing.T) {
	var all []*Article
	for _, p := range []string{"b.txt", "a.txt", "a/z.txt", "a/b/c.txt", "c/d.json", "c/d.json", "c/d.json", "A.txt", "z/y/x.txt", "m.txt"} {
		all = append(all, synthArticle(p, -1, p, "text of "+p))
	}
	for i, a := range all {
		if a.Path == "c/d.json" {
			a.Index = i
		}
	}
	want := slices.Clone(all)
	slices.SortStableFunc(want, compareArticles)

	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name    string
		chunk   int
		shuffle bool
	}{
		{"one update in walk order", len(all), false},
		{"one article per update in walk order", 1, false},
		{"one article per update, any order", 1, true},
		{"three per update, any order", 3, true},
		{"one update, any order", len(all), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(want)
			if tc.shuffle {
				r.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
			}
			var b Batch
			for c := range slices.Chunk(in, tc.chunk) {
				b.Apply(Update{Articles: c})
			}
			if got := paths(b.Articles); !slices.Equal(got, paths(want)) {
				t.Errorf("batch order\n got %q\nwant %q", got, paths(want))
			}
		})
	}
}

// TestApplyKeepsEqualArticlesInArrivalOrder checks that two articles with the
// same path and index (a file named twice on the command line) stay in the
// order they arrived, as a stable sort keeps them.
func TestApplyKeepsEqualArticlesInArrivalOrder(t *testing.T) {
	first := synthArticle("a.txt", -1, "first", "one")
	second := synthArticle("a.txt", -1, "second", "two")
	var b Batch
	b.Apply(Update{Articles: []*Article{first, synthArticle("b.txt", -1, "b", "b")}})
	b.Apply(Update{Articles: []*Article{second}})
	if b.Articles[0] != first || b.Articles[1] != second {
		t.Errorf("equal articles reordered: %q, %q", b.Articles[0].Title, b.Articles[1].Title)
	}
}

// TestSelectorMatchesSelect types, deletes and picks entities in the order a
// user does while articles keep arriving, and checks that the incremental
// Selector always answers what a full Batch.Select answers.
func TestSelectorMatchesSelect(t *testing.T) {
	kerry := entity.Entity{Name: "John Kerry", Type: entity.PER, Aliases: []string{"Kerry"}}
	kerryMore := entity.Entity{Name: "John Kerry", Type: entity.PER, Aliases: []string{"Kerry", "J. Kerry"}}
	lavrov := entity.Entity{Name: "Sergei Lavrov", Type: entity.PER}
	var arts []*Article
	texts := []string{
		"Kerry spoke to Lavrov about Syria",
		"Lavrov met the minister in Moscow",
		"The minister of finance resigned",
		"Kerry and the ministers agreed",
		"Weather in Aleppo was cold",
		"Kerry in Aleppo",
	}
	for i := range 60 {
		text := texts[i%len(texts)]
		var ents []entity.Entity
		if i%3 == 0 {
			ents = append(ents, entity.Entity{Name: "Kerry", Type: entity.PER})
		}
		if i%4 == 0 {
			ents = append(ents, entity.Entity{Name: "J. Kerry", Type: entity.PER})
		}
		if i%5 == 0 {
			ents = append(ents, lavrov)
		}
		arts = append(arts, synthArticle(fmt.Sprintf("f%02d.txt", (i*37)%60), -1, fmt.Sprint(i), text, ents...))
	}
	steps := []struct {
		add    int // articles to apply before this filter
		filter Filter
	}{
		{10, Filter{}},
		{0, Filter{Text: "m"}},
		{0, Filter{Text: "mi"}},
		{5, Filter{Text: "min"}},
		{0, Filter{Text: "minister"}},
		{0, Filter{Text: "ministers"}},
		{0, Filter{Text: "minister"}}, // backspace widens
		{5, Filter{Text: "minister"}}, // same filter, new articles
		{0, Filter{Text: "minister mos"}},
		{0, Filter{Text: "Ministér"}}, // folded: same words
		{10, Filter{Text: ""}},
		{0, Filter{Entities: []entity.Entity{kerry}}},
		{10, Filter{Entities: []entity.Entity{kerry}}},
		{0, Filter{Entities: []entity.Entity{kerryMore}}}, // a new alias widens
		{0, Filter{Text: "aleppo", Entities: []entity.Entity{kerryMore}}},
		{0, Filter{Text: "aleppo", Entities: []entity.Entity{kerryMore, lavrov}}},
		{0, Filter{Text: "aleppo", Entities: []entity.Entity{kerryMore}}},
		{20, Filter{Text: "zzz"}},
		{0, Filter{Text: "zzzz"}},
	}
	var b Batch
	var s Selector
	next := 0
	for i, st := range steps {
		if st.add > 0 {
			b.Apply(Update{Articles: arts[next : next+st.add]})
			next += st.add
		}
		got, want := s.Select(&b, st.filter), b.Select(st.filter)
		if !slices.Equal(paths(got), paths(want)) {
			t.Errorf("step %d (%q, %d entities): selector gave %q, want %q", i, st.filter.Text, len(st.filter.Entities), paths(got), paths(want))
		}
	}
	if next != len(arts) {
		t.Fatalf("test applied %d of %d articles", next, len(arts))
	}
	// A selector moved to another batch starts again.
	var other Batch
	other.Apply(Update{Articles: arts[:3]})
	if got := s.Select(&other, Filter{}); len(got) != 3 {
		t.Errorf("selector on a new batch gave %d articles, want 3", len(got))
	}
}

func TestArrivedSince(t *testing.T) {
	a, b2, c := synthArticle("c.txt", -1, "c", "c"), synthArticle("a.txt", -1, "a", "a"), synthArticle("b.txt", -1, "b", "b")
	var b Batch
	b.Apply(Update{Articles: []*Article{a}})
	mark := b.Arrived()
	b.Apply(Update{Articles: []*Article{b2, c}})
	got := b.ArrivedSince(mark)
	if len(got) != 2 || got[0] != b2 || got[1] != c {
		t.Errorf("ArrivedSince(%d) = %q, want a.txt and b.txt in arrival order", mark, paths(got))
	}
	if n := len(b.ArrivedSince(-5)); n != 3 {
		t.Errorf("ArrivedSince(-5) gave %d articles, want all 3", n)
	}
	if n := len(b.ArrivedSince(99)); n != 0 {
		t.Errorf("ArrivedSince(99) gave %d articles, want none", n)
	}
}
