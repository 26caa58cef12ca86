package clean

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"dateline/store/clean/score"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Don’t miss it", []string{"Don", "t", "miss", "it"}},
		{"Été à Paris, 2024!", []string{"Été", "à", "Paris", "2024"}},
		{"snake_case and a—dash", []string{"snake_case", "and", "a", "dash"}},
		{"bad\xffbyte", []string{"bad", "byte"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		if got := slices.Collect(tokens(tt.in)); !slices.Equal(got, tt.want) {
			t.Errorf("tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzTokens checks tokens, which reads ASCII bytes off a table, against the
// metric's own tokenizer (\w+, read rune by rune) on any line, including
// invalid UTF-8: the cleaner counts words as the metric does.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Don’t", "ÉTÉ à", "a\xffb", "x_1 — y", "日本語のテキスト"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := slices.Collect(tokens(s)), score.Tokens(s); !slices.Equal(got, want) {
			t.Fatalf("tokens(%q) = %q, reference %q", s, got, want)
		}
	})
}

// measureByTokens is the plain definition of the counts measureWords makes
// in one pass: each token of the metric's tokenizer, its first character,
// and a lookup of it lower-cased in the function-word table.
func measureByTokens(trim string) (words, caps, digits, stop, english, runes int) {
	for _, tok := range score.Tokens(trim) {
		words++
		r, _ := utf8.DecodeRuneInString(tok)
		switch {
		case unicode.IsUpper(r):
			caps++
		case unicode.IsDigit(r):
			digits++
		}
		lower := strings.ToLower(tok)
		if strings.ContainsFunc(tok, func(r rune) bool { return r >= utf8.RuneSelf }) {
			if s, _ := lookupStopword(lower); s {
				stop++
			}
			continue
		}
		if s, e := lookupStopword(lower); s {
			stop++
			if e {
				english++
			}
		}
	}
	return words, caps, digits, stop, english, utf8.RuneCountInString(trim)
}

func checkMeasure(t *testing.T, line string) {
	t.Helper()
	li := measure(line)
	w, c, d, s, e, r := measureByTokens(li.Trim)
	if li.Words != w || li.Caps != c || li.Digits != d || li.Stop != s || li.English != e || li.runes != r {
		t.Fatalf("measure(%q): words %d caps %d digits %d stop %d english %d runes %d; want %d %d %d %d %d %d",
			line, li.Words, li.Caps, li.Digits, li.Stop, li.English, li.runes, w, c, d, s, e, r)
	}
	// The byte set, as byteSet defines it.
	set := setOf(li.Trim)
	if set&wideBytes != 0 {
		set |= wideAlso
	}
	if li.bytes != set {
		t.Fatalf("measure(%q): byte set %#x, want %#x", line, li.bytes, set)
	}
	// The lexicon slots that lexicalSum sums the weights of.
	var slots []uint16
	var first uint16
	for k, tok := range score.Tokens(li.Trim) {
		slots = append(slots, uint16(lexSlot(nsWord, wordHash(tok))))
		if k == 0 {
			first = uint16(lexSlot(nsFirst, wordHash(tok)))
		}
	}
	if !slices.Equal(li.slots, slots) || li.firstSlot != first {
		t.Fatalf("measure(%q): lexicon slots %x and first %x, want %x and %x", line, li.slots, li.firstSlot, slots, first)
	}
}

func TestMeasureWords(t *testing.T) {
	for _, line := range []string{
		"The Minister said it was over.",
		"Der Minister sagte, es sei vorbei.",
		"Ça n’est pas fini, dit-il à 20 heures.",
		"ÉTÉ 2024 — THE END",
		"élan and café, naïve",
		"café", // a byte outside ASCII only inside a word
		"a\xffb THE\xc3",
		"snake_case_word 1st",
		"",
	} {
		checkMeasure(t, line)
	}
	if li := measure("Of the Nile and"); li.Stop != 3 || li.English == 0 {
		t.Errorf("stop %d english %d, want 3 function words, English ones among them", li.Stop, li.English)
	}
}

func FuzzMeasureWords(f *testing.F) {
	for _, s := range []string{"The end", "Ça n’est pas", "a\xffb", "ÉLAN and", "日本語 the"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkMeasure(t, s)
	})
}

// firstWordRef is firstWord read rune by rune.
func firstWordRef(s string) string {
	for i, r := range s {
		if !isWordRune(r) {
			if i == 0 {
				_, size := utf8.DecodeRuneInString(s)
				return s[:size]
			}
			return s[:i]
		}
	}
	return s
}

func TestFirstWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"read more", "read"},
		{"(photo: ap)", "("},
		{"© copyright", "©"},
		{"été à paris", "été"},
		{"naïve reader", "naïve"},
		{"word", "word"},
		{"", ""},
		{"\xff", "\xff"},
	}
	for _, tt := range tests {
		if got := firstWord(tt.in); got != tt.want {
			t.Errorf("firstWord(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFirstWord(f *testing.F) {
	for _, s := range []string{"read more", "© x", "été", "a\xffb", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := firstWord(s), firstWordRef(s); got != want {
			t.Fatalf("firstWord(%q) = %q, reference %q", s, got, want)
		}
	})
}
