package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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

// replace puts the revision of the selected article in its place, when
// old holds it: revised[i] replaces old[i] (nil: none). Only the selection
// is read from the list before the refresh that follows a revision, which
// lists the batch afresh; keeping it by identity needs the new version in
// the old one's place, and nothing else listed does.
func (l *listModel) replace(old, revised []*store.Article) {
	sel := l.selected()
	if sel == nil {
		return
	}
	if i := slices.Index(old, sel); i >= 0 {
		l.items[l.cursor] = revised[i]
	}
}

// setItems replaces the items and keeps prev selected when it is still among
// them, so that articles streaming in or a filter changing do not move the
// reader away from what they are reading. prev is the article selected
// before items were made: making them may have changed the list's array in
// place.
func (l *listModel) setItems(items []*store.Article, prev *store.Article) {
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

// wrapTitleWidth is the inner list width below which titles get two lines.
// Headlines of one story often share their first words ("US Secretary of
// State John Kerry…"), so a narrow list cut at one line shows rows that look
// the same; the second line is what tells them apart.
const wrapTitleWidth = 60

// titleLines is how many lines a title may take in a row: two in a
// narrow list, three in a very narrow one (80 columns), where two lines
// hold no more than the five or six words such headlines share.
func (l listModel) titleLines() int {
	switch {
	case l.width < 28 && l.height >= 16:
		return 3
	case l.width < wrapTitleWidth && l.height >= 9:
		return 2
	}
	return 1
}

// rowHeight is the number of lines per article: the title (one or two
// lines) and the metadata, or the title alone when the pane is very short.
// Every row has the same height, so scrolling stays simple arithmetic
// whatever the titles.
func (l listModel) rowHeight() int {
	if l.height < 4 {
		return 1
	}
	return l.titleLines() + 1
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

// itemAt returns the index of the article shown on line y of the pane.
func (l listModel) itemAt(y int) (int, bool) {
	if y < 0 || y >= l.height {
		return 0, false
	}
	i := l.offset + y/l.rowHeight()
	if i >= len(l.items) || y/l.rowHeight() >= l.visibleRows() {
		return 0, false
	}
	return i, true
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
	// A selected row is painted whole: every styled piece takes the
	// selection's background (or reverse video) too, since the reset at the
	// end of an inner piece would otherwise end the highlight there.
	base := lipgloss.NewStyle()
	if selected {
		base = st.itemSelectedDim
		if focused {
			base = st.itemSelected
		}
	}
	paint := func(s lipgloss.Style, text string) string {
		if !selected {
			return s.Render(text)
		}
		return s.Inherit(base).Render(text)
	}
	marker := "  "
	if selected {
		marker = "▌ "
	}
	mark, title := paint(base, "  "), st.itemTitle
	switch {
	case rec.Starred:
		mark = paint(st.starMark, "★") + paint(base, " ")
	case !rec.Read:
		mark = paint(st.unreadMark, "•") + paint(base, " ")
	}
	if rec.Read {
		title = st.itemRead
	}
	w := max(l.width-4, 1)
	var lines []string
	for i, t := range titleRows(articleTitle(a), w, l.titleLines()) {
		if i > 0 && t == "" {
			// A short title leaves the rest of its lines empty; the
			// metadata follows the title directly, and the row is
			// padded below instead, so that no gap opens between them.
			break
		}
		m := paint(base, "  ")
		if i == 0 {
			m = mark
		}
		lines = append(lines, paint(base, marker)+m+paint(title, t))
	}
	if l.rowHeight() > len(lines) {
		lines = append(lines, paint(base, marker+"  ")+paint(st.itemMeta, truncate(articleMeta(a), w)))
	}
	for len(lines) < l.rowHeight() {
		lines = append(lines, paint(base, marker))
	}
	for i, ln := range lines {
		if pad := l.width - ansi.StringWidth(ln); pad > 0 {
			lines[i] = ln + paint(base, strings.Repeat(" ", pad))
		}
	}
	return strings.Join(lines, "\n")
}

// titleRows cuts title into n lines of at most width cells, wrapping at
// spaces and ending the last line with an ellipsis when the title is longer.
// A title that fits in fewer lines is padded with empty ones.
func titleRows(title string, width, n int) []string {
	rows := make([]string, n)
	if n == 1 {
		rows[0] = truncate(title, width)
		return rows
	}
	wrapped := strings.Split(ansi.Wrap(title, width, ""), "\n")
	for i := range n {
		switch {
		case i >= len(wrapped):
		case i == n-1:
			rows[i] = truncate(strings.Join(wrapped[i:], " "), width)
		default:
			rows[i] = wrapped[i]
		}
	}
	return rows
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
