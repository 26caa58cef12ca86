package ui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestHighlightWholeWords: filter words are marked wherever the filter
// found them, inside words too; an entity's names only as whole words, so
// that picking "UN" in the sidebar does not mark "counterpart" or
// "Russia" for "US".
func TestHighlightWholeWords(t *testing.T) {
	const line = "His Russian counterpart met UN envoys and the US delegation (US-led)."
	mark := lipgloss.NewStyle().Reverse(true)
	for _, tc := range []struct {
		name  string
		terms []string
		words bool
		want  int // marked spans
	}{
		{"filter word inside words", []string{"un"}, false, 2},
		{"entity name as a word", []string{"UN"}, true, 1},
		{"entity name next to punctuation", []string{"US"}, true, 2},
		{"accents fold in whole words too", []string{"Russián"}, true, 1},
	} {
		out, lines := highlight(line, tc.terms, mark, tc.words)
		if ansi.Strip(out) != line {
			t.Errorf("%s: marking changed the text: %q", tc.name, ansi.Strip(out))
		}
		got := strings.Count(out, "\x1b[7m")
		if got != tc.want {
			t.Errorf("%s: %d marks, want %d: %q", tc.name, got, tc.want, out)
		}
		if (tc.want > 0) != (len(lines) > 0) {
			t.Errorf("%s: lines with marks %v", tc.name, lines)
		}
	}
}
