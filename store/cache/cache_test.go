package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// article writes a file and returns its path and state.
func article(t *testing.T, dir, name, text string) (string, fs.FileInfo) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, info
}

func TestGetPut(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(filepath.Join(dir, "cache"), "v1")
	if err != nil {
		t.Fatal(err)
	}
	p, info := article(t, dir, "a.txt", "story")
	if _, ok := c.Get(p, info); ok {
		t.Fatal("hit in an empty cache")
	}
	if err := c.Put(p, info, []byte("processed")); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(p, info); !ok || string(got) != "processed" {
		t.Fatalf("Get = %q, %v; want the stored bytes", got, ok)
	}
	if err := c.Put(p, info, nil); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(p, info); !ok || len(got) != 0 {
		t.Fatalf("an empty entry: Get = %q, %v", got, ok)
	}
}

// TestMisses checks that every change the key covers misses: the file's
// size, its time, its path and the pipeline version.
func TestMisses(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(filepath.Join(dir, "cache"), "v1")
	if err != nil {
		t.Fatal(err)
	}
	p, info := article(t, dir, "a.txt", "story")
	if err := c.Put(p, info, []byte("old")); err != nil {
		t.Fatal(err)
	}
	_, grown := article(t, dir, "a.txt", "story, longer")
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	p2, touched := article(t, dir, "b.txt", "story")
	os.Chtimes(p2, info.ModTime(), info.ModTime())
	touched, _ = os.Stat(p2)
	retimed, _ := os.Stat(p)
	other, err := Open(filepath.Join(dir, "cache"), "v2")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		c    *Cache
		path string
		info fs.FileInfo
	}{
		{"grown file", c, p, grown},
		{"touched file", c, p, retimed},
		{"another path, same size and time", c, p2, touched},
		{"another pipeline version", other, p, info},
	} {
		if got, ok := tc.c.Get(tc.path, tc.info); ok {
			t.Errorf("%s: hit %q", tc.name, got)
		}
	}
}

// TestCorruptEntriesIgnored damages a stored entry in the ways a disk or a
// crash can, and checks that each reads as a miss, and that a new Put
// repairs it.
func TestCorruptEntriesIgnored(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(filepath.Join(dir, "cache"), "v1")
	if err != nil {
		t.Fatal(err)
	}
	p, info := article(t, dir, "a.txt", "story")
	q, qinfo := article(t, dir, "b.txt", "another story")
	if err := c.Put(q, qinfo, []byte("b's entry")); err != nil {
		t.Fatal(err)
	}
	entry := c.entryPath(c.key(p, info))
	good := encode([]byte("processed articles"), c.key(p, info))
	bEntry, err := os.ReadFile(c.entryPath(c.key(q, qinfo)))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(magic)+70] ^= 1
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"truncated", good[:len(good)/2]},
		{"one bit flipped", flipped},
		{"checksum cut off", good[:len(good)-1]},
		{"garbage", bytes.Repeat([]byte{0xff}, 300)},
		{"another file's entry", bEntry},
	} {
		if err := os.MkdirAll(filepath.Dir(entry), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(entry, tc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		if got, ok := c.Get(p, info); ok {
			t.Errorf("%s: corrupt entry read as %q", tc.name, got)
		}
	}
	if err := c.Put(p, info, []byte("fresh")); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(p, info); !ok || string(got) != "fresh" {
		t.Errorf("after repair: %q, %v", got, ok)
	}
}

// TestSharedByTwoInstances has two caches on one folder, as two readers
// opened on the same batch would, write and read the same entries at once.
// A reader sees a whole entry or a miss, never a mix.
func TestSharedByTwoInstances(t *testing.T) {
	dir := t.TempDir()
	a, err := Open(filepath.Join(dir, "cache"), "v1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(filepath.Join(dir, "cache"), "v1")
	if err != nil {
		t.Fatal(err)
	}
	p, info := article(t, dir, "a.txt", "story")
	big := bytes.Repeat([]byte("x"), 1<<20)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 8 {
		c := []*Cache{a, b}[i%2]
		wg.Go(func() {
			for j := range 20 {
				if err := c.Put(p, info, big); err != nil {
					errs <- err
					return
				}
				if got, ok := c.Get(p, info); ok && !bytes.Equal(got, big) {
					errs <- fmt.Errorf("writer %d round %d read a mixed entry", i, j)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, ok := b.Get(p, info); !ok || !bytes.Equal(got, big) {
		t.Error("the entry is not whole after concurrent writes")
	}
	leftovers, _ := filepath.Glob(filepath.Join(a.Dir(), "*", ".tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestOpenRefusesEmptyVersion(t *testing.T) {
	if _, err := Open(t.TempDir(), ""); err == nil {
		t.Error("opened a cache with no pipeline version")
	}
}

func TestVersionOf(t *testing.T) {
	v1, err := VersionOf()
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := VersionOf()
	if v1 != v2 || v1 == "" {
		t.Errorf("versions %q %q: want stable and not empty", v1, v2)
	}
}

// FuzzDecode feeds arbitrary bytes to the entry reader, which reads files
// anyone with access to the cache folder could have written.
func FuzzDecode(f *testing.F) {
	f.Add(encode([]byte("data"), "k"), "k")
	f.Add([]byte("dateline-cache-1\nk\x05"), "k")
	f.Fuzz(func(t *testing.T, raw []byte, key string) {
		data, ok := decode(raw, key)
		if ok && !bytes.Equal(encode(data, key), raw) {
			t.Fatalf("accepted %q as %q, which does not encode back", raw, data)
		}
	})
}

// aged sets a path's times to age before now, after anything is made in
// it, since adding a name to a folder sets its time.
func aged(t *testing.T, p string, now time.Time, age time.Duration) {
	t.Helper()
	if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
		t.Fatal(err)
	}
}

// TestPrune lays out a cache folder holding the current version, other
// versions of several ages and things that are not version folders, and
// checks that prune removes exactly the other versions unopened for a day.
func TestPrune(t *testing.T) {
	// prune is run as if three days from now, so that a link, whose own
	// time the os package cannot set, is as old as the folders beside it.
	now := time.Now().Add(72 * time.Hour)
	root := t.TempDir()
	dir := filepath.Join(root, "cache")
	c, err := Open(dir, "current")
	if err != nil {
		t.Fatal(err)
	}
	// A folder outside the cache folder, which a link inside points to.
	outside := filepath.Join(root, "outside")
	if err := versionFolder("ab")(outside); err != nil {
		t.Fatal(err)
	}
	aged(t, outside, now, 48*time.Hour)
	cases := []struct {
		name    string
		make    func(p string) error // nil: the current version, made by Open
		age     time.Duration        // unused for links
		removed bool
	}{
		{filepath.Base(c.Dir()), nil, 30 * 24 * time.Hour, false},
		{"v-0123456789ab", versionFolder("ab", "0f"), 48 * time.Hour, true},
		{"v-111111111111", versionFolder(), 25 * time.Hour, true},
		{"v-222222222222", versionFolder("cd"), 23 * time.Hour, false},
		{"v-333333333333", versionFolder("cd"), time.Minute, false},
		{"v-444444444444", versionFolder("cd"), -time.Hour, false}, // a clock ahead
		{"v-ABCDEF012345", versionFolder("ab"), 48 * time.Hour, false},
		{"v-0123456789", versionFolder("ab"), 48 * time.Hour, false},
		{"v-0123456789abcd", versionFolder("ab"), 48 * time.Hour, false},
		{"v-xyz000000000", versionFolder("ab"), 48 * time.Hour, false},
		{"x-555555555555", versionFolder("ab"), 48 * time.Hour, false},
		{"notes", versionFolder("ab"), 48 * time.Hour, false},
		{"v-666666666666", file, 48 * time.Hour, false},
		{"v-777777777777", versionFolder("ab", "notes.txt"), 48 * time.Hour, false},
		{"v-888888888888", versionFolder("ab", "zz"), 48 * time.Hour, false},
		{"v-999999999999", link(outside), 0, false},
	}
	for _, tc := range cases {
		p := filepath.Join(dir, tc.name)
		if tc.make != nil {
			if err := tc.make(p); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
		}
		if !isLink(p) {
			aged(t, p, now, tc.age)
		}
	}
	c.prune(now)
	for _, tc := range cases {
		_, err := os.Lstat(filepath.Join(dir, tc.name))
		switch gone := errors.Is(err, fs.ErrNotExist); {
		case tc.removed && !gone:
			t.Errorf("%s: kept, want removed", tc.name)
		case !tc.removed && gone:
			t.Errorf("%s: removed, want kept", tc.name)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "ab", "entry")); err != nil {
		t.Errorf("the folder a link points to was touched: %v", err)
	}
}

// versionFolder makes a folder holding the named children: names of two
// characters are folders, as entry folders are, with an entry in each;
// longer names are files.
func versionFolder(children ...string) func(string) error {
	return func(p string) error {
		if err := os.MkdirAll(p, 0o700); err != nil {
			return err
		}
		for _, ch := range children {
			if len(ch) != 2 {
				if err := os.WriteFile(filepath.Join(p, ch), []byte("x"), 0o600); err != nil {
					return err
				}
				continue
			}
			if err := os.Mkdir(filepath.Join(p, ch), 0o700); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(p, ch, "entry"), []byte("x"), 0o600); err != nil {
				return err
			}
		}
		return nil
	}
}

func file(p string) error { return os.WriteFile(p, []byte("x"), 0o600) }

func link(target string) func(string) error {
	return func(p string) error { return os.Symlink(target, p) }
}

func isLink(p string) bool {
	info, err := os.Lstat(p)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

// TestOpenPrunes checks that Open starts prune on its own, and that it
// marks its own folder as just opened, so that a build opened an hour ago
// is not taken for one gone for a day by another build's prune.
func TestOpenPrunes(t *testing.T) {
	now := time.Now()
	dir := filepath.Join(t.TempDir(), "cache")
	old, err := Open(dir, "old build")
	if err != nil {
		t.Fatal(err)
	}
	if !isVersionName(filepath.Base(old.Dir())) {
		t.Fatalf("Open made %q, which prune does not take for a version folder", old.Dir())
	}
	if err := os.Mkdir(filepath.Join(old.Dir(), "ab"), 0o700); err != nil {
		t.Fatal(err)
	}
	aged(t, old.Dir(), now, 48*time.Hour)
	if _, err := Open(dir, "old build"); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(old.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if now.Sub(info.ModTime()) > time.Hour {
		t.Fatalf("reopening left the folder's time at %v", info.ModTime())
	}
	aged(t, old.Dir(), now, 48*time.Hour)
	c, err := Open(dir, "new build")
	if err != nil {
		t.Fatal(err)
	}
	<-c.pruned
	if _, err := os.Lstat(old.Dir()); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("Open did not remove the old build's folder")
	}
}

// TestVersionFromBuildID: on ELF systems the version comes from the Go
// build ID the linker stamps into the executable, not from hashing it, and
// it is the same ID the go tool reports.
func TestVersionFromBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id, ok := elfBuildID(exe)
	if !ok {
		t.Skip("the test binary has no ELF build ID note on this system")
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if want := strings.TrimSpace(string(out)); id != want {
		t.Errorf("build ID %q, go tool buildid says %q", id, want)
	}
}

// TestParseGoNote covers the note reader on notes a damaged or foreign
// executable could hold.
func TestParseGoNote(t *testing.T) {
	note := func(name string, typ uint32, desc string) []byte {
		b := binary.LittleEndian.AppendUint32(nil, uint32(len(name)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(desc)))
		b = binary.LittleEndian.AppendUint32(b, typ)
		b = append(b, name...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		return append(b, desc...)
	}
	const id = "aaa/bbb/ccc/ddd"
	tests := []struct {
		name string
		data []byte
		want string
		ok   bool
	}{
		{"go note", note("Go\x00", goNoteType, id), id, true},
		{"short", note("Go\x00", goNoteType, id)[:10], "", false},
		{"cut descriptor", note("Go\x00", goNoteType, id)[:20], "", false},
		{"other name", note("GNU\x00", goNoteType, id), "", false},
		{"other type", note("Go\x00", 3, id), "", false},
		{"no content hash", note("Go\x00", goNoteType, "aaa/"), "", false},
		{"no slash", note("Go\x00", goNoteType, "aaa"), "", false},
		{"huge sizes", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 4, 0, 0, 0}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseGoNote(tt.data, binary.LittleEndian)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseGoNote = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// FuzzParseGoNote feeds arbitrary bytes to the note reader, which reads
// whatever executable the process was started from.
func FuzzParseGoNote(f *testing.F) {
	f.Add([]byte("\x03\x00\x00\x00\x07\x00\x00\x00\x04\x00\x00\x00Go\x00\x00a/b/c/d"))
	f.Fuzz(func(t *testing.T, data []byte) {
		id, ok := parseGoNote(data, binary.LittleEndian)
		if ok && (id == "" || !strings.Contains(id, "/")) {
			t.Errorf("accepted %q", id)
		}
	})
}

// BenchmarkVersionOf compares the two ways of naming the code's version on
// the test binary: reading its build ID and hashing its bytes.
func BenchmarkVersionOf(b *testing.B) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("build-id", func(b *testing.B) {
		for b.Loop() {
			if _, ok := elfBuildID(exe); !ok {
				b.Skip("no ELF build ID note")
			}
		}
	})
	b.Run("hash", func(b *testing.B) {
		for b.Loop() {
			if err := hashFile(sha256.New(), exe); err != nil {
				b.Fatal(err)
			}
		}
	})
}
