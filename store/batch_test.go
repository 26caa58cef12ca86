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
