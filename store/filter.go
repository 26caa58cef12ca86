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
	ents := f.Entities
	return func(a *Article) bool {
		for _, w := range words {
			if !strings.Contains(a.folded, w) {
				return false
			}
		}
		for _, e := range ents {
			if !Mentions(a, e) {
				return false
			}
		}
		return true
	}
}

// Mentions reports whether article a mentions entity e under any of its
// names. Names are compared across articles so that picking "John Kerry" in
// one article also finds the article that only says "Kerry" if that name is
// one of his aliases.
func Mentions(a *Article, e entity.Entity) bool {
	names := make(map[string]bool, len(e.Aliases)+1)
	names[Fold(e.Name)] = true
	for _, al := range e.Aliases {
		names[Fold(al)] = true
	}
	for _, x := range a.Entities {
		if x.Type != e.Type {
			continue
		}
		if names[Fold(x.Name)] {
			return true
		}
		for _, al := range x.Aliases {
			if Fold(al) == Fold(e.Name) {
				return true
			}
		}
	}
	return false
}
