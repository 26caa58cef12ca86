package clean

import (
	"slices"
	"testing"

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
