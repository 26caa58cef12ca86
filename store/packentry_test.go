package store

import (
	"testing"
	"time"

	"dateline/store/entity"
)

// TestPackEntryRoundTrip: what a pack's entry keeps of a result reads back
// as the same slim articles, entities, counts, skips and keys included,
// for a file of none, one or several articles.
func TestPackEntryRoundTrip(t *testing.T) {
	kerry := entity.Entity{Name: "John Kerry", Type: entity.PER, Count: 3, Aliases: []string{"Kerry"}, Salience: 0.75}
	geneva := entity.Entity{Name: "Geneva", Type: entity.LOC, Count: 1, Salience: 0.25}
	one := synthArticle("a.txt", -1, "Kerry in Geneva", "John Kerry met Sergei Lavrov in Geneva.\nKerry spoke first.", kerry, geneva)
	one.Source, one.Author, one.URL, one.Size, one.Truncated = "Reuters", "A. Writer", "https://example.org/a", 1234, true
	one.Published = time.Date(2016, 9, 28, 12, 0, 0, 0, time.UTC)
	plain := synthArticle("b.jsonl", 0, "No names", "Nothing to tag here.")
	second := synthArticle("b.jsonl", 1, "Geneva again", "Geneva hosts talks.", geneva)
	for _, tc := range []struct {
		name string
		r    result
	}{
		{"nothing but a skip", result{skips: []Skip{{Path: "c.txt", Reason: "not an article"}}}},
		{"one article", result{articles: []*Article{one}, keys: []lineKeys{{all: []uint64{1, 2, 3}, kept: []uint64{2}}}}},
		{"two articles and a skip", result{articles: []*Article{plain, second}, keys: []lineKeys{{all: []uint64{7}}, {kept: []uint64{9}}}, skips: []Skip{{Path: "b.jsonl", Reason: "line 3: not JSON"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			names := newNameTable()
			r := tc.r
			r.articles = nil
			for _, a := range tc.r.articles {
				r.articles = append(r.articles, a.slimWith(names))
			}
			var w packWriter
			var texts []int
			raw := encodePackEntry(r, &texts)
			got, err := decodePackEntry(raw, "x", &packIDs{names: w.names, ids: w.entityIDs(r.articles)})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.articles) != len(r.articles) || len(texts) != len(r.articles) {
				t.Fatalf("%d articles and %d texts back, want %d", len(got.articles), len(texts), len(r.articles))
			}
			for i, a := range got.articles {
				a.Path = r.articles[i].Path
				if g, w := describe(a), describe(r.articles[i]); g != w {
					t.Errorf("article %d:\n got %s\nwant %s", i, g, w)
				}
				if at := texts[i]; string(raw[at:at+len(a.SearchText())]) != a.SearchText() {
					t.Errorf("article %d: its text is not where encodePackEntry said", i)
				}
				if k, w := got.keys[i].unpack(), r.keys[i]; len(k.all) != len(w.all) || len(k.kept) != len(w.kept) {
					t.Errorf("article %d: keys %v, want %v", i, k, w)
				}
			}
			if len(got.skips) != len(r.skips) {
				t.Errorf("%d skips back, want %d", len(got.skips), len(r.skips))
			}
		})
	}
}

// FuzzDecodePackEntry feeds damaged pack entries, and entity indexes, to
// their decoder: it refuses them or returns articles, and never panics.
// The input's first byte says how many of the bytes after it are indexes.
func FuzzDecodePackEntry(f *testing.F) {
	a := synthArticle("a.txt", -1, "Title", "Body text", entity.Entity{Name: "Kerry", Type: entity.PER, Count: 2})
	names := newNameTable()
	r := result{articles: []*Article{a.slimWith(names)}, skips: []Skip{{Reason: "why"}}}
	var w packWriter
	ids := w.entityIDs(r.articles)
	f.Add(append(append([]byte{byte(len(ids))}, ids...), encodePackEntry(r, nil)...))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || int(data[0]) > len(data)-1 {
			return
		}
		n := int(data[0])
		decodePackEntry(data[1+n:], "x.txt", &packIDs{names: w.names, ids: data[1 : 1+n]})
	})
}
