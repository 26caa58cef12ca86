package ui

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"dateline/store"
)

// highlight marks every occurrence of terms in the rendered text s with
// style and returns the marked text and the numbers of the lines that have
// a mark, in order. Matching folds case and accents the way the filter
// does, so what the filter found is what is marked. It works on the lines
// as drawn, escape codes and all: lipgloss.StyleRanges places the marks by
// cell, keeping the styles around them. A phrase that wrapping split over
// two lines is not marked.
//
// With words set, a term is marked only as a whole word: names are, and a
// short one ("UN", "US") would otherwise light up inside "counterpart" and
// "Russia". Filter words match anywhere, as the filter does.
func highlight(s string, terms []string, style lipgloss.Style, words bool) (string, []int) {
	var folded [][]rune
	for _, t := range terms {
		if f := []rune(strings.Join(strings.Fields(store.Fold(t)), " ")); len(f) > 0 {
			folded = append(folded, f)
		}
	}
	if len(folded) == 0 {
		return s, nil
	}
	fold := runeFolder{}
	lines := strings.Split(s, "\n")
	var hits []int
	for i, ln := range lines {
		ranges := matchRanges(ansi.Strip(ln), folded, fold, style, words)
		if len(ranges) == 0 {
			continue
		}
		lines[i] = lipgloss.StyleRanges(ln, ranges...)
		hits = append(hits, i)
	}
	return strings.Join(lines, "\n"), hits
}

// matchRanges finds the terms in one plain line, as whole words when words
// is set, and returns their cell ranges, sorted and without overlaps.
func matchRanges(plain string, terms [][]rune, fold runeFolder, style lipgloss.Style, words bool) []lipgloss.Range {
	// text is the line folded rune by rune; start and end give the cells
	// each folded rune came from.
	var text []rune
	var start, end []int
	col := 0
	for _, r := range plain {
		if r < 0x80 {
			// The common case, without a table look-up.
			text = append(text, unicode.ToLower(r))
			start = append(start, col)
			end = append(end, col+1)
			col++
			continue
		}
		w := ansi.StringWidth(string(r))
		for _, f := range fold.fold(r) {
			text = append(text, f)
			start = append(start, col)
			end = append(end, col+w)
		}
		col += w
	}
	type span struct{ from, to int }
	var spans []span
	for _, t := range terms {
		for i := 0; i+len(t) <= len(text); i++ {
			if !slices.Equal(text[i:i+len(t)], t) {
				continue
			}
			if words && (i > 0 && isWordRune(text[i-1]) || i+len(t) < len(text) && isWordRune(text[i+len(t)])) {
				continue
			}
			spans = append(spans, span{start[i], end[i+len(t)-1]})
		}
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from - b.from })
	var out []lipgloss.Range
	for _, sp := range spans {
		if n := len(out); n > 0 && sp.from <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, sp.to)
			continue
		}
		out = append(out, lipgloss.NewRange(sp.from, sp.to, style))
	}
	return out
}

// isWordRune reports whether r belongs to a word: a letter or a digit.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// runeFolder folds single runes as store.Fold does, remembering the answers:
// a rendered article repeats the same few dozen letters thousands of times.
type runeFolder map[rune][]rune

func (f runeFolder) fold(r rune) []rune {
	if v, ok := f[r]; ok {
		return v
	}
	v := []rune(store.Fold(string(r)))
	f[r] = v
	return v
}
