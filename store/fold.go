package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lowers s and removes diacritics, so that "Señor" and "senor" match.
// Matching in the reader is case- and accent-insensitive, as users of
// less and newsboat expect when they type a lower-case search.
//
// Removing diacritics means decomposing the text (NFD), dropping the
// nonspacing marks and composing what is left (NFC). Every article's body
// is folded as it is loaded, and most of a news article is ASCII, which
// none of these steps change; so long stretches of ASCII are only lowered,
// and the text between them goes through the steps. The text may be cut
// before or after any ASCII character: it is a starter, which reordering
// never moves a mark across, and once the nonspacing marks are dropped
// nothing composes with an ASCII character on either side (FuzzFold
// checks Fold against the steps run over the whole text). Short ASCII
// gaps, the spaces between accented words, stay with their neighbours,
// since each cut costs the steps a call. Chaining the steps with x/text's
// transform.Chain took two 4 KB buffers per call: a sixth of the bytes a
// first load allocates.
func Fold(s string) string {
	i := nonASCII(s)
	if i == len(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		for _, c := range []byte(s[:i]) {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
		s = s[i:]
		if len(s) == 0 {
			break
		}
		j := mixedEnd(s)
		b.WriteString(foldRun(s[:j]))
		s = s[j:]
		i = nonASCII(s)
	}
	return b.String()
}

// asciiStretch is how many ASCII bytes in a row Fold lowers on their own
// rather than with the text around them.
const asciiStretch = 32

// nonASCII returns the index of the first byte of s that is not ASCII, or
// len(s).
func nonASCII(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return len(s)
}

// mixedEnd returns where the first stretch of asciiStretch ASCII bytes
// starts in s, or len(s).
func mixedEnd(s string) int {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			run = 0
			continue
		}
		if run++; run == asciiStretch {
			return i + 1 - asciiStretch
		}
	}
	return len(s)
}

// foldRun folds a stretch of text through the three steps.
func foldRun(s string) string {
	bare := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(s))
	return strings.ToLower(norm.NFC.String(bare))
}
