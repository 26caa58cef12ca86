package score

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestHeadlines(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string
	}{
		{"plain", `<html><body><h1>Ceasefire collapses</h1><p>Text</p></body></html>`, []string{"Ceasefire collapses"}},
		{"inline parts join as the dump joins them", `<h1><a href="/">Cease</a>fire <em>collapses</em>
		  in   Aleppo</h1>`, []string{"Ceasefire collapses in Aleppo"}},
		{"scripts and styles left out", `<h1>Talks<script>var x = 1;</script><style>h1{}</style> resume</h1>`, []string{"Talks resume"}},
		{"empty ones left out", `<h1> </h1><h1>Logo</h1><h1>Talks resume</h1>`, []string{"Logo", "Talks resume"}},
		{"none", `<h2>Not a headline</h2>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Headlines([]byte(tt.page)); !slices.Equal(got, tt.want) {
				t.Errorf("Headlines = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTitles scores titles on a folder of four pages: one titled with its
// headline (in another case), one titled otherwise, one without a headline
// and one with two different headlines; the last two do not count.
func TestTitles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "index.tsv", []byte("id\turl\tpage_type\nok\thttp://a\tarticle\nmiss\thttp://b\tarticle\nnone\thttp://c\tproduct\ntwo\thttp://d\tlisting\n"))
	pages := map[string]string{
		"ok":   "<h1>Talks resume in Geneva</h1>",
		"miss": "<h1>Talks resume in Geneva</h1>",
		"none": "<p>No headline here</p>",
		"two":  "<h1>First story</h1><h1>Second story</h1>",
	}
	for id, page := range pages {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(page))
		zw.Close()
		writeFile(t, dir, filepath.Join("html", id+".html.gz"), b.Bytes())
	}
	titles := map[string]string{"ok": "TALKS  resume in Geneva", "miss": "Home", "none": "x", "two": "First story"}
	rep, err := Titles(context.Background(), dir, func(id string) (string, error) { return titles[id], nil })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Overall != (TitleCount{Pages: 2, Matched: 1}) || rep.ByType["article"] != rep.Overall || len(rep.ByType) != 1 {
		t.Errorf("overall %+v, by type %+v; want 1 of 2 article pages", rep.Overall, rep.ByType)
	}
	if len(rep.Misses) != 1 || rep.Misses[0] != (TitleMiss{ID: "miss", Type: "article", Title: "Home", Headline: "Talks resume in Geneva"}) {
		t.Errorf("misses %+v", rep.Misses)
	}
	var out strings.Builder
	if err := rep.Write(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "all                 2    0.500") || !strings.Contains(out.String(), `"Home"`) {
		t.Errorf("report:\n%s", out.String())
	}
}

// TestTitlesWithoutHeadlines checks that a folder with no page to score,
// such as one of text dumps alone, is an error rather than a share of 0.
func TestTitlesWithoutHeadlines(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "index.tsv", []byte("id\turl\tpage_type\n01\thttp://a\tarticle\n"))
	writeFile(t, dir, "text/01.txt", []byte("Talks resume\n"))
	_, err := Titles(context.Background(), dir, func(string) (string, error) { return "Talks resume", nil })
	if err == nil || !strings.Contains(err.Error(), "no page has an html/") {
		t.Errorf("err = %v, want one that says there is nothing to score", err)
	}
}

func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// FuzzHeadlines checks that any page, well formed or not, gives headlines
// without a panic, each with its spacing collapsed and none empty.
func FuzzHeadlines(f *testing.F) {
	for _, s := range []string{"<h1>Talks resume</h1>", "<h1><h1>nested</h1></h1>", "<h1>\x00\xff</h1>", "<h1", "<H1> A \n B </H1><h1></h1>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		for _, h := range Headlines([]byte(page)) {
			if h == "" || h != strings.Join(strings.Fields(h), " ") {
				t.Fatalf("headline %q of %q is empty or not collapsed", h, page)
			}
		}
	})
}
