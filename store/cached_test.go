package store

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"dateline/store/cache"
	"dateline/store/clean"
	"dateline/store/entity"
)

// loadCounting loads dir with c and returns the batch and how many files
// were built rather than read from the cache.
func loadCounting(t *testing.T, c *cache.Cache, opts Options, dir string) (*Batch, int) {
	t.Helper()
	opts.Cache = c
	l, built := countingLoader(t, opts)
	b := drain(t, l, dir)
	return b, int(built.Load())
}

// countingLoader returns a loader with opts that counts the files it
// builds (cleans and tags) in built.
func countingLoader(t *testing.T, opts Options) (l *Loader, built *atomic.Int32) {
	t.Helper()
	l, err := NewLoader(opts)
	if err != nil {
		t.Fatal(err)
	}
	built = new(atomic.Int32)
	l.build = func(path string, data []byte) ([]*Article, []Skip) {
		built.Add(1)
		return l.Build(path, data)
	}
	return l, built
}

// TestCachedLoadMatchesFresh loads a folder twice through a cache and checks
// that the second load builds nothing yet gives the same batch, search text
// and skips included; and that a changed file is built again.
func TestCachedLoadMatchesFresh(t *testing.T) {
	dir := t.TempDir()
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "a.txt"))
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "b.txt"))
	copyTree(t, filepath.Join("..", "testdata", "formats"), filepath.Join(dir, "formats"))
	writeFile(t, filepath.Join(dir, "long.txt"), append([]byte("LONDON (Reuters) - A story that is cut off.\n"), make([]byte, 4096)...))
	writeFile(t, filepath.Join(dir, "empty.txt"), nil)
	c, err := cache.Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Workers: 2, MaxSize: 2048}

	fresh, built := loadCounting(t, c, opts, dir)
	if built == 0 || len(fresh.Articles) < 10 {
		t.Fatalf("first load built %d files into %d articles", built, len(fresh.Articles))
	}
	again, built := loadCounting(t, c, opts, dir)
	if built != 0 {
		t.Errorf("second load built %d files, want all from the cache", built)
	}
	if len(again.Articles) != len(fresh.Articles) {
		t.Fatalf("cached load gave %d articles, want %d", len(again.Articles), len(fresh.Articles))
	}
	for i, a := range again.Articles {
		f := fresh.Articles[i]
		// Printed, so that a nil and an empty list, which the layout
		// does not tell apart and no reader of an Article can, compare
		// equal.
		if describe(a) != describe(f) {
			t.Errorf("%s#%d differs from the cache:\n got %+v\nwant %+v", a.Path, a.Index, a, f)
		}
	}
	bySkip := func(x, y Skip) int { return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Reason, y.Reason)) }
	slices.SortFunc(again.Skips, bySkip)
	slices.SortFunc(fresh.Skips, bySkip)
	if !reflect.DeepEqual(again.Skips, fresh.Skips) {
		t.Errorf("skips differ: %v, want %v", again.Skips, fresh.Skips)
	}
	mentioning := func(b *Batch) (n int) {
		for _, a := range b.Articles {
			if strings.Contains(a.SearchText(), "lavrov") {
				n++
			}
		}
		return n
	}
	if got, want := mentioning(again), mentioning(fresh); got != want || want == 0 {
		t.Errorf("searching the cached batch found %d articles, fresh %d", got, want)
	}

	// Another read limit changes what is loaded, so it misses.
	if _, built := loadCounting(t, c, Options{Workers: 2}, dir); built == 0 {
		t.Error("a load with another read limit used entries made under the old one")
	}
	// A changed file is built again; the others still come from the cache.
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "a.txt"), later, later); err != nil {
		t.Fatal(err)
	}
	if _, built := loadCounting(t, c, opts, dir); built != 1 {
		t.Errorf("after touching one file, %d files were built, want 1", built)
	}
}

// TestCacheLayoutCoversArticle fails when Article, or a type it holds, gains
// or loses a field: encodeResult and decodeResult must then be taught the
// change, and cacheLayout bumped so that old entries miss.
func TestCacheLayoutCoversArticle(t *testing.T) {
	for _, tc := range []struct {
		v      any
		fields int
	}{
		// 23 cached fields; foldedTitle, which decoding derives from the
		// search text; and slim, stripped, lines and batch, which only
		// light copies and batch revisions carry: the cache holds what a
		// file makes on its own, whole.
		{Article{}, 28},
		{clean.Result{}, 2},
		{clean.Line{}, 3},
		{entity.Entity{}, 6},
		{entity.Mention{}, 2},
		{entRef{}, 3},
		{entNames{}, 5},
		{foldedEntity{}, 3},
		{docMeta{}, 4},
	} {
		if n := reflect.TypeOf(tc.v).NumField(); n != tc.fields {
			t.Errorf("%T has %d fields, the cache layout %q knows %d: update store/cached.go", tc.v, n, cacheLayout, tc.fields)
		}
	}
}

// FuzzDecodeResult feeds damaged cache entries to the decoder: it refuses
// them or returns articles, and never panics or allocates without bound.
func FuzzDecodeResult(f *testing.F) {
	a := synthArticle("a.txt", -1, "Title", "Body text", entity.Entity{Name: "Kerry", Type: entity.PER, Aliases: []string{"J"}, Mentions: []entity.Mention{{Start: 1, End: 2}}})
	f.Add(encodeResult(result{articles: []*Article{a}, skips: []Skip{{Reason: "why"}}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := decodeResult(raw, "x.txt", false, nil)
		if err != nil {
			return
		}
		again, err := decodeResult(encodeResult(r), "x.txt", false, nil)
		if err != nil || len(again.articles) != len(r.articles) || len(again.skips) != len(r.skips) {
			t.Fatalf("a decoded entry does not survive encoding again: %v", err)
		}
		// The slim decoder passes over what the whole one reads, and
		// must agree with slimming what that one made.
		slim, err := decodeResult(raw, "x.txt", true, nil)
		if err != nil || len(slim.articles) != len(r.articles) {
			t.Fatalf("the slim decoder refused an entry the whole one read: %v", err)
		}
		// So must the decoder that leaves the text and keys in place.
		borrowed, err := decodeEntry(raw, "x.txt", true, nil, true)
		if err != nil || len(borrowed.articles) != len(r.articles) {
			t.Fatalf("the borrowing decoder refused an entry the whole one read: %v", err)
		}
		for i, a := range borrowed.articles {
			if a.SearchText() != slim.articles[i].SearchText() || !reflect.DeepEqual(borrowed.keys[i].unpack(), slim.keys[i]) {
				t.Fatalf("borrowing decode of article %d differs", i)
			}
		}
		// A batch's table holds most names already. Decoded into one that
		// has this entry's names from a first decode, the names come from
		// the table and must be the same.
		names := newNameTable()
		for pass := range 2 {
			shared, err := decodeEntry(raw, "x.txt", true, names, true)
			if err != nil || len(shared.articles) != len(r.articles) {
				t.Fatalf("decode %d into a table refused an entry the whole decoder read: %v", pass+1, err)
			}
			for i, a := range shared.articles {
				if fmt.Sprint(a.EntityList()) != fmt.Sprint(slim.articles[i].EntityList()) {
					t.Fatalf("decode %d into a table: the entities of article %d differ", pass+1, i)
				}
			}
		}
		for i, a := range slim.articles {
			want := r.articles[i].Slim()
			// A slim article's entry holds its line counts but not its
			// lines; decoded whole, it has no lines to count.
			counts := a.stripped == want.stripped && a.lines == want.lines || len(r.articles[i].Clean.Lines) == 0
			if !a.Slimmed() || a.Title != want.Title || a.SearchText() != want.SearchText() || !counts ||
				fmt.Sprint(a.EntityList()) != fmt.Sprint(want.EntityList()) {
				t.Fatalf("slim decode of article %d differs from slimming the whole one", i)
			}
		}
	})
}

// TestDecodeSharesNames: an entry whose entities the batch's table holds
// in part gets those names from the table and the others copied in, whole
// or slim, with the entities a decode without a table gives.
func TestDecodeSharesNames(t *testing.T) {
	kerry := entity.Entity{Name: "Kerry", Type: entity.PER, Count: 2, Aliases: []string{"John Kerry"}, Mentions: []entity.Mention{{Start: 0, End: 5}, {Start: 20, End: 25}}}
	geneva := entity.Entity{Name: "Geneva", Type: entity.LOC, Count: 1, Mentions: []entity.Mention{{Start: 30, End: 36}}}
	first := encodeResult(result{articles: []*Article{synthArticle("a.txt", -1, "Talks", "Kerry met in Geneva.", kerry, geneva)}})
	lavrov := entity.Entity{Name: "Lavrov", Type: entity.PER, Count: 1, Mentions: []entity.Mention{{Start: 8, End: 14}}}
	genf := geneva
	genf.Aliases = []string{"Genf"} // other names: another entry of the table
	second := encodeResult(result{articles: []*Article{synthArticle("b.txt", -1, "More talks", "Kerry and Lavrov met in Geneva.", lavrov, kerry, genf)}})
	for _, slim := range []bool{false, true} {
		names := newNameTable()
		a, err := decodeResult(first, "a.txt", slim, names)
		if err != nil {
			t.Fatal(err)
		}
		b, err := decodeResult(second, "b.txt", slim, names)
		if err != nil {
			t.Fatal(err)
		}
		alone, err := decodeResult(second, "b.txt", slim, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, want := b.articles[0], alone.articles[0]
		if !reflect.DeepEqual(got.EntityList(), want.EntityList()) {
			t.Errorf("slim=%v: with a table the entities are\n%+v\nwithout one\n%+v", slim, got.EntityList(), want.EntityList())
		}
		if b.articles[0].ents[1].names != a.articles[0].ents[0].names {
			t.Errorf("slim=%v: Kerry's names were not shared with the first entry's", slim)
		}
		if b.articles[0].ents[2].names == a.articles[0].ents[1].names {
			t.Errorf("slim=%v: Geneva with another alias took the first entry's names", slim)
		}
		if len(names.m) != 4 {
			t.Errorf("slim=%v: the table holds %d names, want 4", slim, len(names.m))
		}
	}
}

// FuzzDecodeRevision feeds damaged batch-step entries to their decoder: it
// refuses them or returns the article, and never panics.
func FuzzDecodeRevision(f *testing.F) {
	a := synthArticle("a.txt", -1, "Title", "Body text\nRepeated line")
	b := *a
	b.batch = []batchMark{{line: 1, code: clean.CodeRepeated, reason: "repeated"}}
	f.Add(encodeRevision(&b, nil))
	f.Add(encodeRevision(nil, nil))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := decodeRevision(raw, a, nil, false)
		if err == nil && got != nil && (got.ID != a.ID || got.Index != a.Index) {
			t.Fatalf("decoded another article: %q", got.ID)
		}
	})
}

// describe prints a with its entity references resolved, so that two
// articles with equal names held at different addresses print the same.
func describe(a *Article) string {
	b := *a
	b.ents = nil
	// The text is compared, not where it is held (see searchText).
	b.folded = nil
	var names []entNames
	for _, r := range a.ents {
		n := *r.names
		n.shared = false // whether a table holds them is no part of the article
		names = append(names, n)
	}
	return fmt.Sprintf("%+v %+v %+v %q", b, a.EntityList(), names, a.SearchText())
}

// TestDecodedTitleOwnsItsBytes: an article decoded from a per-file entry
// keeps its folded title apart from its search text. rebind moves the
// search text to a pack later, and a title that was a slice of it would
// keep the whole heap copy alive.
func TestDecodedTitleOwnsItsBytes(t *testing.T) {
	raw := encodeResult(result{articles: []*Article{synthArticle("a.txt", -1, "Kerry in Geneva", "John Kerry met Sergei Lavrov in Geneva on Tuesday.")}})
	for _, slim := range []bool{false, true} {
		r, err := decodeResult(raw, "a.txt", slim, nil)
		if err != nil || len(r.articles) != 1 {
			t.Fatalf("slim=%v: %d articles, error %v", slim, len(r.articles), err)
		}
		a := r.articles[0]
		text, title := a.SearchText(), a.foldedTitle
		start, p := uintptr(unsafe.Pointer(unsafe.StringData(text))), uintptr(unsafe.Pointer(unsafe.StringData(title)))
		if title == "" || p >= start && p < start+uintptr(len(text)) {
			t.Errorf("slim=%v: the folded title %q lies inside the search text", slim, title)
		}
	}
}
