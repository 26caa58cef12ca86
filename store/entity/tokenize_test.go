package entity

import (
	"slices"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"U.S. officials", []string{"U.S.", "officials"}},
		{"in the U.S.", []string{"in", "the", "U.S."}},
		{"President Bashar al-Assad.", []string{"President", "Bashar", "al-Assad", "."}},
		{"Maite Nkoana-Mashabane, Kerry", []string{"Maite", "Nkoana-Mashabane", ",", "Kerry"}},
		{"Sep 17 (IANS/EFE) US", []string{"Sep", "17", "(", "IANS", "/", "EFE", ")", "US"}},
		{"--IANS/EFE", []string{"--", "IANS", "/", "EFE"}},
		{"Moscow’s intentions", []string{"Moscow", "’s", "intentions"}},
		{"Moscow's intentions", []string{"Moscow", "'s", "intentions"}},
		{"the countries' sharp", []string{"the", "countries", "'", "sharp"}},
		{"“military-to-military” talks", []string{"“", "military-to-military", "”", "talks"}},
		{"according to UN. calculations", []string{"according", "to", "UN", ".", "calculations"}},
		{"some 220,000 people and 7.6 million", []string{"some", "220,000", "people", "and", "7.6", "million"}},
		{"Mr. Kerry and John F. Kennedy", []string{"Mr.", "Kerry", "and", "John", "F.", "Kennedy"}},
		{"they don't", []string{"they", "do", "n't"}},
		{"Sean O'Brien", []string{"Sean", "O'Brien"}},
		{"discuss... precisely", []string{"discuss", "...", "precisely"}},
		{"US-Russia engagement", []string{"US-Russia", "engagement"}},
		{"AT&T shares", []string{"AT&T", "shares"}},
		{"São Paulo, Zürich", []string{"São", "Paulo", ",", "Zürich"}},
		{"", nil},
		{"  \n\n ", nil},
	}
	for _, tt := range tests {
		toks := Tokenize(tt.in)
		var got []string
		for _, tok := range toks {
			got = append(got, tok.Text)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		checkOffsets(t, tt.in, toks)
	}
}

func TestTokenizeNorm(t *testing.T) {
	toks := Tokenize("“Moscow’s”")
	var got []string
	for _, tok := range toks {
		got = append(got, tok.Norm)
	}
	want := []string{`"`, "Moscow", "'s", `"`}
	if !slices.Equal(got, want) {
		t.Errorf("norms = %q, want %q", got, want)
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Kerry spoke. Lavrov listened.", []string{"Kerry spoke .", "Lavrov listened ."}},
		{"He met Mr. Lavrov. They talked.", []string{"He met Mr. Lavrov .", "They talked ."}},
		{"The U.S. envoy left.", []string{"The U.S. envoy left ."}},
		{`He said "no." Then he left.`, []string{`He said " no . "`, "Then he left ."}},
		{"according to UN. calculations.", []string{"according to UN . calculations ."}},
		{"First paragraph\n\nSecond one", []string{"First paragraph", "Second one"}},
		{"a line\nwrapped", []string{"a line wrapped"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range sentences(Tokenize(tt.in)) {
			var w []string
			for _, tok := range s {
				w = append(w, tok.Norm)
			}
			got = append(got, strings.Join(w, " "))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkOffsets verifies that tokens are in order, do not overlap, index text
// and leave out only white space.
func checkOffsets(t *testing.T, text string, toks []Token) {
	t.Helper()
	prev := 0
	for _, tok := range toks {
		if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) {
			t.Fatalf("token %q has offsets %d..%d after %d in %d bytes", tok.Text, tok.Start, tok.End, prev, len(text))
		}
		if text[tok.Start:tok.End] != tok.Text {
			t.Fatalf("token %q != text[%d:%d] = %q", tok.Text, tok.Start, tok.End, text[tok.Start:tok.End])
		}
		if gap := text[prev:tok.Start]; strings.TrimSpace(gap) != "" {
			t.Fatalf("text %q between tokens was dropped", gap)
		}
		prev = tok.End
	}
	if rest := text[prev:]; strings.TrimSpace(rest) != "" {
		t.Fatalf("trailing text %q was dropped", rest)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"U.S. officials", "al-Assad's", "“IANS/EFE”", "don't", "a.b.c", "--", "7.6", "O'", "'s", "\xff\xfe", "A.\n\nB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkOffsets(t, s, Tokenize(s))
	})
}

// TestHasLower checks that hasLower finds what a look-up of
// strings.ToLower finds, for ASCII words it folds in place and for words
// it hands to strings.ToLower.
func TestHasLower(t *testing.T) {
	set := map[string]bool{"the": true, "mr.": true, "état": true, "o'neill": true,
		strings.Repeat("a", 40): true}
	tests := []string{"the", "The", "THE", "tHe", "then", "", "Mr.", "MR.", "ÉTAT", "État",
		"O'Neill", "O’Neill", "@the", "[the", strings.Repeat("A", 40), strings.Repeat("A", 32)}
	for _, w := range tests {
		if got, want := hasLower(set, w), set[strings.ToLower(w)]; got != want {
			t.Errorf("hasLower(%q) = %v, want %v", w, got, want)
		}
	}
}
