package format

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field names scrapers commonly write, in order of preference. Keys are
// compared case-insensitively.
var (
	titleKeys  = []string{"title", "headline"}
	bodyKeys   = []string{"text", "body", "content", "article", "maintext", "articlebody"}
	urlKeys    = []string{"url", "link", "source_url"}
	dateKeys   = []string{"date", "published", "publish_date", "date_publish", "pubdate"}
	authorKeys = []string{"author", "authors"}
	sourceKeys = []string{"source", "sitename", "site_name", "domain"}
	htmlKeys   = []string{"html", "raw_html"}
)

// jsonSpace is the white space JSON allows between values.
const jsonSpace = " \t\r\n"

// readJSON reads one article object, an array of them, or several values one
// after another.
func readJSON(data []byte) ([]Doc, []Problem, error) {
	data = trimBOM(data)
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, nil, fmt.Errorf("malformed JSON: %s", jsonErr(err, data))
	}
	if len(bytes.Trim(data[dec.InputOffset():], jsonSpace)) > 0 {
		// Scrapers save JSON lines, or the objects jq prints one after
		// another, under a .json name; reading only the first value would
		// drop the rest without a word.
		docs, probs := readJSONStream(data)
		return docs, probs, nil
	}
	switch v := v.(type) {
	case map[string]any:
		d, err := docFromObject(v, -1)
		if err != nil {
			return nil, nil, err
		}
		return []Doc{d}, nil, nil
	case []any:
		docs, probs := readArray(v, 0)
		return docs, probs, nil
	}
	return nil, nil, fmt.Errorf("JSON holds neither an article object nor an array of them")
}

// readArray reads an array of article objects as items numbered from first.
func readArray(items []any, first int) ([]Doc, []Problem) {
	var docs []Doc
	var probs []Problem
	for i, item := range items {
		index := first + i
		obj, ok := item.(map[string]any)
		if !ok {
			probs = append(probs, Problem{Index: index, Reason: fmt.Sprintf("item %d is not an object", index)})
			continue
		}
		d, err := docFromObject(obj, index)
		if err != nil {
			probs = append(probs, Problem{Index: index, Reason: fmt.Sprintf("item %d: %v", index, err)})
			continue
		}
		docs = append(docs, d)
	}
	return docs, probs
}

// readJSONStream reads a file of several JSON values as items 0..n. When the
// first line holds a whole object the file is JSON lines and is read as such,
// so that a malformed line costs only that line. Otherwise the values span
// lines, as jq prints them, and are decoded in turn; a malformed value ends
// the reading, because nothing tells where the next value starts, and the
// problem says so. The items of an array in the stream are items of the
// file: exporters that append each run's array to the same file (Scrapy's
// -o) leave arrays one after another.
func readJSONStream(data []byte) ([]Doc, []Problem) {
	first, _, _ := bytes.Cut(bytes.TrimLeft(data, jsonSpace), []byte("\n"))
	if bytes.HasPrefix(first, []byte("{")) && json.Valid(first) {
		return readJSONLines(data)
	}
	var docs []Doc
	var probs []Problem
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// The line a value starts on names it in a problem, as in JSON lines.
	// It is counted on from the previous value's start: counting from the
	// top of the file for every value made a file of many values
	// quadratic to read.
	lineNo, counted := 1, 0
	for index := 0; ; {
		start := int(dec.InputOffset())
		start += len(data[start:]) - len(bytes.TrimLeft(data[start:], jsonSpace))
		lineNo += bytes.Count(data[counted:start], []byte("\n"))
		counted = start
		var v any
		err := dec.Decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			probs = append(probs, lineProblem(lineNo, index, fmt.Sprintf("malformed JSON: %s; the rest of the file is not read", jsonErr(err, data))))
			break
		}
		if items, ok := v.([]any); ok {
			d, p := readArray(items, index)
			docs, probs = append(docs, d...), append(probs, p...)
			index += len(items)
			continue
		}
		if d, err := itemDoc(v, index); err != nil {
			probs = append(probs, lineProblem(lineNo, index, err.Error()))
		} else {
			docs = append(docs, d)
		}
		index++
	}
	return docs, probs
}

// readJSONLines reads one object per line. A malformed line is reported with
// its number and skipped; the other lines are still read. Values after the
// first on a line are read too, as items of their own, so that two objects
// a scraper wrote without a newline between them are not lost, and text
// after them is a problem of the line rather than dropped unseen.
func readJSONLines(data []byte) ([]Doc, []Problem) {
	data = trimBOM(data)
	var docs []Doc
	var probs []Problem
	index := 0
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		lineNo := n + 1
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		for {
			var v any
			err := dec.Decode(&v)
			if err == io.EOF {
				break
			}
			if err != nil {
				probs = append(probs, lineProblem(lineNo, index, "malformed JSON: "+jsonErr(err, line)))
				index++
				break
			}
			if d, err := itemDoc(v, index); err != nil {
				probs = append(probs, lineProblem(lineNo, index, err.Error()))
			} else {
				docs = append(docs, d)
			}
			index++
		}
	}
	return docs, probs
}

// itemDoc turns one value of a JSON lines file or of a stream of JSON values
// into a document.
func itemDoc(v any, index int) (Doc, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return Doc{}, errors.New("not a JSON object")
	}
	return docFromObject(obj, index)
}

// lineProblem describes an item of a JSON lines file or of a stream of JSON
// values that could not be read, by the line it starts on.
func lineProblem(lineNo, index int, reason string) Problem {
	return Problem{Line: lineNo, Index: index, Reason: fmt.Sprintf("line %d: %s", lineNo, reason)}
}

// docFromObject maps a scraper's object onto a Doc.
func docFromObject(obj map[string]any, index int) (Doc, error) {
	lower := make(map[string]any, len(obj))
	for k, v := range obj {
		lk := strings.ToLower(k)
		if _, seen := lower[lk]; !seen {
			lower[lk] = v
		}
	}
	pick := func(keys []string) string {
		for _, k := range keys {
			if s := strings.TrimSpace(stringOf(lower[k])); s != "" {
				return s
			}
		}
		return ""
	}
	d := Doc{
		Index:  index,
		Title:  oneLine(pick(titleKeys)),
		Body:   normaliseNewlines(pick(bodyKeys)),
		URL:    oneLine(pick(urlKeys)),
		Date:   oneLine(pick(dateKeys)),
		Author: oneLine(pick(authorKeys)),
		Source: oneLine(pick(sourceKeys)),
	}
	if d.Body == "" {
		if raw := pick(htmlKeys); raw != "" {
			// The field is Unicode text already: decoding it again by the
			// page's <meta charset> would garble every non-ASCII letter.
			h, err := extractText(raw, d.URL)
			if err != nil {
				return Doc{}, err
			}
			h.Index = index
			h.Title = cmp.Or(d.Title, h.Title)
			h.URL = cmp.Or(d.URL, h.URL)
			h.Date = cmp.Or(d.Date, h.Date)
			h.Author = cmp.Or(d.Author, h.Author)
			h.Source = cmp.Or(d.Source, h.Source)
			return h, nil
		}
		return Doc{}, fmt.Errorf("no article text (none of the fields text, body, content, article, maintext, articleBody, html)")
	}
	return d, nil
}

// stringOf renders a JSON value as text: strings as they are, lists of
// names joined with commas, objects by their name or value field.
func stringOf(v any) string {
	switch v := v.(type) {
	case string:
		return strings.ToValidUTF8(v, "\uFFFD")
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case []any:
		var parts []string
		for _, x := range v {
			if s := strings.TrimSpace(stringOf(x)); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		for _, k := range []string{"name", "@value", "value", "text", "title", "url"} {
			if s := stringOf(v[k]); s != "" {
				return s
			}
		}
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }

// jsonErr describes a decoding error briefly, with the offending offset.
func jsonErr(err error, data []byte) string {
	if se, ok := err.(*json.SyntaxError); ok {
		return fmt.Sprintf("%v at byte %d", se, se.Offset)
	}
	if !utf8.Valid(data) {
		return err.Error() + " (invalid UTF-8)"
	}
	return err.Error()
}
