package store

import (
	"slices"
	"testing"

	"dateline/store/entity"
)

// TestEntityIndexMergesAliasesAcrossArticles checks the batch sidebar's
// merging: an article that only says "US" and one that spells out "United
// States" (with "US" as its alias) make one entry, in either order, under
// the longer name.
func TestEntityIndexMergesAliasesAcrossArticles(t *testing.T) {
	short := &Article{ID: "a", Entities: []entity.Entity{{Name: "US", Type: entity.LOC, Count: 6}}}
	long := &Article{ID: "b", Entities: []entity.Entity{{Name: "United States", Type: entity.LOC, Count: 3, Aliases: []string{"US"}}}}
	other := &Article{ID: "c", Entities: []entity.Entity{{Name: "US", Type: entity.ORG, Count: 1}}}
	for _, order := range [][]*Article{{short, long, other}, {long, short, other}} {
		var x EntityIndex
		x.Add(order...)
		got := x.Entities()
		if len(got) != 2 {
			t.Fatalf("order %s%s: %d entries, want 2: %+v", order[0].ID, order[1].ID, len(got), got)
		}
		us := got[0]
		if us.Name != "United States" || us.Type != entity.LOC || us.Articles != 2 || us.Count != 9 || !slices.Equal(us.Aliases, []string{"US"}) {
			t.Errorf("order %s%s: merged entry %+v, want United States (LOC) in 2 articles, 9 mentions, alias US", order[0].ID, order[1].ID, us)
		}
		if got[1].Type != entity.ORG {
			t.Errorf("an ORG named US was merged into the place")
		}
	}
}
