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
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
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
	// pruned is closed when the prune Open started is over, so that a
	// test can wait for it rather than poll.
	pruned chan struct{}
}

// Open returns the cache in dir for the given pipeline version, creating
// the folder if needed. Entries of other versions live in other
// sub-folders and are never read; Open removes, in the background, those
// not opened for a day (see prune).
func Open(dir, version string) (*Cache, error) {
	if version == "" {
		return nil, errors.New("open cache: empty pipeline version")
	}
	vdir := filepath.Join(dir, versionPrefix+shortHash(version))
	if err := os.MkdirAll(vdir, 0o700); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	// A folder's time changes only when a name is added to it or removed,
	// so once all 256 entry folders exist it would keep the time of its
	// first days however often it is used. Touching it on every open makes
	// it say when this version was last opened, which is what prune goes
	// by. A failure only makes the folder look older than it is.
	now := time.Now()
	_ = os.Chtimes(vdir, now, now)
	c := &Cache{dir: vdir, version: version, pruned: make(chan struct{})}
	go func() {
		defer close(c.pruned)
		c.prune(now)
	}()
	return c, nil
}

// versionPrefix and versionHashLen name a version's folder: "v-" and the
// hex of the first 6 bytes of the version's SHA-256 (see shortHash).
const (
	versionPrefix  = "v-"
	versionHashLen = 12
)

// pruneAge is how long a version's folder must have gone unopened before
// prune removes it. Another build of dateline may be running beside this
// one, or have been run an hour ago and be run again tomorrow; a day keeps
// both cases' entries while still reclaiming the folders of builds that
// are gone, some 160 MB per 10,000 articles each.
const pruneAge = 24 * time.Hour

// prune removes the folders of other pipeline versions that have not been
// opened since pruneAge before now. Every new build of dateline hashes to
// a new folder and never reads the old ones again, so without this the
// cache grows by a whole batch's entries with each build.
//
// Only folders this package could have made are touched: a real folder
// (not a link) in the cache folder, named exactly like a version folder,
// holding nothing but entry sub-folders. Anything else in the cache folder
// is left alone, since the folder is the user's and a name alone is weak
// evidence. Errors are ignored: a folder that cannot be read or removed
// costs disk space, never a failed start. A folder another process opens
// while it is being removed only loses entries, which Put makes again.
func (c *Cache) prune(now time.Time) {
	parent, current := filepath.Dir(c.dir), filepath.Base(c.dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if name == current || !e.IsDir() || !isVersionName(name) {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < pruneAge {
			continue
		}
		p := filepath.Join(parent, name)
		if !holdsOnlyEntryFolders(p) {
			continue
		}
		_ = os.RemoveAll(p)
	}
}

// isVersionName reports whether name is shaped like the folder Open makes
// for a pipeline version.
func isVersionName(name string) bool {
	hash, ok := strings.CutPrefix(name, versionPrefix)
	return ok && len(hash) == versionHashLen && isLowerHex(hash)
}

// holdsOnlyEntryFolders reports whether dir contains nothing but the
// two-hex-digit folders entryPath spreads entries over, as a version
// folder does; an empty folder qualifies.
func holdsOnlyEntryFolders(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() || len(e.Name()) != 2 || !isLowerHex(e.Name()) {
			return false
		}
	}
	return true
}

func isLowerHex(s string) bool {
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
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
