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

// sidebarModel is the entity sidebar of the selected article.
type sidebarModel struct {
	art      *store.Article
	entities []entity.Entity // in display order: by group, most salient first
	cursor   int             // index into entities
	offset   int             // first visible line
	width    int
	height   int
}

// setArticle shows the entities of a (nil for none). The cursor goes back
// to the top for a different article.
func (s *sidebarModel) setArticle(a *store.Article) {
	if a == s.art {
		return
	}
	s.art = a
	s.entities = nil
	s.cursor, s.offset = 0, 0
	if a == nil {
		return
	}
	s.entities = slices.Clone(a.Entities)
	slices.SortStableFunc(s.entities, func(x, y entity.Entity) int {
		return cmp.Or(
			cmp.Compare(groupOf(x.Type), groupOf(y.Type)),
			cmp.Compare(y.Salience, x.Salience),
			cmp.Compare(y.Count, x.Count),
			cmp.Compare(x.Name, y.Name),
		)
	})
}

// setSize sets the inner size of the pane.
func (s *sidebarModel) setSize(width, height int) {
	s.width, s.height = max(width, 0), max(height, 0)
	s.scroll()
}

// selected returns the entity under the cursor.
func (s sidebarModel) selected() (entity.Entity, bool) {
	if s.cursor < 0 || s.cursor >= len(s.entities) {
		return entity.Entity{}, false
	}
	return s.entities[s.cursor], true
}

// Update handles the navigation keys.
func (s sidebarModel) Update(msg tea.KeyPressMsg, keys keyMap) sidebarModel {
	last := max(len(s.entities)-1, 0)
	page := max(s.height-1, 1)
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

// lineOf returns the line the i-th entity is drawn on and the total number
// of lines, counting group headings and the blank lines between groups.
func (s sidebarModel) lineOf(i int) (line, total int) {
	group := -1
	for j, e := range s.entities {
		if g := groupOf(e.Type); g != group {
			if group >= 0 {
				total++
			}
			group = g
			total++
		}
		if j == i {
			line = total
		}
		total++
	}
	return line, total
}

// scroll moves the first visible line so that the cursor is in view, with
// its group heading when the cursor is the group's first entity.
func (s *sidebarModel) scroll() {
	if s.height <= 0 {
		return
	}
	line, total := s.lineOf(s.cursor)
	if line-1 < s.offset {
		s.offset = max(line-1, 0)
	}
	if line >= s.offset+s.height {
		s.offset = line - s.height + 1
	}
	s.offset = clamp(s.offset, 0, max(total-s.height, 0))
}

// View renders the grouped entities. Entities that are active filters are
// marked with "+", the way the status line shows them.
func (s sidebarModel) View(st styles, focused bool, active []entity.Entity) string {
	if s.width <= 0 || s.height <= 0 {
		return ""
	}
	if s.art == nil {
		return ""
	}
	if len(s.entities) == 0 {
		return st.dim.Render(truncate("no entities found", s.width))
	}
	isActive := make(map[string]bool, len(active))
	for _, e := range active {
		isActive[e.Key()] = true
	}

	var lines []string
	cursorLine := 0
	group := -1
	for i, e := range s.entities {
		if g := groupOf(e.Type); g != group {
			if group >= 0 {
				lines = append(lines, "")
			}
			group = g
			lines = append(lines, st.heading.Render(truncate(entityGroups[g].title, s.width)))
		}
		if i == s.cursor {
			cursorLine = len(lines)
		}
		lines = append(lines, s.row(st, e, i == s.cursor && focused, isActive[e.Key()]))
	}

	// The offset is kept by scroll; clamp it again in case the pane shrank
	// since.
	off := clamp(s.offset, 0, max(len(lines)-s.height, 0))
	if cursorLine >= off+s.height {
		off = cursorLine - s.height + 1
	}
	end := min(off+s.height, len(lines))
	return strings.Join(lines[off:end], "\n")
}

// row renders one entity: a mark, the name and the mention count flush
// right.
func (s sidebarModel) row(st styles, e entity.Entity, cursor, active bool) string {
	mark := "  "
	if active {
		mark = "+ "
	}
	count := strconv.Itoa(e.Count)
	nameW := max(s.width-len(mark)-len(count)-1, 1)
	name := truncate(sanitize(e.Name), nameW)
	gap := max(s.width-len(mark)-ansi.StringWidth(name)-len(count), 1)
	line := mark + name + strings.Repeat(" ", gap) + st.count.Render(count)
	if cursor {
		return st.cursor.Render(fit(line, s.width, 1))
	}
	return line
}
