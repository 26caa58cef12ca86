package store

import (
	"cmp"
	"slices"
	"strings"
)

// SortKey is an order the reader can show a batch in.
type SortKey int

// The orders, in the order the reader cycles through them.
const (
	SortFile     SortKey = iota // path, then position in the file: the batch order
	SortDate                    // newest first; articles without a full date last
	SortSource                  // source A to Z; articles without a source last
	SortTitle                   // title A to Z
	SortSize                    // longest first, in words of cleaned text
	SortStripped                // largest share of lines stripped first, for reviewing the cleaner
	numSortKeys
)

// String names the order as the status line shows it.
func (k SortKey) String() string {
	switch k {
	case SortDate:
		return "date"
	case SortSource:
		return "source"
	case SortTitle:
		return "title"
	case SortSize:
		return "size"
	case SortStripped:
		return "stripped"
	}
	return "file"
}

// Next returns the order after k, wrapping round to SortFile.
func (k SortKey) Next() SortKey { return (k + 1) % numSortKeys }

// ParseSortKey returns the order named s, as String names it.
func ParseSortKey(s string) (SortKey, bool) {
	for k := range numSortKeys {
		if k.String() == s {
			return k, true
		}
	}
	return SortFile, false
}

// Sort orders arts by k in place. Ties, and articles the key knows nothing
// about, keep the batch order, so that the order is the same every time.
func Sort(arts []*Article, k SortKey) { slices.SortStableFunc(arts, compareBy(k)) }

// Merge merges src into dst, both in the order Sort(…, k) gives, and
// returns the result, which may reuse dst's array. A reader adding a few
// articles to a long sorted list merges them in rather than sorting all.
func Merge(dst, src []*Article, k SortKey) []*Article {
	return mergeSorted(dst, src, compareBy(k))
}

// compareBy is the order Sort gives for k.
func compareBy(k SortKey) func(x, y *Article) int {
	if k == SortFile {
		return compareArticles
	}
	by := sortFunc(k)
	return func(x, y *Article) int { return cmp.Or(by(x, y), compareArticles(x, y)) }
}

func sortFunc(k SortKey) func(x, y *Article) int {
	switch k {
	case SortDate:
		return func(x, y *Article) int {
			return cmp.Or(
				cmp.Compare(boolRank(x.Published.IsZero()), boolRank(y.Published.IsZero())),
				y.Published.Compare(x.Published),
			)
		}
	case SortSource:
		return func(x, y *Article) int {
			return cmp.Or(
				cmp.Compare(boolRank(x.foldedSource == ""), boolRank(y.foldedSource == "")),
				cmp.Compare(x.foldedSource, y.foldedSource),
			)
		}
	case SortTitle:
		return func(x, y *Article) int { return cmp.Compare(x.foldedTitle, y.foldedTitle) }
	case SortSize:
		return func(x, y *Article) int { return cmp.Compare(y.Words, x.Words) }
	case SortStripped:
		return func(x, y *Article) int { return cmp.Compare(StrippedShare(y), StrippedShare(x)) }
	}
	return func(x, y *Article) int { return 0 }
}

// StrippedShare is the share of the article's non-blank raw lines that the
// cleaner removed, from 0 to 1; 0 when the article has no lines.
func StrippedShare(a *Article) float64 {
	stripped, total := a.LineCounts()
	if total == 0 {
		return 0
	}
	return float64(stripped) / float64(total)
}

// boolRank sorts false before true.
func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// firstLine returns s up to its first line break: the folded title of an
// article's search text.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
