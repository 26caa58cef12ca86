package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestMergeSortsAsSortDoes: merging a few new articles into a sorted list
// gives the list Sort gives the whole, for every order the reader offers,
// ties (same title, same date, same size) included.
func TestMergeSortsAsSortDoes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	day := time.Date(2016, 9, 1, 0, 0, 0, 0, time.UTC)
	var arts []*Article
	for i := range 60 {
		a := synthArticle(fmt.Sprintf("d/%02d.txt", r.IntN(30)), i%3-1, fmt.Sprintf("Title %d", r.IntN(8)), "body")
		a.Words = r.IntN(5) * 100
		a.Source = []string{"", "AFP", "dpa"}[r.IntN(3)]
		a.Prepare()
		if r.IntN(4) > 0 {
			a.Published = day.AddDate(0, 0, r.IntN(5))
		}
		arts = append(arts, a)
	}
	for _, k := range []SortKey{SortFile, SortDate, SortSource, SortTitle, SortSize, SortStripped} {
		for _, cut := range []int{0, 1, 30, 59, 60} {
			old, added := slices.Clone(arts[:cut]), slices.Clone(arts[cut:])
			Sort(old, k)
			Sort(added, k)
			got := Merge(old, added, k)
			want := slices.Clone(arts)
			Sort(want, k)
			// Equal articles may come in either order; the keys must not.
			cmp := compareBy(k)
			for i := range want {
				if cmp(got[i], want[i]) != 0 {
					t.Fatalf("%s, %d added to %d: at %d got %s#%d, want %s#%d", k, len(added), len(old), i, got[i].Path, got[i].Index, want[i].Path, want[i].Index)
				}
			}
		}
	}
}
