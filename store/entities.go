package store

import (
	"cmp"
	"slices"
	"unicode/utf8"

	"dateline/store/entity"
)

// BatchEntity is an entity across a batch: its names merged from every
// article that mentions it, its mentions summed, and the number of articles.
type BatchEntity struct {
	entity.Entity     // Count is the mentions in all articles; Mentions is nil
	Articles      int // articles that mention it

	folded []string // Name, then Aliases, folded; set by EntityIndex.Entities
}

// FoldedNames returns the entity's name and then its aliases, folded with
// Fold. Entities from an EntityIndex carry them already, so matching query
// terms and completing names on every keystroke folds nothing; for others
// they are folded here. The caller must not modify the slice.
func (e BatchEntity) FoldedNames() []string {
	if e.folded != nil {
		return e.folded
	}
	out := make([]string, 0, 1+len(e.Aliases))
	out = append(out, Fold(e.Name))
	for _, al := range e.Aliases {
		out = append(out, Fold(al))
	}
	return out
}

// EntityIndex gathers the entities of a batch as its articles stream in. It
// is owned by one goroutine, like the Batch it indexes.
type EntityIndex struct {
	byKey map[nameKey]int // type and folded name of every name and alias to index in list
	list  []BatchEntity
	names []entryNames // beside list: the folded names of each entry
	seen  map[*Article]bool
	// byNames maps names shared between slim articles (see nameTable) to
	// the entry they were counted in: once a set of names is counted,
	// counting it again only adds to the counts, and a large batch names
	// the same entities hundreds of thousands of times.
	byNames map[*entNames]int
}

// nameKey is an entity's type and one of its names, folded. A struct key
// spares building a "TYPE:name" string for each of the hundreds of
// thousands of lookups a large batch makes.
type nameKey struct {
	typ  entity.Type
	name string
}

// entryNames holds an entry's names folded, so that merging compares them
// without folding again: a batch adds hundreds of thousands of mentions.
type entryNames struct {
	lead    string   // the entry's Name, folded
	aliases []string // its Aliases, folded, in the same order
}

// Add counts the entities of arts. An article added twice counts once.
func (x *EntityIndex) Add(arts ...*Article) {
	if x.byKey == nil {
		x.byKey = make(map[nameKey]int)
		x.seen = make(map[*Article]bool)
		x.byNames = make(map[*entNames]int)
	}
	for _, a := range arts {
		if x.seen[a] {
			continue
		}
		x.seen[a] = true
		for _, r := range a.entRefs() {
			if i, ok := x.byNames[r.names]; ok {
				x.count(i, r.count, r.salience)
				continue
			}
			i := x.add(r.entity(), r.names.folded)
			if r.names.shared {
				// Names of one article alone would only fill the map.
				x.byNames[r.names] = i
			}
		}
	}
}

// add counts one article's entity, whose names fe holds folded. Names and
// aliases are both keys, so an article that only says "US" joins the
// "United States" another article spelled out, in whichever order they
// arrive; the longer name leads.
//
// An entity joins an entry through one of its aliases only while that
// alias is the entry's name: "John Kerry" (alias "Kerry") joins an entry
// so far only called "Kerry", but "Chen Kariuki" does not join "Valentina
// Kariuki" for sharing the alias "Kariuki". Joined that way, every person
// of a common surname was counted as one.
//
// It returns the entry's index.
func (x *EntityIndex) add(e entity.Entity, fe foldedEntity) int {
	key := func(folded string) nameKey { return nameKey{e.Type, folded} }
	i, ok := x.byKey[key(fe.name)]
	for j := 0; !ok && j < len(fe.aliases); j++ {
		if k, found := x.byKey[key(fe.aliases[j])]; found && x.names[k].lead == fe.aliases[j] {
			i, ok = k, true
		}
	}
	if !ok {
		i = len(x.list)
		x.list = append(x.list, BatchEntity{Entity: entity.Entity{Name: e.Name, Type: e.Type}})
		x.names = append(x.names, entryNames{lead: fe.name})
		x.byKey[key(fe.name)] = i
	}
	x.count(i, e.Count, e.Salience)
	be, en := &x.list[i], &x.names[i]
	if utf8.RuneCountInString(e.Name) > utf8.RuneCountInString(be.Name) && fe.name != en.lead {
		// The longer name leads; the old one becomes an alias.
		if j := slices.Index(en.aliases, fe.name); j >= 0 {
			be.Aliases = slices.Delete(be.Aliases, j, j+1)
			en.aliases = slices.Delete(en.aliases, j, j+1)
		}
		be.Aliases = append(be.Aliases, be.Name)
		en.aliases = append(en.aliases, en.lead)
		be.Name, en.lead = e.Name, fe.name
	}
	x.note(i, e.Name, fe.name, key)
	for j, al := range e.Aliases {
		x.note(i, al, fe.aliases[j], key)
	}
	return i
}

// count adds one article's mentions of entry i.
func (x *EntityIndex) count(i, mentions int, salience float64) {
	be := &x.list[i]
	be.Count += mentions
	be.Articles++
	be.Salience = max(be.Salience, salience)
}

// note records name (folded: f) as one of entry i's names.
func (x *EntityIndex) note(i int, name, f string, key func(string) nameKey) {
	en := &x.names[i]
	if f != en.lead && !slices.Contains(en.aliases, f) {
		x.list[i].Aliases = append(x.list[i].Aliases, name)
		en.aliases = append(en.aliases, f)
	}
	if _, taken := x.byKey[key(f)]; !taken {
		x.byKey[key(f)] = i
	}
}

// Replace counts new in place of old, an earlier version of the same
// article (the batch step revises articles at the end of a load), without
// counting the whole batch again. old's entities are taken off the entries
// they were counted in; names they brought stay as aliases, which is
// harmless, since they named the same entity.
func (x *EntityIndex) Replace(old, new *Article) {
	x.Remove(old)
	x.Add(new)
}

// Remove takes off the counts of an article the batch no longer holds (a
// reopen found its file changed or gone). An article not counted is
// ignored.
func (x *EntityIndex) Remove(old *Article) {
	if x.seen[old] {
		delete(x.seen, old)
		for _, r := range old.entRefs() {
			// add always leaves an entity's own name pointing at the
			// entry it counted the entity in.
			i, ok := x.byKey[nameKey{r.names.typ, r.names.folded.name}]
			if !ok {
				continue
			}
			be := &x.list[i]
			be.Count -= r.count
			be.Articles--
		}
	}
}

// Entities returns the batch's entities, most widespread first: by the
// number of articles, then by mentions, then by name. The slice is a copy.
func (x *EntityIndex) Entities() []BatchEntity {
	// Sorting positions rather than the entries themselves moves four bytes
	// per swap instead of a hundred: a large batch has tens of thousands of
	// entities, and the reader ranks them again as the load streams in.
	order := make([]int32, 0, len(x.list))
	for i := range x.list {
		// An entry whose articles were all replaced by versions that no
		// longer mention it is no longer in the batch.
		if x.list[i].Articles > 0 {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &x.list[i], &x.list[j]
		return cmp.Or(
			cmp.Compare(b.Articles, a.Articles),
			cmp.Compare(b.Count, a.Count),
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Type, b.Type),
		)
	})
	out := make([]BatchEntity, len(order))
	for k, i := range order {
		out[k] = x.list[i]
		// A copy: the index edits its own lists in place as names merge.
		en := x.names[i]
		out[k].folded = append(append(make([]string, 0, 1+len(en.aliases)), en.lead), en.aliases...)
	}
	return out
}
