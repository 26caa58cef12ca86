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
			k := string(e.Type) + ":" + Fold(e.Name)
			i, ok := x.byKey[k]
			if !ok {
				i = len(x.list)
				x.byKey[k] = i
				x.list = append(x.list, BatchEntity{Entity: entity.Entity{Name: e.Name, Type: e.Type}})
			}
			be := &x.list[i]
			be.Count += e.Count
			be.Articles++
			be.Salience = max(be.Salience, e.Salience)
			for _, al := range e.Aliases {
				if !slices.Contains(be.Aliases, al) {
					be.Aliases = append(be.Aliases, al)
				}
			}
		}
	}
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
