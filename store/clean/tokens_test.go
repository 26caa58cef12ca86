package clean

import (
	"slices"
	"testing"
)

// tokensRef is what tokens yields, the slow way: the maximal runs of word
// runes, read rune by rune.
func tokensRef(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

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
// rune-by-rune reference on any line, including invalid UTF-8.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Don’t", "ÉTÉ à", "a\xffb", "x_1 — y", "日本語のテキスト"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := slices.Collect(tokens(s)), tokensRef(s); !slices.Equal(got, want) {
			t.Fatalf("tokens(%q) = %q, reference %q", s, got, want)
		}
	})
}
