package format

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// readJSON reads one article object or an array of them.
func readJSON(data []byte) ([]Doc, []Problem, error) {
	data = trimBOM(data)
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, nil, fmt.Errorf("malformed JSON: %s", jsonErr(err, data))
	}
	switch v := v.(type) {
	case map[string]any:
		d, err := docFromObject(v, -1)
		if err != nil {
			return nil, nil, err
		}
		return []Doc{d}, nil, nil
	case []any:
		var docs []Doc
		var probs []Problem
		for i, item := range v {
			obj, ok := item.(map[string]any)
			if !ok {
				probs = append(probs, Problem{Index: i, Reason: fmt.Sprintf("item %d is not an object", i)})
				continue
			}
			d, err := docFromObject(obj, i)
			if err != nil {
				probs = append(probs, Problem{Index: i, Reason: fmt.Sprintf("item %d: %v", i, err)})
				continue
			}
			docs = append(docs, d)
		}
		return docs, probs, nil
	}
	return nil, nil, fmt.Errorf("JSON holds neither an article object nor an array of them")
}

// readJSONLines reads one object per line. A malformed line is reported with
// its number and skipped; the other lines are still read.
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
		var v any
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			probs = append(probs, Problem{Line: lineNo, Index: index, Reason: fmt.Sprintf("line %d: malformed JSON: %s", lineNo, jsonErr(err, line))})
			index++
			continue
		}
		obj, ok := v.(map[string]any)
		if !ok {
			probs = append(probs, Problem{Line: lineNo, Index: index, Reason: fmt.Sprintf("line %d: not a JSON object", lineNo)})
			index++
			continue
		}
		d, err := docFromObject(obj, index)
		if err != nil {
			probs = append(probs, Problem{Line: lineNo, Index: index, Reason: fmt.Sprintf("line %d: %v", lineNo, err)})
		} else {
			docs = append(docs, d)
		}
		index++
	}
	return docs, probs
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
			h, err := extractHTML([]byte(raw), d.URL)
			if err != nil {
				return Doc{}, err
			}
			h.Index = index
			h.Title = firstNonEmpty(d.Title, h.Title)
			h.URL = firstNonEmpty(d.URL, h.URL)
			h.Date = firstNonEmpty(d.Date, h.Date)
			h.Author = firstNonEmpty(d.Author, h.Author)
			h.Source = firstNonEmpty(d.Source, h.Source)
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

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

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
