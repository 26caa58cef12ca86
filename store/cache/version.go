package cache

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// VersionOf derives a pipeline version from the running executable, so that
// any rebuild with a changed cleaner, tagger or embedded model misses the
// old entries. Settings that change the output are the caller's to key its
// entries by.
//
// The Go linker stamps every executable with a build ID whose last part is
// a hash of the executable's own content; on ELF systems that ID is read
// from its note in a fraction of a millisecond. Hashing the whole
// executable instead, about 40 MB, took some 35 ms of every start, on the
// way to a reopened batch. Where there is no such note (another executable
// format, or a build with the ID removed) the bytes are hashed as before.
func VersionOf() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("pipeline version: %w", err)
	}
	h := sha256.New()
	if id, ok := elfBuildID(exe); ok {
		h.Write([]byte("go-build-id\x00" + id))
	} else if err := hashFile(h, exe); err != nil {
		return "", fmt.Errorf("pipeline version: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFile writes the bytes of the file at path to h.
func hashFile(h io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(h, f)
	return err
}

// elfBuildID returns the Go build ID of the ELF executable at path, if it
// has one.
func elfBuildID(path string) (string, bool) {
	f, err := elf.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return "", false
	}
	data, err := s.Data()
	if err != nil {
		return "", false
	}
	return parseGoNote(data, f.ByteOrder)
}

// goNoteType is the type of the ELF note in which the Go linker keeps the
// build ID, under the name "Go".
const goNoteType = 4

// parseGoNote reads the build ID out of the note section data: a name size,
// a descriptor size and a type, then the name and the descriptor, each
// padded to four bytes. Only a complete ID, with the content hash after its
// last slash, is taken: without that part the ID does not change with the
// code.
func parseGoNote(data []byte, order binary.ByteOrder) (string, bool) {
	if len(data) < 12 {
		return "", false
	}
	namesz, descsz, typ := order.Uint32(data), order.Uint32(data[4:]), order.Uint32(data[8:])
	rest := data[12:]
	nameEnd := (uint64(namesz) + 3) &^ 3
	if typ != goNoteType || uint64(len(rest)) < nameEnd || uint64(len(rest))-nameEnd < uint64(descsz) {
		return "", false
	}
	if string(bytes.TrimRight(rest[:namesz], "\x00")) != "Go" {
		return "", false
	}
	id := string(rest[nameEnd : nameEnd+uint64(descsz)])
	slash := bytes.LastIndexByte([]byte(id), '/')
	if slash <= 0 || slash == len(id)-1 {
		return "", false
	}
	return id, true
}
