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
	if utf16 {
		// Structured formats in UTF-16 are rare; decode first, then detect.
		text, _ := DecodeText(data)
		data = []byte(text)
	}
	kind := Detect(name, data)
	switch kind {
	case HTML:
		var d Doc
		var err error
		if utf16 {
			// The page is UTF-8 now; its <meta charset> describes bytes
			// that are gone.
			d, err = extractText(string(data), "")
		} else {
			d, err = extractHTML(data, "")
		}
		if err != nil {
			return nil, nil, err
		}
		return []Doc{d}, nil, nil
	case JSON, JSONLines:
		var docs []Doc
		var probs []Problem
		var err error
		if kind == JSON {
			docs, probs, err = readJSON(data)
		} else {
			docs, probs = readJSONLines(data)
		}
		if byName := ByName(name); (err != nil || len(docs) == 0) && byName != JSON && byName != JSONLines {
			// Only the content suggested JSON, by its first character, and
			// it holds no article as JSON: a text that opens with
			// "[Updated 10:30]" or "{draft}" is still an article to read.
			return readText(data)
		}
		return docs, probs, err
	}
	return readText(data)
}

// readText reads the whole file as one plain text or Markdown article.
func readText(data []byte) ([]Doc, []Problem, error) {
	text, _ := DecodeText(data)
	if strings.TrimSpace(text) == "" {
		return nil, nil, ErrEmpty
	}
	return []Doc{{Index: -1, Body: text}}, nil, nil
}
