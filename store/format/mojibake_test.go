package format

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// misread returns s as it reads after its UTF-8 bytes were taken for
// Windows-1252 and written out again as UTF-8.
func misread(t testing.TB, s string) string {
	t.Helper()
	b, err := charmap.Windows1252.NewDecoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRepairMojibake(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"apostrophe and dash", "isnâ€™t changing how we optimize websitesâ€”itâ€™s", "isn’t changing how we optimize websites—it’s"},
		{"accented letters", "EspaÃ±ol · FranÃ§ais · PortuguÃªs", "Español · Français · Português"},
		{"quotes and ellipsis", "â€œWe waitedâ€¦â€\u009d she said", "“We waited…” she said"},
		{"a four-byte character", misread(t, "Great news 🎉 today"), "Great news 🎉 today"},
		{"clean text stays", "São Paulo, Zürich, naïve café – “quoted”", "São Paulo, Zürich, naïve café – “quoted”"},
		{"a capital A with tilde before a letter stays", "SÃO PAULO", "SÃO PAULO"},
		{"a lead without its continuation stays", "Ã and â alone", "Ã and â alone"},
		{"a cut-off sequence at the end stays", "itâ€", "itâ€"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := repairMojibake(tt.in); got != tt.want {
				t.Errorf("repairMojibake(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDecodeTextRepairsMojibake(t *testing.T) {
	text, enc := DecodeText([]byte("The museumâ€™s director\r\nsaid so.\r\n"))
	if want := "The museum’s director\nsaid so.\n"; text != want || enc != "utf-8" {
		t.Errorf("DecodeText = %q, %q; want %q, utf-8", text, enc, want)
	}
}

func FuzzRepairMojibake(f *testing.F) {
	for _, s := range []string{"isnâ€™t", "EspaÃ±ol", "SÃO", "Ã", "ðŸŽ‰", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got := repairMojibake(s)
		if !utf8.ValidString(got) {
			t.Fatalf("repairMojibake(%q) = %q, not valid UTF-8", s, got)
		}
		if len(got) > len(s) {
			t.Fatalf("repairMojibake(%q) = %q, longer than its input", s, got)
		}
		if !mayHoldMojibake(s) && got != s {
			t.Fatalf("repairMojibake(%q) = %q changed text that holds no mis-decoded lead", s, got)
		}
	})
}
