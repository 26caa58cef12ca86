package format

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// repairMojibake undoes the commonest encoding accident of scraped text:
// UTF-8 bytes read as Windows-1252 and written out again as UTF-8, which
// turns "isn’t" into "isnâ€™t" and "Español" into "EspaÃ±ol". Each run of
// characters that starts like a UTF-8 lead byte read as Windows-1252 is
// encoded back to those bytes, and replaced by what they decode to only when
// that is one well-formed multi-byte UTF-8 character. Text in any real
// language almost never holds such a run: "Ã" followed by "©" is not a
// spelling, while "SÃO" keeps its "Ã" because "O" is not a continuation
// byte. Text with no character that could start a run is returned as it is.
//
// x/text has the Windows-1252 table but no repair; the usual tool for this
// (Python's ftfy) has no Go counterpart, so the small walk is written here.
func repairMojibake(s string) string {
	if !mayHoldMojibake(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if fixed, used := repairAt(s[i:]); used > 0 {
			b.WriteRune(fixed)
			i += used
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// mayHoldMojibake reports whether s holds a character from U+00C2 to U+00F4,
// which is how a UTF-8 lead byte looks when read as Windows-1252. In UTF-8
// those characters are 0xC3 followed by 0x82 to 0xB4.
func mayHoldMojibake(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == 0xC3 && s[i+1] >= 0x82 && s[i+1] <= 0xB4 {
			return true
		}
	}
	return false
}

// repairAt tries to read one mis-decoded character at the start of s. It
// returns the character and the number of bytes of s it replaces, or 0 when
// s does not start with one.
func repairAt(s string) (rune, int) {
	lead, n := utf8.DecodeRuneInString(s)
	if lead < 0xC2 || lead > 0xF4 {
		return 0, 0
	}
	size := 2 // the length of the UTF-8 sequence that lead would open
	switch {
	case lead >= 0xF0:
		size = 4
	case lead >= 0xE0:
		size = 3
	}
	var buf [4]byte
	buf[0] = byte(lead)
	used := n
	for k := 1; k < size; k++ {
		r, m := utf8.DecodeRuneInString(s[used:])
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok && r >= 0x80 && r <= 0x9F {
			// The five bytes Windows-1252 leaves undefined (0x9D in "”")
			// come through as the C1 controls of the same number, as
			// Latin-1 reads them.
			c, ok = byte(r), true
		}
		if m == 0 || !ok || c < 0x80 || c > 0xBF {
			return 0, 0
		}
		buf[k] = c
		used += m
	}
	fixed, m := utf8.DecodeRune(buf[:size])
	if fixed == utf8.RuneError || m != size {
		return 0, 0
	}
	return fixed, used
}
