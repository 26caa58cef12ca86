package store

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// copyTree copies the regular files of src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		writeFile(t, filepath.Join(dst, rel), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// makeHostileTree builds the hostile corpus in a temporary folder: the
// committed files of testdata/hostile and the entries git cannot hold.
func makeHostileTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, filepath.Join("..", "testdata", "hostile"), dir)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// FIFOs under an article name and inside a folder; a reader that opened
	// one would block forever, as no writer ever comes.
	must(syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644))
	must(os.Mkdir(filepath.Join(dir, "pipes"), 0o755))
	must(syscall.Mkfifo(filepath.Join(dir, "pipes", "feed.jsonl"), 0o644))
	// A symlink to a FIFO is no safer than the FIFO.
	must(os.Symlink("pipe.txt", filepath.Join(dir, "link-to-pipe.txt")))
	// A device, when the system lets us see one.
	if _, err := os.Stat("/dev/zero"); err == nil {
		must(os.Symlink("/dev/zero", filepath.Join(dir, "zero-device.txt")))
	}
	// A 10 MB line with no newline.
	writeFile(t, filepath.Join(dir, "huge-line.txt"), []byte(strings.Repeat("word ", 2<<20)))
	// A file larger than the loader reads: a story followed by 13 MB of
	// filler the cleaner drops, so that the test measures the truncation and
	// not the tagger's speed on megabytes of text.
	story, err := os.ReadFile(filepath.Join("..", "testdata", "samples", "000_c00316c9557538f9.txt"))
	must(err)
	writeFile(t, filepath.Join(dir, "huge-file.txt"), append(story, strings.Repeat("word ", 13<<20/5)...))
	// 1,000 nested folders with an article at the bottom.
	deep := dir
	for range 1000 {
		deep = filepath.Join(deep, "d")
	}
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(deep, "bottom.txt"))
	// Names that break lines and UTF-8.
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "new\nline.txt"))
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "bad\xff\xfename.txt"))
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "esc\x1b]0;title\x07.txt"))
	// Symlink loops, to files and to folders.
	must(os.Symlink("loop-b.txt", filepath.Join(dir, "loop-a.txt")))
	must(os.Symlink("loop-a.txt", filepath.Join(dir, "loop-b.txt")))
	must(os.Symlink("..", filepath.Join(dir, "pipes", "up")))
	return dir
}

// hostileMaxSize is the read limit the hostile tree is loaded with: above
// the 10 MB line, below the huge file.
const hostileMaxSize = 12 << 20

// TestLoadHostileTree loads the hostile corpus and checks that every entry
// loads or is skipped with a reason, that nothing blocks or panics, and that
// the folder is unchanged afterwards.
func TestLoadHostileTree(t *testing.T) {
	dir := makeHostileTree(t)
	before := treeState(t, dir)
	b, _ := loadWith(t, Options{Workers: 2, MaxSize: hostileMaxSize}, dir)
	if after := treeState(t, dir); after != before {
		t.Errorf("the folder changed while loading:\n%s", treeDiff(before, after))
	}

	loaded := map[string]int{}
	for _, a := range b.Articles {
		loaded[a.Path]++
	}
	skipped := map[string]string{}
	for _, s := range b.Skips {
		if s.Reason == "" {
			t.Errorf("%q skipped without a reason", s.Path)
		}
		skipped[s.Path] += s.Reason + "; "
	}
	// Every entry of the tree that is not a folder is accounted for.
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if loaded[p] == 0 && skipped[p] == "" {
			t.Errorf("%q neither loaded nor skipped", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name       string
		wantLoaded int    // articles expected; 0 means skipped
		reason     string // part of the skip reason, when skipped
	}{
		{"pipe.txt", 0, "named pipe"},
		{filepath.Join("pipes", "feed.jsonl"), 0, "named pipe"},
		{"link-to-pipe.txt", 0, "named pipe"},
		{"zero-device.txt", 0, "device"},
		{"zero-bytes.txt", 0, "empty"},
		{"nul-bytes.txt", 0, "binary"},
		{"deep.json", 0, "json"},
		{"loop-a.txt", 0, "too many levels of symbolic links"},
		{filepath.Join("pipes", "up"), 0, "symlink to a folder"},
		{"huge-line.txt", 1, ""},
		{"huge-file.txt", 1, "truncated"},
		{"new\nline.txt", 1, ""},
		{"bad\xff\xfename.txt", 1, ""},
		{"esc\x1b]0;title\x07.txt", 1, ""},
		{strings.Repeat("d/", 1000) + "bottom.txt", 1, ""},
		{"escapes.txt", 1, ""},
		{"escapes.html", 1, ""},
		{"escapes.jsonl", 8, ""},
		{"c1-bytes.txt", 1, ""},
		{"broken.jsonl", 1, "line 2"},
	} {
		p := filepath.Join(dir, tc.name)
		if tc.name == "zero-device.txt" {
			if _, err := os.Lstat(p); err != nil {
				continue
			}
		}
		if loaded[p] != tc.wantLoaded {
			t.Errorf("%q: %d articles loaded, want %d (skip reason %q)", tc.name, loaded[p], tc.wantLoaded, skipped[p])
		}
		if tc.reason != "" && !strings.Contains(strings.ToLower(skipped[p]), strings.ToLower(tc.reason)) {
			t.Errorf("%q: skip reason %q, want one about %q", tc.name, skipped[p], tc.reason)
		}
	}
}

// TestLoadHundredThousandFiles loads one folder holding 100,000 files, most
// of them empty, as a scraper that failed midway leaves it. It checks that
// every file is accounted for; creating the files takes a few seconds, so
// -short skips it.
func TestLoadHundredThousandFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 100,000 files")
	}
	dir := t.TempDir()
	const n = 100_000
	for i := range n {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%06d.txt", i)))
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "050000_story.txt"))
	b, _ := loadWith(t, Options{Workers: 2}, dir)
	if len(b.Articles) != 1 || len(b.Skips) != n {
		t.Errorf("loaded %d articles and skipped %d files, want 1 and %d", len(b.Articles), len(b.Skips), n)
	}
	if b.Found != n+1 || b.Done != n+1 {
		t.Errorf("progress %d of %d, want %d of %d", b.Done, b.Found, n+1, n+1)
	}
}

// TestLoadWhileFilesChange loads a folder while another goroutine deletes,
// truncates, grows and replaces its files. Whatever the timing, the load
// finishes and every file either loads or is skipped with a reason.
func TestLoadWhileFilesChange(t *testing.T) {
	dir := t.TempDir()
	story, err := os.ReadFile(filepath.Join("..", "testdata", "samples", "004_483bb8dd12a1da44.txt"))
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%03d.txt", i)), story)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for round := 0; ctx.Err() == nil; round++ {
			i := round % n
			p := filepath.Join(dir, fmt.Sprintf("%03d.txt", i))
			// Errors are expected here: the point is to race the loader.
			switch round % 4 {
			case 0:
				os.Remove(p)
			case 1:
				os.Truncate(p, int64(len(story)/3))
			case 2:
				if f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0); err == nil {
					f.Write(story)
					f.Close()
				}
			case 3:
				tmp := p + ".tmp"
				os.WriteFile(tmp, []byte("Replaced\nA different story now."), 0o644)
				os.Rename(tmp, p)
			}
		}
	}()
	b, _ := loadWith(t, Options{Workers: 2}, dir)
	cancel()
	<-done
	accounted := len(b.Skips)
	for _, a := range b.Articles {
		if a.Index < 0 {
			accounted++
		}
	}
	for _, s := range b.Skips {
		if s.Reason == "" {
			t.Errorf("%q skipped without a reason", s.Path)
		}
	}
	if accounted < b.Found {
		t.Errorf("%d files found but only %d loaded or skipped", b.Found, accounted)
	}
}

// TestWorkerPanicBecomesSkip makes building one file panic and checks that
// the load carries on: that file is skipped with the reason and the others
// load.
func TestWorkerPanicBecomesSkip(t *testing.T) {
	dir := t.TempDir()
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "a.txt"))
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "b.txt"))
	l, err := NewLoader(Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	l.build = func(path string, data []byte) ([]*Article, []Skip) {
		if filepath.Base(path) == "b.txt" {
			var m map[string]int
			m["boom"]++ // a nil map write: a real runtime panic
		}
		return l.Build(path, data)
	}
	var b Batch
	for u := range l.Load(context.Background(), []string{dir}) {
		b.Apply(u)
	}
	if !b.Finished || len(b.Articles) != 1 || filepath.Base(b.Articles[0].Path) != "a.txt" {
		t.Fatalf("finished %v with %d articles, want a.txt loaded", b.Finished, len(b.Articles))
	}
	if len(b.Skips) != 1 || filepath.Base(b.Skips[0].Path) != "b.txt" || !strings.Contains(b.Skips[0].Reason, "internal error") || !strings.Contains(b.Skips[0].Reason, "nil map") {
		t.Errorf("skips %+v, want b.txt with the panic as reason", b.Skips)
	}
}
