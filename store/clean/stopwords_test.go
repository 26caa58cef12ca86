package clean

import (
	"strings"
	"testing"
)

func TestStopwordLength(t *testing.T) {
	for _, l := range stopwordLists {
		for _, w := range strings.Fields(l) {
			if len(w) > maxStopwordLen {
				t.Errorf("%q is longer than maxStopwordLen", w)
			}
			if w != strings.ToLower(w) {
				t.Errorf("%q is not lower case", w)
			}
		}
	}
	for _, tt := range []struct {
		tok  string
		want bool
	}{{"the", true}, {"über", true}, {"Theory", false}, {"theater", false}, {"", false}} {
		if got := isStopword(strings.ToLower(tt.tok)); got != tt.want {
			t.Errorf("isStopword(%q) = %v", tt.tok, got)
		}
	}
}
