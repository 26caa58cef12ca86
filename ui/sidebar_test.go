package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"dateline/store"
	"dateline/store/entity"
)

// ranking returns a batch ranking of the people named, in that order.
func ranking(names []string) []store.BatchEntity {
	out := make([]store.BatchEntity, len(names))
	for i, name := range names {
		out[i] = store.BatchEntity{Entity: entity.Entity{Name: name, Type: entity.PER}, Articles: len(names) - i}
	}
	return out
}

// TestSidebarTopWhileRankingChanges: while a batch streams in, the batch
// sidebar of a user who has not moved in it keeps the top of the ranking
// in view, heading included, though the entity that led at first ends up
// far down; a user who moved keeps the entity under the cursor.
func TestSidebarTopWhileRankingChanges(t *testing.T) {
	var early []string
	for i := range 40 {
		early = append(early, fmt.Sprintf("Person %02d", i))
	}
	// Later, the early leaders are mentioned less than the others.
	late := append(slices.Clone(early[30:]), early[:30]...)
	for _, tc := range []struct {
		name       string
		moves      int
		wantCursor string
		wantTop    bool // the heading and the new leader in view
	}{
		{"untouched", 0, "Person 30", true},
		{"moved", 2, "Person 02", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := sidebarModel{batchView: true}
			s.setSize(30, 10)
			s.setBatch(ranking(early))
			s.moveCursor(tc.moves)
			s.setBatch(ranking(late))
			if e, _ := s.selected(); e.Name != tc.wantCursor {
				t.Errorf("cursor on %q, want %q", e.Name, tc.wantCursor)
			}
			lines := strings.Split(s.View(newStyles(true), false, nil), "\n")
			top := len(lines) > 2 && strings.Contains(lines[1], "People") && strings.Contains(lines[2], "Person 30")
			if top != tc.wantTop {
				t.Errorf("sidebar shows %q, want the top in view: %v", lines, tc.wantTop)
			}
		})
	}
}
