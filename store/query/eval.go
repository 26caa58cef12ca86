package query

import (
	"slices"
	"strings"
	"time"

	"dateline/store"
)

// Env is what evaluating a query needs besides the article itself.
type Env struct {
	// Entities are the batch's entities, which entity terms are resolved
	// against: @Lavrov finds "Sergei Lavrov" through his alias, and then
	// every article that mentions him under any of his names.
	Entities []store.BatchEntity
	// Read and Starred give an article's state by its ID; nil means no
	// article is read or starred.
	Read, Starred func(id string) bool
}

// Matcher returns a function that tests articles against q. The work that
// does not depend on the article (folding the words, resolving the entity
// names) is done once here, since the reader runs the query over the whole
// batch on every keystroke.
func (q Query) Matcher(env Env) func(*store.Article) bool {
	tests := make([]func(*store.Article) bool, 0, len(q.Terms))
	for _, t := range q.Terms {
		test := t.matcher(env)
		if t.Neg {
			pos := test
			test = func(a *store.Article) bool { return !pos(a) }
		}
		tests = append(tests, test)
	}
	return func(a *store.Article) bool {
		for _, test := range tests {
			if !test(a) {
				return false
			}
		}
		return true
	}
}

// Match reports whether a passes q. To test many articles, use Matcher.
func (q Query) Match(a *store.Article, env Env) bool { return q.Matcher(env)(a) }

// matcher returns the test for one term, ignoring Neg.
func (t Term) matcher(env Env) func(*store.Article) bool {
	switch t.Kind {
	case Word, Phrase:
		s := squashFold(t.Value)
		return func(a *store.Article) bool { return strings.Contains(a.SearchText(), s) }
	case Source:
		s := squashFold(t.Value)
		return func(a *store.Article) bool { return strings.Contains(a.SourceText(), s) }
	case Entity:
		return entityMatcher(t, env.Entities)
	case Lang:
		return func(a *store.Article) bool { return a.Lang == t.Value }
	case After:
		return func(a *store.Article) bool { return !a.Published.IsZero() && !civilDate(a.Published).Before(t.Date) }
	case Before:
		return func(a *store.Article) bool { return !a.Published.IsZero() && civilDate(a.Published).Before(t.Date) }
	case Is:
		read, starred := env.Read, env.Starred
		if read == nil {
			read = func(string) bool { return false }
		}
		if starred == nil {
			starred = func(string) bool { return false }
		}
		switch t.Value {
		case "read":
			return func(a *store.Article) bool { return read(a.ID) }
		case "unread":
			return func(a *store.Article) bool { return !read(a.ID) }
		default:
			return func(a *store.Article) bool { return starred(a.ID) }
		}
	case Stripped:
		return func(a *store.Article) bool { return compare(store.StrippedShare(a), t.Op, t.Share) }
	}
	return func(*store.Article) bool { return true }
}

// civilDate is the calendar date of t where it was published, as midnight
// UTC, so that it compares with the dates of after: and before: terms.
func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// compare applies op with a small tolerance, so that stripped:=50% matches
// an article with 7 of 14 lines stripped despite floating point.
func compare(v float64, op Op, want float64) bool {
	const eps = 1e-9
	switch op {
	case OpGT:
		return v > want+eps
	case OpGE:
		return v >= want-eps
	case OpLT:
		return v < want-eps
	case OpLE:
		return v <= want+eps
	}
	return v > want-eps && v < want+eps
}

// entityMatcher resolves an entity term against the batch's entities and
// returns the test for it. A name that is an entity's name or one of its
// aliases resolves to that entity; the article must then mention it under
// any of its names. A name that resolves to nothing matches entities whose
// names contain it, so that "@lavr" already narrows the list while the
// user is still typing.
func entityMatcher(t Term, batch []store.BatchEntity) func(*store.Article) bool {
	want := squashFold(t.Value)
	var refs []store.EntityRef
	for _, e := range batch {
		if t.Type != "" && e.Type != t.Type {
			continue
		}
		if slices.Contains(e.FoldedNames(), want) {
			refs = append(refs, store.NewEntityRef(e.Entity))
		}
	}
	if len(refs) > 0 {
		return func(a *store.Article) bool {
			for _, r := range refs {
				if a.Refers(r) {
					return true
				}
			}
			return false
		}
	}
	return func(a *store.Article) bool { return a.NameContains(t.Type, want) }
}

// Highlights returns the words and phrases an article view should mark: the
// text of the positive Word and Phrase terms.
func (q Query) Highlights() []string {
	var out []string
	for _, t := range q.Terms {
		if !t.Neg && (t.Kind == Word || t.Kind == Phrase) && strings.TrimSpace(t.Value) != "" {
			out = append(out, t.Value)
		}
	}
	return out
}

// UsesState reports whether q has an is: term, so that marking an article
// read or starred can change what it matches.
func (q Query) UsesState() bool {
	for _, t := range q.Terms {
		if t.Kind == Is {
			return true
		}
	}
	return false
}

// UsesText reports whether q has a word or phrase term, which is matched
// against each article's search text, the costly part of a filter.
func (q Query) UsesText() bool {
	for _, t := range q.Terms {
		if t.Kind == Word || t.Kind == Phrase {
			return true
		}
	}
	return false
}

// Narrows reports whether every article q matches is sure to match prev as
// well, so that q's results can be picked from prev's instead of the whole
// batch: the reader's filter stays incremental while the user types. It is
// conservative: q must keep each of prev's terms, in order, either as it was
// or, for a positive word, phrase or source term, with text that contains
// the old text ("aleppo" after "alep"); q may add terms after them. Entity
// terms must stay as they were, since a name can resolve to an entity
// whose aliases match articles the partial name did not.
func (q Query) Narrows(prev Query) bool {
	if len(q.Terms) < len(prev.Terms) {
		return false
	}
	for i, old := range prev.Terms {
		if !q.Terms[i].narrows(old) {
			return false
		}
	}
	return true
}

// narrows reports whether term t matches only articles that old matches.
func (t Term) narrows(old Term) bool {
	if t.Kind != old.Kind || t.Neg != old.Neg || t.Type != old.Type || t.Op != old.Op || t.Share != old.Share || !t.Date.Equal(old.Date) {
		return false
	}
	if t.Value == old.Value {
		return true
	}
	switch t.Kind {
	case Word, Phrase, Source:
		return !t.Neg && strings.Contains(squashFold(t.Value), squashFold(old.Value))
	}
	return false
}

// squashFold is a term's text as matchers compare it: folded, with runs of
// white space made one space.
func squashFold(s string) string { return strings.Join(strings.Fields(store.Fold(s)), " ") }
