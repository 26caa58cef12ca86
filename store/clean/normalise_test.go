package clean

import (
	"strings"
	"testing"
)

// normaliseRef is what normalise computes, the slow way: strings.ToLower
// after the leading symbols are trimmed, then the typographic apostrophes
// replaced.
func normaliseRef(s string) string {
	s = strings.ToLower(trimLeadingSymbols(s))
	return strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'").Replace(s)
}

func TestNormalise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"already lower", "already lower"},
		{"Subscribe NOW", "subscribe now"},
		{"Sign up: it's free!", "sign up: it's free!"},
		{"Don’t miss ‘this’ — it’s here", "don't miss 'this' — it's here"},
		{"ÉTÉ À PARIS", "été à paris"},
		{"🚀 Sign Up", "sign up"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalise(tt.in); got != tt.want {
			t.Errorf("normalise(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if ref := normaliseRef(tt.in); ref != tt.want {
			t.Errorf("reference(%q) = %q, want %q", tt.in, ref, tt.want)
		}
		checkNormaliseLine(t, tt.in)
	}
}

// checkNormaliseLine checks the quick paths that measure takes for a line
// of ASCII, with capitals or without, against the reference.
func checkNormaliseLine(t *testing.T, s string) {
	t.Helper()
	li := measure(s)
	var n normBuf
	if got, want := n.line(li.Trim, li.bytes), normaliseRef(li.Trim); got != want {
		t.Fatalf("normBuf.line(%q) = %q, reference %q", li.Trim, got, want)
	}
}

// FuzzNormalise checks the one-pass normalise against the reference on any
// line, including invalid UTF-8.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"Don’t", "ÉTÉ", "🚀 Go", "a\xffb", "İstanbul", "ʼOkina"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normalise(s), normaliseRef(s); got != want {
			t.Fatalf("normalise(%q) = %q, reference %q", s, got, want)
		}
		checkNormaliseLine(t, s)
	})
}

// TestLowerWord checks lowerWord against lowerASCII for every byte in every
// place of the word, its neighbours each byte too in turn, which is every
// carry one byte could pass to the next.
func TestLowerWord(t *testing.T) {
	for c := range 256 {
		for d := range 256 {
			for shift := 0; shift < 64; shift += 8 {
				x := (uint64(c) | uint64(d)<<8) << shift
				want := (uint64(lowerASCII[c]) | uint64(lowerASCII[d])<<8) << shift
				if shift == 56 {
					want = uint64(lowerASCII[c]) << 56
				}
				if got := lowerWord(x); got != want {
					t.Fatalf("lowerWord(%#x) = %#x, want %#x", x, got, want)
				}
			}
		}
	}
}

// FuzzLowerInPlace checks lowerInPlace against lowerASCII, byte by byte,
// on any bytes, and asciiRun against a byte by byte search.
func FuzzLowerInPlace(f *testing.F) {
	for _, s := range []string{"Hello, World! AZaz@[`{", "ÀBC\x80\xffZ[@", "@AZ[`az{\x7f\xc1\xda"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		lowerInPlace(b)
		for i := range len(s) {
			if b[i] != lowerASCII[s[i]] {
				t.Fatalf("lowerInPlace(%q)[%d] = %#x, want %#x", s, i, b[i], lowerASCII[s[i]])
			}
		}
		for from := range len(s) + 1 {
			want := from
			for want < len(s) && s[want] < 0x80 {
				want++
			}
			if got := asciiRun(s, from); got != want {
				t.Fatalf("asciiRun(%q, %d) = %d, want %d", s, from, got, want)
			}
		}
	})
}
