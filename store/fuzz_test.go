package store

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/store/entity"
	"dateline/store/format"
)

// fuzzNames are the file names FuzzBuildNamed reads its bytes as, one per
// format the loader knows.
var fuzzNames = []string{"a.txt", "a.json", "a.jsonl", "a.html", "a.md", "a.txt.gz", "a.ndjson", "a.htm"}

// FuzzBuildNamed runs the whole build, from parsing to tagging, on any
// bytes read as any supported format: every result is an article that can
// be shown or a skip with a reason.
func FuzzBuildNamed(f *testing.F) {
	for _, name := range []string{"museum.json", "batch.jsonl", "harbour-strike.html", "emissions-talks.txt.gz"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "formats", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(slices.IndexFunc(fuzzNames, func(n string) bool { return filepath.Ext(n) == filepath.Ext(name) })))
	}
	for _, name := range []string{"escapes.jsonl", "escapes.html", "deep.json", "broken.jsonl"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "hostile", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(2))
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(`{"title":"t","text":"Body of a zipped article."}`))
	w.Close()
	f.Add(gz.Bytes(), uint8(5))
	l, err := NewLoader(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		name := fuzzNames[int(kind)%len(fuzzNames)]
		if format.IsGzip(data) {
			// As the loader does: unpack, up to a limit, before building.
			var err error
			if data, _, err = format.Gunzip(data, 1<<20); err != nil {
				return
			}
		}
		arts, skips := l.Build(name, data)
		if len(arts) == 0 && len(skips) == 0 {
			t.Fatal("rejected without a reason")
		}
		for _, s := range skips {
			if s.Reason == "" {
				t.Fatal("skip without a reason")
			}
		}
		for _, a := range arts {
			checkArticle(t, a)
		}
	})
}

// FuzzParseDate checks that any date text parses or is refused, and that a
// parsed date has an ISO form that parses back to the same day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Sep 17", "Sept 17, 2016", "2016-09-17T10:00:00Z", "Monday, 2 January 2006", "", "\x00", "31 Feb 2016"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, iso, ok := ParseDate(s)
		if !ok {
			if iso != "" || !tm.IsZero() {
				t.Fatalf("refused %q but returned %v %q", s, tm, iso)
			}
			return
		}
		if len(iso) < len("2006-01-02") {
			t.Fatalf("%q: ISO form %q too short", s, iso)
		}
		day, err := time.Parse("2006-01-02", iso[:10])
		if err != nil || day.Year() != tm.Year() || day.YearDay() != tm.YearDay() {
			t.Fatalf("%q: ISO form %q does not match %v", s, iso, tm)
		}
	})
}

// FuzzSelector drives a Batch and a Selector with arbitrary updates and
// filters and checks that the Selector always answers what a full
// Batch.Select does. Each byte of ops is one step: add an article, or type,
// delete or replace filter text, or add or drop an entity.
func FuzzSelector(f *testing.F) {
	f.Add([]byte("aaaa\x10\x11\x12aa\x13\x20\x21a\x30"), "kerry lavrov minister aleppo")
	f.Add([]byte("a\x10a\x10a\x13a\x21\x30a"), "zz")
	f.Fuzz(func(t *testing.T, ops []byte, words string) {
		vocab := strings.Fields(words)
		if len(vocab) == 0 || len(ops) > 200 {
			return
		}
		ents := []entity.Entity{
			{Name: "John Kerry", Type: entity.PER, Aliases: []string{"Kerry"}},
			{Name: "Aleppo", Type: entity.LOC},
		}
		var b Batch
		var s Selector
		var filter Filter
		for i, op := range ops {
			v := vocab[int(op)%len(vocab)]
			switch op >> 4 {
			case 0: // an article, at a path that sorts anywhere
				var es []entity.Entity
				if op&1 == 1 {
					es = append(es, entity.Entity{Name: "Kerry", Type: entity.PER})
				}
				b.Apply(Update{Articles: []*Article{synthArticle(fmt.Sprintf("%c/%d.txt", 'a'+op%7, i), -1, v, strings.Join(vocab[:1+int(op)%len(vocab)], " "), es...)}})
			case 1: // type the next letter of a word
				filter.Text += v[:min(len(v), 1+int(op)%3)]
			case 2: // backspace
				if filter.Text != "" {
					filter.Text = filter.Text[:len(filter.Text)-1]
				}
			case 3: // a space and a new word
				filter.Text += " " + v
			case 4:
				filter.Entities = append(slices.Clone(filter.Entities), ents[int(op)%len(ents)])
			case 5:
				if len(filter.Entities) > 0 {
					filter.Entities = slices.Clone(filter.Entities[:len(filter.Entities)-1])
				}
			default:
				filter = Filter{}
			}
			got, want := s.Select(&b, filter), b.Select(filter)
			if !slices.Equal(paths(got), paths(want)) {
				t.Fatalf("step %d (%q, %d entities): selector %q, want %q", i, filter.Text, len(filter.Entities), paths(got), paths(want))
			}
		}
	})
}
