package clean

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestWordHashNormalises checks that spellings a reader takes for the same
// word share a weight, and that different words do not.
func TestWordHashNormalises(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Cookies", "cookies", true},
		{"COOKIES", "cookies", true},
		{"2024", "1999", true},
		{"Schließen", "SCHLIEßEN", true},
		{"Élection", "élection", true},
		{"٢٠٢٤", "0000", true}, // Arabic-Indic digits read as 0 too
		{"cookies", "cookie", false},
		{"sign", "sing", false},
		{"10", "100", false},
	}
	for _, tt := range tests {
		if got := wordHash(tt.a) == wordHash(tt.b); got != tt.same {
			t.Errorf("wordHash(%q) == wordHash(%q) is %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

// TestLexicalSumMatchesTerms checks that the one-pass sum the cleaner uses
// adds exactly the terms training learns from, for lines of every kind.
func TestLexicalSumMatchesTerms(t *testing.T) {
	lex := make([]float32, lexSize)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range lex {
		lex[i] = float32(r.NormFloat64())
	}
	for _, s := range []string{
		"Privacy Policy",
		"The minister said on Monday that the talks would resume in 2025.",
		"•",
		"| Home | News | Sport |",
		"Élection présidentielle : les résultats définitifs",
		"東京 2020 オリンピック",
		"snake_case and x86-64",
		"  leading and trailing  ",
		"a",
	} {
		checkLexicalSum(t, s, lex)
	}
}

func checkLexicalSum(t *testing.T, s string, lex []float32) {
	t.Helper()
	li := measure(s)
	if li.Blank() {
		return
	}
	var want float32
	lineLexicalTerms(&li, func(slot uint32, v float32) { want += lex[slot] * v })
	if got := lexicalSum(&li, lex); got != want && !(math.IsNaN(float64(got)) && math.IsNaN(float64(want))) {
		t.Errorf("lexicalSum(%q) = %v, want %v", s, got, want)
	}
}

func FuzzLexicalSum(f *testing.F) {
	lex := make([]float32, lexSize)
	for i := range lex {
		lex[i] = float32(i%97) - 48
	}
	for _, s := range []string{"Privacy Policy", "Élection 2024", "•", "\xff\xfe bad bytes", "東京"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkLexicalSum(t, s, lex)
	})
}

// TestLexiconKnowsChrome checks what the generated lexicon learned: the
// words of site chrome weigh against a line, those of an article's section
// headings do not. It fails when the lexicon is missing, or when the
// hashing changes without retraining.
func TestLexiconKnowsChrome(t *testing.T) {
	m := defaultModel()
	if m == nil {
		t.Fatal("the generated model does not fit the feature layout or the lexicon its size")
	}
	chrome := []string{"Privacy Policy", "Sign in", "Add to cart", "Terms of Service", "Read more", "Share on Facebook"}
	headings := []string{"Introduction", "Conclusion", "Ingredients"}
	for _, c := range chrome {
		for _, h := range headings {
			wc, wh := lexicalSum(measured(c), m.lexicon), lexicalSum(measured(h), m.lexicon)
			if wc >= wh {
				t.Errorf("lexicon weighs %q at %.2f, not below the heading %q at %.2f", c, wc, h, wh)
			}
		}
	}
}

func TestLexiconEncoding(t *testing.T) {
	lex := make([]float32, lexSize)
	for i := range lex {
		lex[i] = float32(i) / 3
	}
	got := decodeLexicon(encodeLexicon(lex))
	if len(got) != lexSize {
		t.Fatalf("decoded %d weights, want %d", len(got), lexSize)
	}
	for i := range lex {
		if got[i] != lex[i] {
			t.Fatalf("weight %d: got %v, want %v", i, got[i], lex[i])
		}
	}
	if decodeLexicon(encodeLexicon(lex)[1:]) != nil {
		t.Error("a truncated lexicon decoded")
	}
}

// measured is measure for the tests that hand a line's measurements to a
// function that reads them in place.
func measured(s string) *LineInfo {
	li := measure(s)
	return &li
}
