package store

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

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
