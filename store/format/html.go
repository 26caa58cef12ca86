package format

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	nurl "net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

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
	// The page is parsed here rather than by trafilatura.Extract, whose
	// parser guesses the charset again from byte statistics: on a page of
	// mostly ASCII text, UTF-8 already, it could take a curly quote for
	// Latin-1 and turn it into mojibake.
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return Doc{}, fmt.Errorf("parse HTML: %w", err)
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
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
// from run to run, and repeats a name given twice, or given once with a
// straight and once with a curly apostrophe; the list and the export
// should show one page the same way every time, each name once. The name
// given most often goes first, then the shorter, which is most often the
// site's own.
func siteNames(joined string) string {
	type site struct {
		name      string         // the spelling kept (see better)
		count     int            // the times the name was given, in any spelling
		spellings map[string]int // the times each spelling was given
	}
	// better reports whether spelling a, given n times, is to be shown
	// rather than b, given m times: the more frequent, then one not in
	// capitals throughout, then the first in byte order.
	better := func(a string, n int, b string, m int) bool {
		upperA, upperB := a == strings.ToUpper(a), b == strings.ToUpper(b)
		return cmp.Or(m-n, cmp.Compare(b2i(upperA), b2i(upperB)), strings.Compare(a, b)) < 0
	}
	byKey := map[string]*site{}
	var sites []*site
	for _, n := range strings.Split(joined, "; ") {
		n = oneLine(n)
		if n == "" {
			continue
		}
		k := strings.ToLower(apostrophes.Replace(n))
		st := byKey[k]
		if st == nil {
			st = &site{name: n, spellings: map[string]int{}}
			byKey[k] = st
			sites = append(sites, st)
		}
		st.count++
		st.spellings[n]++
		if better(n, st.spellings[n], st.name, st.spellings[st.name]) {
			st.name = n
		}
	}
	slices.SortFunc(sites, func(a, b *site) int {
		return cmp.Or(b.count-a.count, len(a.name)-len(b.name), strings.Compare(a.name, b.name))
	})
	names := make([]string, len(sites))
	for i, st := range sites {
		names[i] = st.name
	}
	return strings.Join(names, "; ")
}

// b2i is 1 for true and 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// apostrophes makes the curly apostrophes straight, for comparing names.
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'")

// metaCharset finds a charset declared in a meta element, the only place
// the prescan looks (a script's or link's charset says nothing of the page).
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset`)

// decodeHTML converts a page to UTF-8 using its byte-order mark or declared
// charset, or a guess from the content when it declares none.
//
// The guess reads only the first 1,024 bytes, as a browser's prescan does,
// and takes a page with no byte above ASCII there for Windows-1252. A
// scraped page often has a long ASCII head of scripts and styles before
// its first accented letter or curly quote, and then every one became
// mojibake ("Itâ€™s"). A page that declares no charset and is valid UTF-8
// throughout is read as UTF-8: Windows-1252 text with bytes above ASCII is
// almost never valid UTF-8.
func decodeHTML(data []byte) (string, error) {
	head := data[:min(len(data), 1024)]
	enc, name, certain := charset.DetermineEncoding(head, "text/html")
	if name == "windows-1252" && !certain && !metaCharset.Match(head) && utf8.Valid(data) {
		name = "utf-8"
	}
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
