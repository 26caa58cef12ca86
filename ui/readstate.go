package ui

import (
	"errors"
	"maps"
	"slices"

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

	// readOnly explains why changes are not being saved, e.g. "another
	// dateline holds the state"; empty while saving works.
	readOnly string
	// notice is a one-off message from loading, e.g. a corrupt file moved
	// aside.
	notice string
}

func newMarks(db *state.Store) marks {
	return marks{db: db, records: map[string]state.Record{}, dirty: map[string]state.Record{}, loaded: db == nil}
}

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
	if msg.err != nil {
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
	db := s.db
	return func() tea.Msg { return stateSavedMsg{err: db.Save(changes, history)} }
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
