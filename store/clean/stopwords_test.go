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
		tok           string
		stop, english bool
	}{
		{"the", true, true}, {"über", true, false}, {"Theory", false, false}, {"theater", false, false}, {"", false, false},
		// in Italian's list too, and in French's
		{"in", true, false}, {"on", true, false}, {"le", true, false},
	} {
		stop, english := lookupStopword(strings.ToLower(tt.tok))
		if stop != tt.stop || english != tt.english {
			t.Errorf("lookupStopword(%q) = %v, %v; want %v, %v", tt.tok, stop, english, tt.stop, tt.english)
		}
	}
}

// FuzzIsFunctionWord holds isFunctionWord to a lookup of the token
// lower-cased, in every case and script.
func FuzzIsFunctionWord(f *testing.F) {
	for _, s := range []string{"The", "AND", "über", "Über", "l'", "abcdefgh", "abcdefghi", "coo\u212aies", "İn", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		want, _ := lookupStopword(strings.ToLower(tok))
		if got := isFunctionWord(tok); got != want {
			t.Fatalf("isFunctionWord(%q) = %v, lookup of the lower case %v", tok, got, want)
		}
	})
}
