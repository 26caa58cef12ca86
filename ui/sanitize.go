package ui

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// sanitize makes one line of text that came from an article (a title, a
// source, an entity name, a path) safe to print: escape sequences, C0 and C1
// control characters and bidi overrides are removed, and line breaks and tabs
// become single spaces. Scraped text is outside input; printed raw, an ESC
// could move the cursor or recolour the screen, and a bidi override could
// reorder what the user reads.
func sanitize(s string) string {
	return stripControls(s, false)
}

// sanitizeText is sanitize for multi-line text such as an article body: line
// breaks are kept, everything else is treated as in sanitize.
func sanitizeText(s string) string {
	return stripControls(s, true)
}

// SafeLine is sanitize for commands that print article text outside the
// reader, such as dateline clean: one line, with nothing that a terminal
// would act on.
func SafeLine(s string) string { return sanitize(s) }

// SafeText is sanitizeText for such commands: line breaks kept.
func SafeText(s string) string { return sanitizeText(s) }

// Unsafe reports whether the rune r is one the sanitiser removes on its
// own: a control character (C0, DEL, C1) or a bidi control, for code that
// must keep a rune's place (a file name shown with "?" in its stead).
func Unsafe(r rune) bool { return unicode.IsControl(r) || isBidiControl(r) }

// stripControls does the work of sanitize and sanitizeText. Whole escape sequences
// are dropped with ansi.Strip, which parses them like a terminal does, so no
// "[31m" residue is left behind; the remaining control runes are dropped one
// by one.
func stripControls(s string, keepNewlines bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteRune(r)
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case isBidiControl(r):
			// dropped
		case unicode.IsControl(r): // C0, DEL and C1
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isBidiControl reports whether r is one of the explicit directional
// formatting characters (embeddings, overrides, isolates and marks) that can
// make printed text read differently from its logical order.
func isBidiControl(r rune) bool {
	switch {
	case r >= '\u202A' && r <= '\u202E': // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= '\u2066' && r <= '\u2069': // LRI, RLI, FSI, PDI
		return true
	case r == '\u200E' || r == '\u200F' || r == '\u061C': // LRM, RLM, ALM
		return true
	}
	return false
}
