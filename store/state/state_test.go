package state

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func tempStore(t *testing.T) *Store {
	t.Helper()
	return New(filepath.Join(t.TempDir(), "dateline", FileName))
}

func TestDefaultPath(t *testing.T) {
	for _, tt := range []struct {
		name, xdg, home, want string
	}{
		{"xdg", "/x/state", "/home/u", "/x/state/dateline/state.db"},
		{"unset", "", "/home/u", "/home/u/.local/state/dateline/state.db"},
		{"relative xdg is ignored", "rel/state", "/home/u", "/home/u/.local/state/dateline/state.db"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_STATE_HOME", tt.xdg)
			t.Setenv("HOME", tt.home)
			got, err := DefaultPath()
			if err != nil {
				t.Fatal(err)
			}
			if got != filepath.FromSlash(tt.want) {
				t.Errorf("DefaultPath() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLoadMissingIsEmpty(t *testing.T) {
	s := tempStore(t)
	snap, err := s.Load()
	if err != nil || len(snap.Records) != 0 || snap.History != nil || snap.Notice != "" {
		t.Fatalf("Load() = %+v, %v; want an empty snapshot", snap, err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load created the database: %v", err)
	}
}

func TestSaveLoad(t *testing.T) {
	s := tempStore(t)
	if err := s.Save(map[string]Record{"a": {Read: true}, "b": {Starred: true}, "c": {Read: true, Starred: true}}, []string{"kerry", "@Lavrov"}); err != nil {
		t.Fatal(err)
	}
	// A second instance, later: un-star b (a zero record removes it), read
	// d, and leave the history alone.
	if err := New(s.Path()).Save(map[string]Record{"b": {}, "d": {Read: true}}, nil); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Record{"a": {Read: true}, "c": {Read: true, Starred: true}, "d": {Read: true}}
	if fmt.Sprint(snap.Records) != fmt.Sprint(want) {
		t.Errorf("records = %v, want %v", snap.Records, want)
	}
	if strings.Join(snap.History, "|") != "kerry|@Lavrov" {
		t.Errorf("history = %q", snap.History)
	}
}

func TestHistoryKeepsTheLatest(t *testing.T) {
	s := tempStore(t)
	var h []string
	for i := range maxHistory + 10 {
		h = append(h, fmt.Sprintf("q%d", i))
	}
	if err := s.Save(nil, h); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.History) != maxHistory || snap.History[0] != "q10" || snap.History[maxHistory-1] != h[len(h)-1] {
		t.Errorf("history kept %d entries from %q to %q", len(snap.History), snap.History[0], snap.History[len(snap.History)-1])
	}
}

func TestLockedByAnotherWriter(t *testing.T) {
	s := tempStore(t)
	if err := s.Save(map[string]Record{"a": {Read: true}}, nil); err != nil {
		t.Fatal(err)
	}
	// Another process holds the database open for writing.
	other, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	short := s.WithTimeout(50 * time.Millisecond)
	if err := short.Save(map[string]Record{"b": {Read: true}}, nil); !errors.Is(err, ErrLocked) {
		t.Errorf("Save while locked = %v, want ErrLocked", err)
	}
	if _, err := short.Load(); !errors.Is(err, ErrLocked) {
		t.Errorf("Load while locked = %v, want ErrLocked", err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	// Once released, the file is intact and writable again.
	if err := short.Save(map[string]Record{"b": {Read: true}}, nil); err != nil {
		t.Fatalf("Save after the lock was released: %v", err)
	}
	snap, err := s.Load()
	if err != nil || len(snap.Records) != 2 {
		t.Errorf("Load() = %v, %v; want a and b", snap.Records, err)
	}
}

func TestTwoInstancesTakeTurns(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for inst := range 2 {
		s := New(path)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				errs <- s.Save(map[string]Record{fmt.Sprintf("%d-%d", inst, i): {Read: true}}, nil)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	snap, err := New(path).Load()
	if err != nil || len(snap.Records) != 40 {
		t.Errorf("after two instances saved 20 records each: %d records, %v", len(snap.Records), err)
	}
}

// TestEmptyFileIsLeftAlone: an empty file is what another reader's first
// Save creates before it locks and writes the database. Load must not move
// it aside, or that Save's marks would land in the moved file.
func TestEmptyFileIsLeftAlone(t *testing.T) {
	s := tempStore(t)
	if err := os.MkdirAll(filepath.Dir(s.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.Path(), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Load()
	if err != nil || len(snap.Records) != 0 || snap.Notice != "" {
		t.Fatalf("Load() = %+v, %v; want an empty snapshot and no notice", snap, err)
	}
	if aside, _ := filepath.Glob(s.Path() + ".corrupt-*"); len(aside) != 0 {
		t.Errorf("an empty file was moved aside: %q", aside)
	}
	if err := s.Save(map[string]Record{"a": {Starred: true}}, nil); err != nil {
		t.Fatal(err)
	}
	if snap, err := s.Load(); err != nil || !snap.Records["a"].Starred {
		t.Errorf("after a save into the empty file: %+v, %v", snap, err)
	}
}

func TestCorruptFileIsMovedAside(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"text", []byte("this is not a database\n")},
		{"zeros", make([]byte, 64<<10)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := tempStore(t)
			if err := os.MkdirAll(filepath.Dir(s.Path()), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(s.Path(), tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			snap, err := s.Load()
			if err != nil {
				t.Fatalf("Load of a corrupt file: %v", err)
			}
			if !strings.Contains(snap.Notice, "moved to") || len(snap.Records) != 0 {
				t.Errorf("Load() = %+v; want an empty snapshot and a notice", snap)
			}
			aside, _ := filepath.Glob(s.Path() + ".corrupt-*")
			if len(aside) != 1 {
				t.Fatalf("files moved aside: %q", aside)
			}
			if kept, err := os.ReadFile(aside[0]); err != nil || string(kept) != string(tt.data) {
				t.Errorf("the corrupt file was not kept as it was: %v", err)
			}
			// The reader starts afresh.
			if err := s.Save(map[string]Record{"a": {Starred: true}}, nil); err != nil {
				t.Fatal(err)
			}
			if snap, err := s.Load(); err != nil || !snap.Records["a"].Starred || snap.Notice != "" {
				t.Errorf("after starting afresh: %+v, %v", snap, err)
			}
		})
	}
}

func TestUnwritableDirectory(t *testing.T) {
	// A file where the state directory should be cannot be fixed by the
	// reader, whoever runs it (chmod would not stop root).
	base := t.TempDir()
	blocker := filepath.Join(base, "dateline")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := New(filepath.Join(blocker, FileName))
	if err := s.Save(map[string]Record{"a": {Read: true}}, nil); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Save = %v, want ErrReadOnly", err)
	}
}

func TestBadRecordsAreSkipped(t *testing.T) {
	s := tempStore(t)
	if err := s.Save(map[string]Record{"a": {Read: true}}, []string{"x"}); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketArticles).Put([]byte("b"), []byte("{not json")); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyHistory, []byte("[1,"))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Load()
	if err != nil || len(snap.Records) != 1 || !snap.Records["a"].Read || snap.History != nil {
		t.Errorf("Load() = %+v, %v; want a alone and no history", snap, err)
	}
}
