package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldWhole folds s by running the three steps over the whole text, the
// definition Fold must keep to.
func foldWhole(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return strings.ToLower(out)
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Kerry met LAVROV", "kerry met lavrov"},
		{"Señor Kerry habló", "senor kerry hablo"},
		{"São Paulo’s “mayor”", "sao paulo’s “mayor”"},
		{"Cafe\u0301 Zu\u0308rich", "cafe zurich"}, // marks after ASCII letters
		{"ÅNGSTRÖM Ærø", "angstrom ærø"},           // Æ and ø have no marks to drop
		{"Ελληνικά Δήμος", "ελληνικα δημος"},       // Greek tonos
		{"Хрущёв", "хрущев"},                       // Cyrillic diaeresis
		{"한국어 뉴스", "한국어 뉴스"},                       // Hangul decomposes and composes again
		{"नमस्ते दुनिया", foldWhole("नमस्ते दुनिया")}, // Devanagari signs
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, whole := Fold(tt.in), foldWhole(tt.in); got != whole {
			t.Errorf("Fold(%q) = %q, folding it whole gives %q", tt.in, got, whole)
		}
	}
}

// TestFoldSamples folds the bundled samples, real scraped text with curly
// quotes, dashes and accented names, both ways.
func TestFoldSamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "samples", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := Fold(string(data)), foldWhole(string(data)); got != want {
			t.Errorf("%s: Fold differs from folding the text whole", filepath.Base(f))
		}
	}
}

// TestFoldAccented folds paragraphs where accented words follow each
// other closely, and the same with long stretches of ASCII between them.
func TestFoldAccented(t *testing.T) {
	for lang, p := range accented {
		for _, s := range []string{p, strings.Repeat(p+strings.Repeat("Plain ASCII words between. ", 3), 3)} {
			if got, want := Fold(s), foldWhole(s); got != want {
				t.Errorf("%s: Fold(%q) = %q, folding it whole gives %q", lang, s, got, want)
			}
		}
	}
}

// FuzzFold: Fold gives what folding the whole text gives, for any valid
// UTF-8 (the loader makes all text valid before it folds it).
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Señor", "Cafe\u0301", "a\u0308\u0301b", "ﬁ Ǆ ǅ", "\u0344\u0301", "한국어", "ÅÆ", "x\u0338y", "=\u0338", accented["French"], accented["Vietnamese"]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := Fold(s), foldWhole(s); got != want {
			t.Errorf("Fold(%q) = %q, folding it whole gives %q", s, got, want)
		}
	})
}

// accented holds paragraphs in languages with many diacritics, where
// accented words follow each other closely.
var accented = map[string]string{
	"French":     "Le président a déclaré mercredi que les négociations étaient « très avancées », après une réunion à Genève avec ses homologues européens. L'opposition a réclamé un débat à l'Assemblée dès la semaine prochaine.\n",
	"Vietnamese": "Thủ tướng cho biết chính phủ sẽ tăng cường hợp tác kinh tế với các nước láng giềng trong năm tới, đồng thời đẩy mạnh đầu tư vào hạ tầng giao thông ở miền Trung.\n",
}

// BenchmarkFold folds the bundled samples, the way the loader folds every
// article's body, and paragraphs of French and Vietnamese; and folds each
// by the whole-text steps for comparison.
func BenchmarkFold(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "samples", "*"))
	var text strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		text.Write(data)
	}
	texts := map[string]string{"samples": text.String()}
	for lang, p := range accented {
		texts[lang] = strings.Repeat(p, 100)
	}
	for _, name := range []string{"samples", "French", "Vietnamese"} {
		s := texts[name]
		for _, bc := range []struct {
			name string
			fold func(string) string
		}{{"Fold", Fold}, {"whole", foldWhole}} {
			b.Run(name+"/"+bc.name, func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				b.ReportAllocs()
				for b.Loop() {
					bc.fold(s)
				}
			})
		}
	}
}
