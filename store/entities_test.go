package store

import (
	"fmt"
	"maps"
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

// TestEntityIndexKeepsNamesakesApart: two people who share a surname, each
// known by it as an alias, are two entries however the articles arrive; an
// article that names only the surname joins the first entry that was
// called by it.
func TestEntityIndexKeepsNamesakesApart(t *testing.T) {
	valentina := &Article{ID: "a", Entities: []entity.Entity{{Name: "Valentina Kariuki", Type: entity.PER, Count: 2, Aliases: []string{"Kariuki"}}}}
	chen := &Article{ID: "b", Entities: []entity.Entity{{Name: "Chen Kariuki", Type: entity.PER, Count: 1, Aliases: []string{"Kariuki"}}}}
	surname := &Article{ID: "c", Entities: []entity.Entity{{Name: "Kariuki", Type: entity.PER, Count: 1}}}
	tests := []struct {
		order []*Article
		want  map[string]int // articles per entry
	}{
		{[]*Article{valentina, chen}, map[string]int{"Valentina Kariuki": 1, "Chen Kariuki": 1}},
		{[]*Article{chen, valentina}, map[string]int{"Valentina Kariuki": 1, "Chen Kariuki": 1}},
		{[]*Article{surname, valentina, chen}, map[string]int{"Valentina Kariuki": 2, "Chen Kariuki": 1}},
		{[]*Article{valentina, surname, chen}, map[string]int{"Valentina Kariuki": 2, "Chen Kariuki": 1}},
		{[]*Article{chen, surname, valentina}, map[string]int{"Valentina Kariuki": 1, "Chen Kariuki": 2}},
	}
	for _, tt := range tests {
		var ids string
		for _, a := range tt.order {
			ids += a.ID
		}
		t.Run(ids, func(t *testing.T) {
			var x EntityIndex
			x.Add(tt.order...)
			got := map[string]int{}
			for _, e := range x.Entities() {
				got[e.Name] = e.Articles
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("entries %v, want %v", got, tt.want)
			}
		})
	}
}

// TestEntityIndexReplace: the batch step's revisions are counted in place
// of the articles they revise, giving the sidebar the counts a fresh count
// of the revised batch gives, and dropping entities no article mentions
// any more.
func TestEntityIndexReplace(t *testing.T) {
	kerry := entity.Entity{Name: "John Kerry", Type: entity.PER, Count: 3, Aliases: []string{"Kerry"}}
	lavrov := entity.Entity{Name: "Sergei Lavrov", Type: entity.PER, Count: 2}
	kerryShort := entity.Entity{Name: "Kerry", Type: entity.PER, Count: 1}
	un := entity.Entity{Name: "United Nations", Type: entity.ORG, Count: 1}
	a := synthArticle("a.txt", -1, "A", "a", kerry, lavrov)
	b := synthArticle("b.txt", -1, "B", "b", kerryShort)
	for _, tc := range []struct {
		name     string
		old, new *Article
		gone     string
	}{
		{"a revision that drops an entity", a, synthArticle("a.txt", -1, "A", "a", kerry), "Sergei Lavrov"},
		{"a revision that mentions another", b, synthArticle("b.txt", -1, "B", "b", un), ""},
		{"a revision under an alias", b, synthArticle("b.txt", -1, "B", "b", kerryShort, un), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var x EntityIndex
			x.Add(a, b)
			x.Replace(tc.old, tc.new)
			var fresh EntityIndex
			for _, art := range []*Article{a, b} {
				if art == tc.old {
					art = tc.new
				}
				fresh.Add(art)
			}
			counts := func(es []BatchEntity) map[string][2]int {
				out := map[string][2]int{}
				for _, e := range es {
					out[string(e.Type)+":"+e.Name] = [2]int{e.Articles, e.Count}
				}
				return out
			}
			got, want := counts(x.Entities()), counts(fresh.Entities())
			if !maps.Equal(got, want) {
				t.Errorf("after Replace: %v\nfresh count: %v", got, want)
			}
			if _, ok := got["PER:"+tc.gone]; tc.gone != "" && ok {
				t.Errorf("%s is still listed", tc.gone)
			}
		})
	}
}

// TestEntityIndexSharedNamesCountTheSame: counting slim articles whose
// names are shared takes a shortcut for names already counted; the
// sidebar must come out as it does from whole articles.
func TestEntityIndexSharedNamesCountTheSame(t *testing.T) {
	us := entity.Entity{Name: "US", Type: entity.LOC, Count: 2}
	states := entity.Entity{Name: "United States", Type: entity.LOC, Count: 1, Aliases: []string{"US"}}
	kerry := entity.Entity{Name: "Kerry", Type: entity.PER, Count: 1, Salience: 0.5}
	john := entity.Entity{Name: "John Kerry", Type: entity.PER, Count: 3, Aliases: []string{"Kerry"}, Salience: 1}
	var whole []*Article
	for i, ents := range [][]entity.Entity{{us, kerry}, {states, john}, {us}, {kerry}, {john, us}, {states}} {
		whole = append(whole, synthArticle(fmt.Sprintf("%d.txt", i), -1, "T", "b", ents...))
	}
	names := newNameTable()
	var slim []*Article
	for _, a := range whole {
		slim = append(slim, a.slimWith(names))
	}
	var fromWhole, fromSlim EntityIndex
	fromWhole.Add(whole...)
	fromSlim.Add(slim...)
	got, want := fmt.Sprintf("%+v", fromSlim.Entities()), fmt.Sprintf("%+v", fromWhole.Entities())
	if got != want {
		t.Errorf("from shared names:\n%s\nfrom whole articles:\n%s", got, want)
	}
}
