package store

import (
	"slices"
	"strings"

	"dateline/store/entity"
)

// selectorMemory is how many recent answers a Selector keeps. Typing a word
// and deleting it again walks back through the answers for each shorter
// prefix; keeping them makes each backspace free instead of a full scan.
const selectorMemory = 32

// Selector answers Batch.Select incrementally, for a reader that filters on
// every keystroke. It remembers its recent answers: a filter it answered
// before is answered again from memory, and a filter that can only narrow a
// remembered answer (a word typed longer, a word or an entity added) rescans
// that answer rather than the whole batch. Articles that arrived since an
// answer was made are filtered on their own and merged in. The zero Selector
// is ready to use; like the Batch, it belongs to one goroutine.
type Selector struct {
	batch  *Batch
	recent []selection // oldest first
}

// selection is one remembered answer.
type selection struct {
	filter Filter
	words  []string   // filter.Text folded and split, as Matcher splits it
	seen   int        // how many of batch.arrivals the answer accounts for
	out    []*Article // never modified once stored
}

// Select returns the articles of b that pass f, in batch order, as
// b.Select(f) would. The caller owns the slice and may reorder it.
func (s *Selector) Select(b *Batch, f Filter) []*Article {
	if s.batch != b {
		s.batch, s.recent = b, nil
	}
	next := selection{filter: f, words: strings.Fields(Fold(f.Text)), seen: len(b.arrivals)}
	next.filter.Entities = slices.Clone(f.Entities)
	base, exact := s.base(next)
	switch {
	case base == nil:
		// Nothing remembered covers f: scan the whole batch.
		next.out = b.Select(f)
	default:
		match := f.Matcher()
		out := slices.Clip(base.out) // a merge below must not write into base
		if !exact {
			out = filterArticles(out, match)
		}
		if kept := filterArticles(b.arrivals[base.seen:], match); len(kept) > 0 {
			slices.SortStableFunc(kept, compareArticles)
			out = mergeSorted(out, kept)
		}
		next.out = out
	}
	s.remember(next)
	return slices.Clone(next.out)
}

// base returns the remembered answer to start from for next: one for the
// same filter if there is one (exact), else the most recent one next
// narrows, else nil.
func (s *Selector) base(next selection) (base *selection, exact bool) {
	for i := len(s.recent) - 1; i >= 0; i-- {
		r := &s.recent[i]
		if r.seen <= len(s.batch.arrivals) && sameFilter(r.filter, r.words, next.filter, next.words) {
			return r, true
		}
	}
	for i := len(s.recent) - 1; i >= 0; i-- {
		r := &s.recent[i]
		if r.seen <= len(s.batch.arrivals) && narrows(r.filter, r.words, next.filter, next.words) {
			return r, false
		}
	}
	return nil, false
}

// remember stores sel as the most recent answer, dropping an older answer
// to the same filter and the oldest beyond selectorMemory.
func (s *Selector) remember(sel selection) {
	s.recent = slices.DeleteFunc(s.recent, func(r selection) bool {
		return sameFilter(r.filter, r.words, sel.filter, sel.words)
	})
	s.recent = append(s.recent, sel)
	if over := len(s.recent) - selectorMemory; over > 0 {
		s.recent = slices.Delete(s.recent, 0, over)
	}
}

// filterArticles returns the articles of arts that pass match, in a new
// slice.
func filterArticles(arts []*Article, match func(*Article) bool) []*Article {
	var out []*Article
	for _, a := range arts {
		if match(a) {
			out = append(out, a)
		}
	}
	return out
}

// narrows reports whether every article that passes next also passes prev,
// judged from the filters alone. Each word of prev must be part of some word
// of next (an article containing "kerry" contains "ker"), and each entity of
// prev must be in next with the same names.
func narrows(prev Filter, prevWords []string, next Filter, nextWords []string) bool {
	for _, w := range prevWords {
		if !slices.ContainsFunc(nextWords, func(n string) bool { return strings.Contains(n, w) }) {
			return false
		}
	}
	for _, e := range prev.Entities {
		if !slices.ContainsFunc(next.Entities, func(n entity.Entity) bool { return sameEntity(e, n) }) {
			return false
		}
	}
	return true
}

// sameFilter reports whether two filters select the same articles.
func sameFilter(prev Filter, prevWords []string, next Filter, nextWords []string) bool {
	return slices.Equal(prevWords, nextWords) && slices.EqualFunc(prev.Entities, next.Entities, sameEntity)
}

// sameEntity reports whether two filter entities match the same articles:
// the same type and the same names. The batch's entity index adds aliases
// as articles stream in, and a new alias widens what an entity matches.
func sameEntity(x, y entity.Entity) bool {
	return x.Type == y.Type && x.Name == y.Name && slices.Equal(x.Aliases, y.Aliases)
}
