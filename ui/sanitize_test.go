package ui

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want, wantText string
	}{
		{"plain", "Kerry spoke with Lavrov", "Kerry spoke with Lavrov", "Kerry spoke with Lavrov"},
		{"accents and symbols kept", "Señor ₹900 — “quoted”", "Señor ₹900 — “quoted”", "Señor ₹900 — “quoted”"},
		{"colour sequence", "\x1b[31mred\x1b[0m text", "red text", "red text"},
		{"cursor movement", "a\x1b[2J\x1b[Hb", "ab", "ab"},
		{"OSC title and hyperlink", "\x1b]0;pwned\x07x \x1b]8;;http://e.vil\x1b\\link\x1b]8;;\x1b\\", "x link", "x link"},
		{"lone ESC", "a\x1bb", "a", "a"},
		{"C0 controls", "bell\x07 back\x08space nul\x00", "bell backspace nul", "bell backspace nul"},
		{"DEL", "del\x7fete", "delete", "delete"},
		{"C1 controls", "c1\u009b31mred\u0085next", "c131mrednext", "c131mrednext"},
		{"bidi override", "abc\u202Edcba\u202C ok", "abcdcba ok", "abcdcba ok"},
		{"bidi isolates and marks", "\u2067x\u2069\u200Fy\u200E", "xy", "xy"},
		{"newlines", "one\ntwo\r\nthree", "one two three", "one\ntwo\nthree"},
		{"tabs and CR", "a\tb\rc", "a b c", "a b c"},
		{"invalid UTF-8", "bad \xff byte", "bad \uFFFD byte", "bad \uFFFD byte"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sanitize(tt.in); got != tt.want {
				t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := sanitizeText(tt.in); got != tt.wantText {
				t.Errorf("sanitizeText(%q) = %q, want %q", tt.in, got, tt.wantText)
			}
		})
	}
}

// FuzzSanitize checks that nothing which can drive a terminal survives
// sanitize, whatever the article bytes are.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\x1b]8;;x\x07y", "a\u202Eb", "\xff\xfe", "\u009b2J", "x\ny\tz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, keep := range []bool{false, true} {
			out := stripControls(in, keep)
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q: %q", in, out)
			}
			for _, r := range out {
				if r == '\n' && keep {
					continue
				}
				if unicode.IsControl(r) || isBidiControl(r) {
					t.Fatalf("control %U survived in %q (from %q)", r, out, in)
				}
			}
			if again := stripControls(out, keep); again != out {
				t.Fatalf("not idempotent: %q then %q", out, again)
			}
			if !keep && strings.Contains(out, "\n") {
				t.Fatalf("newline in a single line: %q", out)
			}
		}
	})
}
