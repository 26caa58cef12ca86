package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"dateline/store/cache"
	"dateline/store/clean"
)

// TestOrderedLoadWithCountsMatchesReader checks what export relies on: an
// ordered load given the batch's line counts beforehand (CountLines) streams
// the same cleaned text as a reader's load gives once its batch step is
// done.
func TestOrderedLoadWithCountsMatchesReader(t *testing.T) {
	dir := t.TempDir()
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "000.txt"))
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "nested", "004.txt"))
	promo := "Every Friday the Harbour Herald picks the five best stories of the week for its readers."
	for n, town := range []string{"Alder", "Birch", "Cedar", "Dunmore", "Elmstead"} {
		writeFile(t, filepath.Join(dir, "herald", fmt.Sprintf("%02d.txt", n)), []byte(strings.Join([]string{
			"Menu", "Politics", "Sport", "Weather",
			fmt.Sprintf("Ferry timetable changes in %s", town),
			fmt.Sprintf("The %s ferry will run an hour later on weekdays this winter, the port authority said on Friday, after months of complaints from commuters.", town),
			promo,
			fmt.Sprintf("Commuters in %s said the change would let them reach the early trains, and the council asked for the same timetable next summer.", town),
		}, "\n")))
	}
	reader, _ := loadWith(t, Options{Workers: 2, NoEntities: true}, dir)
	stats, err := CountLines(context.Background(), []string{dir}, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Docs() != len(reader.Articles) {
		t.Fatalf("counted %d articles, the reader loaded %d", stats.Docs(), len(reader.Articles))
	}
	ordered, _ := loadWith(t, Options{Workers: 2, NoEntities: true, Ordered: true, Batch: stats}, dir)
	if len(ordered.Articles) != len(reader.Articles) {
		t.Fatalf("%d articles in order, %d in the reader", len(ordered.Articles), len(reader.Articles))
	}
	repeated := 0
	for i, a := range ordered.Articles {
		r := reader.Articles[i]
		if a.Path != r.Path || a.Index != r.Index {
			t.Fatalf("article %d: %s#%d in order, %s#%d in the reader", i, a.Path, a.Index, r.Path, r.Index)
		}
		if a.Clean.Text() != r.Clean.Text() {
			t.Errorf("%s: the ordered load's text differs from the reader's:\n%s\n--- reader:\n%s", a.Path, a.Clean.Text(), r.Clean.Text())
		}
		for _, l := range a.Clean.Lines {
			if l.Code == clean.CodeRepeated {
				repeated++
			}
		}
	}
	if repeated == 0 {
		t.Error("no line was stripped as repeated: the test proves nothing")
	}
	c, err := cache.Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewLoader(Options{Batch: stats, Cache: c}); err == nil {
		t.Error("a loader takes counts made beforehand with a cache, whose entries are made without them")
	}
}
