package ui

import (
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"

	"dateline/store/state"
)

// TestMarksCloseSavesWhatIsLeft: Bubble Tea runs no command once the
// program has quit, so marks set just before q sit in a save command never
// run, or wait for a save's reply. Close must write them, and a save
// command that starts after it must not write its older values over them.
func TestMarksCloseSavesWhatIsLeft(t *testing.T) {
	starred, read := state.Record{Starred: true}, state.Record{Read: true}
	tests := []struct {
		name string
		// act changes the marks and returns the save commands it got,
		// none of which has run.
		act         func(s *marks) []tea.Cmd
		wantRecords map[string]state.Record
		wantHistory []string
	}{
		{
			name:        "a star whose save never ran",
			act:         func(s *marks) []tea.Cmd { return []tea.Cmd{s.set("a", starred)} },
			wantRecords: map[string]state.Record{"a": starred},
		},
		{
			name: "a change made while a save was in flight",
			act: func(s *marks) []tea.Cmd {
				return []tea.Cmd{s.set("a", starred), s.set("b", read)}
			},
			wantRecords: map[string]state.Record{"a": starred, "b": read},
		},
		{
			name: "a star taken back while its save was in flight",
			act: func(s *marks) []tea.Cmd {
				return []tea.Cmd{s.set("a", starred), s.set("a", state.Record{})}
			},
			wantRecords: map[string]state.Record{},
		},
		{
			name: "a save that failed",
			act: func(s *marks) []tea.Cmd {
				s.set("a", starred)
				s.onSaved(stateSavedMsg{err: state.ErrLocked})
				return nil
			},
			wantRecords: map[string]state.Record{"a": starred},
		},
		{
			name:        "a query",
			act:         func(s *marks) []tea.Cmd { return []tea.Cmd{s.remember("source:efe")} },
			wantRecords: map[string]state.Record{},
			wantHistory: []string{"source:efe"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := state.New(filepath.Join(t.TempDir(), state.FileName))
			s := newMarks(db)
			s.onLoaded(stateLoadedMsg{})
			cmds := tt.act(&s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			// The commands Bubble Tea never ran start now, too late.
			for _, cmd := range cmds {
				if cmd == nil {
					continue
				}
				if msg, ok := cmd().(stateSavedMsg); !ok || !errors.Is(msg.err, errClosed) {
					t.Errorf("a save command run after Close answered %v, want errClosed", msg)
				}
			}
			snap, err := db.Load()
			if err != nil {
				t.Fatal(err)
			}
			if snap.Records == nil {
				snap.Records = map[string]state.Record{}
			}
			if !maps.Equal(snap.Records, tt.wantRecords) {
				t.Errorf("saved %v, want %v", snap.Records, tt.wantRecords)
			}
			if !slices.Equal(snap.History, tt.wantHistory) {
				t.Errorf("saved history %q, want %q", snap.History, tt.wantHistory)
			}
		})
	}
}
