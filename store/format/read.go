package format

import (
	"errors"
	"strings"
)

// ErrBinary is returned for content that is not text.
var ErrBinary = errors.New("binary file, not text")

// ErrEmpty is returned for a file with no text in it.
var ErrEmpty = errors.New("empty file")

// Read turns the (already decompressed) bytes of a file into documents. An
// error means the whole file yields nothing; problems are items within it
// that were skipped.
func Read(name string, data []byte) ([]Doc, []Problem, error) {
	if len(strings.TrimSpace(string(data[:min(len(data), 1024)]))) == 0 && len(strings.TrimSpace(string(data))) == 0 {
		return nil, nil, ErrEmpty
	}
	utf16 := len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF)
	if !utf16 && IsBinary(data) {
		return nil, nil, ErrBinary
	}
	kind := Detect(name, data)
	if utf16 {
		// Structured formats in UTF-16 are rare; decode first, then detect.
		text, _ := DecodeText(data)
		data = []byte(text)
		kind = Detect(name, data)
	}
	switch kind {
	case HTML:
		d, err := extractHTML(data, "")
		if err != nil {
			return nil, nil, err
		}
		return []Doc{d}, nil, nil
	case JSON:
		return readJSON(data)
	case JSONLines:
		docs, probs := readJSONLines(data)
		return docs, probs, nil
	}
	text, _ := DecodeText(data)
	if strings.TrimSpace(text) == "" {
		return nil, nil, ErrEmpty
	}
	return []Doc{{Index: -1, Body: text}}, nil, nil
}
