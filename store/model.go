package store

import (
	"sync"

	"dateline/store/entity"
)

// model is a loader's own entity recognizer, loaded when a file is first
// tagged and let go when a load is done. Decoded, the model takes some
// 30 MB of heap; a reader that tagged a whole batch would keep it for the
// rest of the session for the odd article it must tag again (a file that
// the cache lost), which costs that article tens of milliseconds to load
// it again instead.
type model struct {
	mu  sync.Mutex
	rec *entity.Recognizer
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

// release lets the recognizer go. Calls under way keep the one they got.
func (m *model) release() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.rec = nil
	m.mu.Unlock()
}
