package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"dateline/store/clean"
)

// loadAll runs a loader over roots and collects the whole batch.
func loadAll(t *testing.T, roots ...string) *Batch {
	t.Helper()
	b, _ := loadWith(t, Options{Workers: 2}, roots...)
	return b
}

func copySample(t testing.TB, name, dst string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLoadFolderWithBadFiles builds a folder as a scraper leaves it: the two
// real samples, one of them nested, beside files that are empty, binary,
// badly encoded, unreadable or not files at all.
func TestLoadFolderWithBadFiles(t *testing.T) {
	dir := t.TempDir()
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "000_c00316c9557538f9.txt"))
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "nested", "deeper", "004_483bb8dd12a1da44.txt"))
	writeFile(t, filepath.Join(dir, "empty.txt"), nil)
	writeFile(t, filepath.Join(dir, "blank.txt"), []byte("\n \n\t\n"))
	writeFile(t, filepath.Join(dir, "image.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
	writeFile(t, filepath.Join(dir, "latin1.txt"), []byte("Caf\xe9 society in S\xe3o Paulo\nThe mayor of S\xe3o Paulo opened a caf\xe9 on Monday."))
	writeFile(t, filepath.Join(dir, "mixed.txt"), []byte("Bad byte \xff in an otherwise “UTF-8” text.\nSecond line of the story."))
	writeFile(t, filepath.Join(dir, "photo.jpg"), []byte("not really"))
	writeFile(t, filepath.Join(dir, ".hidden.txt"), []byte("hidden text"))
	writeFile(t, filepath.Join(dir, ".git", "HEAD"), []byte("ref: refs/heads/main"))
	if err := os.Symlink(filepath.Join(dir, "missing.txt"), filepath.Join(dir, "dangling.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}

	b := loadAll(t, dir)

	var paths []string
	for _, a := range b.Articles {
		paths = append(paths, strings.TrimPrefix(a.Path, dir+string(filepath.Separator)))
	}
	wantPaths := []string{"000_c00316c9557538f9.txt", "latin1.txt", "mixed.txt", filepath.Join("nested", "deeper", "004_483bb8dd12a1da44.txt")}
	if !slices.Equal(paths, wantPaths) {
		t.Errorf("loaded %q, want %q", paths, wantPaths)
	}

	reasons := map[string]string{}
	for _, s := range b.Skips {
		reasons[strings.TrimPrefix(s.Path, dir+string(filepath.Separator))] = s.Reason
	}
	wantSkips := map[string]string{
		"empty.txt":    "empty file",
		"blank.txt":    "empty file",
		"image.txt":    "binary file, not text",
		"photo.jpg":    "not an article file (.jpg)",
		"dangling.txt": "broken symlink: no such file or folder",
		"pipe.txt":     "named pipe, not read",
	}
	for p, want := range wantSkips {
		if got, ok := reasons[p]; !ok {
			t.Errorf("%s: not reported as skipped", p)
		} else if got != want {
			t.Errorf("%s: reason %q, want %q", p, got, want)
		}
	}
	if len(b.Skips) != len(wantSkips) {
		t.Errorf("skips = %v, want exactly %d", b.Skips, len(wantSkips))
	}
	if b.Done != 7 || b.Found != 7 {
		t.Errorf("progress Found=%d Done=%d, want 7 files read (4 articles, 3 rejected by content)", b.Found, b.Done)
	}

	byName := map[string]*Article{}
	for _, a := range b.Articles {
		byName[filepath.Base(a.Path)] = a
	}
	if got := byName["latin1.txt"].Title; got != "Café society in São Paulo" {
		t.Errorf("Windows-1252 title decoded as %q", got)
	}
	if got := byName["mixed.txt"].Body; !strings.Contains(got, "Bad byte \uFFFD in") || !strings.Contains(got, "“UTF-8”") {
		t.Errorf("invalid byte not replaced, or valid UTF-8 damaged: %q", got)
	}
}

func TestLoadUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode; the broken-symlink and FIFO cases cover unreadable files here")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "secret.txt")
	writeFile(t, p, []byte("A story nobody may read."))
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	b := loadAll(t, dir)
	if len(b.Articles) != 0 || len(b.Skips) != 1 || b.Skips[0].Reason != "permission denied" {
		t.Errorf("articles %d, skips %v; want the file skipped as permission denied", len(b.Articles), b.Skips)
	}
}

func TestLoadMissingRootAndSingleFile(t *testing.T) {
	sample := filepath.Join("..", "testdata", "samples", "004_483bb8dd12a1da44.txt")
	b := loadAll(t, sample, "no/such/folder")
	if len(b.Articles) != 1 || b.Articles[0].Path != sample {
		t.Fatalf("articles %v, want the one named file", b.Articles)
	}
	if len(b.Skips) != 1 || b.Skips[0].Path != "no/such/folder" || b.Skips[0].Reason != "no such file or folder" {
		t.Errorf("skips %v, want the missing folder reported", b.Skips)
	}
}

func TestLoadCancelled(t *testing.T) {
	l, err := NewLoader(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range l.Load(ctx, []string{filepath.Join("..", "testdata")}) {
	}
	// Reaching here means the channel was closed: a cancelled load does not hang.
}

func TestLoadDoesNotWriteToFolder(t *testing.T) {
	dir := t.TempDir()
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "a.txt"))
	before := treeState(t, dir)
	loadAll(t, dir)
	if after := treeState(t, dir); after != before {
		t.Errorf("folder changed by loading:\n%s", treeDiff(before, after))
	}
}

// treeState describes every entry under dir, one line each: its quoted path,
// mode, modification time and size, then a hash of the contents of a regular
// file or the target of a symlink. Other entries, FIFOs and devices among
// them, are described but never opened, and links are never followed, so
// taking the state cannot block or change what it describes.
func treeState(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%q %v %s %d", p, info.Mode(), info.ModTime(), info.Size())
		switch {
		case info.Mode().IsRegular():
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err != nil {
				return fmt.Errorf("hashing %q: %w", p, err)
			}
			fmt.Fprintf(&b, " sha256:%x", h.Sum(nil)[:8])
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " -> %q", target)
		}
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// treeDiff lists the lines of two treeStates that differ: those only in
// before with "-", those only in after with "+". A tree of a thousand
// entries in which one changed gives two lines, not two thousand.
func treeDiff(before, after string) string {
	inBefore := map[string]bool{}
	for _, l := range strings.Split(before, "\n") {
		inBefore[l] = true
	}
	inAfter := map[string]bool{}
	for _, l := range strings.Split(after, "\n") {
		inAfter[l] = true
	}
	var d strings.Builder
	for _, l := range strings.Split(before, "\n") {
		if !inAfter[l] {
			d.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(after, "\n") {
		if !inBefore[l] {
			d.WriteString("+ " + l + "\n")
		}
	}
	return d.String()
}

func TestLoadSymlinksAndVanishing(t *testing.T) {
	dir := t.TempDir()
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "real.txt"))
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink("loop-b.txt", filepath.Join(dir, "loop-a.txt")))
	must(os.Symlink("loop-a.txt", filepath.Join(dir, "loop-b.txt")))
	must(os.Symlink(".", filepath.Join(dir, "self")))
	must(os.Symlink("real.txt", filepath.Join(dir, "alias.txt")))

	b := loadAll(t, dir)
	if len(b.Articles) != 2 {
		t.Errorf("loaded %d articles, want real.txt and its alias", len(b.Articles))
	}
	reasons := map[string]string{}
	for _, s := range b.Skips {
		reasons[filepath.Base(s.Path)] = s.Reason
	}
	for name, want := range map[string]string{
		"loop-a.txt": "broken symlink: too many levels of symbolic links",
		"loop-b.txt": "broken symlink: too many levels of symbolic links",
		"self":       "symlink to a folder, not followed",
	} {
		if reasons[name] != want {
			t.Errorf("%s: reason %q, want %q", name, reasons[name], want)
		}
	}

	l, err := NewLoader(Options{})
	must(err)
	r := l.process(context.Background(), filepath.Join(dir, "gone.txt"), processing{entry: true})
	if len(r.skips) != 1 || r.skips[0].Reason != "vanished while loading" {
		t.Errorf("a file gone between walk and read: %+v", r.skips)
	}
}

func TestComparePaths(t *testing.T) {
	in := []string{"b.txt", "a.txt", "a/z.txt", "a/b/c.txt", "a.json", "A.txt"}
	slices.SortFunc(in, ComparePaths)
	want := []string{"A.txt", "a/b/c.txt", "a/z.txt", "a.json", "a.txt", "b.txt"}
	if !slices.Equal(in, want) {
		t.Errorf("sorted %q, want %q", in, want)
	}
}

// comparePathsByFolder is ComparePaths spelt out: the paths cut into their
// folders and file names, compared one by one.
func comparePathsByFolder(x, y string) int {
	xs := strings.Split(x, string(filepath.Separator))
	ys := strings.Split(y, string(filepath.Separator))
	for i := range min(len(xs), len(ys)) {
		if c := strings.Compare(xs[i], ys[i]); c != 0 {
			return c
		}
	}
	return len(xs) - len(ys)
}

// FuzzComparePaths: comparing byte by byte orders paths as comparing folder
// by folder does.
func FuzzComparePaths(f *testing.F) {
	for _, p := range [][2]string{{"a/b.txt", "a.txt"}, {"a", "a/b"}, {"a/b", "a"}, {"a/b", "a/b"}, {"", "/"}, {"a//b", "a/b"}, {"x/é.txt", "x/e.txt"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, x, y string) {
		got, want := ComparePaths(x, y), comparePathsByFolder(x, y)
		if (got < 0) != (want < 0) || (got > 0) != (want > 0) {
			t.Errorf("ComparePaths(%q, %q) = %d, comparing folder by folder gives %d", x, y, got, want)
		}
	})
}

func TestLoadOrderedMatchesWalk(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"b.txt", "a.txt", "a/z.txt", "a/b/c.txt", "c/d.txt"} {
		writeFile(t, filepath.Join(dir, p), []byte("Story "+p+"\nA sentence of text about "+p+"."))
	}
	l, err := NewLoader(Options{Ordered: true, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for u := range l.Load(context.Background(), []string{dir}) {
		for _, a := range u.Articles {
			got = append(got, strings.TrimPrefix(a.Path, dir+"/"))
		}
	}
	want := []string{"a/b/c.txt", "a/z.txt", "a.txt", "b.txt", "c/d.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("ordered load streamed %q, want %q", got, want)
	}
}

// TestBatchStepStripsTemplateLines loads a folder as a site scrape leaves
// it: every article carries the same sign-up line and menu, which alone look
// like prose. Once the whole batch is seen, those lines are stripped as
// repeated, in a revision of each article, and the articles' own text stays.
func TestBatchStepStripsTemplateLines(t *testing.T) {
	dir := t.TempDir()
	stories := []string{
		"The city council approved a new budget on Monday after a long debate about road repairs and school funding in the northern districts.",
		"Heavy rain flooded several streets near the river on Tuesday, and the fire brigade pumped water from basements until late in the evening.",
		"A local bakery won the regional bread prize for the third year running, its owner said, thanking the staff who start work at four.",
		"The new tram line will open in March, two months later than planned, because of delays in the delivery of signalling equipment.",
		"Volunteers planted four hundred trees in the park on Saturday as part of a campaign to replace elms lost to disease last decade.",
	}
	// The repeated line reads as prose and names no boilerplate phrase:
	// only its repetition across the batch gives it away.
	template := "The Valley Courier has been published by Valley Media in the town of Ashford since the year 1887."
	for i, story := range stories {
		text := "Home News Sport Weather\n" + story + "\n" + template + "\n"
		writeFile(t, filepath.Join(dir, fmt.Sprintf("story-%d.txt", i)), []byte(text))
	}
	l, err := NewLoader(Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var b Batch
	revised := 0
	for u := range l.Load(context.Background(), []string{dir}) {
		revised += len(u.Revised)
		b.Apply(u)
	}
	if revised == 0 {
		t.Fatal("no article was revised by the batch step")
	}
	for i, a := range b.Articles {
		if strings.Contains(a.Body, "Valley Media") {
			t.Errorf("%s: template line left in the body:\n%s", a.Path, a.Body)
		}
		if !strings.Contains(a.Body, stories[i][:40]) {
			t.Errorf("%s: the story itself was lost:\n%s", a.Path, a.Body)
		}
		found := false
		for _, ln := range a.Clean.Lines {
			if strings.HasPrefix(ln.Text, "The Valley Courier") && ln.Code == clean.CodeRepeated && ln.Reason != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the template line is not listed as stripped with a reason", a.Path)
		}
	}
}
