package ui

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"dateline/store"
	"dateline/store/state"
)

// listModel is the article list. It is hand-rolled rather than bubbles/list
// because that component brings its own filter, its own key bindings and its
// own status bar, all of which would fight the reader's: filtering here is
// a query over text and entities, driven from one keymap. The list is
// virtualised: View renders only the rows that fit, so a batch of thousands
// of articles costs no more per frame than a batch of ten.
type listModel struct {
	items  []*store.Article
	cursor int // index into items of the selected article
	offset int // index of the first visible row
	width  int // inner width in cells
	height int // inner height in lines
}

// selected returns the selected article, or nil when the list is empty.
func (l listModel) selected() *store.Article {
	if l.cursor < 0 || l.cursor >= len(l.items) {
		return nil
	}
	return l.items[l.cursor]
}

// setItems replaces the items and keeps the same article selected when it is
// still among them, so that articles streaming in or a filter changing do not
// move the reader away from what they are reading.
func (l *listModel) setItems(items []*store.Article) {
	prev := l.selected()
	l.items = items
	if prev != nil {
		for i, a := range items {
			if a == prev {
				l.cursor = i
				l.scrollToCursor()
				return
			}
		}
	}
	l.cursor = clamp(l.cursor, 0, max(len(items)-1, 0))
	l.scrollToCursor()
}

// setSize sets the inner size of the pane.
func (l *listModel) setSize(width, height int) {
	l.width, l.height = max(width, 0), max(height, 0)
	l.scrollToCursor()
}

// rowHeight is the number of lines per article: title and metadata, or the
// title alone when the pane is very short.
func (l listModel) rowHeight() int {
	if l.height >= 4 {
		return 2
	}
	return 1
}

// visibleRows is how many articles fit in the pane.
func (l listModel) visibleRows() int {
	return max(l.height/l.rowHeight(), 1)
}

// scrollToCursor moves the window of visible rows so the cursor is in it.
func (l *listModel) scrollToCursor() {
	n := l.visibleRows()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+n {
		l.offset = l.cursor - n + 1
	}
	l.offset = clamp(l.offset, 0, max(len(l.items)-n, 0))
}

// move moves the cursor by delta rows, stopping at the ends.
func (l *listModel) move(delta int) {
	if len(l.items) == 0 {
		return
	}
	l.cursor = clamp(l.cursor+delta, 0, len(l.items)-1)
	l.scrollToCursor()
}

// Update handles the navigation keys.
func (l listModel) Update(msg tea.KeyPressMsg, keys keyMap) listModel {
	switch {
	case key.Matches(msg, keys.Up):
		l.move(-1)
	case key.Matches(msg, keys.Down):
		l.move(1)
	case key.Matches(msg, keys.PageUp):
		l.move(-l.visibleRows())
	case key.Matches(msg, keys.PageDown):
		l.move(l.visibleRows())
	case key.Matches(msg, keys.Top):
		l.move(-len(l.items))
	case key.Matches(msg, keys.Bottom):
		l.move(len(l.items))
	}
	return l
}

// View renders the visible rows. empty is shown when there are no items;
// mark gives each article's read state.
func (l listModel) View(st styles, focused bool, empty string, mark func(id string) state.Record) string {
	if l.width <= 0 || l.height <= 0 {
		return ""
	}
	if len(l.items) == 0 {
		return st.dim.Render(truncate(empty, l.width))
	}
	var b strings.Builder
	end := min(l.offset+l.visibleRows(), len(l.items))
	for i := l.offset; i < end; i++ {
		if i > l.offset {
			b.WriteByte('\n')
		}
		b.WriteString(l.row(st, l.items[i], mark(l.items[i].ID), i == l.cursor, focused))
	}
	return b.String()
}

// row renders one article: a cursor marker, its state (a star, a dot when
// unread), the title, and a line of metadata.
func (l listModel) row(st styles, a *store.Article, rec state.Record, selected, focused bool) string {
	marker := "  "
	if selected {
		marker = "▌ "
	}
	mark, title := "  ", st.itemTitle
	switch {
	case rec.Starred:
		mark = st.starMark.Render("★") + " "
	case !rec.Read:
		mark = st.unreadMark.Render("•") + " "
	}
	if rec.Read {
		title = st.itemRead
	}
	w := max(l.width-4, 1)
	lines := []string{marker + mark + title.Render(truncate(articleTitle(a), w))}
	if l.rowHeight() > 1 {
		lines = append(lines, marker+"  "+st.itemMeta.Render(truncate(articleMeta(a), w)))
	}
	if selected {
		sel := st.itemSelectedDim
		if focused {
			sel = st.itemSelected
		}
		for i, ln := range lines {
			lines[i] = sel.Render(fit(ln, l.width, 1))
		}
	}
	return strings.Join(lines, "\n")
}

// articleTitle is the title to show for a, falling back to the file name
// for articles where the loader found no title.
func articleTitle(a *store.Article) string {
	if t := strings.TrimSpace(sanitize(a.Title)); t != "" {
		return t
	}
	name := sanitize(filepath.Base(a.Path))
	if a.Index >= 0 {
		name = fmt.Sprintf("%s #%d", name, a.Index+1)
	}
	return name
}

// articleMeta is the metadata line of a list row: flags for an article not
// in English or truncated (first, so that a narrow list does not cut them
// off), the source, the date when known, and the word count.
func articleMeta(a *store.Article) string {
	var parts []string
	if a.Lang == "other" {
		parts = append(parts, langMarker)
	}
	if a.Truncated {
		parts = append(parts, "truncated")
	}
	if s := strings.TrimSpace(sanitize(a.Source)); s != "" {
		parts = append(parts, s)
	}
	if d := listDate(a); d != "" {
		parts = append(parts, d)
	}
	parts = append(parts, plural(a.Words, "word", "words"))
	return strings.Join(parts, " · ")
}

// langMarker flags an article the loader found not to be in English: the
// entity model was trained on English and its names may be off.
const langMarker = "≠en"

// listDate is the date for the list: the day of DateISO when the loader
// parsed one (it sorts and compares the same everywhere), else the date as
// written.
func listDate(a *store.Article) string {
	if iso := strings.TrimSpace(sanitize(a.DateISO)); iso != "" {
		if len(iso) > 10 && iso[4] == '-' {
			return iso[:10]
		}
		return iso
	}
	return strings.TrimSpace(sanitize(a.Date))
}

// plural formats n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// itoa formats an int.
func itoa(n int) string { return strconv.Itoa(n) }
