package cache

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// writeBlob writes payload as the blob called name in parts.
func writeBlob(t *testing.T, c *Cache, name string, parts ...string) {
	t.Helper()
	w, err := c.CreateBlob(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if _, err := w.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestBlobs(t *testing.T) {
	c, err := Open(t.TempDir(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.OpenBlob("batch"); ok {
		t.Fatal("a blob never written was found")
	}
	writeBlob(t, c, "batch", "first ", "part")
	writeBlob(t, c, "empty")

	w, err := c.CreateBlob("batch")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("never committed"))
	for _, tc := range []struct{ name, want string }{{"batch", "first part"}, {"empty", ""}} {
		b, ok := c.OpenBlob(tc.name)
		if !ok {
			t.Fatalf("%s: blob not found", tc.name)
		}
		if got := string(b.Bytes()); got != tc.want {
			t.Errorf("%s: blob holds %q, want %q", tc.name, got, tc.want)
		}
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	}
	w.Abort()
	if b, ok := c.OpenBlob("batch"); !ok || string(b.Bytes()) != "first part" {
		t.Error("an aborted write changed the blob")
	} else {
		b.Close()
	}
	other, _ := Open(filepath.Dir(c.Dir()), "v2")
	if _, ok := other.OpenBlob("batch"); ok {
		t.Error("another pipeline version read the blob")
	}
}

// TestCorruptBlobIgnored: a blob damaged anywhere, or cut short, is a miss
// and never a crash.
func TestCorruptBlobIgnored(t *testing.T) {
	c, err := Open(t.TempDir(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	writeBlob(t, c, "batch", "the payload of the blob")
	p := c.entryPath(c.blobKey("batch"))
	good, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(good); i += 3 {
		for _, bad := range [][]byte{flip(good, i), good[:i]} {
			if err := os.WriteFile(p, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			if b, ok := c.OpenBlob("batch"); ok {
				t.Errorf("damage at byte %d (%d bytes) was read as %q", i, len(bad), b.Bytes())
				b.Close()
			}
		}
	}
}

func flip(b []byte, i int) []byte {
	out := bytes.Clone(b)
	out[i] ^= 0x40
	return out
}

// TestUncheckedBlob: a blob opened unchecked is read without its checksum,
// so damage in its payload is the caller's to find, but a blob cut short,
// or with its head or length damaged, is still a miss.
func TestUncheckedBlob(t *testing.T) {
	c, err := Open(t.TempDir(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	const payload = "the payload of the blob"
	writeBlob(t, c, "batch", payload)
	p := c.entryPath(c.blobKey("batch"))
	good, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(good, []byte(payload))
	for i := range good {
		inPayload := i >= at && i < at+len(payload)
		inSum := i >= len(good)-4
		for _, bad := range [][]byte{flip(good, i), good[:i]} {
			if err := os.WriteFile(p, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			b, ok := c.OpenBlobUnchecked("batch")
			switch want := len(bad) == len(good) && (inPayload || inSum); {
			case ok != want:
				t.Errorf("damage at byte %d (%d bytes): opened %v, want %v", i, len(bad), ok, want)
			case ok && len(b.Bytes()) != len(payload):
				t.Errorf("damage at byte %d: a payload of %d bytes, want %d", i, len(b.Bytes()), len(payload))
			}
			if ok {
				b.Close()
			}
		}
	}
}
