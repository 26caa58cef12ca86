package entity

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// Index gathers the entities of a batch of articles for filtering: which
// articles mention an entity, and which batch-wide entity a short name
// stands for. It is safe for concurrent use.
//
// Short names are resolved across articles when the index is asked, not when
// articles are added, so the order in which articles load does not matter:
// an article that only says "Kerry" resolves to "John Kerry" as soon as any
// article of the batch names him in full, and "US" to "United States" as an
// acronym. A short name that two longer names could explain is left alone.
type Index struct {
	mu      sync.Mutex
	entries map[string]*indexEntry // by Entity.Key
	order   []string               // keys in order of first Add

	// Resolution, rebuilt on the first query after an Add.
	dirty   bool
	root    map[string]string   // key → key it resolves to
	members map[string][]string // root key → keys resolving to it, in order
}

type indexEntry struct {
	name     string
	typ      Type
	aliases  []string
	docs     []string
	mentions int
}

// IndexEntry is one batch-wide entity: its own mentions and those of every
// name that resolves to it.
type IndexEntry struct {
	Key      string
	Name     string
	Type     Type
	Aliases  []string // other names seen for it across the batch
	Docs     []string // articles that mention it, in order of Add
	Mentions int      // mentions across the batch
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{entries: map[string]*indexEntry{}} }

// Add records the entities of one article. Adding the same article twice
// does not count it twice.
func (ix *Index) Add(docID string, ents []Entity) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, e := range ents {
		k := e.Key()
		en := ix.entries[k]
		if en == nil {
			en = &indexEntry{name: e.Name, typ: e.Type}
			ix.entries[k] = en
			ix.order = append(ix.order, k)
		}
		if slices.Contains(en.docs, docID) {
			continue
		}
		en.docs = append(en.docs, docID)
		en.mentions += e.Count
		for _, a := range e.Aliases {
			if !slices.Contains(en.aliases, a) {
				en.aliases = append(en.aliases, a)
			}
		}
	}
	ix.dirty = true
}

// rebuild recomputes the resolution of every key. It costs one pass over the
// keys with map look-ups, so a batch of tens of thousands of names rebuilds
// in milliseconds.
func (ix *Index) rebuild() {
	if !ix.dirty && ix.root != nil {
		return
	}
	// Candidates that explain a one-word name, by the way they explain it.
	explain := map[string][]string{}
	add := func(how, k string) {
		if !slices.Contains(explain[how], k) {
			explain[how] = append(explain[how], k)
		}
	}
	for _, k := range ix.order {
		en := ix.entries[k]
		norms := strings.Fields(en.name)
		if len(norms) < 2 {
			continue
		}
		for _, a := range en.aliases {
			add(string(en.typ)+":"+a, k)
		}
		if en.typ == PER {
			for _, s := range surnames(norms) {
				add("PER:"+s, k)
			}
		} else if in := initials(norms); len(in) >= 2 {
			add(string(en.typ)+":"+in, k)
		}
	}
	ix.root = make(map[string]string, len(ix.order))
	ix.members = make(map[string][]string, len(ix.order))
	for _, k := range ix.order {
		r := k
		typ, name, _ := strings.Cut(k, ":")
		if !strings.Contains(name, " ") {
			cands := explain[k]
			if len(cands) == 0 && typ != string(PER) {
				cands = explain[typ+":"+strings.ReplaceAll(name, ".", "")]
			}
			if len(cands) == 1 {
				r = cands[0]
			}
		}
		ix.root[k] = r
		ix.members[r] = append(ix.members[r], k)
	}
	ix.dirty = false
}

// Resolve returns the key of the batch-wide entity that key stands for: key
// itself unless it is a one-word name that exactly one longer name of the
// batch explains, as an alias seen in another article, a surname or an
// acronym.
func (ix *Index) Resolve(key string) string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.rebuild()
	if r, ok := ix.root[key]; ok {
		return r
	}
	return key
}

// Docs returns the articles that mention the entity key resolves to, under
// any of its names, in order of Add.
func (ix *Index) Docs(key string) []string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.rebuild()
	r, ok := ix.root[key]
	if !ok {
		return nil
	}
	var out []string
	for _, k := range ix.members[r] {
		for _, d := range ix.entries[k].docs {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// Entities returns the batch-wide entities, short names folded into the
// names they resolve to, the most widely mentioned first.
func (ix *Index) Entities() []IndexEntry {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.rebuild()
	var out []IndexEntry
	for _, k := range ix.order {
		if ix.root[k] != k {
			continue
		}
		r := ix.entries[k]
		e := IndexEntry{Key: k, Name: r.name, Type: r.typ}
		seen := map[string]bool{}
		for _, m := range ix.members[k] {
			en := ix.entries[m]
			e.Mentions += en.mentions
			for _, d := range en.docs {
				if !seen[d] {
					seen[d] = true
					e.Docs = append(e.Docs, d)
				}
			}
			names := en.aliases
			if m != k {
				names = append([]string{en.name}, names...)
			}
			for _, a := range names {
				if a != e.Name && !slices.Contains(e.Aliases, a) {
					e.Aliases = append(e.Aliases, a)
				}
			}
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b IndexEntry) int {
		return cmp.Or(cmp.Compare(len(b.Docs), len(a.Docs)), cmp.Compare(b.Mentions, a.Mentions), cmp.Compare(a.Key, b.Key))
	})
	return out
}
