package store

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// fuzzNames are the file names FuzzBuildNamed reads its bytes as, one per
// format the loader knows.
var fuzzNames = []string{"a.txt", "a.json", "a.jsonl", "a.html", "a.md", "a.txt.gz", "a.ndjson", "a.htm"}

// FuzzBuildNamed runs the whole build, from parsing to tagging, on any
// bytes read as any supported format: every result is an article that can
// be shown or a skip with a reason.
func FuzzBuildNamed(f *testing.F) {
	// Each seed file is read as the format its extension names, so that the
	// HTML and JSON seeds start in their own parsers.
	for _, p := range []string{
		filepath.Join("..", "testdata", "formats", "museum.json"),
		filepath.Join("..", "testdata", "formats", "batch.jsonl"),
		filepath.Join("..", "testdata", "formats", "harbour-strike.html"),
		filepath.Join("..", "testdata", "formats", "emissions-talks.txt.gz"),
		filepath.Join("..", "testdata", "hostile", "escapes.jsonl"),
		filepath.Join("..", "testdata", "hostile", "escapes.html"),
		filepath.Join("..", "testdata", "hostile", "deep.json"),
		filepath.Join("..", "testdata", "hostile", "broken.jsonl"),
	} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		kind := slices.IndexFunc(fuzzNames, func(n string) bool { return filepath.Ext(n) == filepath.Ext(p) })
		if kind < 0 {
			f.Fatalf("no fuzz name reads %s as its format", p)
		}
		f.Add(data, uint8(kind))
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(`{"title":"t","text":"Body of a zipped article."}`))
	w.Close()
	f.Add(gz.Bytes(), uint8(5))
	// The loader's read limit is 1 MiB, not the default 20 MiB, so that a
	// gzip bomb among the inputs cannot make each run slow. The target
	// unpacks to that limit, as process does to the loader's own.
	l, err := NewLoader(Options{MaxSize: 1 << 20})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		name := fuzzNames[int(kind)%len(fuzzNames)]
		var arts []*Article
		var skips []Skip
		// As the loader's process does: the data is unpacked first, and
		// data that does not unpack is skipped with the error as reason.
		if text, _, err := l.unpack(name, data); err != nil {
			skips = []Skip{{Path: name, Reason: err.Error()}}
		} else {
			arts, skips = l.Build(name, text)
		}
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
