package store

import (
	"strings"

	"dateline/store/entity"
)

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
	for _, ref := range a.entRefs() {
		x := &ref.names.folded
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
	for _, ref := range a.entRefs() {
		x := &ref.names.folded
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
