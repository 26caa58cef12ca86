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
		docs, probs := readJSONStream(data, dec, v)
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

// values collects what the values of a JSON lines file or of a stream of
// JSON values hold. Both readers hand each value they decode to add, so
// that the two read the same values the same way whichever of them the
// file's first line chose.
type values struct {
	docs  []Doc
	probs []Problem
}

// add reads v, which starts on line lineNo, as the item numbered index and
// returns the number of the next item. The items of an array are items of
// the file: exporters that append each run's array to the same file
// (Scrapy's -o) leave arrays one after another, on lines of their own or
// between objects.
func (c *values) add(v any, lineNo, index int) int {
	if items, ok := v.([]any); ok {
		d, p := readArray(items, index)
		c.docs, c.probs = append(c.docs, d...), append(c.probs, p...)
		return index + len(items)
	}
	if d, err := itemDoc(v, index); err != nil {
		c.problem(lineNo, index, err.Error())
	} else {
		c.docs = append(c.docs, d)
	}
	return index + 1
}

// problem records that the item numbered index, which starts on line
// lineNo, could not be read.
func (c *values) problem(lineNo, index int, reason string) {
	c.probs = append(c.probs, Problem{Line: lineNo, Index: index, Reason: fmt.Sprintf("line %d: %s", lineNo, reason)})
}

// readJSONStream reads a file of several JSON values as items 0..n; dec has
// decoded the first of them, first, from data. When the first line holds a
// whole object the file is JSON lines and is read as such, so that a
// malformed line costs only that line. Otherwise the values span lines, as
// jq prints them, and are decoded in turn; a malformed value ends the
// reading, because nothing tells where the next value starts, and the
// problem says so.
func readJSONStream(data []byte, dec *json.Decoder, first any) ([]Doc, []Problem) {
	line, _, _ := bytes.Cut(bytes.TrimLeft(data, jsonSpace), []byte("\n"))
	if bytes.HasPrefix(line, []byte("{")) && json.Valid(line) {
		return readJSONLines(data)
	}
	var c values
	// The line a value starts on names it in a problem, as in JSON lines.
	// It is counted on from the previous value's start: counting from the
	// top of the file for every value made a file of many values
	// quadratic to read. The first value, which dec has already decoded,
	// starts after the white space at the top of the file.
	counted := len(data) - len(bytes.TrimLeft(data, jsonSpace))
	lineNo := 1 + bytes.Count(data[:counted], []byte("\n"))
	index := c.add(first, lineNo, 0)
	for {
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
			c.problem(lineNo, index, fmt.Sprintf("malformed JSON: %s; the rest of the file is not read", jsonErr(err, data)))
			break
		}
		index = c.add(v, lineNo, index)
	}
	return c.docs, c.probs
}

// readJSONLines reads one value per line, an object or an array of them. A
// malformed line is reported with its number and skipped; the other lines
// are still read. Values after the first on a line are read too, as items
// of their own, so that two objects a scraper wrote without a newline
// between them are not lost, and text after them is a problem of the line
// rather than dropped unseen.
func readJSONLines(data []byte) ([]Doc, []Problem) {
	data = trimBOM(data)
	var c values
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
				c.problem(lineNo, index, "malformed JSON: "+jsonErr(err, line))
				index++
				break
			}
			index = c.add(v, lineNo, index)
		}
	}
	return c.docs, c.probs
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
