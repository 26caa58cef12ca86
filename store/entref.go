package store

import (
	"strings"
	"sync"

	"dateline/store/entity"
)

// entRef is one of an article's entities as the article index keeps it: the
// entity's names, shared with every other article that gives the same
// names, and this article's counts. A whole entity.Entity costs about a
// hundred bytes before its strings; at 100,000 articles with twenty
// entities each that was a fifth of the reader's memory, while a reference
// costs 24 bytes and the names are kept once per batch.
type entRef struct {
	names    *entNames
	count    int
	salience float64
}

// entNames are an entity's type and names as an article gives them, with
// the names folded for matching.
type entNames struct {
	typ     entity.Type
	name    string
	aliases []string
	folded  foldedEntity
	shared  bool // held by a nameTable, so other articles may point to it
}

// entity returns the entity r stands for, without mentions.
func (r entRef) entity() entity.Entity {
	n := r.names
	return entity.Entity{Name: n.name, Type: n.typ, Count: r.count, Aliases: n.aliases, Salience: r.salience}
}

// nameTable shares entNames between the articles of a batch. It is safe
// for concurrent use, since the loader's workers all add to it.
type nameTable struct {
	mu sync.Mutex
	m  map[string]*entNames
}

func newNameTable() *nameTable { return &nameTable{m: make(map[string]*entNames)} }

// get returns the shared names for typ, name and aliases, calling build to
// build them when the table has none yet. A nil table shares nothing. The
// strings passed may point into a buffer that is about to be reused, as
// the cache decoder's do: only what build returns is kept.
func (t *nameTable) get(typ entity.Type, name string, aliases []string, build func() *entNames) *entNames {
	if t == nil {
		return build()
	}
	var buf [128]byte
	key := tableKey(buf[:0], typ, name, aliases)
	t.mu.Lock()
	defer t.mu.Unlock()
	if n, ok := t.m[string(key)]; ok {
		return n
	}
	n := build()
	n.shared = true
	t.m[string(key)] = n
	return n
}

// find returns the shared names for typ, name and aliases, or nil when
// the table has none yet or is nil.
func (t *nameTable) find(typ entity.Type, name string, aliases []string) *entNames {
	if t == nil {
		return nil
	}
	var buf [128]byte
	key := tableKey(buf[:0], typ, name, aliases)
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[string(key)]
}

// tableKey appends the table's key for typ, name and aliases to buf. It
// separates the fields with a byte no name contains; looking the key up as
// string(key) does not allocate.
func tableKey(buf []byte, typ entity.Type, name string, aliases []string) []byte {
	key := append(buf, typ...)
	key = append(key, 0)
	key = append(key, name...)
	for _, al := range aliases {
		key = append(key, 0)
		key = append(key, al...)
	}
	return key
}

// refsOf returns the references for ents, sharing names through t.
func refsOf(ents []entity.Entity, t *nameTable) []entRef {
	if len(ents) == 0 {
		return nil
	}
	out := make([]entRef, len(ents))
	for i, e := range ents {
		out[i] = entRef{
			names: t.get(e.Type, e.Name, e.Aliases, func() *entNames {
				// The tagger cuts names from the article's text; the
				// table outlives the article, so it keeps copies.
				return &entNames{typ: e.Type, name: strings.Clone(e.Name), aliases: cloneStrings(e.Aliases), folded: foldEntity(e)}
			}),
			count:    e.Count,
			salience: e.Salience,
		}
	}
	return out
}

// shareRefs returns refs with their names shared through t. Names t does
// not hold yet are taken in as they are: Prepare made them for this
// article alone, copied and folded already.
func shareRefs(refs []entRef, t *nameTable) []entRef {
	out := make([]entRef, len(refs))
	for i, r := range refs {
		n := r.names
		out[i] = r
		out[i].names = t.get(n.typ, n.name, n.aliases, func() *entNames { return n })
	}
	return out
}

// EntityList returns the article's entities. For a whole article that is
// Entities; a slim article keeps its entities in a compact form, and they
// come back without their mentions' offsets, as Slim describes.
func (a *Article) EntityList() []entity.Entity {
	if !a.slim || a.Entities != nil {
		return a.Entities
	}
	if len(a.ents) == 0 {
		return nil
	}
	out := make([]entity.Entity, len(a.ents))
	for i, r := range a.ents {
		out[i] = r.entity()
	}
	return out
}

// entRefs returns the article's entities as references. Code that set
// Entities after Prepare ran gets references made here rather than
// matching stale ones.
func (a *Article) entRefs() []entRef {
	if !a.slim && len(a.ents) != len(a.Entities) {
		return refsOf(a.Entities, nil)
	}
	return a.ents
}
