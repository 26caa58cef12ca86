// Package ui is the terminal reader: a Bubble Tea program showing the article
// list, the selected article and its entities, with keyboard filtering.
//
// The root Model owns the batch and the filter and routes messages to child
// models (list, article, sidebar, filter input), each with its own Update and
// View. Key bindings live in one keyMap that also feeds the help, styles live
// in styles.go, and slow work (rendering Markdown, waiting for the loader)
// runs in tea.Cmds off the UI goroutine.
package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"dateline/store"
)

// Config is what the reader needs to start.
type Config struct {
	// Updates streams the articles as the loader finds them. The reader
	// waits for Updates until one has Finished set or the channel closes.
	// A nil channel means an empty, finished batch.
	Updates <-chan store.Update
	// Roots are the folders or files given on the command line; they are
	// shown in the window title and the empty state.
	Roots []string
}

// pane identifies one of the three panes.
type pane int

const (
	paneList pane = iota
	paneArticle
	paneSidebar
)

// overlay is a view shown in place of the panes.
type overlay int

const (
	overlayNone overlay = iota
	overlayHelp
	overlaySkips
)

// Model is the root model of the reader. Create it with New.
type Model struct {
	roots []string
	keys  keyMap
	st    styles

	updates  <-chan store.Update
	batch    store.Batch
	filter   store.Filter
	streamed bool // the loader is done: Finished seen or channel closed

	list    listModel
	article articleModel
	side    sidebarModel
	input   textinput.Model
	editing bool // the filter input has the keyboard
	help    help.Model
	skips   viewport.Model

	focus   pane
	overlay overlay

	width, height int
	// sidebarFlip inverts the default sidebar visibility for the current
	// width class (shown when wide, hidden when narrow). It resets when the
	// terminal crosses the threshold, so the default applies again.
	sidebarFlip bool
}

// New returns the reader for cfg.
func New(cfg Config) Model {
	st := newStyles(true)
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "filter title, source and text"

	h := help.New()
	h.Styles = st.help

	sk := viewport.New()
	sk.KeyMap = viewport.KeyMap{}
	sk.MouseWheelEnabled = false

	m := Model{
		roots:   slices.Clone(cfg.Roots),
		keys:    defaultKeyMap(),
		st:      st,
		updates: cfg.Updates,
		article: newArticleModel(st),
		input:   in,
		help:    h,
		skips:   sk,
	}
	if cfg.Updates == nil {
		m.streamed = true
		m.batch.Finished = true
	}
	return m
}

// Init starts waiting for the loader and asks the terminal for its
// background colour, to pick the dark or light palette.
func (m Model) Init() tea.Cmd {
	return tea.Batch(waitForUpdate(m.updates), tea.RequestBackgroundColor)
}

// Update handles one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		wasWide := m.width >= wideWidth
		m.width, m.height = msg.Width, msg.Height
		if (m.width >= wideWidth) != wasWide {
			m.sidebarFlip = false
		}
		return m, m.relayout()

	case tea.BackgroundColorMsg:
		m.st = newStyles(msg.IsDark())
		m.help.Styles = m.st.help
		m.setSkipsContent()
		return m, m.article.setStyles(m.st)

	case updateMsg:
		m.batch.Apply(store.Update(msg))
		if m.batch.Finished {
			m.streamed = true
		}
		cmd := m.refresh()
		m.setSkipsContent()
		if m.streamed {
			return m, cmd
		}
		return m, tea.Batch(cmd, waitForUpdate(m.updates))

	case streamClosedMsg:
		m.streamed = true
		return m, nil

	case renderedMsg:
		var cmd tea.Cmd
		m.article, cmd = m.article.Update(msg, m.keys)
		return m, cmd

	case tea.KeyPressMsg:
		return m.handleKey(msg)

	case tea.PasteMsg:
		if m.editing {
			return m.updateInput(msg)
		}
		return m, nil
	}

	// Anything else (the input's cursor blink, for one) belongs to the input
	// while it is being edited.
	if m.editing {
		return m.updateInput(msg)
	}
	return m, nil
}

// handleKey routes a key press: first to the filter input while it is being
// edited, then to an open overlay, then to the global keys, and last to the
// focused pane.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	if m.editing {
		switch {
		case key.Matches(msg, k.FilterKeep):
			m.stopEditing()
			return m, nil
		case key.Matches(msg, k.FilterCancel):
			m.input.Reset()
			m.filter.Text = ""
			m.stopEditing()
			return m, m.refresh()
		case key.Matches(msg, k.FilterMove):
			m.list = m.list.Update(msg, k)
			return m, m.selectionChanged()
		}
		return m.updateInput(msg)
	}

	if m.overlay != overlayNone {
		switch {
		case key.Matches(msg, k.Quit):
			return m, tea.Quit
		case key.Matches(msg, k.ClearFilter),
			m.overlay == overlayHelp && key.Matches(msg, k.Help),
			m.overlay == overlaySkips && key.Matches(msg, k.Skipped):
			m.overlay = overlayNone
		case m.overlay == overlaySkips:
			m.skips = scrollViewport(m.skips, msg, k)
		}
		return m, nil
	}

	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.overlay = overlayHelp
		return m, nil
	case key.Matches(msg, k.Skipped):
		m.overlay = overlaySkips
		m.skips.GotoTop()
		return m, nil
	case key.Matches(msg, k.Filter):
		return m, m.startEditing()
	case key.Matches(msg, k.Sidebar):
		m.sidebarFlip = !m.sidebarFlip
		return m, m.relayout()
	case key.Matches(msg, k.Raw):
		return m, m.article.toggleRaw()
	case key.Matches(msg, k.NextPane):
		m.cycleFocus(1)
		return m, m.relayout()
	case key.Matches(msg, k.PrevPane):
		m.cycleFocus(-1)
		return m, m.relayout()
	case key.Matches(msg, k.ClearFilter):
		if !m.filter.Active() {
			return m, nil
		}
		m.filter = store.Filter{}
		m.input.Reset()
		return m, m.refresh()
	case key.Matches(msg, k.RemoveLast):
		return m, m.removeLastFilter()
	case key.Matches(msg, k.Select):
		return m.selectKey()
	}

	switch m.focus {
	case paneList:
		m.list = m.list.Update(msg, k)
		return m, m.selectionChanged()
	case paneArticle:
		var cmd tea.Cmd
		m.article, cmd = m.article.Update(msg, k)
		return m, cmd
	case paneSidebar:
		m.side = m.side.Update(msg, k)
	}
	return m, nil
}

// selectKey handles enter: on the list it opens the article (moves the focus
// to it); in the sidebar it adds the entity under the cursor as a filter.
func (m Model) selectKey() (tea.Model, tea.Cmd) {
	switch m.focus {
	case paneList:
		if m.list.selected() != nil {
			m.focus = paneArticle
			return m, m.relayout()
		}
	case paneSidebar:
		e, ok := m.side.selected()
		if !ok {
			return m, nil
		}
		for _, f := range m.filter.Entities {
			if f.Key() == e.Key() {
				return m, nil // already filtering by it
			}
		}
		m.filter.Entities = append(slices.Clone(m.filter.Entities), e)
		return m, m.refresh()
	}
	return m, nil
}

// removeLastFilter drops the entity filter added last, or the text filter
// when no entity filter is left.
func (m *Model) removeLastFilter() tea.Cmd {
	switch {
	case len(m.filter.Entities) > 0:
		m.filter.Entities = slices.Clone(m.filter.Entities[:len(m.filter.Entities)-1])
	case m.filter.Text != "":
		m.filter.Text = ""
		m.input.Reset()
	default:
		return nil
	}
	return m.refresh()
}

// startEditing gives the keyboard to the filter input, starting from the
// current filter text.
func (m *Model) startEditing() tea.Cmd {
	m.editing = true
	m.input.SetValue(m.filter.Text)
	m.input.CursorEnd()
	return m.input.Focus()
}

// stopEditing hands the keyboard back to the list.
func (m *Model) stopEditing() {
	m.editing = false
	m.input.Blur()
	m.focus = paneList
}

// updateInput passes msg to the filter input and narrows the list live when
// the text changed.
func (m Model) updateInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if v := m.input.Value(); v != m.filter.Text {
		m.filter.Text = v
		return m, tea.Batch(cmd, m.refresh())
	}
	return m, cmd
}

// refresh re-selects the visible articles after the batch or the filter
// changed, keeping the selection where it can, and updates the panes.
func (m *Model) refresh() tea.Cmd {
	m.list.setItems(m.batch.Select(m.filter))
	return m.selectionChanged()
}

// selectionChanged tells the article pane and the sidebar about the selected
// article. It returns the command rendering it, if one is needed.
func (m *Model) selectionChanged() tea.Cmd {
	a := m.list.selected()
	m.side.setArticle(a)
	if a == m.article.art {
		return nil
	}
	return m.article.setArticle(a)
}

// wantSidebar reports whether the sidebar should show at the current width.
func (m Model) wantSidebar() bool {
	return (m.width >= wideWidth) != m.sidebarFlip
}

// layout returns the current geometry.
func (m Model) layout() layout {
	return computeLayout(m.width, m.height, m.wantSidebar(), m.focus)
}

// cycleFocus moves the focus by dir through the panes that can take it.
func (m *Model) cycleFocus(dir int) {
	panes := []pane{paneList, paneArticle}
	if m.wantSidebar() {
		panes = append(panes, paneSidebar)
	}
	i := slices.Index(panes, m.focus)
	m.focus = panes[(i+dir+len(panes))%len(panes)]
}

// relayout sizes the children for the current terminal and focus. It
// returns the command re-rendering the article if its width changed.
func (m *Model) relayout() tea.Cmd {
	if m.focus == paneSidebar && !m.wantSidebar() {
		m.focus = paneList
	}
	l := m.layout()
	inner := func(w int) int { return max(w-2, 0) }
	innerH := max(l.body-2, 0)
	m.list.setSize(inner(l.list), innerH)
	m.side.setSize(inner(l.sidebar), innerH)
	m.help.SetWidth(l.width)
	// The input scrolls within its width; half the terminal leaves room for
	// the filter keys' help beside it.
	m.input.SetWidth(clamp(l.width/2, 1, 60))
	m.skips.SetWidth(inner(l.width))
	m.skips.SetHeight(innerH)
	m.setSkipsContent()
	return m.article.setSize(inner(l.article), innerH)
}

// setSkipsContent fills the skipped-files view.
func (m *Model) setSkipsContent() {
	w := max(m.skips.Width(), 1)
	var b strings.Builder
	b.WriteString(m.st.heading.Render(plural(len(m.batch.Skips), "file skipped", "files skipped")))
	if len(m.batch.Skips) == 0 {
		b.WriteString("\n" + m.st.dim.Render("Every file found was loaded."))
	}
	for _, s := range m.batch.Skips {
		b.WriteString("\n" + truncate(sanitize(s.Path), w))
		b.WriteString("\n  " + m.st.reason.Render(truncate(sanitize(s.Reason), max(w-2, 1))))
	}
	b.WriteString("\n\n" + m.st.dim.Render("S or esc to close"))
	m.skips.SetContent(b.String())
}

// scrollViewport applies the reader's scroll keys to a viewport.
func scrollViewport(vp viewport.Model, msg tea.KeyPressMsg, k keyMap) viewport.Model {
	switch {
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.PageDown):
		vp.PageDown()
	case key.Matches(msg, k.Top):
		vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		vp.GotoBottom()
	}
	return vp
}

// View draws the frame: the panes (or an overlay), the status line and the
// help line. It is always exactly the terminal's size.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = m.title()
	if m.editing {
		if c := m.input.Cursor(); c != nil {
			c.Y += m.height - 1
			v.Cursor = c
		}
	}
	return v
}

// title is the terminal window title.
func (m Model) title() string {
	if len(m.roots) == 0 {
		return "dateline"
	}
	return "dateline — " + sanitize(strings.Join(m.roots, " "))
}

// render returns the frame content.
func (m Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	l := m.layout()
	var rows []string
	if l.body > 0 {
		rows = append(rows, m.body(l))
	}
	if l.footer > 0 {
		rows = append(rows, truncate(m.statusLine(), l.width))
	}
	if l.footer > 1 {
		rows = append(rows, m.helpLine(l.width))
	}
	return fit(strings.Join(rows, "\n"), l.width, l.height)
}

// body renders the pane row, or the open overlay in its place.
func (m Model) body(l layout) string {
	switch m.overlay {
	case overlayHelp:
		return box(m.st.pane(true), m.fullHelp(max(l.width-2, 1)), l.width, l.body)
	case overlaySkips:
		return box(m.st.pane(true), m.skips.View(), l.width, l.body)
	}
	var panes []string
	if l.list > 0 {
		panes = append(panes, box(m.st.pane(m.focus == paneList), m.list.View(m.st, m.focus == paneList, m.listEmpty()), l.list, l.body))
	}
	if l.article > 0 {
		panes = append(panes, box(m.st.pane(m.focus == paneArticle), m.article.View(m.articleEmpty()), l.article, l.body))
	}
	if l.sidebar > 0 {
		panes = append(panes, box(m.st.pane(m.focus == paneSidebar), m.side.View(m.st, m.focus == paneSidebar, m.filter.Entities), l.sidebar, l.body))
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, panes...)
}

// listEmpty explains an empty list.
func (m Model) listEmpty() string {
	switch {
	case !m.streamed:
		return "loading…"
	case m.filter.Active():
		return "no article matches the filter (esc clears)"
	case len(m.roots) > 0:
		return "no articles in " + sanitize(strings.Join(m.roots, " "))
	}
	return "no articles"
}

// articleEmpty explains an empty article pane.
func (m Model) articleEmpty() string {
	if !m.streamed && len(m.batch.Articles) == 0 {
		return "loading…"
	}
	return "no article selected"
}

// statusLine shows the counts, the active filters, the load progress and the
// skipped files.
func (m Model) statusLine() string {
	sep := m.st.status.Render(" · ")
	parts := []string{m.st.status.Render(countLine(len(m.list.items), len(m.batch.Articles)))}
	if t := strings.TrimSpace(m.filter.Text); t != "" {
		parts = append(parts, m.st.statusKey.Render("/"+sanitize(t)))
	}
	for _, e := range m.filter.Entities {
		parts = append(parts, m.st.statusKey.Render("+"+sanitize(e.Name)))
	}
	if !m.streamed {
		parts = append(parts, m.st.status.Render("loading "+itoa(m.batch.Done)+"/"+itoa(m.batch.Found)))
	}
	if n := len(m.batch.Skips); n > 0 {
		parts = append(parts, m.st.warning.Render(plural(n, "skipped", "skipped")+" (S)"))
	}
	if m.article.raw {
		parts = append(parts, m.st.statusKey.Render("raw"))
	}
	if s := m.article.scrollInfo(); s != "" && m.focus == paneArticle {
		parts = append(parts, m.st.status.Render(s))
	}
	return strings.Join(parts, sep)
}

// countLine is "N of M articles".
func countLine(shown, total int) string {
	if shown == total {
		return plural(total, "article", "articles")
	}
	return itoa(shown) + " of " + plural(total, "article", "articles")
}

// helpLine is the filter input while editing, else the short help.
func (m Model) helpLine(width int) string {
	if m.editing {
		line := m.input.View()
		if rest := width - lipgloss.Width(line) - 3; rest > 10 {
			h := m.help
			h.SetWidth(rest)
			line += "   " + h.ShortHelpView(filterHelp(m.keys).ShortHelp())
		}
		return truncate(line, width)
	}
	return truncate(m.help.ShortHelpView(m.keys.ShortHelp()), width)
}

// fullHelp lays out the keymap's help columns in rows that fit width: the
// help bubble drops columns that do not fit on one row, and on a narrow
// terminal that would hide keys.
func (m Model) fullHelp(width int) string {
	var rows, row []string
	used := 0
	gap := 4
	for _, group := range m.keys.FullHelp() {
		col := m.help.FullHelpView([][]key.Binding{group})
		w := lipgloss.Width(col)
		if len(row) > 0 && used+gap+w > width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, used = nil, 0
		}
		if len(row) > 0 {
			row = append(row, strings.Repeat(" ", gap))
			used += gap
		}
		row = append(row, col)
		used += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	title := m.st.heading.Render("Keys") + m.st.dim.Render("  (? or esc to close)")
	return title + "\n\n" + strings.Join(rows, "\n\n")
}
