package ui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"dateline/store"
	"dateline/store/state"
)

// TestRowKeepsMetaUnderTitle: in a list whose rows have room for a title
// of two lines, a title that needs one is followed at once by its source
// and date, and the spare line goes below; every row keeps the same
// height, so that scrolling stays arithmetic.
func TestRowKeepsMetaUnderTitle(t *testing.T) {
	l := listModel{width: 30, height: 20}
	if l.titleLines() != 2 {
		t.Fatalf("a %dx%d list gives titles %d lines, want 2", l.width, l.height, l.titleLines())
	}
	for _, tc := range []struct {
		title string
		want  []string // the row's lines, trimmed
	}{
		{"Floods in Geneva", []string{"• Floods in Geneva", "dpa · 500 words", ""}},
		{"Thousands protest in Berlin over tax reform", []string{"• Thousands protest in", "Berlin over tax reform", "dpa · 500 words"}},
	} {
		a := &store.Article{Title: tc.title, Source: "dpa", Words: 500}
		out := ansi.Strip(l.row(newStyles(true), a, state.Record{}, false, false))
		lines := strings.Split(out, "\n")
		if len(lines) != l.rowHeight() {
			t.Errorf("%q: %d lines, want %d", tc.title, len(lines), l.rowHeight())
			continue
		}
		for i, ln := range lines {
			if got := strings.TrimSpace(ln); got != tc.want[i] {
				t.Errorf("%q: line %d = %q, want %q", tc.title, i, got, tc.want[i])
			}
			if w := lipgloss.Width(ln); w != l.width {
				t.Errorf("%q: line %d is %d cells wide, want %d", tc.title, i, w, l.width)
			}
		}
	}
}
