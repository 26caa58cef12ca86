package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowers s and removes diacritics, so that "Señor" and "senor" match.
// Matching in the reader is case- and accent-insensitive, as users of
// less and newsboat expect when they type a lower-case search.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		// transform only fails on invalid state; fall back to the input
		// rather than losing the text.
		out = s
	}
	return strings.ToLower(out)
}
