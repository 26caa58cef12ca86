package store

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"
)

// Batch is the set of articles loaded so far, kept in path order, with the
// skipped files and the load progress. It is owned by one goroutine (the UI's
// or the exporter's) and fed Updates from a Loader.
type Batch struct {
	Articles []*Article // sorted by Path, then Index
	Skips    []Skip
	Found    int
	Done     int
	Finished bool
}

// Apply merges one Update into the batch.
func (b *Batch) Apply(u Update) {
	b.Articles = append(b.Articles, u.Articles...)
	if len(u.Articles) > 0 {
		slices.SortStableFunc(b.Articles, compareArticles)
	}
	b.Skips = append(b.Skips, u.Skips...)
	b.Found, b.Done = max(b.Found, u.Found), max(b.Done, u.Done)
	b.Finished = b.Finished || u.Finished
}

// Select returns the articles that pass f, in batch order.
func (b *Batch) Select(f Filter) []*Article {
	if !f.Active() {
		return slices.Clone(b.Articles)
	}
	match := f.Matcher()
	var out []*Article
	for _, a := range b.Articles {
		if match(a) {
			out = append(out, a)
		}
	}
	return out
}

func compareArticles(x, y *Article) int {
	return cmp.Or(ComparePaths(x.Path, y.Path), cmp.Compare(x.Index, y.Index))
}

// ComparePaths orders paths folder by folder, the order a walk visits them
// in: "a/b.txt" sorts before "a.txt" because folder "a" sorts before file
// "a.txt". Sorting whole strings would put "a.txt" first, since '.' < '/'.
func ComparePaths(x, y string) int {
	for {
		xh, xt, xmore := strings.Cut(x, string(filepath.Separator))
		yh, yt, ymore := strings.Cut(y, string(filepath.Separator))
		if c := cmp.Compare(xh, yh); c != 0 {
			return c
		}
		switch {
		case !xmore && !ymore:
			return 0
		case !xmore:
			return -1
		case !ymore:
			return 1
		}
		x, y = xt, yt
	}
}
