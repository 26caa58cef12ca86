package cache

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	v3, _ := VersionOf("model.bin")
	if v1 != v2 || v1 == v3 || v1 == "" {
		t.Errorf("versions %q %q %q: want stable, and changed by extra settings", v1, v2, v3)
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
