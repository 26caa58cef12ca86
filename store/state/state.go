// Package state keeps what the reader remembers between runs: which articles
// were read or starred, and the recent filter queries. It lives in a bbolt
// database in the user's state directory, keyed by the article ID (a hash of
// the article's content), so that renaming or moving a batch's folder keeps
// its state, and the same article met in two batches shares it.
//
// The database is opened for each load or save and closed straight after,
// rather than held for the whole session: bbolt allows one writer per file,
// and holding it would lock a second reader on the same batch out for as
// long as the first one runs. This way two instances take turns, and an
// instance that cannot get the lock in time is told so and can carry on
// with its changes in memory.
package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// FileName is the database's name in the state directory.
const FileName = "state.db"

// DefaultTimeout is how long Load and Save wait for another instance to
// release the database.
const DefaultTimeout = 500 * time.Millisecond

// maxHistory is how many recent queries are kept.
const maxHistory = 50

var (
	bucketArticles = []byte("articles")
	bucketMeta     = []byte("meta")
	keyHistory     = []byte("history")
)

// ErrLocked means another process held the database for longer than the
// timeout.
var ErrLocked = errors.New("state is in use by another dateline")

// ErrReadOnly means the database or its directory cannot be written.
var ErrReadOnly = errors.New("state cannot be written")

// Record is the state of one article.
type Record struct {
	Read    bool `json:"read,omitempty"`
	Starred bool `json:"starred,omitempty"`
}

// IsZero reports whether r is the state of an article never touched.
func (r Record) IsZero() bool { return r == Record{} }

// Snapshot is everything the database holds.
type Snapshot struct {
	Records map[string]Record // by article ID
	History []string          // recent queries, oldest first
	// Notice tells the user about something Load put right, such as a
	// corrupt file moved aside; empty when all was well.
	Notice string
}

// Store is the state database at one path. It holds no open file between
// calls and is safe for concurrent use.
type Store struct {
	path    string
	timeout time.Duration
}

// New returns the store for the database at path. It does no I/O: the
// database is created by the first Save.
func New(path string) *Store { return &Store{path: path, timeout: DefaultTimeout} }

// WithTimeout returns a copy of s that waits d for the database lock.
func (s *Store) WithTimeout(d time.Duration) *Store {
	c := *s
	c.timeout = d
	return &c
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// DefaultPath is the database in the user's state directory:
// $XDG_STATE_HOME/dateline/state.db, or ~/.local/state/dateline/state.db
// when XDG_STATE_HOME is unset or not absolute, as the XDG base directory
// specification asks.
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the state directory: %w", err)
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "dateline", FileName), nil
}

// Load reads the whole database. A missing database is an empty snapshot. A
// database that cannot be read as one is renamed with a ".corrupt-" suffix
// and the time, so that nothing is lost and the next Save starts afresh;
// the snapshot's Notice says where it went.
func (s *Store) Load() (Snapshot, error) {
	snap := Snapshot{Records: map[string]Record{}}
	// An empty file holds nothing, and it is what another dateline's first
	// Save has just created before it takes the lock and writes the
	// database: opened read-only, it fails like a corrupt one, and moving
	// it aside would send that Save's marks into the moved file.
	if fi, err := os.Stat(s.path); errors.Is(err, fs.ErrNotExist) || err == nil && fi.Size() == 0 {
		return snap, nil
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{ReadOnly: true, Timeout: s.timeout})
	if err == nil {
		err = guard(func() error { return db.View(func(tx *bolt.Tx) error { return read(tx, &snap) }) })
		if cerr := db.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	switch {
	case err == nil:
		return snap, nil
	case errors.Is(err, berrors.ErrTimeout):
		return snap, fmt.Errorf("load %s: %w", s.path, ErrLocked)
	case errors.Is(err, fs.ErrPermission):
		return snap, fmt.Errorf("load %s: %w: %w", s.path, ErrReadOnly, err)
	}
	moved, merr := s.moveAside()
	if merr != nil {
		return Snapshot{Records: map[string]Record{}}, fmt.Errorf("load %s: %w; and could not move it aside: %w", s.path, err, merr)
	}
	return Snapshot{
		Records: map[string]Record{},
		Notice:  fmt.Sprintf("the state file was unreadable (%v) and was moved to %s; starting afresh", err, moved),
	}, nil
}

// read fills snap from the database. Values that do not decode are
// skipped: one bad record should not cost the others.
func read(tx *bolt.Tx, snap *Snapshot) error {
	if b := tx.Bucket(bucketArticles); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			var r Record
			if json.Unmarshal(v, &r) == nil && !r.IsZero() {
				snap.Records[string(k)] = r
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if b := tx.Bucket(bucketMeta); b != nil {
		if v := b.Get(keyHistory); v != nil {
			var h []string
			if json.Unmarshal(v, &h) == nil {
				snap.History = h
			}
		}
	}
	return nil
}

// Save writes the records in changes (a zero Record deletes the article's
// entry) and, when history is not nil, replaces the recent queries with its
// last entries.
func (s *Store) Save(changes map[string]Record, history []string) error {
	if len(changes) == 0 && history == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("save %s: %w: %w", s.path, ErrReadOnly, err)
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.timeout})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("save %s: %w", s.path, ErrLocked)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("save %s: %w: %w", s.path, ErrReadOnly, err)
	case err != nil:
		return fmt.Errorf("save %s: %w", s.path, err)
	}
	err = guard(func() error { return db.Update(func(tx *bolt.Tx) error { return write(tx, changes, history) }) })
	if cerr := db.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("save %s: %w", s.path, err)
	}
	return nil
}

func write(tx *bolt.Tx, changes map[string]Record, history []string) error {
	arts, err := tx.CreateBucketIfNotExists(bucketArticles)
	if err != nil {
		return err
	}
	for id, r := range changes {
		if r.IsZero() {
			if err := arts.Delete([]byte(id)); err != nil {
				return err
			}
			continue
		}
		v, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if err := arts.Put([]byte(id), v); err != nil {
			return err
		}
	}
	if history == nil {
		return nil
	}
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	if len(history) > maxHistory {
		history = history[len(history)-maxHistory:]
	}
	v, err := json.Marshal(history)
	if err != nil {
		return err
	}
	return meta.Put(keyHistory, v)
}

// moveAside renames the database out of the way and returns its new path.
func (s *Store) moveAside() (string, error) {
	to := s.path + ".corrupt-" + time.Now().Format("20060102T150405")
	if err := os.Rename(s.path, to); err != nil {
		return "", err
	}
	return to, nil
}

// errCorrupt is returned when bbolt panicked reading a damaged file.
var errCorrupt = errors.New("the database is damaged")

// guard runs f and turns a panic into an error. bbolt checks the file's
// header when opening it but trusts its pages afterwards, and panics on a
// page that is not what it expects; a damaged state file must not take the
// reader down with it.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errCorrupt, r)
		}
	}()
	return f()
}
