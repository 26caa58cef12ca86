package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"dateline/store"
	"dateline/store/entity"
)

// entityGroups lists the sidebar's groups in display order. Types the model
// does not know fall into the last group, "Other".
var entityGroups = []struct {
	typ   entity.Type
	title string
}{
	{entity.PER, "People"},
	{entity.ORG, "Organisations"},
	{entity.LOC, "Places"},
	{entity.MISC, "Other"},
}

// groupOf returns the index in entityGroups of type t.
func groupOf(t entity.Type) int {
	for i, g := range entityGroups {
		if g.typ == t {
			return i
		}
	}
	return len(entityGroups) - 1
}

// sideEntity is one entity as the sidebar lists it, with the number shown
// beside it: mentions in the article, or articles in the batch.
type sideEntity struct {
	entity.Entity
	n int
}

// sideRow is one line of the sidebar: a group heading, a blank line
// between groups, or an entity (ent >= 0).
type sideRow struct {
	heading string
	ent     int // index into entities; -1 for a heading or a blank line
}

// sidebarModel is the entity sidebar. It shows either the selected
// article's entities with their mentions, or the whole batch's entities
// with the number of articles mentioning each.
type sidebarModel struct {
	art   *store.Article
	batch []store.BatchEntity // the batch's entities, most widespread first
	// batchView shows the batch's entities rather than the article's.
	batchView bool

	entities []sideEntity // in display order: by group, then rank
	rows     []sideRow    // the lines, built when the entities change, so View does no O(n) work
	rowOf    []int        // the row of each entity
	cursor   int          // index into entities
	offset   int          // first visible row
	width    int
	height   int
}

// setArticle shows the entities of a (nil for none). The cursor goes back
// to the top for a different article.
func (s *sidebarModel) setArticle(a *store.Article) {
	if a == s.art {
		return
	}
	// A new version of the same article (the batch step's) keeps the
	// cursor on its entity; another article starts at the top.
	same := a != nil && s.art != nil && a.ID == s.art.ID
	s.art = a
	if !s.batchView {
		s.rebuild(!same)
	}
}

// setBatch replaces the batch's entities. A cursor the user moved stays on
// the same entity when it can, since entities stream in while the user
// browses; one on the first entity stays on the first, so that the top of
// the ranking stays in view. Following the entity that led early in a load
// would scroll the sidebar to wherever it ends up in the final ranking.
func (s *sidebarModel) setBatch(ents []store.BatchEntity) {
	s.batch = ents
	if s.batchView {
		s.rebuild(s.cursor == 0)
	}
}

// setBatchView switches between the batch's and the article's entities.
func (s *sidebarModel) setBatchView(on bool) {
	if on == s.batchView {
		return
	}
	s.batchView = on
	s.rebuild(true)
}

// rebuild lays out the rows for the current view. top puts the cursor back
// on the first entity; otherwise it follows the entity it was on.
func (s *sidebarModel) rebuild(top bool) {
	prev, hadPrev := s.selected()
	s.entities = nil
	if s.batchView {
		for _, e := range s.batch {
			s.entities = append(s.entities, sideEntity{Entity: e.Entity, n: e.Articles})
		}
	} else if s.art != nil {
		for _, e := range s.art.EntityList() {
			s.entities = append(s.entities, sideEntity{Entity: e, n: e.Count})
		}
	}
	if s.batchView {
		// The batch list comes ranked already; it only needs grouping,
		// which a stable pass per group does in linear time.
		s.entities = groupStable(s.entities)
	} else {
		slices.SortStableFunc(s.entities, func(x, y sideEntity) int {
			return cmp.Or(
				cmp.Compare(groupOf(x.Type), groupOf(y.Type)),
				cmp.Compare(y.Salience, x.Salience),
				cmp.Compare(y.Count, x.Count),
				cmp.Compare(x.Name, y.Name),
			)
		})
	}

	s.rows, s.rowOf = nil, nil
	group := -1
	for i, e := range s.entities {
		if g := groupOf(e.Type); g != group {
			if group >= 0 {
				s.rows = append(s.rows, sideRow{ent: -1})
			}
			group = g
			s.rows = append(s.rows, sideRow{heading: entityGroups[g].title, ent: -1})
		}
		s.rowOf = append(s.rowOf, len(s.rows))
		s.rows = append(s.rows, sideRow{ent: i})
	}

	s.cursor = 0
	if !top && hadPrev {
		for i, e := range s.entities {
			if e.Type == prev.Type && e.Name == prev.Name {
				s.cursor = i
				break
			}
		}
	}
	if top {
		s.offset = 0
	}
	s.scroll()
}

// groupStable returns ents ordered by group, keeping their order within
// each group.
func groupStable(ents []sideEntity) []sideEntity {
	out := make([]sideEntity, 0, len(ents))
	for g := range entityGroups {
		for _, e := range ents {
			if groupOf(e.Type) == g {
				out = append(out, e)
			}
		}
	}
	return out
}

// setSize sets the inner size of the pane.
func (s *sidebarModel) setSize(width, height int) {
	s.width, s.height = max(width, 0), max(height, 0)
	s.scroll()
}

// listHeight is the number of lines for the entities, under the title.
func (s sidebarModel) listHeight() int { return max(s.height-1, 0) }

// selected returns the entity under the cursor.
func (s sidebarModel) selected() (entity.Entity, bool) {
	if s.cursor < 0 || s.cursor >= len(s.entities) {
		return entity.Entity{}, false
	}
	return s.entities[s.cursor].Entity, true
}

// moveCursor moves the cursor by delta entities, stopping at the ends.
func (s *sidebarModel) moveCursor(delta int) {
	s.cursor = clamp(s.cursor+delta, 0, max(len(s.entities)-1, 0))
	s.scroll()
}

// entityAt returns the index of the entity shown on line y of the pane,
// where line 0 is the title.
func (s sidebarModel) entityAt(y int) (int, bool) {
	h := s.listHeight()
	if y < 1 || y > h {
		return 0, false
	}
	off := clamp(s.offset, 0, max(len(s.rows)-h, 0))
	r := off + y - 1
	if r >= len(s.rows) || s.rows[r].ent < 0 {
		return 0, false
	}
	return s.rows[r].ent, true
}

// Update handles the navigation keys.
func (s sidebarModel) Update(msg tea.KeyPressMsg, keys keyMap) sidebarModel {
	last := max(len(s.entities)-1, 0)
	page := max(s.listHeight()-1, 1)
	switch {
	case key.Matches(msg, keys.Up):
		s.cursor--
	case key.Matches(msg, keys.Down):
		s.cursor++
	case key.Matches(msg, keys.PageUp):
		s.cursor -= page
	case key.Matches(msg, keys.PageDown):
		s.cursor += page
	case key.Matches(msg, keys.Top):
		s.cursor = 0
	case key.Matches(msg, keys.Bottom):
		s.cursor = last
	}
	s.cursor = clamp(s.cursor, 0, last)
	s.scroll()
	return s
}

// scroll moves the first visible row so that the cursor is in view, with
// its group heading when the cursor is the group's first entity.
func (s *sidebarModel) scroll() {
	h := s.listHeight()
	if h <= 0 || len(s.rowOf) == 0 {
		s.offset = 0
		return
	}
	line := s.rowOf[clamp(s.cursor, 0, len(s.rowOf)-1)]
	if line-1 < s.offset {
		s.offset = max(line-1, 0)
	}
	if line >= s.offset+h {
		s.offset = line - h + 1
	}
	s.offset = clamp(s.offset, 0, max(len(s.rows)-h, 0))
}

// View renders a title saying what is listed, then the visible rows.
// Entities that are active filters are marked with "+", the way the status
// line shows them.
func (s sidebarModel) View(st styles, focused bool, active []entity.Entity) string {
	if s.width <= 0 || s.height <= 0 {
		return ""
	}
	title := "article · mentions"
	if s.batchView {
		title = "batch · articles"
	}
	out := []string{st.dim.Render(truncate(title, s.width))}
	switch {
	case !s.batchView && s.art == nil:
		return out[0]
	case len(s.entities) == 0:
		return out[0] + "\n" + st.dim.Render(truncate("no entities found", s.width))
	}
	isActive := make(map[string]bool, len(active))
	for _, e := range active {
		isActive[e.Key()] = true
	}
	h := s.listHeight()
	off := clamp(s.offset, 0, max(len(s.rows)-h, 0))
	end := min(off+h, len(s.rows))
	for _, r := range s.rows[off:end] {
		switch {
		case r.heading != "":
			out = append(out, st.heading.Render(truncate(r.heading, s.width)))
		case r.ent < 0:
			out = append(out, "")
		default:
			e := s.entities[r.ent]
			out = append(out, s.row(st, e, r.ent == s.cursor && focused, isActive[e.Key()]))
		}
	}
	return strings.Join(out, "\n")
}

// row renders one entity: a mark, the name and the count flush right.
func (s sidebarModel) row(st styles, e sideEntity, cursor, active bool) string {
	mark := "  "
	if active {
		mark = "+ "
	}
	count := strconv.Itoa(e.n)
	nameW := max(s.width-len(mark)-len(count)-1, 1)
	name := truncate(sanitize(e.Name), nameW)
	gap := max(s.width-len(mark)-ansi.StringWidth(name)-len(count), 1)
	if cursor {
		// The count takes the cursor's background too: the reset after
		// it would otherwise end the highlight there.
		line := st.cursor.Render(mark+name+strings.Repeat(" ", gap)) + st.count.Inherit(st.cursor).Render(count)
		if pad := s.width - ansi.StringWidth(line); pad > 0 {
			line += st.cursor.Render(strings.Repeat(" ", pad))
		}
		return line
	}
	return mark + name + strings.Repeat(" ", gap) + st.count.Render(count)
}
