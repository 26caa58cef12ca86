package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
	"weak"

	"dateline/store/cache"
	"dateline/store/clean"
	"dateline/store/entity"
)

// dropFileEntries removes every per-file entry from the cache, keeping the
// blobs, so that a load can only be served by the pack.
func dropFileEntries(t *testing.T, c *cache.Cache) (blobs int) {
	t.Helper()
	err := filepath.WalkDir(c.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		head := make([]byte, 16)
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		f.Read(head)
		f.Close()
		if bytes.HasPrefix(head, []byte("dateline-blob-")) {
			blobs++
			return nil
		}
		return os.Remove(p)
	})
	if err != nil {
		t.Fatal(err)
	}
	return blobs
}

// twoSampleBatch makes a folder with the two samples and an empty cache.
func twoSampleBatch(t *testing.T) (string, *cache.Cache) {
	t.Helper()
	dir := t.TempDir()
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "a.txt"))
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "b.txt"))
	return dir, testCache(t)
}

// testCache returns an empty cache in a temporary folder.
func testCache(t *testing.T) *cache.Cache {
	t.Helper()
	c, err := cache.Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// describeBatch prints a batch's articles in path order.
func describeBatch(b *Batch) []string {
	var out []string
	for _, a := range b.Articles {
		out = append(out, describe(a))
	}
	slices.Sort(out)
	return out
}

// TestPackReopensBatch: a reader reopening a batch is served by the pack of
// its last load alone, gives the batch it had, and sees files that were
// changed, added or removed since. Two articles keep the batch step, which
// reads the per-file entries this test removes, out of it; TestPackKeepsFormats
// covers a larger batch.
func TestPackReopensBatch(t *testing.T) {
	dir, c := twoSampleBatch(t)
	opts := Options{Workers: 2, Slim: true}
	first, built := loadCounting(t, c, opts, dir)
	if built != 2 || len(first.Articles) != 2 {
		t.Fatalf("first load built %d files into %d articles", built, len(first.Articles))
	}
	if n := dropFileEntries(t, c); n != 1 {
		t.Fatalf("the cache holds %d packs after one load, want 1", n)
	}
	again, built := loadCounting(t, c, opts, dir)
	if built != 0 {
		t.Errorf("reopening built %d files, want all from the pack", built)
	}
	if got, want := describeBatch(again), describeBatch(first); !slices.Equal(got, want) {
		t.Errorf("the pack gave another batch:\n got %v\nwant %v", got, want)
	}

	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "a.txt"), later, later); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "c.txt"), []byte("A new story arrived.\nIt has two lines of prose in it.\n"))
	changed, built := loadCounting(t, c, opts, dir)
	if built != 2 {
		t.Errorf("after touching one file and adding one, %d files were built, want 2", built)
	}
	paths := map[string]bool{}
	for _, a := range changed.Articles {
		paths[filepath.Base(a.Path)] = true
	}
	if !paths["a.txt"] || !paths["c.txt"] || paths["b.txt"] {
		t.Errorf("after the changes the batch holds %v", paths)
	}
	// The pack written by that load serves the next one whole.
	dropFileEntries(t, c)
	if _, built := loadCounting(t, c, opts, dir); built != 0 {
		t.Errorf("the load after the changes built %d files, want none", built)
	}
}

// TestReopensTellsPack: Reopens is true once a load of the same roots, in
// any order, has left a pack, and only for a loader that would read it.
func TestReopensTellsPack(t *testing.T) {
	dir, c := twoSampleBatch(t)
	other := t.TempDir()
	writeFile(t, filepath.Join(other, "c.txt"), []byte("A short story.\nIt has two lines of prose in it.\n"))
	slim := Options{Workers: 2, Slim: true, Cache: c}
	reopens := func(opts Options, roots ...string) bool {
		l, err := NewLoader(opts)
		if err != nil {
			t.Fatal(err)
		}
		return l.Reopens(roots)
	}
	if reopens(slim, dir, other) {
		t.Fatal("Reopens is true before any load")
	}
	l, err := NewLoader(slim)
	if err != nil {
		t.Fatal(err)
	}
	drain(t, l, dir, other)
	for _, tc := range []struct {
		name  string
		opts  Options
		roots []string
		want  bool
	}{
		{"same roots", slim, []string{dir, other}, true},
		{"roots in another order", slim, []string{other, dir}, true},
		{"one of the roots", slim, []string{dir}, false},
		{"no cache", Options{Workers: 2, Slim: true}, []string{dir, other}, false},
		{"whole articles", Options{Workers: 2, Cache: c}, []string{dir, other}, false},
		{"ordered", Options{Workers: 2, Slim: true, Ordered: true, Cache: c}, []string{dir, other}, false},
	} {
		if got := reopens(tc.opts, tc.roots...); got != tc.want {
			t.Errorf("%s: Reopens = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestOnBuildTellsBuilds: OnBuild is called for each file a load has to
// build, and not for one read back, so that a folder rewritten since its
// pack was made is not taken for a reopen however Reopens answers.
func TestOnBuildTellsBuilds(t *testing.T) {
	dir, c := twoSampleBatch(t)
	load := func() int {
		var n atomic.Int32
		l, err := NewLoader(Options{Workers: 2, Slim: true, Cache: c, OnBuild: func() { n.Add(1) }})
		if err != nil {
			t.Fatal(err)
		}
		drain(t, l, dir)
		return int(n.Load())
	}
	if n := load(); n != 2 {
		t.Errorf("the first load called OnBuild %d times, want 2", n)
	}
	if n := load(); n != 0 {
		t.Errorf("the reopen called OnBuild %d times, want none", n)
	}
	later := time.Now().Add(time.Minute)
	for _, name := range []string{"a.txt", "b.txt"} {
		if err := os.Chtimes(filepath.Join(dir, name), later, later); err != nil {
			t.Fatal(err)
		}
	}
	if n := load(); n != 2 {
		t.Errorf("after both files changed the load called OnBuild %d times, want 2", n)
	}
}

// TestPackKeepsFormats: every kind of file, several articles to a file,
// skips, truncation and the batch step included, comes back from a reopen
// as it was, line counts and entities included.
func TestPackKeepsFormats(t *testing.T) {
	dir, c := twoSampleBatch(t)
	copyTree(t, filepath.Join("..", "testdata", "formats"), filepath.Join(dir, "formats"))
	opts := Options{Workers: 2, Slim: true, MaxSize: 2048}
	first, _ := loadCounting(t, c, opts, dir)
	again, built := loadCounting(t, c, opts, dir)
	if built != 0 {
		t.Errorf("reopening built %d files", built)
	}
	if got, want := describeBatch(again), describeBatch(first); !slices.Equal(got, want) {
		t.Errorf("the pack gave another batch:\n got %v\nwant %v", got, want)
	}
	if len(again.Skips) != len(first.Skips) {
		t.Errorf("reopening gave %d skips, the first load %d", len(again.Skips), len(first.Skips))
	}
}

// TestDamagedPackIgnored: a pack cut short or overwritten is not read, and
// the batch loads from the files.
func TestDamagedPackIgnored(t *testing.T) {
	dir, c := twoSampleBatch(t)
	opts := Options{Workers: 2, Slim: true}
	first, _ := loadCounting(t, c, opts, dir)
	// The first load's articles borrow their search text from the pack
	// now (see Loader.rebind), and the damage below is done in place,
	// under their mapping: they are described before it.
	want := describeBatch(first)
	dropFileEntries(t, c)
	damageFiles(t, c, func(raw []byte) []byte { return raw[:len(raw)/2] })
	again, built := loadCounting(t, c, opts, dir)
	if built != 2 || !slices.Equal(describeBatch(again), want) {
		t.Errorf("with the pack damaged, %d files were built into %d articles; want 2 into %d", built, len(again.Articles), len(first.Articles))
	}
}

// damageFiles rewrites every file in the cache, in place as a failing disk
// would, with what damage makes of its bytes.
func damageFiles(t *testing.T, c *cache.Cache, damage func(raw []byte) []byte) {
	t.Helper()
	eachCacheFile(t, c, func(p string, raw []byte) error {
		return os.WriteFile(p, damage(raw), 0o600)
	})
}

// eachCacheFile calls f with the path and the bytes of every file in c's
// folder.
func eachCacheFile(t *testing.T, c *cache.Cache, f func(p string, raw []byte) error) {
	t.Helper()
	err := filepath.WalkDir(c.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return f(p, raw)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDamagedPackPart: the pack is opened without reading it whole, so a
// damaged byte is caught where it lies. One in an entry costs that file
// alone, which is built again while the rest comes from the pack; one in
// the index or the names loses the pack.
func TestDamagedPackPart(t *testing.T) {
	for _, tc := range []struct {
		name string
		// at returns the offset in the pack's file of the byte to damage.
		at        func(raw []byte, first *Batch) int
		wantBuilt int
	}{
		{"an entry", func(raw []byte, first *Batch) int {
			return bytes.Index(raw, []byte(first.Articles[0].Title))
		}, 1},
		{"the names", func(raw []byte, _ *Batch) int {
			// The payload ends with the pack's trailer, then the blob's
			// length and checksum; the byte before it is the names'.
			return len(raw) - 12 - packTrailer - 1
		}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, c := twoSampleBatch(t)
			opts := Options{Workers: 2, Slim: true}
			first, _ := loadCounting(t, c, opts, dir)
			want := describeBatch(first) // before the damage, done under its mapping
			if n := dropFileEntries(t, c); n != 1 {
				t.Fatalf("%d blobs in the cache, want the pack alone", n)
			}
			damageFiles(t, c, func(raw []byte) []byte {
				i := tc.at(raw, first)
				if i < 0 {
					t.Fatal("nothing to damage found in the pack")
				}
				raw[i] ^= 0x20
				return raw
			})
			again, built := loadCounting(t, c, opts, dir)
			if built != tc.wantBuilt || !slices.Equal(describeBatch(again), want) {
				t.Errorf("with %s damaged, %d files were built into %d articles; want %d into %d", tc.name, built, len(again.Articles), tc.wantBuilt, len(first.Articles))
			}
		})
	}
}

// TestPackKeepsBatchStep: reopening an unchanged batch takes the batch
// step's revisions from beside the pack instead of counting every line and
// reading back the revised articles; with the per-file entries gone, the
// step could not have run without building files again.
func TestPackKeepsBatchStep(t *testing.T) {
	dir, c := slimTestFolder(t), testCache(t)
	opts := Options{Workers: 2, Slim: true}
	first, _ := loadCounting(t, c, opts, dir)
	revised := func(b *Batch) []string {
		var out []string
		for _, a := range b.Articles {
			if len(a.batch) > 0 {
				out = append(out, describe(a))
			}
		}
		slices.Sort(out)
		return out
	}
	if len(revised(first)) == 0 {
		t.Fatal("the batch step revised nothing in the test folder")
	}
	dropFileEntries(t, c)
	again, built := loadCounting(t, c, opts, dir)
	if built != 0 {
		t.Errorf("reopening built %d files, want none", built)
	}
	if got, want := revised(again), revised(first); !slices.Equal(got, want) {
		t.Errorf("reopened revisions differ:\n got %v\nwant %v", got, want)
	}
}

// TestPackedSearchTextOutlivesRewrite: slim articles read back from a pack
// keep their search text in the mapped pack instead of the heap. It must
// stay readable after the load has let the pages go and after a later load
// has put a new pack in the old one's place.
func TestPackedSearchTextOutlivesRewrite(t *testing.T) {
	dir, c := twoSampleBatch(t)
	opts := Options{Workers: 2, Slim: true}
	first, _ := loadCounting(t, c, opts, dir)
	want := map[string]string{}
	for _, a := range first.Articles {
		want[a.Path] = a.SearchText()
	}
	reopened, _ := loadCounting(t, c, opts, dir)
	for _, a := range reopened.Articles {
		if m, ok := mappingOf(t, unsafe.StringData(a.SearchText())); ok && !strings.HasPrefix(m, c.Dir()) {
			t.Errorf("%s: the search text lives in %q, not in the pack", a.Path, m)
		}
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "a.txt"), later, later); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "c.txt"), []byte("A third story.\n"))
	loadCounting(t, c, opts, dir) // writes a new pack over the old
	for _, a := range reopened.Articles {
		if a.SearchText() != want[a.Path] || a.SearchText() == "" {
			t.Errorf("%s: search text after the pack was replaced = %.40q, want %.40q", a.Path, a.SearchText(), want[a.Path])
		}
	}
}

// TestFirstLoadBorrowsSearchText: once a batch's first load has written
// its pack, the articles it built, and those the batch step revised, hold
// their search text in the mapped cache rather than on the heap, as a
// reopen's do; at 100,000 articles that is some 350 MB the reader would
// otherwise keep. The text is unchanged, and Evict keeps it readable.
func TestFirstLoadBorrowsSearchText(t *testing.T) {
	dir, c := slimTestFolder(t), testCache(t)
	opts := Options{Workers: 2, Slim: true, Cache: c}
	l, err := NewLoader(opts)
	if err != nil {
		t.Fatal(err)
	}
	var b Batch
	// heap holds weak pointers to the text the articles had on the heap
	// as they arrived, which nothing must keep alive once they borrow it.
	var heap []weak.Pointer[byte]
	for u := range l.Load(context.Background(), []string{dir}) {
		for _, a := range u.Articles {
			// The loader may have moved the text to the pack already
			// (it goes on to rebind once it sent the update), and a weak
			// pointer into a mapped file is fatal: the text is taken
			// once, and only a heap one is watched.
			s := a.SearchText()
			if m, ok := mappingOf(t, unsafe.StringData(s)); ok && m == "" {
				heap = append(heap, weak.Make(unsafe.StringData(s)))
			}
		}
		b.Apply(u)
	}
	runtime.GC()
	kept := 0
	for _, p := range heap {
		if p.Value() != nil {
			kept++
		}
	}
	if kept > 0 || len(heap) == 0 {
		t.Errorf("after the first load, %d of the %d texts the articles arrived with are still on the heap", kept, len(heap))
	}
	fresh, _ := loadCounting(t, nil, Options{Workers: 2, Slim: true}, dir)
	want := map[string]string{}
	for _, a := range fresh.Articles {
		want[a.ID] = a.SearchText()
	}
	revised := 0
	for _, a := range b.Articles {
		if len(a.batch) > 0 {
			revised++
		}
		if m, ok := mappingOf(t, unsafe.StringData(a.SearchText())); ok && !strings.HasPrefix(m, c.Dir()) {
			t.Errorf("%s#%d: after the first load the search text lives in %q, not in the cache", a.Path, a.Index, m)
		}
	}
	if revised == 0 || len(b.Articles) != len(fresh.Articles) {
		t.Fatalf("the load gave %d articles, %d revised; want %d, some revised", len(b.Articles), revised, len(fresh.Articles))
	}
	l.Evict()
	for _, a := range b.Articles {
		if a.SearchText() != want[a.ID] {
			t.Errorf("%s#%d: search text %.40q, want %.40q", a.Path, a.Index, a.SearchText(), want[a.ID])
		}
	}
}

// TestReopenRevisionsBorrowSearchText: a reopen that reuses the pack but
// finds no revisions for it (a reader quit during the batch step, which
// runs after the pack is put in place) runs the batch step again; its
// revisions then borrow their search text from the blob it writes, as a
// first load's do.
func TestReopenRevisionsBorrowSearchText(t *testing.T) {
	dir, c := slimTestFolder(t), testCache(t)
	opts := Options{Workers: 2, Slim: true}
	loadCounting(t, c, opts, dir)
	l, err := NewLoader(Options{Workers: 2, Slim: true, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	bw, err := c.CreateBlob(l.revisionsName([]string{dir}))
	if err != nil {
		t.Fatal(err)
	}
	var e enc
	e.str("another generation")
	bw.Write(e.buf)
	if err := bw.Commit(); err != nil {
		t.Fatal(err)
	}
	b, built := loadCounting(t, c, opts, dir)
	revised := 0
	for _, a := range b.Articles {
		if len(a.batch) == 0 {
			continue
		}
		revised++
		if m, ok := mappingOf(t, unsafe.StringData(a.SearchText())); ok && !strings.HasPrefix(m, c.Dir()) {
			t.Errorf("%s#%d: the revision's search text lives in %q, not in the cache", a.Path, a.Index, m)
		}
	}
	if built != 0 || revised == 0 {
		t.Fatalf("the reopen built %d files and revised %d articles; want none built, some revised", built, revised)
	}
}

// mappingOf returns the file mapped at p in this process, as
// /proc/self/maps names it ("" for anonymous memory such as the heap); ok
// is false where there is no such file to read.
func mappingOf(t *testing.T, p *byte) (string, bool) {
	t.Helper()
	raw, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Logf("cannot tell where memory lies: %v", err)
		return "", false
	}
	addr := uint64(uintptr(unsafe.Pointer(p)))
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) < 5 {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || addr < start || addr >= end {
			continue
		}
		if len(f) >= 6 {
			return f[5], true
		}
		return "", true
	}
	return "", true
}

// FuzzParsePack feeds damaged packs to the parser: the cache folder is
// outside input like any article. It refuses them or returns records whose
// entries lie within what it was given, and never panics.
func FuzzParsePack(f *testing.F) {
	a := synthArticle("a.txt", -1, "Title", "Body text")
	a.Entities = []entity.Entity{{Name: "John Kerry", Type: entity.PER, Count: 2, Aliases: []string{"Kerry"}}}
	refs := a.entRefs()
	const gen = "0123456789abcdef"
	var e enc
	e.str(gen)
	entry := encodePackEntry(result{articles: []*Article{a}}, nil)
	var index enc
	index.str("a.txt")
	index.int(12)
	index.int(34)
	index.int(int64(len(e.buf)))
	index.int(int64(len(entry)))
	index.int(int64(crc32.Checksum(entry, packCRC)))
	index.bytes(binary.AppendUvarint(nil, 0))
	e.buf = append(e.buf, entry...)
	e.buf = append(e.buf, packTail(gen, 1, index.buf, []*entNames{refs[0].names}, uint64(len(e.buf)))...)
	if _, recs, _, err := parsePack(e.buf, nil); err != nil || len(recs) != 1 {
		f.Fatalf("the seed pack gave %d records, error %v", len(recs), err)
	}
	f.Add(e.buf)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		names := newNameTable()
		_, recs, table, err := parsePack(data, names)
		if err != nil {
			return
		}
		for i, r := range recs {
			if len(r.entry) > len(data) {
				t.Fatalf("%q: an entry longer than the pack", r.path)
			}
			if r.pos != i {
				t.Fatalf("%q: record %d says it is at %d", r.path, i, r.pos)
			}
			// Entries are decoded as the loader would.
			decodePackEntry(r.entry, r.path, &packIDs{names: table, ids: r.ids})
		}
	})
}

// FuzzParseRevisions feeds damaged blobs of revisions to their parser: it
// refuses them or returns articles, and never panics.
func FuzzParseRevisions(f *testing.F) {
	a := synthArticle("a.txt", -1, "Title", "Body text\nRepeated line")
	b := *a
	b.batch = []batchMark{{line: 1, code: clean.CodeRepeated, reason: "repeated"}}
	var e enc
	e.str("gen")
	e.str(b.Path)
	e.int(int64(b.Index))
	e.str(b.ID)
	e.u64(0x0123456789abcdef)
	e.bytes(encodeRevision(&b, nil))
	if out, sigs, err := parseRevisions(e.buf, "gen", nil); err != nil || len(out) != 1 || sigs[0] != 0x0123456789abcdef {
		f.Fatalf("the seed gave %d revisions, signatures %x, error %v", len(out), sigs, err)
	}
	f.Add(e.buf)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, sigs, err := parseRevisions(data, "gen", newNameTable())
		if err == nil {
			if len(sigs) != len(out) {
				t.Fatalf("%d revisions and %d signatures", len(out), len(sigs))
			}
			for _, r := range out {
				if r == nil || !r.Slimmed() {
					t.Fatal("a revision came back empty or whole")
				}
			}
		}
	})
}

// TestTitleSortLeavesPackAlone: sorting by title reads every article's
// title, so after a reopen the titles must be on the heap: read from the
// pack, where the search text stays, they would bring its pages back.
func TestTitleSortLeavesPackAlone(t *testing.T) {
	dir, c := twoSampleBatch(t)
	writeFile(t, filepath.Join(dir, "c.txt"), []byte("Árbol caído en la plaza\n\nUn árbol cayó anoche sobre la plaza mayor sin causar heridos.\n"))
	opts := Options{Workers: 2, Slim: true}
	loadCounting(t, c, opts, dir)
	reopened, _ := loadCounting(t, c, opts, dir)
	arts := slices.Clone(reopened.Articles)
	Sort(arts, SortTitle)
	var titles []string
	for _, a := range arts {
		if m, ok := mappingOf(t, unsafe.StringData(a.foldedTitle)); ok && m != "" {
			t.Errorf("%s: the title sorted on lives in %q", a.Path, m)
		}
		titles = append(titles, a.foldedTitle)
	}
	if !slices.IsSorted(titles) || titles[0] != "arbol caido en la plaza" {
		t.Errorf("sorted by title: %q", titles)
	}
}

// TestPackWriterReuse: a load counts as reading back the old pack, and so
// may take the batch step's outcome from beside it, only when every record
// of the pack was read back once and nothing else came in; a file read
// afresh, or read but left out because it changed meanwhile, makes another
// batch.
func TestPackWriterReuse(t *testing.T) {
	// hit stands for a file read back from the pack; the record it names
	// is the old pack's of this case (see below).
	hit := func(path string) packRecord {
		return packRecord{path: path, entry: []byte{1}, fromPack: true}
	}
	type add struct {
		r      packRecord
		loaded bool
	}
	for _, tc := range []struct {
		name   string
		adds   []add
		reused bool
	}{
		{"every record read back", []add{{hit("a"), true}, {hit("b"), true}}, true},
		{"a file the pack lacks", []add{{hit("a"), true}, {hit("b"), true}, {packRecord{path: "c", entry: []byte{1}}, true}}, false},
		{"a new file that changed while read", []add{{hit("a"), true}, {hit("b"), true}, {packRecord{}, true}}, false},
		{"a new file with nothing in it", []add{{hit("a"), true}, {hit("b"), true}, {packRecord{}, false}}, true},
		{"a file gone", []add{{hit("a"), true}}, false},
		{"overlapping roots reach a file twice", []add{{hit("a"), true}, {hit("a"), true}}, false},
		{"overlapping roots, all there", []add{{hit("a"), true}, {hit("b"), true}, {hit("a"), true}}, true},
	} {
		c, err := cache.Open(t.TempDir(), "test")
		if err != nil {
			t.Fatal(err)
		}
		// The records note that they were read back, so each case has a
		// pack of its own.
		old := &pack{gen: "g", recs: map[string]*packRec{"a": {entry: []byte{1}}, "b": {entry: []byte{1}}}}
		w := &packWriter{l: &Loader{opts: Options{Cache: c}}, roots: []string{"x"}, old: old}
		for _, a := range tc.adds {
			if a.r.fromPack {
				a.r.rec = old.recs[a.r.path]
			}
			w.add(a.r, a.loaded)
		}
		w.abort()
		if got := w.reused(); got != tc.reused {
			t.Errorf("%s: reused = %v, want %v", tc.name, got, tc.reused)
		}
	}
}

// countModelAsks counts the times l asks for its entity model from now on.
func countModelAsks(l *Loader) *atomic.Int32 {
	var n atomic.Int32
	get := l.recognizer
	l.recognizer = func() (*entity.Recognizer, error) {
		n.Add(1)
		return get()
	}
	return &n
}

// cacheMappings counts the mappings of c's files in this process by
// inode, since a replaced pack keeps its mappings under the name it had.
func cacheMappings(c *cache.Cache) map[string]int {
	raw, _ := os.ReadFile("/proc/self/maps")
	n := map[string]int{}
	for line := range strings.Lines(string(raw)) {
		if f := strings.Fields(line); len(f) >= 6 && strings.HasPrefix(f[5], c.Dir()) {
			n[f[4]]++
		}
	}
	return n
}

// TestRewrittenPackMovesText: a reopen that finds a file changed writes a
// new pack in the old one's place; the articles it read back from the old
// pack move their search text to the new one, so that the old pack is no
// longer read. The old pack stays mapped all the same: a consumer may
// still hold a string it took before the move, and reading it must not
// fault.
func TestRewrittenPackMovesText(t *testing.T) {
	if _, err := os.ReadFile("/proc/self/maps"); err != nil {
		t.Skipf("cannot read the process's mappings: %v", err)
	}
	dir, c := slimTestFolder(t), testCache(t)
	opts := Options{Workers: 2, Slim: true}
	loadCounting(t, c, opts, dir)
	writeFile(t, filepath.Join(dir, "local", "s0.txt"), []byte("Home News Sport\nStory 0 was corrected on Tuesday, the editors said.\n"))
	opts.Cache = c
	l, err := NewLoader(opts)
	if err != nil {
		t.Fatal(err)
	}
	var b Batch
	var held []string // the search text the consumer saw before the load ended
	for u := range l.Load(context.Background(), []string{dir}) {
		if !u.Finished {
			for _, a := range u.Articles {
				held = append(held, a.SearchText())
			}
		}
		b.Apply(u)
	}
	for _, a := range b.Articles {
		m, ok := mappingOf(t, unsafe.StringData(a.SearchText()))
		if !ok {
			t.Skip("cannot tell where memory lies")
		}
		if !strings.HasPrefix(m, c.Dir()) || strings.HasSuffix(m, "(deleted)") {
			t.Errorf("%s#%d: after the reopen the search text lives in %q, want the new pack", a.Path, a.Index, m)
		}
	}
	// Reading what was taken from the old pack faults if it was unmapped.
	n := 0
	for _, s := range held {
		n += strings.Count(s, "e")
	}
	if len(held) == 0 || n == 0 {
		t.Errorf("the consumer saw %d texts before the load ended, with %d e's in them", len(held), n)
	}
}

// TestUnusedPackUnmapped: a pack no article was read from (every entry
// damaged, so that neither the preview nor the walk could use one) is
// unmapped once the load is done, so that the replaced file's disk space
// is not held until the reader exits; one that articles were read from
// stays mapped, since they keep their search text in it. A load that
// writes a pack keeps the new one mapped: its articles borrow their text
// from it too (see Loader.rebind).
func TestUnusedPackUnmapped(t *testing.T) {
	if _, err := os.ReadFile("/proc/self/maps"); err != nil {
		t.Skipf("cannot read the process's mappings: %v", err)
	}
	dir, c := twoSampleBatch(t)
	opts := Options{Workers: 2, Slim: true}
	mapped := func() map[string]int { return cacheMappings(c) }
	batch, _ := loadCounting(t, c, opts, dir) // writes the pack, and borrows from it
	titles := make([][]byte, len(batch.Articles))
	for i, a := range batch.Articles {
		titles[i] = []byte(a.Title[:20]) // what the pack holds of a long title may be cut
	}
	first := mapped()
	if len(first) != 1 {
		t.Fatalf("after the first load, the cache's files mapped are %v, want the pack", first)
	}
	loadCounting(t, c, opts, dir) // reads from it: it stays mapped
	reopened := mapped()
	for ino, n := range first {
		if reopened[ino] != n+1 || len(reopened) != 1 {
			t.Fatalf("after a reopen, the cache's files mapped are %v, want the pack once more than %v", reopened, first)
		}
	}
	damageFiles(t, c, func(raw []byte) []byte {
		for _, title := range titles {
			i := bytes.Index(raw, title)
			if i < 0 {
				t.Fatalf("title %q not found in the pack", title)
			}
			raw[i] ^= 0x20
		}
		return raw
	})
	loadCounting(t, c, opts, dir) // reads nothing from the pack, writes another
	after := mapped()
	for ino, n := range reopened {
		if after[ino] != n {
			t.Errorf("after a load that read nothing from its pack, it is mapped %d times, want %d as before", after[ino], n)
		}
	}
	if len(after) != len(reopened)+1 {
		t.Errorf("after a load that wrote a pack, the cache's files mapped are %v, want the new pack besides %v", after, reopened)
	}
}

// TestPackReopenInChunks: a reopen hands files to the workers in chunks.
// With more files than the window holds, few workers, and a changed file
// among them (built rather than read back), every article still arrives
// once, and the counts agree.
func TestPackReopenInChunks(t *testing.T) {
	const n = 3*packChunk + 5
	dir := t.TempDir()
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%03d.txt", i)), fmt.Appendf(nil, "Story number %d\nThe council met on day %d and agreed the plan.\n", i, i))
	}
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint(workers, " workers"), func(t *testing.T) {
			c, err := cache.Open(t.TempDir(), "test")
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Workers: workers, Slim: true}
			first, _ := loadCounting(t, c, opts, dir)
			later := time.Now().Add(time.Minute)
			changed := filepath.Join(dir, fmt.Sprintf("%03d.txt", packChunk+1))
			if err := os.Chtimes(changed, later, later); err != nil {
				t.Fatal(err)
			}
			again, built := loadCounting(t, c, opts, dir)
			if built != 1 {
				t.Errorf("the reopen built %d files, want only the changed one", built)
			}
			if again.Found != n || again.Done != n || len(again.Articles) != n {
				t.Errorf("the reopen found %d files, finished %d and holds %d articles, want %d of each", again.Found, again.Done, len(again.Articles), n)
			}
			if got, want := describeBatch(again), describeBatch(first); !slices.Equal(got, want) {
				t.Errorf("the reopen gave another batch: %d articles, want %d", len(got), len(want))
			}
		})
	}
}

// TestReopenSendsBuiltFilesAlone: on a reopen, a file the pack has no
// record of is cleaned and tagged, which takes milliseconds, so it goes to
// a worker alone rather than in a chunk with files read back from the
// pack. With one worker whose first build is held up, the article read
// back from the pack must still reach the reader: in a chunk with the new
// files, it would wait for all of them.
func TestReopenSendsBuiltFilesAlone(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "000.txt"), []byte("Old story\nThe council met on Monday and agreed the plan.\n"))
	c, err := cache.Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Workers: 1, Slim: true, Cache: c}
	loadCounting(t, c, opts, dir) // writes the pack with 000.txt alone
	const added = 3 * packChunk
	for i := range added {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("new%03d.txt", i)), fmt.Appendf(nil, "New story %d\nThe harbour reopened on day %d after the storm.\n", i, i))
	}
	l, err := NewLoader(opts)
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	var calls atomic.Int32
	var timedOut atomic.Bool
	l.build = func(path string, data []byte) ([]*Article, []Skip) {
		if calls.Add(1) == 1 {
			// Only a bug keeps the articles from arriving; the test
			// then fails instead of hanging.
			select {
			case <-release:
			case <-time.After(10 * time.Second):
				timedOut.Store(true)
			}
		}
		return l.Build(path, data)
	}
	var b Batch
	released := false
	for u := range l.Load(context.Background(), []string{dir}) {
		b.Apply(u)
		if len(u.Articles) > 0 && !released {
			released = true
			close(release)
		}
	}
	if timedOut.Load() {
		t.Error("no article arrived while the first new file was being built")
	}
	if len(b.Articles) != added+1 || b.Done != added+1 {
		t.Errorf("the reopen holds %d articles from %d files, want %d of each", len(b.Articles), b.Done, added+1)
	}
}

// TestReopenLeavesModelUnloaded: a reopen served by the pack tags nothing,
// so it never asks for the entity model, which NewLoader leaves unloaded
// (tens of milliseconds and some 17 MB of heap); a changed file asks.
func TestReopenLeavesModelUnloaded(t *testing.T) {
	dir, c := twoSampleBatch(t)
	opts := Options{Workers: 2, Slim: true, Cache: c}
	load := func() int {
		t.Helper()
		l, err := NewLoader(opts)
		if err != nil {
			t.Fatal(err)
		}
		// Both workers may ask for the model at once.
		calls := countModelAsks(l)
		b := drain(t, l, dir)
		if len(b.Articles) != 2 {
			t.Fatalf("loaded %d articles, want 2", len(b.Articles))
		}
		return int(calls.Load())
	}
	if n := load(); n == 0 {
		t.Fatal("the first load tagged its articles without the model")
	}
	if n := load(); n != 0 {
		t.Errorf("the reopen asked for the model %d times, want none", n)
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "a.txt"), later, later); err != nil {
		t.Fatal(err)
	}
	if n := load(); n == 0 {
		t.Error("a changed file was tagged without the model")
	}
}

// TestFullOfRevisedArticleAfterReopen: opening an article the batch step
// revised shows the revision whole, mentions included. After a reopen
// served by the pack, its entities come from the cache, so opening it never
// asks for the entity model, which the reopen left unloaded; only when
// the cache lost them is it tagged again, to the same entities.
func TestFullOfRevisedArticleAfterReopen(t *testing.T) {
	dir := slimTestFolder(t)
	whole, _ := loadWith(t, Options{}, dir)
	want := map[string]*Article{}
	for _, a := range whole.Articles {
		want[fmt.Sprint(a.Path, a.Index)] = a
	}
	for _, tc := range []struct {
		name      string
		dropFiles bool // the per-file entries are gone, the revisions' entities with them
		wantAsked bool
	}{
		{"entities kept", false, false},
		{"entities lost", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := cache.Open(t.TempDir(), "test")
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Workers: 2, Slim: true, Cache: c}
			loadCounting(t, c, opts, dir)
			if tc.dropFiles {
				dropFileEntries(t, c)
			}
			l, err := NewLoader(opts)
			if err != nil {
				t.Fatal(err)
			}
			calls := countModelAsks(l)
			b := drain(t, l, dir)
			if n := calls.Load(); n != 0 {
				t.Fatalf("the reopen asked for the model %d times, want none", n)
			}
			revised := 0
			for _, a := range b.Articles {
				if len(a.batch) == 0 {
					continue
				}
				revised++
				full, err := l.Full(context.Background(), a)
				if err != nil {
					t.Fatalf("%s: Full: %v", a.Path, err)
				}
				w := want[fmt.Sprint(a.Path, a.Index)]
				if full.Body != w.Body || !reflect.DeepEqual(full.Entities, w.Entities) || full.SearchText() != w.SearchText() {
					t.Errorf("%s: Full of the revised article differs from a whole load:\n got %q %+v\nwant %q %+v", a.Path, full.Body, full.Entities, w.Body, w.Entities)
				}
			}
			if revised == 0 {
				t.Fatal("the reopen revised nothing")
			}
			if asked := calls.Load() > 0; asked != tc.wantAsked {
				t.Errorf("opening %d revised articles asked for the model %d times; want asked = %v", revised, calls.Load(), tc.wantAsked)
			}
		})
	}
}

// TestRevisedSearchTextInBlob: revised articles read back from beside the
// pack keep their search text in the mapped blob of revisions, as the
// pack's articles do, not on the heap; and it stays readable after a later
// load has replaced the blob.
func TestRevisedSearchTextInBlob(t *testing.T) {
	if _, err := os.ReadFile("/proc/self/maps"); err != nil {
		t.Skipf("cannot read the process's mappings: %v", err)
	}
	dir, c := slimTestFolder(t), testCache(t)
	opts := Options{Workers: 2, Slim: true}
	first, _ := loadCounting(t, c, opts, dir)
	want := map[string]string{}
	for _, a := range first.Articles {
		want[fmt.Sprint(a.Path, a.Index)] = a.SearchText()
	}
	reopened, _ := loadCounting(t, c, opts, dir)
	var revised []*Article
	for _, a := range reopened.Articles {
		if len(a.batch) == 0 {
			continue
		}
		revised = append(revised, a)
		if m, _ := mappingOf(t, unsafe.StringData(a.SearchText())); !strings.HasPrefix(m, c.Dir()) {
			t.Errorf("%s: the revised search text lives in %q, not in the cache's blob", a.Path, m)
		}
	}
	if len(revised) == 0 {
		t.Fatal("the reopen revised nothing")
	}
	// A sixth story changes the batch: a new pack and new revisions are
	// written over the old.
	writeFile(t, filepath.Join(dir, "local", "s5.txt"), []byte("Home News Sport\nStory 5: a bridge reopened.\nThe Valley Courier has been published by Valley Media in the town of Ashford since the year 1887.\n"))
	loadCounting(t, c, opts, dir)
	for _, a := range revised {
		if got := a.SearchText(); got == "" || got != want[fmt.Sprint(a.Path, a.Index)] {
			t.Errorf("%s: search text after the blob was replaced = %.40q, want %.40q", a.Path, got, want[fmt.Sprint(a.Path, a.Index)])
		}
	}
}

// TestLoadLetsModelGo: with a cache, a reader's load lets the entity model
// go once the batch is in, some 30 MB of heap it would otherwise hold to
// the end; an article that must be tagged again later loads it anew, and
// lets it go again. Without a cache every article shown is tagged, and the
// model is kept.
func TestLoadLetsModelGo(t *testing.T) {
	for _, cached := range []bool{true, false} {
		t.Run(fmt.Sprintf("cache=%v", cached), func(t *testing.T) {
			dir, c := twoSampleBatch(t)
			opts := Options{Workers: 2, Slim: true}
			if cached {
				opts.Cache = c
			}
			l, err := NewLoader(opts)
			if err != nil {
				t.Fatal(err)
			}
			var loads atomic.Int32
			load := l.model.load
			l.model.load = func() (*entity.Recognizer, error) {
				loads.Add(1)
				return load()
			}
			held := func() bool {
				l.model.mu.Lock()
				defer l.model.mu.Unlock()
				return l.model.rec != nil
			}
			var b Batch
			for u := range l.Load(context.Background(), []string{dir}) {
				b.Apply(u)
			}
			if n := loads.Load(); n != 1 || held() != !cached || len(b.Articles) != 2 {
				t.Fatalf("after a load of %d articles the model was loaded %d times and is held: %v; want loaded once, held %v", len(b.Articles), n, held(), !cached)
			}
			// Without the cache's entries, showing an article tags it
			// again, as it always does without a cache.
			dropFileEntries(t, c)
			for range 2 {
				full, err := l.Full(context.Background(), b.Articles[0])
				if err != nil {
					t.Fatal(err)
				}
				if len(full.Entities) == 0 {
					t.Error("the article read back whole has no entities")
				}
				l.recent = &recentFiles{} // read the file again next time
			}
			// With a cache, the first view loads the model for itself
			// and writes the file's entry back, which the second reads.
			want := int32(1)
			if cached {
				want = 2
			}
			if n := loads.Load(); n != want || held() != !cached {
				t.Errorf("after two views the model was loaded %d times and is held: %v; want %d, held %v", n, held(), want, !cached)
			}
		})
	}
}

// TestReopenKeepsRevisionsOfUnchangedFiles: a reopen that finds a file
// added runs the batch step again, and takes the revisions of the files
// read back unchanged from beside the old pack: with the per-file entries
// gone, only the added file is built, and the batch is the one a load
// without a cache gives.
func TestReopenKeepsRevisionsOfUnchangedFiles(t *testing.T) {
	dir, c := slimTestFolder(t), testCache(t)
	opts := Options{Workers: 2, Slim: true}
	first, _ := loadCounting(t, c, opts, dir)
	n := 0
	for _, a := range first.Articles {
		if len(a.batch) > 0 {
			n++
		}
	}
	if n == 0 {
		t.Fatal("the batch step revised nothing in the test folder")
	}
	writeFile(t, filepath.Join(dir, "local", "added.txt"), []byte("A story added since the last load.\nIt has a second line of prose.\n"))
	dropFileEntries(t, c)
	again, built := loadCounting(t, c, opts, dir)
	if built != 1 {
		t.Errorf("the reopen built %d files, want only the one added", built)
	}
	fresh, _ := loadCounting(t, testCache(t), opts, dir)
	if got, want := describeBatch(again), describeBatch(fresh); !slices.Equal(got, want) {
		t.Errorf("the reopened batch differs from a fresh load's:\n got %v\nwant %v", got, want)
	}
}

// TestPackWrittenAfterLastUpdate: a reopen that finds a file added shows
// its batch, the batch step's outcome included, before it writes the new
// pack, and the next reopen reads that pack. If the load is cancelled
// while the pack is being written, as when the user leaves the reader, no
// part of it is left in the cache.
func TestPackWrittenAfterLastUpdate(t *testing.T) {
	for _, cancelled := range []bool{false, true} {
		t.Run(fmt.Sprintf("cancelled=%v", cancelled), func(t *testing.T) {
			dir, c := slimTestFolder(t), testCache(t)
			opts := Options{Workers: 2, Slim: true}
			first, _ := loadCounting(t, c, opts, dir)
			genBefore := packGen(t, c, dir)
			writeFile(t, filepath.Join(dir, "local", "added.txt"), []byte("A story added since the last load.\nIt has a second line of prose.\n"))
			opts.Cache = c
			l, err := NewLoader(opts)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			hold := make(chan struct{})
			l.beforeCommit = func() { <-hold }
			var b Batch
			for u := range l.Load(ctx, []string{dir}) {
				b.Apply(u)
				if !u.Finished {
					continue
				}
				// The last update comes with the whole batch, while the
				// old pack is still the one in the cache.
				if len(b.Articles) != len(first.Articles)+1 {
					t.Errorf("the last update leaves %d articles, want %d", len(b.Articles), len(first.Articles)+1)
				}
				if got := packGen(t, c, dir); got != genBefore {
					t.Errorf("a new pack (%q) was in place before the last update", got)
				}
				if cancelled {
					cancel()
				}
				close(hold)
			}
			if !b.Finished {
				t.Fatal("the load sent no last update")
			}
			var temps []string
			filepath.WalkDir(c.Dir(), func(p string, d fs.DirEntry, err error) error {
				if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
					temps = append(temps, p)
				}
				return nil
			})
			if len(temps) > 0 {
				t.Errorf("files left half-written in the cache: %v", temps)
			}
			// A cancelled load leaves the old pack in place; one that
			// ends writes a new pack, which serves the next reopen whole
			// even without the per-file entries.
			if got := packGen(t, c, dir); (got == genBefore) != cancelled {
				t.Errorf("the pack's generation after the load is %q, before %q", got, genBefore)
			}
			if !cancelled {
				dropFileEntries(t, c)
				if _, built := loadCounting(t, c, Options{Workers: 2, Slim: true}, dir); built != 0 {
					t.Errorf("the next reopen built %d files, want none", built)
				}
			}
		})
	}
}

// packGen returns the generation of the pack in c for the folder dir.
func packGen(t *testing.T, c *cache.Cache, dir string) string {
	t.Helper()
	l, err := NewLoader(Options{Slim: true, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	pk := l.openPack(sortedRoots([]string{dir}))
	if pk == nil {
		t.Fatal("no pack in the cache")
	}
	defer pk.close()
	return pk.gen
}
