package cache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"os"
	"path/filepath"
	"syscall"
)

// A blob is an entry tied to a name alone rather than to a file's state:
// the loader keeps a whole batch's index in one, so that reopening reads
// one file instead of one per article. Blobs are written as a stream,
// since they run to hundreds of megabytes, so their length and checksum
// come last: blobMagic, the key, the payload, the payload's length as 8
// bytes and the CRC-32C of everything before it.
var blobMagic = []byte("dateline-blob-1\n")

// blobKey names the blob called name.
func (c *Cache) blobKey(name string) string {
	sum := sha256.Sum256([]byte(c.version + "\x00blob\x00" + name))
	return hex.EncodeToString(sum[:])
}

// Blob is a blob mapped into memory for reading.
type Blob struct {
	data []byte // the whole file as mapped
	body []byte // the payload, within data
}

// Bytes returns the blob's payload. It is valid until Close.
func (b *Blob) Bytes() []byte { return b.body }

// Evict drops the blob's pages from the process's resident memory. The
// bytes stay valid: the kernel keeps the pages in its page cache, while
// memory allows, and maps them back on the next read.
func (b *Blob) Evict() {
	if b.data != nil {
		_ = syscall.Madvise(b.data, syscall.MADV_DONTNEED)
	}
}

// Close unmaps the blob; its bytes must not be used after.
func (b *Blob) Close() error {
	if b.data == nil {
		return nil
	}
	err := syscall.Munmap(b.data)
	b.data, b.body = nil, nil
	return err
}

// OpenBlob maps the blob called name. A missing, unreadable or corrupt blob
// is a miss. The blob is mapped rather than read so that its pages are the
// kernel's page cache and not the process's heap. A caller may borrow from
// the bytes for as long as it keeps the blob open, which may be the life of
// the process (the loader keeps articles' search text in its pack this
// way); Evict then lets the pages go from resident memory while the bytes
// stay readable. A blob replaced under its name after it was opened stays
// mapped as it was.
func (c *Cache) OpenBlob(name string) (*Blob, bool) { return c.openBlob(name, true) }

// OpenBlobUnchecked is OpenBlob without the checksum: the blob's head and
// length are checked, so a blob cut short is still a miss, but the payload
// is not read. It is for callers that check what they read of the payload
// themselves, when that is a small part of it or can be checked piece by
// piece as it is used.
func (c *Cache) OpenBlobUnchecked(name string) (*Blob, bool) { return c.openBlob(name, false) }

// openBlob is OpenBlob, checking the checksum when check is set.
func (c *Cache) openBlob(name string, check bool) (*Blob, bool) {
	key := c.blobKey(name)
	f, err := os.Open(c.entryPath(key))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() < int64(len(blobMagic)+len(key)+12) || int64(int(info.Size())) != info.Size() {
		return nil, false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, false
	}
	b := &Blob{data: data}
	head, sum := data[:len(data)-4], data[len(data)-4:]
	rest, ok := bytes.CutPrefix(head, blobMagic)
	if ok {
		rest, ok = bytes.CutPrefix(rest, []byte(key))
	}
	if ok && len(rest) >= 8 {
		body, n := rest[:len(rest)-8], binary.LittleEndian.Uint64(rest[len(rest)-8:])
		ok = n == uint64(len(body)) && (!check || crc32.Checksum(head, crcTable) == binary.LittleEndian.Uint32(sum))
		b.body = body
	} else {
		ok = false
	}
	if !ok {
		b.Close()
		return nil, false
	}
	return b, true
}

// HasBlob reports whether a blob called name is on disk, without mapping
// or checking it: OpenBlob may still refuse it as corrupt.
func (c *Cache) HasBlob(name string) bool {
	info, err := os.Stat(c.entryPath(c.blobKey(name)))
	return err == nil && info.Mode().IsRegular()
}

// BlobWriter writes a blob. Nothing is visible under the blob's name until
// Commit, which replaces any earlier blob at once.
type BlobWriter struct {
	f    *os.File
	w    *bufio.Writer
	crc  hash.Hash32
	n    uint64
	dest string
	err  error
}

// CreateBlob starts writing the blob called name.
func (c *Cache) CreateBlob(name string) (*BlobWriter, error) {
	key := c.blobKey(name)
	dest := c.entryPath(key)
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return nil, fmt.Errorf("cache blob: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(dest), ".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("cache blob: %w", err)
	}
	bw := &BlobWriter{f: f, w: bufio.NewWriterSize(f, 1<<20), crc: crc32.New(crcTable), dest: dest}
	bw.raw(blobMagic)
	bw.raw([]byte(key))
	return bw, nil
}

// raw writes p to the file and the checksum.
func (bw *BlobWriter) raw(p []byte) {
	if bw.err != nil {
		return
	}
	bw.crc.Write(p)
	_, bw.err = bw.w.Write(p)
}

// Write appends p to the payload. Errors stick and are returned by Commit.
func (bw *BlobWriter) Write(p []byte) (int, error) {
	bw.raw(p)
	bw.n += uint64(len(p))
	return len(p), bw.err
}

// Len returns the bytes of payload written so far.
func (bw *BlobWriter) Len() uint64 { return bw.n }

// Commit finishes the blob and puts it in place.
func (bw *BlobWriter) Commit() error {
	bw.raw(binary.LittleEndian.AppendUint64(nil, bw.n))
	if bw.err == nil {
		_, bw.err = bw.w.Write(binary.LittleEndian.AppendUint32(nil, bw.crc.Sum32()))
	}
	if bw.err == nil {
		bw.err = bw.w.Flush()
	}
	if err := errors.Join(bw.err, bw.f.Close()); err != nil {
		os.Remove(bw.f.Name())
		return fmt.Errorf("cache blob: %w", err)
	}
	if err := os.Rename(bw.f.Name(), bw.dest); err != nil {
		os.Remove(bw.f.Name())
		return fmt.Errorf("cache blob: %w", err)
	}
	return nil
}

// Abort drops the blob being written.
func (bw *BlobWriter) Abort() {
	bw.f.Close()
	os.Remove(bw.f.Name())
}
