package store

import (
	"cmp"
	"slices"

	"dateline/store/entity"
)

// BatchEntity is an entity across a batch: its names merged from every
// article that mentions it, its mentions summed, and the number of articles.
type BatchEntity struct {
	entity.Entity     // Count is the mentions in all articles; Mentions is nil
	Articles      int // articles that mention it
}

// EntityIndex gathers the entities of a batch as its articles stream in. It
// is owned by one goroutine, like the Batch it indexes.
type EntityIndex struct {
	byKey map[string]int // folded "TYPE:name" to index in list
	list  []BatchEntity
	seen  map[*Article]bool
}

// Add counts the entities of arts. An article added twice counts once.
func (x *EntityIndex) Add(arts ...*Article) {
	if x.byKey == nil {
		x.byKey = make(map[string]int)
		x.seen = make(map[*Article]bool)
	}
	for _, a := range arts {
		if x.seen[a] {
			continue
		}
		x.seen[a] = true
		for _, e := range a.Entities {
			x.add(e)
		}
	}
}

// add counts one article's entity. Names and aliases are both keys, so an
// article that only says "US" joins the "United States" another article
// spelled out, in whichever order they arrive; the longer name leads.
func (x *EntityIndex) add(e entity.Entity) {
	key := func(name string) string { return string(e.Type) + ":" + Fold(name) }
	i, ok := x.byKey[key(e.Name)]
	for _, al := range e.Aliases {
		if ok {
			break
		}
		i, ok = x.byKey[key(al)]
	}
	if !ok {
		i = len(x.list)
		x.list = append(x.list, BatchEntity{Entity: entity.Entity{Name: e.Name, Type: e.Type}})
	}
	be := &x.list[i]
	be.Count += e.Count
	be.Articles++
	be.Salience = max(be.Salience, e.Salience)
	names := append([]string{e.Name}, e.Aliases...)
	if len([]rune(e.Name)) > len([]rune(be.Name)) {
		names = append(names, be.Name)
		be.Name = e.Name
	}
	for _, n := range names {
		if Fold(n) != Fold(be.Name) && !slices.ContainsFunc(be.Aliases, func(al string) bool { return Fold(al) == Fold(n) }) {
			be.Aliases = append(be.Aliases, n)
		}
		if _, taken := x.byKey[key(n)]; !taken {
			x.byKey[key(n)] = i
		}
	}
	be.Aliases = slices.DeleteFunc(be.Aliases, func(al string) bool { return Fold(al) == Fold(be.Name) })
}

// Len is the number of distinct entities.
func (x *EntityIndex) Len() int { return len(x.list) }

// Entities returns the batch's entities, most widespread first: by the
// number of articles, then by mentions, then by name. The slice is a copy.
func (x *EntityIndex) Entities() []BatchEntity {
	out := slices.Clone(x.list)
	slices.SortFunc(out, func(a, b BatchEntity) int {
		return cmp.Or(
			cmp.Compare(b.Articles, a.Articles),
			cmp.Compare(b.Count, a.Count),
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Type, b.Type),
		)
	})
	return out
}
