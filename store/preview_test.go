package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dateline/store/cache"
	"dateline/store/clean"
)

// reopenUpdates loads dir with opts and returns every update, in order.
func reopenUpdates(t *testing.T, opts Options, dir string) []Update {
	t.Helper()
	l, err := NewLoader(opts)
	if err != nil {
		t.Fatal(err)
	}
	return loaderUpdates(t, l, dir)
}

// loaderUpdates loads dir with l and returns every update.
func loaderUpdates(t *testing.T, l *Loader, dir string) []Update {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), loadDeadline)
	defer cancel()
	var us []Update
	for u := range l.Load(ctx, []string{dir}) {
		us = append(us, u)
	}
	if len(us) == 0 || !us[len(us)-1].Finished {
		t.Fatal("the load ended without a Finished update")
	}
	return us
}

// basesOf returns the base names of the articles' files, sorted.
func basesOf(arts []*Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, filepath.Base(a.Path))
	}
	slices.Sort(out)
	return out
}

// TestReopenShowsPackFirst: a reopen shows the batch its pack holds before
// it looks at the folder, marked as checking, and then sends only what the
// folder changed: a file changed since comes back with its new articles in
// place of its old ones, a file gone is removed, a file added is added.
// The batch the updates make is the one a load without a cache gives.
func TestReopenShowsPackFirst(t *testing.T) {
	dir, c := twoSampleBatch(t)
	writeFile(t, filepath.Join(dir, "c.txt"), []byte("A third story ran on Tuesday.\nIt has a second line of prose in it.\n"))
	opts := Options{Workers: 2, Slim: true, Cache: c}
	first := reopenUpdates(t, opts, dir)
	if first[0].Checking {
		t.Error("a first load, with no pack to show, says it is checking")
	}

	later := time.Now().Add(time.Minute)
	writeFile(t, filepath.Join(dir, "a.txt"), []byte("The story in a.txt was rewritten.\nIts second line is new as well.\n"))
	if err := os.Chtimes(filepath.Join(dir, "a.txt"), later, later); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "d.txt"), []byte("A fourth story was added since.\nIt has a second line of prose too.\n"))

	us := reopenUpdates(t, opts, dir)
	// What comes before the walk's first file is the pack as it was.
	var shown []*Article
	for _, u := range us {
		if u.Done > 0 || !u.Checking {
			break
		}
		shown = append(shown, u.Articles...)
	}
	if got, want := basesOf(shown), []string{"a.txt", "b.txt", "c.txt"}; !slices.Equal(got, want) {
		t.Errorf("before checking any file the reopen showed %v, want the last load's %v", got, want)
	}
	var removed, added []*Article
	for _, u := range us {
		removed = append(removed, u.Removed...)
		if u.Done > 0 || !u.Checking {
			added = append(added, u.Articles...)
		}
	}
	if got, want := basesOf(removed), []string{"a.txt", "b.txt"}; !slices.Equal(got, want) {
		t.Errorf("the reopen removed the articles of %v, want those of the changed and the vanished file %v", got, want)
	}
	if got, want := basesOf(added), []string{"a.txt", "d.txt"}; !slices.Equal(got, want) {
		t.Errorf("after showing the pack the reopen sent the articles of %v, want those of the changed and the added file %v", got, want)
	}
	if last := us[len(us)-1]; last.Checking {
		t.Error("the last update still says the reopen is checking")
	}

	var b Batch
	for _, u := range us {
		b.Apply(u)
	}
	fresh, _ := loadCounting(t, testCache(t), Options{Workers: 2, Slim: true}, dir)
	if got, want := describeBatch(&b), describeBatch(fresh); !slices.Equal(got, want) {
		t.Errorf("the reopened batch differs from a fresh load's:\n got %v\nwant %v", got, want)
	}
}

// TestReopenRevertsStaleRevisions: the preview shows the revisions kept
// with the pack. When files are removed so that a line is no longer
// repeated often enough to be template, the articles it was stripped from
// go back to what their files give, and the batch is the one a load
// without a cache gives.
func TestReopenRevertsStaleRevisions(t *testing.T) {
	dir, c := slimTestFolder(t), testCache(t)
	opts := Options{Workers: 2, Slim: true, Cache: c}
	first := reopenUpdates(t, opts, dir)
	var revised []*Article
	for _, u := range first {
		revised = append(revised, u.Revised...)
	}
	if !slices.Contains(basesOf(revised), "s4.txt") {
		t.Fatalf("the first load revised %v, want the local stories among them", basesOf(revised))
	}
	for i := range 4 {
		if err := os.Remove(filepath.Join(dir, "local", "s"+string(rune('0'+i))+".txt")); err != nil {
			t.Fatal(err)
		}
	}
	fresh, _ := loadCounting(t, testCache(t), Options{Workers: 2, Slim: true}, dir)
	for _, a := range fresh.Articles {
		if filepath.Base(a.Path) == "s4.txt" && len(a.batch) > 0 {
			t.Fatal("with one local story left the batch step still revises it; the test needs it not to")
		}
	}

	us := reopenUpdates(t, opts, dir)
	var previewed, reverted bool
	for _, u := range us {
		if u.Checking && u.Done == 0 && slices.Contains(basesOf(u.Revised), "s4.txt") {
			previewed = true
		}
		if !u.Checking && slices.Contains(basesOf(u.Revised), "s4.txt") {
			reverted = true
		}
	}
	if !previewed || !reverted {
		t.Errorf("s4.txt's kept revision shown with the preview: %t, taken back at the end: %t; want both", previewed, reverted)
	}
	var b Batch
	for _, u := range us {
		b.Apply(u)
	}
	if got, want := describeBatch(&b), describeBatch(fresh); !slices.Equal(got, want) {
		t.Errorf("the reopened batch differs from a fresh load's:\n got %v\nwant %v", got, want)
	}
}

// cacheFiles counts the files in c's folder: blobs (the pack and the
// revisions beside it) and entries (one file's result each).
func cacheFiles(t *testing.T, c *cache.Cache) (blobs, entries int) {
	t.Helper()
	eachCacheFile(t, c, func(_ string, raw []byte) error {
		if bytes.HasPrefix(raw, []byte("dateline-blob-")) {
			blobs++
		} else {
			entries++
		}
		return nil
	})
	return blobs, entries
}

// TestReaderLoadKeepsPackOnly: a reader's load keeps what it made of its
// files in its pack alone, not in an entry per file; the first Full of an
// article writes its entry, and the next reads it back without building
// the file again. The batch step cleans again without tagging again: a
// first load builds each file once.
func TestReaderLoadKeepsPackOnly(t *testing.T) {
	dir, c := twoSampleBatch(t)
	opts := Options{Workers: 2, Slim: true}
	b, built := loadCounting(t, c, opts, dir)
	if built != 2 {
		t.Fatalf("the first load built %d files, want 2", built)
	}
	if blobs, entries := cacheFiles(t, c); blobs != 1 || entries != 0 {
		t.Errorf("after a reader's load the cache holds %d blobs and %d entries, want the pack alone", blobs, entries)
	}

	opts.Cache = c
	l, n := countingLoader(t, opts)
	a := b.Articles[0]
	for i := range 2 {
		full, err := l.Full(context.Background(), a)
		if err != nil || full.Body == "" || len(full.Entities) == 0 {
			t.Fatalf("Full %d: %d bytes of body, %d entities, error %v", i, len(full.Body), len(full.Entities), err)
		}
		l.recent = &recentFiles{} // the second must come from the cache, not from memory
	}
	if got := n.Load(); got != 1 {
		t.Errorf("two Fulls of one article built its file %d times, want once", got)
	}
	if _, entries := cacheFiles(t, c); entries != 1 {
		t.Errorf("after Full the cache holds %d entries, want the article's", entries)
	}

	folder, c2 := slimTestFolder(t), testCache(t)
	b, built = loadCounting(t, c2, Options{Workers: 2, Slim: true}, folder)
	revised := 0
	for _, a := range b.Articles {
		if len(a.batch) > 0 {
			revised++
		}
	}
	if revised == 0 || built != 8 {
		t.Errorf("a first load of 8 files, %d articles of them revised, built %d files, want each once", revised, built)
	}
}

// TestReopenKeepsOutcomesThatChangeNothing: the outcomes kept beside the
// pack include the articles the batch step looked at and left as they
// were, here three reports that share a long paragraph of wire copy. A
// reopen that finds a file added looks at none of them again while their
// verdicts stand.
func TestReopenKeepsOutcomesThatChangeNothing(t *testing.T) {
	dir, c := slimTestFolder(t), testCache(t)
	wire := "The ministry said on Tuesday that the new rail line between the two northern cities would open to passengers in the spring, two years later than planned, after a dispute over the cost of the tunnels was settled by the courts."
	for i, place := range []string{"Oslo", "Bergen", "Trondheim"} {
		writeFile(t, filepath.Join(dir, "wire", fmt.Sprintf("w%d.txt", i)), fmt.Appendf(nil, "Rail line delayed, says %s paper\n%s\nReporters in %s asked the mayor about the delay on Wednesday morning.\n", place, wire, place))
	}
	opts := Options{Workers: 2, Slim: true, Cache: c}
	looked := func() (*Batch, map[string]int) {
		l, err := NewLoader(opts)
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[string]int{}
		l.rebatch = func(a *Article, stats *clean.BatchStats) *Article {
			mu.Lock()
			seen[filepath.Base(a.Path)]++
			mu.Unlock()
			return l.revise(a, stats)
		}
		return drain(t, l, dir), seen
	}
	first, seen := looked()
	for _, name := range []string{"w0.txt", "w1.txt", "w2.txt"} {
		if seen[name] != 1 {
			t.Fatalf("the first load's batch step looked at %s %d times, want once: the test needs the wire copy to make it look", name, seen[name])
		}
	}
	for _, a := range first.Articles {
		if strings.HasPrefix(filepath.Base(a.Path), "w") && len(a.batch) > 0 {
			t.Fatalf("the batch step revised %s; the test needs it to leave the wire copy", a.Path)
		}
	}
	writeFile(t, filepath.Join(dir, "added.txt"), []byte("A story added since the last load.\nIt has a second line of prose.\n"))
	_, seen = looked()
	for _, name := range []string{"w0.txt", "w1.txt", "w2.txt"} {
		if seen[name] != 0 {
			t.Errorf("the reopen looked at %s again %d times, want its kept outcome", name, seen[name])
		}
	}
}

// TestFolderOfOpenedBatch: opening a folder inside a batch opened before
// reads back what the batch's load made of the folder's files from the
// batch's pack: nothing is built, the preview shows the folder's articles
// only, and the batch is the one a load without a cache gives. The batch's
// own pack still serves the batch. The folder's batch step cleans some of
// its files again, and OnBuild says so: the reader turns its collector back
// on for that work.
func TestFolderOfOpenedBatch(t *testing.T) {
	dir, c := slimTestFolder(t), testCache(t)
	opts := Options{Workers: 2, Slim: true}
	if _, built := loadCounting(t, c, opts, dir); built != 8 {
		t.Fatalf("the batch's first load built %d files, want 8", built)
	}
	sub := filepath.Join(dir, "local")
	withCache := opts
	withCache.Cache = c
	var reads atomic.Int32
	withCache.OnBuild = func() { reads.Add(1) }
	l, builds := countingLoader(t, withCache)
	if !l.Reopens([]string{sub}) {
		t.Error("Reopens is false for a folder of a batch opened before")
	}
	us := loaderUpdates(t, l, sub)
	if n := builds.Load(); n != 0 {
		t.Errorf("opening the folder built %d files, want none", n)
	}
	if reads.Load() == 0 {
		t.Error("the folder's batch step cleaned files again without telling OnBuild")
	}
	for _, u := range us {
		for _, a := range u.Articles {
			if !strings.HasPrefix(a.Path, sub+string(filepath.Separator)) {
				t.Fatalf("opening %s showed %s", sub, a.Path)
			}
		}
	}
	if !us[0].Checking {
		t.Error("opening the folder did not show it from the batch's pack first")
	}
	var b Batch
	for _, u := range us {
		b.Apply(u)
	}
	fresh, _ := loadCounting(t, testCache(t), opts, sub)
	if got, want := describeBatch(&b), describeBatch(fresh); !slices.Equal(got, want) {
		t.Errorf("the folder's batch differs from a fresh load's:\n got %v\nwant %v", got, want)
	}
	if _, built := loadCounting(t, c, opts, sub); built != 0 {
		t.Errorf("opening the folder again built %d files, want none", built)
	}
	if _, built := loadCounting(t, c, opts, dir); built != 0 {
		t.Errorf("reopening the batch built %d files, want none", built)
	}
}
