package format

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// IsBinary reports whether data looks like a binary file rather than text:
// a NUL byte, or many control characters, near the start. Text in UTF-16 is
// recognised by its byte-order mark before this check runs.
func IsBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctrl++
		}
	}
	return ctrl*10 > len(head)
}

// DecodeText turns file bytes into UTF-8 text with \n line endings, and
// names the encoding it assumed. UTF-8 (with or without BOM) and UTF-16 with
// a BOM are decoded as such; bytes that are not valid UTF-8 and carry no
// UTF-8 multi-byte sequence at all are taken as Windows-1252, the usual
// legacy encoding of Western news sites. Invalid bytes become U+FFFD, and
// UTF-8 text that was once read as Windows-1252 ("isnâ€™t") is repaired.
func DecodeText(data []byte) (text, enc string) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		text, enc = repairMojibake(string(data[3:])), "utf-8"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		b, err := dec.Bytes(data)
		if err != nil {
			return normaliseNewlines(strings.ToValidUTF8(string(data), "\uFFFD")), "utf-8"
		}
		text, enc = string(b), "utf-16"
	case utf8.Valid(data):
		text, enc = repairMojibake(string(data)), "utf-8"
	case !hasUTF8Multibyte(data):
		b, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			b = data
		}
		text, enc = string(b), "windows-1252"
	default:
		text, enc = string(data), "utf-8"
	}
	return normaliseNewlines(strings.ToValidUTF8(text, "\uFFFD")), enc
}

// hasUTF8Multibyte reports whether data holds at least one well-formed UTF-8
// multi-byte sequence, which a legacy 8-bit text almost never does by chance.
func hasUTF8Multibyte(data []byte) bool {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError && n > 1 {
			return true
		}
		i++
	}
	return false
}

func normaliseNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
