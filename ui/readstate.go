package ui

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	tea "charm.land/bubbletea/v2"

	"dateline/store/state"
)

// marks is the read and starred state of the batch's articles and the
// recent queries, as the reader knows them, and the bookkeeping that saves
// changes to the state database one write at a time.
//
// Only the UI goroutine touches a marks; the commands that load and save
// get copies and answer with messages.
type marks struct {
	db      *state.Store // nil: state is kept in memory only
	records map[string]state.Record
	history []string

	loaded   bool                    // the database has been read (or there is none)
	dirty    map[string]state.Record // changed since the last save started
	histDirt bool                    // history changed since the last save started
	saving   bool                    // a save is in flight
	// inflight holds the changes of the save in flight, and inflightHist
	// its history (nil when it writes none), for Close.
	inflight     map[string]state.Record
	inflightHist []string
	// gate lets the saves run one at a time and none after Close.
	gate *saveGate

	// readOnly explains why changes are not being saved, e.g. "another
	// dateline holds the state"; empty while saving works.
	readOnly string
	// notice is a one-off message from loading, e.g. a corrupt file moved
	// aside.
	notice string
}

func newMarks(db *state.Store) marks {
	return marks{db: db, records: map[string]state.Record{}, dirty: map[string]state.Record{}, loaded: db == nil, gate: &saveGate{}}
}

// saveGate is shared by a marks and the save commands it starts. Bubble
// Tea runs no command once the program has quit, and does not wait for one
// under way, so a star set just before q could be lost: in a save command
// never run, or in the changes waiting for a save's reply. Close writes
// those itself, and closes the gate first, so that a save command that
// starts late cannot write older values over its newer ones.
type saveGate struct {
	mu     sync.Mutex
	closed bool
}

// errClosed is the answer of a save command that starts after Close.
var errClosed = errors.New("state closed")

// stateLoadedMsg carries the database's content, read at start.
type stateLoadedMsg struct {
	snap state.Snapshot
	err  error
}

// stateSavedMsg reports how a save went.
type stateSavedMsg struct{ err error }

// loadCmd reads the database off the UI goroutine.
func (s marks) loadCmd() tea.Cmd {
	if s.db == nil {
		return nil
	}
	db := s.db
	return func() tea.Msg {
		snap, err := db.Load()
		return stateLoadedMsg{snap: snap, err: err}
	}
}

// onLoaded merges what the database holds under what was changed before it
// arrived (changes made in this session win), and saves those changes.
func (s *marks) onLoaded(msg stateLoadedMsg) tea.Cmd {
	s.loaded = true
	s.notice = msg.snap.Notice
	if msg.err != nil {
		s.readOnly = describeStateErr(msg.err)
	}
	for id, r := range msg.snap.Records {
		if _, changed := s.dirty[id]; !changed {
			s.records[id] = r
		}
	}
	if !s.histDirt {
		s.history = msg.snap.History
	} else {
		s.history = mergeHistory(msg.snap.History, s.history)
	}
	return s.flush()
}

// onSaved notes the outcome of a save and starts the next if more changed
// meanwhile.
func (s *marks) onSaved(msg stateSavedMsg) tea.Cmd {
	s.saving = false
	failed, failedHist := s.inflight, s.inflightHist
	s.inflight, s.inflightHist = nil, nil
	if msg.err != nil {
		// The changes stay to be saved with the next ones, or by Close;
		// those made since are newer and win.
		for id, r := range failed {
			if _, newer := s.dirty[id]; !newer {
				s.dirty[id] = r
			}
		}
		s.histDirt = s.histDirt || failedHist != nil
		s.readOnly = describeStateErr(msg.err)
		// Nothing more is tried until the next change: retrying at once
		// would spin while another instance holds the lock.
		return nil
	}
	s.readOnly = ""
	return s.flush()
}

// describeStateErr is the status line's words for a state error.
func describeStateErr(err error) string {
	switch {
	case errors.Is(err, state.ErrLocked):
		return "state read-only: another dateline is using it"
	case errors.Is(err, state.ErrReadOnly):
		return "state read-only: cannot write the state file"
	}
	return "state read-only: " + err.Error()
}

// flush starts saving the changes made since the last save, unless a save
// is in flight (its reply starts the next one) or the database has not been
// read yet (saving first could overwrite what it holds with less).
func (s *marks) flush() tea.Cmd {
	if s.db == nil || !s.loaded || s.saving || (len(s.dirty) == 0 && !s.histDirt) {
		return nil
	}
	changes := maps.Clone(s.dirty)
	clear(s.dirty)
	var history []string
	if s.histDirt {
		history = slices.Clone(s.history)
		if history == nil {
			history = []string{}
		}
		s.histDirt = false
	}
	s.saving = true
	s.inflight, s.inflightHist = changes, history
	db, gate := s.db, s.gate
	return func() tea.Msg {
		gate.mu.Lock()
		defer gate.mu.Unlock()
		if gate.closed {
			return stateSavedMsg{err: errClosed}
		}
		return stateSavedMsg{err: db.Save(changes, history)}
	}
}

// Close writes the changes no save has written yet, for a reader that is
// leaving: those of a save in flight, whose command may never run, and
// those made since. It waits for a save under way, and no save command
// writes after it. The history is written only if the database was read,
// as in flush.
func (s *marks) Close() error {
	if s.db == nil {
		return nil
	}
	s.gate.mu.Lock()
	defer s.gate.mu.Unlock()
	s.gate.closed = true
	changes := maps.Clone(s.inflight)
	if changes == nil {
		changes = map[string]state.Record{}
	}
	maps.Copy(changes, s.dirty)
	var history []string
	if s.loaded && (s.histDirt || s.inflightHist != nil) {
		history = slices.Clone(s.history)
		if history == nil {
			history = []string{}
		}
	}
	if err := s.db.Save(changes, history); err != nil {
		return fmt.Errorf("save the read and starred marks: %w", err)
	}
	clear(s.dirty)
	s.histDirt, s.saving, s.inflight, s.inflightHist = false, false, nil, nil
	return nil
}

// get returns an article's state.
func (s marks) get(id string) state.Record { return s.records[id] }

// isRead and isStarred serve query evaluation.
func (s marks) isRead(id string) bool    { return s.records[id].Read }
func (s marks) isStarred(id string) bool { return s.records[id].Starred }

// set changes an article's state and saves it.
func (s *marks) set(id string, r state.Record) tea.Cmd {
	if id == "" || s.records[id] == r {
		return nil
	}
	if r.IsZero() {
		delete(s.records, id)
	} else {
		s.records[id] = r
	}
	s.dirty[id] = r
	return s.flush()
}

// remember adds a query to the history, moving it to the end if it was
// there already, and saves the history.
func (s *marks) remember(q string) tea.Cmd {
	if q == "" || (len(s.history) > 0 && s.history[len(s.history)-1] == q) {
		return nil
	}
	s.history = append(slices.DeleteFunc(slices.Clone(s.history), func(h string) bool { return h == q }), q)
	s.histDirt = true
	return s.flush()
}

// mergeHistory appends the session's queries to the stored ones, keeping
// each query once, at its latest place.
func mergeHistory(stored, session []string) []string {
	out := slices.Clone(stored)
	for _, q := range session {
		out = append(slices.DeleteFunc(out, func(h string) bool { return h == q }), q)
	}
	return out
}
