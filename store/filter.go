package store

import (
	"strings"

	"dateline/store/entity"
)

// Filter narrows a batch. The zero Filter matches every article.
type Filter struct {
	// Text is matched against title, source and body, case- and
	// accent-insensitively. Every word must occur.
	Text string
	// Entities must all be mentioned by the article. Later entries were added
	// later, so the last is the one "remove last" removes.
	Entities []entity.Entity
}

// Active reports whether the filter narrows anything.
func (f Filter) Active() bool {
	return strings.TrimSpace(f.Text) != "" || len(f.Entities) > 0
}

// Match reports whether a passes the filter. To test many articles, use
// Matcher, which prepares the filter once.
func (f Filter) Match(a *Article) bool { return f.Matcher()(a) }

// Matcher returns a function that tests articles against f. The text is
// folded once here rather than once per article: on every keystroke the
// filter runs over the whole batch.
func (f Filter) Matcher() func(*Article) bool {
	words := strings.Fields(Fold(f.Text))
	// The entities are prepared here too: preparing one per article made an
	// entity filter over 100,000 articles take a fifth of a second.
	refs := make([]EntityRef, len(f.Entities))
	for i, e := range f.Entities {
		refs[i] = NewEntityRef(e)
	}
	return func(a *Article) bool {
		for _, w := range words {
			if !strings.Contains(a.folded, w) {
				return false
			}
		}
		for _, r := range refs {
			if !a.Refers(r) {
				return false
			}
		}
		return true
	}
}

// Mentions reports whether article a mentions entity e under any of its
// names. Names are compared across articles so that picking "John Kerry" in
// one article also finds the article that only says "Kerry" if that name is
// one of his aliases. To test many articles, use NewEntityRef once and
// Article.Refers.
func Mentions(a *Article, e entity.Entity) bool { return a.Refers(NewEntityRef(e)) }

// EntityRef is an entity prepared for matching against many articles: its
// type and its names, folded once.
type EntityRef struct {
	Type  entity.Type
	name  string          // the canonical name, folded
	names map[string]bool // the canonical name and the aliases, folded
}

// NewEntityRef prepares e for matching.
func NewEntityRef(e entity.Entity) EntityRef {
	r := EntityRef{Type: e.Type, name: Fold(e.Name), names: make(map[string]bool, len(e.Aliases)+1)}
	r.names[r.name] = true
	for _, al := range e.Aliases {
		r.names[Fold(al)] = true
	}
	return r
}

// Refers reports whether the article mentions the entity r stands for: one
// of its entities of the same type is named by one of r's names, or lists
// r's canonical name among its aliases.
func (a *Article) Refers(r EntityRef) bool {
	for _, x := range a.foldedEntities() {
		if x.typ != r.Type {
			continue
		}
		if r.names[x.name] {
			return true
		}
		for _, al := range x.aliases {
			if al == r.name {
				return true
			}
		}
	}
	return false
}

// NameContains reports whether one of the article's entities of type typ
// (of any type when typ is empty) has a name or alias containing part, which
// must already be folded with Fold. It uses the names folded by Prepare, so
// that a partial name typed at the prompt costs no folding per article.
func (a *Article) NameContains(typ entity.Type, part string) bool {
	for _, x := range a.foldedEntities() {
		if typ != "" && x.typ != typ {
			continue
		}
		if strings.Contains(x.name, part) {
			return true
		}
		for _, al := range x.aliases {
			if strings.Contains(al, part) {
				return true
			}
		}
	}
	return false
}

// foldedEntities returns the article's entities with their names folded.
func (a *Article) foldedEntities() []foldedEntity {
	if len(a.foldedEnts) != len(a.Entities) {
		// Entities were set after Prepare ran; fold them here rather than
		// miss them.
		return foldEntities(a.Entities)
	}
	return a.foldedEnts
}
