package store

import (
	"sync"

	"dateline/store/entity"
)

// model is a loader's own entity recognizer, loaded when a file is first
// tagged. Decoded, the model takes some 30 MB of heap. A reader that has
// tagged a whole batch would keep it for the rest of the session for the
// odd article it must tag again (a file the cache lost, or one changed
// since); with a cache, the loader lets it go once no load and no Full
// is using it, and such an article pays tens of milliseconds to load it
// anew. Without a cache every article shown is tagged again, and the
// model is kept.
type model struct {
	mu   sync.Mutex
	rec  *entity.Recognizer
	uses int  // loads and Full calls under way
	keep bool // never let the model go
	// load decodes the model; tests replace it to count the loads.
	load func() (*entity.Recognizer, error)
}

// get returns the recognizer, loading it if need be. A model that does
// not load is tried again on the next call.
func (m *model) get() (*entity.Recognizer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rec == nil {
		rec, err := m.load()
		if err != nil {
			return nil, err
		}
		m.rec = rec
	}
	return m.rec, nil
}

// use marks a load or Full under way, which may tag; done marks it over,
// and lets the model go when nothing else is under way. Calls to get
// within keep what they got. Both do nothing on a nil model.
func (m *model) use() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.uses++
	m.mu.Unlock()
}

// done: see use.
func (m *model) done() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.uses--
	if m.uses == 0 && !m.keep {
		m.rec = nil
	}
	m.mu.Unlock()
}
