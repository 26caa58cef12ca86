// Package format recognises the shapes scrapers write articles in (plain
// text, Markdown, HTML, JSON, JSON lines, each optionally gzipped) and turns
// a file's bytes into documents: a body with whatever metadata the file
// carried. Cleaning and entity recognition happen later, in the store.
package format

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Kind is the detected shape of a file.
type Kind int

// The kinds of file dateline reads.
const (
	Unknown Kind = iota
	Text
	Markdown
	HTML
	JSON
	JSONLines
)

func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Markdown:
		return "markdown"
	case HTML:
		return "html"
	case JSON:
		return "json"
	case JSONLines:
		return "jsonl"
	}
	return "unknown"
}

// Doc is one article as a file holds it, before cleaning.
type Doc struct {
	Index  int    // position within a JSON array or JSON lines file; -1 for a one-article file
	Title  string // from metadata; empty when the file gives none
	Body   string // UTF-8 text, \n line endings
	URL    string
	Date   string // as written
	Author string
	Source string
	// Extracted is set when Body is the main content that an HTML extractor
	// chose, rather than text the scraper wrote.
	Extracted bool
}

// Problem is an item within a file that could not be read, such as one
// malformed JSON line. The rest of the file is still read.
type Problem struct {
	Line   int // 1-based line, or 0 when the problem is not tied to a line
	Index  int // the item's position, or -1
	Reason string
}

// ByName guesses the kind from a file name alone, ignoring a .gz suffix.
func ByName(name string) Kind {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	switch filepath.Ext(name) {
	case ".txt", ".text", "":
		return Text
	case ".md", ".markdown":
		return Markdown
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".json":
		return JSON
	case ".jsonl", ".ndjson":
		return JSONLines
	}
	return Unknown
}

// Supported reports whether a folder walk should read a file of this name.
func Supported(name string) bool { return ByName(name) != Unknown }

// Detect decides the kind from the content, falling back on the name. The
// content wins because scrapers often save HTML or JSON as .txt.
func Detect(name string, data []byte) Kind {
	byName := ByName(name)
	head := bytes.TrimLeft(data[:min(len(data), 4096)], " \t\r\n\ufeff")
	lower := bytes.ToLower(head[:min(len(head), 512)])
	switch {
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")),
		bytes.HasPrefix(lower, []byte("<head")), bytes.HasPrefix(lower, []byte("<body")),
		bytes.HasPrefix(lower, []byte("<?xml")) && bytes.Contains(lower, []byte("<html")),
		bytes.HasPrefix(lower, []byte("<!--")) && bytes.Contains(lower, []byte("<html")):
		return HTML
	case looksLikeMarkup(lower):
		// Pages that open with a stray <script> or <style> before any
		// <html> are still web pages.
		return HTML
	case bytes.HasPrefix(head, []byte("[")):
		if byName == JSONLines {
			return JSONLines
		}
		return JSON
	case bytes.HasPrefix(head, []byte("{")):
		if byName == JSON || byName == JSONLines {
			return byName
		}
		// An object on the first line that closes on that line is JSON lines;
		// an object spread over many lines is one JSON document.
		first, _, _ := bytes.Cut(head, []byte("\n"))
		if bytes.HasSuffix(bytes.TrimSpace(first), []byte("}")) {
			return JSONLines
		}
		return JSON
	}
	if byName == HTML || byName == JSON || byName == JSONLines {
		// The name promised structure the content does not have: read it as
		// text rather than fail.
		return Text
	}
	if byName == Unknown {
		return Text
	}
	return byName
}

// looksLikeMarkup reports whether lower-cased content opens with a tag and
// closes one soon after, as markup does and prose that merely starts with
// "<" does not.
func looksLikeMarkup(lower []byte) bool {
	if len(lower) < 2 || lower[0] != '<' {
		return false
	}
	if c := lower[1]; !(c >= 'a' && c <= 'z' || c == '!') {
		return false
	}
	for _, tag := range []string{"<script", "<style", "<meta", "<link", "<title", "<div", "<!--"} {
		if bytes.HasPrefix(lower, []byte(tag)) {
			return bytes.Contains(lower, []byte("</")) || bytes.Contains(lower, []byte("/>"))
		}
	}
	return false
}

// maxGunzip bounds how much a .gz file may expand to, so that a small
// compressed bomb cannot exhaust memory.
const maxGunzip = 256 << 20

// Gunzip returns the content of a gzip stream, read to at most limit bytes,
// and whether it was cut there.
func Gunzip(data []byte, limit int64) ([]byte, bool, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, false, fmt.Errorf("gunzip: %w", err)
	}
	defer zr.Close()
	limit = min(limit, maxGunzip)
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, false, fmt.Errorf("gunzip: %w", err)
	}
	if int64(len(out)) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}

// IsGzip reports whether data starts with the gzip magic number.
func IsGzip(data []byte) bool {
	return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b
}
