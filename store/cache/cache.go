// Package cache keeps the processed form of article files on disk, so that
// reopening a batch does not clean and tag every article again.
//
// An entry is keyed by the file's path, size and modification time and by
// the version of the pipeline that made it: editing a file, or running a
// build of dateline whose cleaner or tagger differs, misses the cache. The
// cache holds opaque bytes; what they mean is the caller's business.
//
// Two readers sharing a cache folder are safe: an entry is written to a
// temporary file and renamed into place, which is atomic, so a reader sees
// a whole entry or none. Every entry carries a CRC-32C checksum, and an
// entry that fails it (a full disk, a crash mid-write on a file system
// without atomic rename, a bad sector) is treated as a miss. The checksum
// guards against accidents, not against someone who can write to the
// user's cache folder; what is read back is outside input to the reader
// like any article, and is shown through the same sanitising.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// magic opens every entry file and names the entry layout.
var magic = []byte("dateline-cache-2\n")

// crcTable is CRC-32C, which CPUs compute in hardware: checking a 16 KB
// entry costs well under a microsecond, where SHA-256 took a sixth of the
// time of a cache hit.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Cache is a folder of entries. It is safe for concurrent use, by
// goroutines and by processes.
type Cache struct {
	dir     string
	version string
}

// Open returns the cache in dir for the given pipeline version, creating
// the folder if needed. Entries of other versions live in other
// sub-folders and are never read.
func Open(dir, version string) (*Cache, error) {
	if version == "" {
		return nil, errors.New("open cache: empty pipeline version")
	}
	vdir := filepath.Join(dir, "v-"+shortHash(version))
	if err := os.MkdirAll(vdir, 0o700); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	return &Cache{dir: vdir, version: version}, nil
}

// DefaultDir is dateline's folder in the user's cache directory.
func DefaultDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache folder: %w", err)
	}
	return filepath.Join(base, "dateline"), nil
}

// Dir is the folder holding this version's entries.
func (c *Cache) Dir() string { return c.dir }

// key names the entry for a file in a given state.
func (c *Cache) key(path string, info fs.FileInfo) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d", c.version, path, info.Size(), info.ModTime().UnixNano())
	return hex.EncodeToString(h.Sum(nil))
}

// entryPath spreads entries over 256 sub-folders, so that no folder grows
// to hundreds of thousands of files.
func (c *Cache) entryPath(key string) string {
	return filepath.Join(c.dir, key[:2], key[2:])
}

// Get returns the bytes stored for path in the state info describes. A
// missing, unreadable or corrupt entry is a miss.
func (c *Cache) Get(path string, info fs.FileInfo) ([]byte, bool) {
	key := c.key(path, info)
	raw, err := os.ReadFile(c.entryPath(key))
	if err != nil {
		return nil, false
	}
	return decode(raw, key)
}

// Put stores data for path in the state info describes, replacing any
// entry there. Errors are returned for the caller to ignore or report: a
// cache that cannot be written only makes the next start slower.
func (c *Cache) Put(path string, info fs.FileInfo, data []byte) error {
	key := c.key(path, info)
	p := c.entryPath(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("cache put: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("cache put: %w", err)
	}
	_, werr := f.Write(encode(data, key))
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cache put: %w", err)
	}
	if err := os.Rename(f.Name(), p); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cache put: %w", err)
	}
	return nil
}

// An entry is magic, the key (so that a file copied to another name is not
// taken for that name's entry), the payload length, the payload and the
// CRC-32C of everything before it.
func encode(data []byte, key string) []byte {
	b := make([]byte, 0, len(magic)+len(key)+binary.MaxVarintLen64+len(data)+4)
	b = append(b, magic...)
	b = append(b, key...)
	b = binary.AppendUvarint(b, uint64(len(data)))
	b = append(b, data...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
}

func decode(raw []byte, key string) ([]byte, bool) {
	if len(raw) < len(magic)+len(key)+4 {
		return nil, false
	}
	body, sum := raw[:len(raw)-4], raw[len(raw)-4:]
	if crc32.Checksum(body, crcTable) != binary.LittleEndian.Uint32(sum) {
		return nil, false
	}
	rest, ok := bytes.CutPrefix(body, magic)
	if !ok {
		return nil, false
	}
	rest, ok = bytes.CutPrefix(rest, []byte(key))
	if !ok {
		return nil, false
	}
	n, w := binary.Uvarint(rest)
	if w <= 0 || uint64(len(rest)-w) != n {
		return nil, false
	}
	return rest[w:], true
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// VersionOf derives a pipeline version from the running executable's
// bytes, so that any rebuild with a changed cleaner, tagger or model misses
// the old entries. extra is mixed in, for settings that change the output
// (an entity model file, for one).
func VersionOf(extra ...string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("pipeline version: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("pipeline version: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("pipeline version: %w", err)
	}
	for _, e := range extra {
		h.Write([]byte("\x00" + strconv.Quote(e)))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
