package score

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// TitleReport is how often the title a reader shows for a page is the
// page's own headline: its one <h1>.
type TitleReport struct {
	Overall TitleCount
	ByType  map[string]TitleCount
	Misses  []TitleMiss // the pages whose title is not their headline, in index order
}

// TitleCount counts the pages scored and those titled with their headline.
type TitleCount struct{ Pages, Matched int }

// Share is the share of pages titled with their headline.
func (c TitleCount) Share() float64 {
	if c.Pages == 0 {
		return 0
	}
	return float64(c.Matched) / float64(c.Pages)
}

// TitleMiss is a page whose title is not its headline.
type TitleMiss struct{ ID, Type, Title, Headline string }

// Titles scores the titles that title gives, from each page's id, against
// the headlines of the pages in a directory laid out like wcxb-dev:
// index.tsv, and html/<id>.html.gz, the page the text dump was made from.
// A page counts when its HTML has exactly one headline, the text of its
// <h1> elements, of two words or more: a page with none, or with several
// different ones, says nothing about which is its title. Titles and
// headlines are compared with case and spacing folded. title is called in
// parallel.
func Titles(ctx context.Context, dir string, title func(id string) (string, error)) (TitleReport, error) {
	entries, err := readIndex(dir)
	if err != nil {
		return TitleReport{}, err
	}
	type outcome struct {
		counted      bool
		got, heading string
	}
	outs := make([]outcome, len(entries))
	err = eachPage(ctx, entries, func(i int, e entry) error {
		heading, err := pageHeadline(filepath.Join(dir, "html", e.id+".html.gz"))
		if err != nil || heading == "" {
			return err
		}
		got, err := title(e.id)
		if err != nil {
			return err
		}
		outs[i] = outcome{counted: true, got: got, heading: heading}
		return nil
	})
	if err != nil {
		return TitleReport{}, err
	}
	rep := TitleReport{ByType: map[string]TitleCount{}}
	if !slices.ContainsFunc(outs, func(o outcome) bool { return o.counted }) {
		return TitleReport{}, fmt.Errorf("%s: no page has an html/<id>.html.gz with one headline to score the titles against", dir)
	}
	for i, o := range outs {
		if !o.counted {
			continue
		}
		e := entries[i]
		c := rep.ByType[e.typ]
		c.Pages++
		rep.Overall.Pages++
		if fold(o.got) == fold(o.heading) {
			c.Matched++
			rep.Overall.Matched++
		} else {
			rep.Misses = append(rep.Misses, TitleMiss{ID: e.id, Type: e.typ, Title: o.got, Headline: o.heading})
		}
		rep.ByType[e.typ] = c
	}
	return rep, nil
}

// Write prints the report as plain text: the share overall and by page
// type, and the first misses of the article pages.
func (r TitleReport) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%-14s %6s %8s\n", "pages", "n", "headline")
	fmt.Fprintf(bw, "%-14s %6d %8.3f\n", "all", r.Overall.Pages, r.Overall.Share())
	for _, t := range slices.Sorted(maps.Keys(r.ByType)) {
		fmt.Fprintf(bw, "%-14s %6d %8.3f\n", t, r.ByType[t].Pages, r.ByType[t].Share())
	}
	fmt.Fprintf(bw, "\nfirst article pages titled otherwise:\n")
	n := 0
	for _, m := range r.Misses {
		if m.Type != "article" {
			continue
		}
		if n++; n > 10 {
			break
		}
		fmt.Fprintf(bw, "  %-8s %q\n  %-8s headline %q\n", m.ID, clip(m.Title, 70), "", clip(m.Headline, 70))
	}
	return bw.Flush()
}

// pageHeadline returns the one headline of the gzipped HTML page at path,
// or "" when it has none of two words or more, or several different ones.
// A missing file is not an error: a folder of text dumps alone has no
// headlines to score against.
func pageHeadline(path string) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	heads := Headlines(data)
	if len(heads) == 0 || len(strings.Fields(heads[0])) < 2 {
		return "", nil
	}
	for _, h := range heads[1:] {
		if fold(h) != fold(heads[0]) {
			return "", nil
		}
	}
	return heads[0], nil
}

// Headlines returns the text of every <h1> element of an HTML page, with
// its spacing collapsed, leaving out scripts and styles inside it and the
// elements left empty.
func Headlines(page []byte) []string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "h1" {
			var b strings.Builder
			appendText(&b, n)
			if t := strings.Join(strings.Fields(b.String()), " "); t != "" {
				out = append(out, t)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// appendText appends the text under n, without scripts and styles, to b.
func appendText(b *strings.Builder, n *html.Node) {
	switch {
	case n.Type == html.TextNode:
		// Inline elements add their text with nothing between, as the
		// text dumps do.
		b.WriteString(n.Data)
	case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style"):
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		appendText(b, c)
	}
}

// fold lower-cases s and collapses its spacing, so titles compare as a
// reader sees them.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// clip shortens s to at most n runes, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
