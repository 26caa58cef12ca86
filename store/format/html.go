package format

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	nurl "net/url"
	"slices"
	"strings"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// extractHTML decodes the bytes of a web page and finds its main content and
// metadata.
func extractHTML(data []byte, pageURL string) (Doc, error) {
	text, err := decodeHTML(data)
	if err != nil {
		return Doc{}, err
	}
	return extractText(text, pageURL)
}

// extractText finds the main content and the metadata of a web page that is
// UTF-8 text already, with go-trafilatura, the best-scoring open extractor
// for news pages. Its fallback extractors (readability, dom-distiller) stay
// on: they raise the score on the pages where its own heuristics find too
// little.
func extractText(page, pageURL string) (Doc, error) {
	opts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
	}
	if u, err := nurl.Parse(pageURL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	res, err := trafilatura.Extract(strings.NewReader(page), opts)
	if err != nil {
		return Doc{}, fmt.Errorf("no main content found: %w", err)
	}
	if res == nil || res.ContentNode == nil || strings.TrimSpace(res.ContentText) == "" {
		return Doc{}, fmt.Errorf("no main content found")
	}
	m := res.Metadata
	d := Doc{
		Index:     -1,
		Title:     oneLine(m.Title),
		Body:      nodeText(res.ContentNode),
		URL:       m.URL,
		Author:    oneLine(m.Author),
		Source:    cmp.Or(siteNames(m.Sitename), oneLine(m.Hostname)),
		Extracted: true,
	}
	if !m.Date.IsZero() {
		d.Date = m.Date.Format("2006-01-02")
	}
	return d, nil
}

// siteNames puts the site names go-trafilatura found in a fixed order.
// When a page's JSON-LD names several organisations, go-trafilatura joins
// their names with "; " in the order it met them in a map, which changes
// from run to run, and repeats a name given twice; the list and the export
// should show one page the same way every time. The name given most often
// goes first, then the shorter, which is most often the site's own.
func siteNames(joined string) string {
	count := map[string]int{}
	var names []string
	for _, n := range strings.Split(joined, "; ") {
		n = oneLine(n)
		if n == "" {
			continue
		}
		if count[n] == 0 {
			names = append(names, n)
		}
		count[n]++
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(count[b]-count[a], len(a)-len(b), strings.Compare(a, b))
	})
	return strings.Join(names, "; ")
}

// decodeHTML converts a page to UTF-8 using its byte-order mark or declared
// charset, or a guess from the content when it declares none.
func decodeHTML(data []byte) (string, error) {
	enc, name, _ := charset.DetermineEncoding(data[:min(len(data), 4096)], "text/html")
	if name == "utf-8" {
		return strings.ToValidUTF8(string(trimBOM(data)), "\uFFFD"), nil
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(data)))
	if err != nil {
		return "", fmt.Errorf("decode %s: %w", name, err)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), nil
}

// blockTags start a new line in the text of extracted content.
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "ul": true, "ol": true, "blockquote": true, "pre": true, "table": true, "tr": true,
	"section": true, "article": true, "header": true, "footer": true, "figure": true, "figcaption": true,
	"dl": true, "dt": true, "dd": true, "main": true, "aside": true, "hr": true, "br": true,
}

// nodeText renders extracted content as one line per block, because the
// cleaner and the reader work on lines and paragraphs; go-trafilatura's own
// ContentText runs the paragraphs together.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.Data == "script" || n.Data == "style" {
				return
			}
		}
		sep := ""
		if n.Type == html.ElementNode {
			// go-trafilatura trims the text it keeps, so even an inline
			// element's edge must count as a word boundary.
			sep = " "
			if blockTags[n.Data] {
				sep = "\n"
			}
		}
		b.WriteString(sep)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		b.WriteString(sep)
	}
	walk(n)
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}
