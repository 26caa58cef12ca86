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
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"dateline/store"
	"dateline/store/entity"
	"dateline/store/query"
	"dateline/store/state"
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
	// State is where read and starred marks and recent queries are kept
	// between runs; nil keeps them in memory for this run only.
	State *state.Store
	// Sort is the order the list starts in.
	Sort store.SortKey
	// Theme is the palette: ThemeAuto follows the terminal.
	Theme Theme
	// LightBackground is the guess, under ThemeAuto, until the terminal
	// answers the question about its background colour (many never do);
	// see LightFromColorFGBG.
	LightBackground bool
	// Keys remaps actions to other keys; see Bindings. Nil keeps the
	// defaults.
	Keys Bindings
	// NoMouse leaves the mouse to the terminal, so that dragging selects
	// text as it does without the reader.
	NoMouse bool
	// Full reads back the whole of a slim article (see store.Article.Slim)
	// when the pane shows it or its text is copied; nil when the batch is
	// loaded whole.
	Full FullFunc
	// Evict lets the pages of search text that slim articles borrow from
	// the cache leave the reader's resident memory (see
	// store.Loader.Evict); a text filter calls it as it reads. It runs
	// in a command, off the UI goroutine. Nil when there is nothing to let
	// go.
	Evict func()
}

// FullFunc returns the whole of a slim article, as store.Loader.Full does.
type FullFunc func(context.Context, *store.Article) (*store.Article, error)

// whole returns a, or for a slim article the whole of it. It may read a
// file, so it runs in commands only.
func whole(full FullFunc, a *store.Article) (*store.Article, error) {
	if full == nil || !a.Slimmed() {
		return a, nil
	}
	return full(context.Background(), a)
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
	look  look
	mouse bool
	load  loadMeter

	updates  <-chan store.Update
	batch    store.Batch
	ents     *store.EntityIndex  // the batch's entities, gathered as articles stream in
	batchEnt []store.BatchEntity // ranked; query terms resolve against them too
	// entsStale is set when ents gained entities that batchEnt does not
	// show yet, and rankedAt is when batchEnt was last ranked.
	entsStale bool
	rankedAt  time.Time
	rankCost  time.Duration // how long the last ranking took
	streamed  bool          // the loader is done: Finished seen or channel closed

	// The filters: the query typed at the prompt, the entities picked in
	// the sidebar (the last picked is the one backspace drops), and
	// whether read articles are hidden.
	prompt   prompt
	picked   []entity.Entity
	hideRead bool
	sortKey  store.SortKey

	marks  marks
	unread int        // unread articles in the batch, counted when marks or the batch change
	job    *filterJob // the filter under way, run in steps while typing
	jobGen int        // the number of the last filter job
	evict  func()     // Config.Evict
	// unevicted counts the bytes of search text filters read since evict
	// last ran.
	unevicted int
	flash     string // a one-off message in the status line, cleared by the next key
	out       outside

	list    listModel
	article articleModel
	side    sidebarModel
	input   textinput.Model
	editing bool // the filter input has the keyboard
	help    help.Model
	skips   viewport.Model

	focus pane
	// mainFocus is the list or the article, whichever had the focus last;
	// it decides what the sidebar lists while the sidebar itself has it.
	mainFocus pane
	// sideFlip inverts the sidebar's default view (the batch's entities
	// while the list is focused, the article's while the article is).
	sideFlip bool
	overlay  overlay

	width, height int
	// sidebarFlip inverts the default sidebar visibility for the current
	// width class (shown when wide, hidden when narrow). It resets when the
	// terminal crosses the threshold, so the default applies again.
	sidebarFlip bool
}

// New returns the reader for cfg.
func New(cfg Config) Model {
	lk := look{theme: cfg.Theme, dark: !cfg.LightBackground, profile: colorprofile.TrueColor}
	st := stylesFor(lk)
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = `words "phrase" -word @entity source: is:unread …`
	// The prompt's own completion keys are the reader's; see prompt.go.
	in.KeyMap.AcceptSuggestion = key.NewBinding(key.WithDisabled())
	in.KeyMap.NextSuggestion = key.NewBinding(key.WithDisabled())
	in.KeyMap.PrevSuggestion = key.NewBinding(key.WithDisabled())

	h := help.New()
	h.Styles = st.help

	sk := viewport.New()
	sk.KeyMap = viewport.KeyMap{}
	sk.MouseWheelEnabled = false

	keys := defaultKeyMap().remap(cfg.Keys)
	m := Model{
		roots:   slices.Clone(cfg.Roots),
		keys:    keys,
		st:      st,
		look:    lk,
		mouse:   !cfg.NoMouse,
		load:    newLoadMeter(time.Now, st),
		updates: cfg.Updates,
		ents:    &store.EntityIndex{},
		sortKey: cfg.Sort,
		marks:   newMarks(cfg.State),
		article: newArticleModel(st, cfg.Full, keys.Raw.Help().Key),
		evict:   cfg.Evict,
		input:   in,
		help:    h,
		skips:   sk,
	}
	m.side.batchView = true // the list has the focus at start
	if cfg.Updates == nil {
		m.streamed = true
		m.batch.Finished = true
	}
	return m
}

// Init starts waiting for the loader and asks the terminal for its
// background colour, to pick the dark or light palette.
func (m Model) Init() tea.Cmd {
	return tea.Batch(waitForUpdate(m.updates), tea.RequestBackgroundColor, m.marks.loadCmd())
}

// Update handles one message, and then has the article pane mark the
// mentions of the entity under the sidebar cursor (see markMentions): not
// only keys and clicks move that cursor, but also filters finishing and
// revisions of the article shown.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return markMentions(m.update(msg)) }

// Close saves the read and starred marks and the query history that no
// save has written yet. Call it with the model the program's Run returns:
// Bubble Tea runs no command after it quits, so the last changes before q
// would otherwise be lost.
func (m Model) Close() error { return m.marks.Close() }

// update handles one message.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		wasWide := m.width >= wideWidth
		m.width, m.height = msg.Width, msg.Height
		if (m.width >= wideWidth) != wasWide {
			m.sidebarFlip = false
		}
		cmd := m.relayout()
		return m, cmd

	case tea.BackgroundColorMsg:
		m.look.dark = msg.IsDark()
		cmd := m.applyLook()
		return m, cmd

	case tea.ColorProfileMsg:
		m.look.profile = msg.Profile
		cmd := m.applyLook()
		return m, cmd

	case tea.MouseMsg:
		return m.handleMouse(msg)

	case updateMsg:
		applied := m.batch.Apply(store.Update(msg))
		m.load.observe(m.batch.Done, m.batch.Checking)
		// A reopen found the files of some articles it showed changed or
		// gone: their entities are no longer counted.
		for _, old := range applied.Removed {
			m.ents.Remove(old)
		}
		// In the order Apply took them: the articles, then the
		// revisions, which may be of articles of this same update (a
		// reopen sends the revisions kept beside its pack with the
		// articles it shows).
		m.ents.Add(msg.Articles...)
		// The batch step cleaned some articles again: their entities
		// are counted afresh in place of the old ones'.
		for i, old := range applied.Replaced {
			if old != nil {
				m.ents.Replace(old, msg.Revised[i])
			}
		}
		// The list holds the old versions until the refresh below, which
		// keeps the selection by identity: it must find the new version
		// of the selected article in its place.
		m.list.replace(applied.Replaced, msg.Revised)
		if len(msg.Articles) > 0 || len(msg.Revised) > 0 || len(applied.Removed) > 0 {
			m.entsStale = true
		}
		m.rankEntities(false)
		if m.batch.Finished {
			m.streamed = true
		}
		var cmd tea.Cmd
		if len(msg.Revised) > 0 || len(applied.Removed) > 0 {
			cmd = m.refresh()
		} else {
			cmd = m.filterAdded(msg.Articles)
		}
		if len(msg.Revised) > 0 {
			// After refresh, so that the pane holds the revised article when
			// it renders again; a render of the old text still under way is
			// dropped by its generation.
			cmd = tea.Batch(cmd, m.article.forget(msg.Revised))
		}
		m.syncSkips()
		if m.streamed {
			return m, cmd
		}
		return m, tea.Batch(cmd, waitForUpdate(m.updates))

	case filterStepMsg:
		cmd := m.stepFilter(msg)
		return m, cmd

	case streamClosedMsg:
		m.streamed = true
		m.rankEntities(true)
		return m, nil

	case renderedMsg:
		var cmd tea.Cmd
		m.article, cmd = m.article.Update(msg, m.keys)
		return m, cmd

	case stateLoadedMsg:
		cmd := m.marks.onLoaded(msg)
		refresh := m.refresh()
		return m, tea.Batch(cmd, refresh)

	case stateSavedMsg:
		cmd := m.marks.onSaved(msg)
		return m, cmd

	case flashMsg:
		m.flash = string(msg)
		return m, nil

	case tea.KeyPressMsg:
		return m.handleKey(msg)

	}

	// Anything else (the input's cursor blink, for one) belongs to the input
	// while it is being edited.
	if m.editing {
		return m.updateInput(msg)
	}
	return m, nil
}

// applyLook rebuilds the palette after the terminal told us about its
// background or its colours.
func (m *Model) applyLook() tea.Cmd {
	m.st = stylesFor(m.look)
	m.help.Styles = m.st.help
	m.load.setStyles(m.st)
	m.syncSkips()
	return m.article.setStyles(m.st)
}

// markMentions picks out, in the article pane, the mentions of the entity
// under the sidebar cursor while the sidebar has the focus, so that moving
// through the sidebar shows where each name occurs; n and N then step
// through them. It runs after every message.
func markMentions(tm tea.Model, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	m, ok := tm.(Model)
	if !ok {
		return tm, cmd
	}
	var picked *entity.Entity
	if m.focus == paneSidebar && m.wantSidebar() {
		if e, ok := m.side.selected(); ok {
			picked = &e
		}
	}
	return m, tea.Batch(cmd, m.article.setEntity(picked))
}

// handleKey routes a key press: first to the filter input while it is being
// edited, then to an open overlay, then to the global keys, and last to the
// focused pane.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	m.flash = ""
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	if m.editing {
		return m.editKey(msg)
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

	sel := m.list.selected()
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.overlay = overlayHelp
		return m, nil
	case key.Matches(msg, k.Skipped):
		m.overlay = overlaySkips
		m.syncSkips()
		m.skips.GotoTop()
		return m, nil
	case key.Matches(msg, k.Filter):
		cmd := m.startEditing()
		return m, cmd
	case key.Matches(msg, k.Sidebar):
		m.sidebarFlip = !m.sidebarFlip
		cmd := m.relayout()
		return m, cmd
	case key.Matches(msg, k.BatchView):
		m.sideFlip = !m.sideFlip
		m.syncSidebarView()
		return m, nil
	case key.Matches(msg, k.Raw):
		cmd := m.article.toggleRaw()
		return m, cmd
	case key.Matches(msg, k.NextPane):
		m.cycleFocus(1)
		cmd := tea.Batch(m.relayout(), m.readSelected())
		return m, cmd
	case key.Matches(msg, k.PrevPane):
		m.cycleFocus(-1)
		cmd := tea.Batch(m.relayout(), m.readSelected())
		return m, cmd
	case key.Matches(msg, k.ClearFilter):
		if !m.filterActive() {
			return m, nil
		}
		m.prompt = prompt{}
		m.picked = nil
		m.hideRead = false
		m.input.Reset()
		cmd := m.refresh()
		return m, cmd
	case key.Matches(msg, k.RemoveLast):
		cmd := m.removeLastFilter()
		return m, cmd
	case key.Matches(msg, k.Select):
		return m.selectKey()
	case key.Matches(msg, k.NextMatch):
		m.article.stepMatch(1)
		return m, nil
	case key.Matches(msg, k.PrevMatch):
		m.article.stepMatch(-1)
		return m, nil
	case key.Matches(msg, k.ToggleRead):
		cmd := m.toggleMark(sel, func(r *state.Record) { r.Read = !r.Read })
		return m, cmd
	case key.Matches(msg, k.Star):
		cmd := m.toggleMark(sel, func(r *state.Record) { r.Starred = !r.Starred })
		return m, cmd
	case key.Matches(msg, k.NextUnread):
		cmd := m.jumpUnread(1)
		return m, cmd
	case key.Matches(msg, k.PrevUnread):
		cmd := m.jumpUnread(-1)
		return m, cmd
	case key.Matches(msg, k.HideRead):
		m.hideRead = !m.hideRead
		cmd := m.refresh()
		return m, cmd
	case key.Matches(msg, k.Sort):
		m.sortKey = m.sortKey.Next()
		cmd := m.refresh()
		return m, cmd
	case key.Matches(msg, k.Open):
		cmd := m.out.openFileCmd(sel)
		return m, cmd
	case key.Matches(msg, k.OpenURL):
		cmd := m.out.openURLCmd(sel, m.keys.CopyURL.Help().Key)
		return m, cmd
	case key.Matches(msg, k.CopyText):
		if sel == nil {
			return m, nil
		}
		return m, copyTextCmd(m.article.full, sel)
	case key.Matches(msg, k.CopyURL):
		if sel == nil {
			return m, nil
		}
		return m, copyCmd("URL", sanitize(sel.URL))
	}

	switch m.focus {
	case paneList:
		m.list = m.list.Update(msg, k)
		cmd := m.selectionChanged()
		return m, cmd
	case paneArticle:
		var cmd tea.Cmd
		m.article, cmd = m.article.Update(msg, k)
		return m, cmd
	case paneSidebar:
		m.side = m.side.Update(msg, k)
	}
	return m, nil
}

// editKey handles a key while the filter input has the keyboard.
func (m Model) editKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.FilterKeep):
		if m.prompt.err != nil {
			// The error stays on screen until it is fixed or esc clears
			// the prompt; leaving now would hide why the list did not
			// change.
			return m, nil
		}
		m.stopEditing()
		cmd := m.marks.remember(strings.TrimSpace(m.prompt.query.Text))
		return m, cmd
	case key.Matches(msg, k.FilterCancel):
		m.input.Reset()
		m.prompt = prompt{}
		m.stopEditing()
		cmd := m.refresh()
		return m, cmd
	case key.Matches(msg, k.FilterOlder):
		cmd := m.recall(-1)
		return m, cmd
	case key.Matches(msg, k.FilterNewer):
		cmd := m.recall(1)
		return m, cmd
	case key.Matches(msg, k.FilterComplete):
		if m.prompt.complete == "" {
			return m, nil
		}
		m.input.SetValue(m.prompt.complete)
		m.input.CursorEnd()
		cmd := m.applyInput()
		return m, cmd
	case key.Matches(msg, k.FilterMoveUp):
		m.list.move(-1)
		cmd := m.selectionChanged()
		return m, cmd
	case key.Matches(msg, k.FilterMoveDown):
		m.list.move(1)
		cmd := m.selectionChanged()
		return m, cmd
	}
	return m.updateInput(msg)
}

// recall shows the previous (dir -1) or next (dir 1) query of the history
// in the prompt. Going past the newest brings back what was being typed.
func (m *Model) recall(dir int) tea.Cmd {
	h := m.marks.history
	if len(h) == 0 {
		return nil
	}
	if m.prompt.histPos >= len(h) && dir < 0 {
		m.prompt.draft = m.input.Value()
	}
	pos := clamp(m.prompt.histPos+dir, 0, len(h))
	if pos == m.prompt.histPos {
		return nil
	}
	m.prompt.histPos = pos
	if pos == len(h) {
		m.input.SetValue(m.prompt.draft)
	} else {
		m.input.SetValue(h[pos])
	}
	m.input.CursorEnd()
	return m.applyInput()
}

// selectKey handles enter: on the list it opens the article (moves the focus
// to it, which marks it read); in the sidebar it adds the entity under the
// cursor as a filter.
func (m Model) selectKey() (tea.Model, tea.Cmd) {
	switch m.focus {
	case paneList:
		if m.list.selected() != nil {
			m.setFocus(paneArticle)
			cmd := tea.Batch(m.relayout(), m.readSelected())
			return m, cmd
		}
	case paneSidebar:
		e, ok := m.side.selected()
		if !ok {
			return m, nil
		}
		for _, f := range m.picked {
			if f.Key() == e.Key() {
				return m, nil // already filtering by it
			}
		}
		m.picked = append(slices.Clone(m.picked), e)
		cmd := m.refresh()
		return m, cmd
	}
	return m, nil
}

// setMark changes an article's read state, saves it, and updates the list.
func (m *Model) setMark(a *store.Article, r state.Record) tea.Cmd {
	was := m.marks.get(a.ID)
	cmd := m.marks.set(a.ID, r)
	if m.hideRead || m.prompt.query.UsesState() {
		return tea.Batch(cmd, m.refresh())
	}
	// Nothing else the list is filtered or sorted by depends on marks, so
	// the list stands and only the unread count moves. A whole refresh here
	// would run the filter over the batch for every article opened; this
	// only compares IDs, as files with the same text share one.
	if r.Read != was.Read {
		same := 0
		for _, b := range m.batch.Articles {
			if b.ID == a.ID {
				same++
			}
		}
		if r.Read {
			same = -same
		}
		m.unread += same
	}
	return cmd
}

// toggleMark flips one of a's marks with flip; nothing without an article.
func (m *Model) toggleMark(a *store.Article, flip func(*state.Record)) tea.Cmd {
	if a == nil {
		return nil
	}
	r := m.marks.get(a.ID)
	flip(&r)
	return m.setMark(a, r)
}

// readSelected marks the selected article read when the article pane has
// the focus: an article counts as read once it was opened.
func (m *Model) readSelected() tea.Cmd {
	a := m.list.selected()
	if a == nil || m.focus != paneArticle {
		return nil
	}
	r := m.marks.get(a.ID)
	if r.Read {
		return nil
	}
	r.Read = true
	return m.setMark(a, r)
}

// jumpUnread selects the next (dir 1) or previous (dir -1) unread article in
// the list's order, and says so when there is none.
func (m *Model) jumpUnread(dir int) tea.Cmd {
	items := m.list.items
	for i := m.list.cursor + dir; i >= 0 && i < len(items); i += dir {
		if !m.marks.isRead(items[i].ID) {
			m.list.move(i - m.list.cursor)
			return tea.Batch(m.selectionChanged(), m.readSelected())
		}
	}
	if dir > 0 {
		m.flash = "no unread article below"
	} else {
		m.flash = "no unread article above"
	}
	return nil
}

// removeLastFilter drops the entity filter added last, or the query when no
// entity filter is left.
func (m *Model) removeLastFilter() tea.Cmd {
	switch {
	case len(m.picked) > 0:
		m.picked = slices.Clone(m.picked[:len(m.picked)-1])
	case !m.prompt.query.Empty():
		m.prompt = prompt{}
		m.input.Reset()
	default:
		return nil
	}
	return m.refresh()
}

// filterActive reports whether anything narrows the list.
func (m Model) filterActive() bool {
	return !m.prompt.query.Empty() || len(m.picked) > 0 || m.hideRead
}

// startEditing gives the keyboard to the filter input, starting from the
// query in force.
func (m *Model) startEditing() tea.Cmd {
	m.editing = true
	m.input.SetValue(m.prompt.query.Text)
	m.input.CursorEnd()
	m.prompt.err, m.prompt.complete = nil, ""
	m.prompt.histPos = len(m.marks.history)
	return m.input.Focus()
}

// stopEditing hands the keyboard back to the list.
func (m *Model) stopEditing() {
	m.editing = false
	m.input.Blur()
	m.prompt.err, m.prompt.complete = nil, ""
	m.setFocus(paneList)
}

// updateInput passes msg to the filter input and narrows the list live when
// the text changed.
func (m Model) updateInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	before := m.input.Value()
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m.prompt.histPos = len(m.marks.history)
		cmd := tea.Batch(cmd, m.applyInput())
		return m, cmd
	}
	return m, cmd
}

// applyInput parses the prompt's text. A query that parses replaces the one
// in force and the list follows it; one that does not leaves the list as
// it was and the error shows beside the prompt.
func (m *Model) applyInput() tea.Cmd {
	text := m.input.Value()
	m.prompt.complete = completion(text, m.batchEnt)
	q, err := query.Parse(text)
	var pe *query.Error
	if errors.As(err, &pe) {
		m.prompt.err = pe
		return nil
	}
	m.prompt.err = nil
	if q.Text == m.prompt.query.Text {
		return nil
	}
	prev := m.prompt.query
	m.prompt.query = q
	if q.Narrows(prev) {
		// Typing on at the end of a word only narrows the list, so only
		// the articles listed now need testing: at 100,000 articles the
		// second letter onwards costs a fraction of the first.
		return m.startFilter(true)
	}
	return m.startFilter(false)
}

// rankInterval is how often, at most, the batch's entities are ranked again
// while a load streams in. Ranking sorts every entity of the batch and
// rebuilds the sidebar: at 100,000 articles with tens of thousands of names
// that is tens of milliseconds, too much to repeat for every update. When a
// ranking takes longer, the interval grows with it (rankShare), so that
// ranking never takes more than a tenth of the UI goroutine's time.
const (
	rankInterval = 500 * time.Millisecond
	rankShare    = 10
)

// rankEntities ranks the batch's entities for the sidebar and for resolving
// query terms, when new ones arrived: at once for the first articles and
// once the load is finished (or force is set), and otherwise at most every
// rankInterval. Until then, entity terms still match the newest articles by
// name.
func (m *Model) rankEntities(force bool) {
	if !m.entsStale {
		return
	}
	now := m.load.now()
	wait := max(rankInterval, rankShare*m.rankCost)
	if !force && m.batchEnt != nil && !m.batch.Finished && now.Sub(m.rankedAt) < wait {
		return
	}
	m.entsStale = false
	m.batchEnt = m.ents.Entities()
	m.side.setBatch(m.batchEnt)
	m.rankedAt = m.load.now()
	m.rankCost = m.rankedAt.Sub(now)
}

// queryEnv is what evaluating a query needs from the reader.
func (m Model) queryEnv() query.Env {
	return query.Env{Entities: m.batchEnt, Read: m.marks.isRead, Starred: m.marks.isStarred}
}

// refresh re-selects and re-sorts the visible articles after the batch, the
// filters, the marks or the order changed, keeping the selection where it
// can, and updates the panes. With read articles hidden, the selected
// article stays even once read, so that opening it does not make it vanish
// from under the cursor. The whole batch is tested at once, in this
// Update, since these changes must show in the same frame; it supersedes
// any filter job under way.
func (m *Model) refresh() tea.Cmd {
	m.job = nil
	j := m.newFilterJob(m.batch.Articles, true)
	j.count = true
	j.step(m, -1)
	return tea.Batch(j.finish(m), m.evictRead(true))
}

// refersAll reports whether a mentions every entity in refs.
func refersAll(a *store.Article, refs []store.EntityRef) bool {
	for _, r := range refs {
		if !a.Refers(r) {
			return false
		}
	}
	return true
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

// syncSidebarView shows the batch's entities while the list leads and the
// article's while the article does, unless the user flipped it.
func (m *Model) syncSidebarView() {
	m.side.setBatchView((m.mainFocus == paneList) != m.sideFlip)
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
	m.setFocus(panes[(i+dir+len(panes))%len(panes)])
}

// setFocus gives p the focus. The list and the article pane are also the
// main focus, which the sidebar follows when it shows the batch's or the
// article's entities; the sidebar taking the focus leaves that as it was.
func (m *Model) setFocus(p pane) {
	m.focus = p
	if p != paneSidebar {
		m.mainFocus = p
	}
	m.syncSidebarView()
}

// relayout sizes the children for the current terminal and focus. It
// returns the command re-rendering the article if its width changed.
func (m *Model) relayout() tea.Cmd {
	if m.focus == paneSidebar && !m.wantSidebar() {
		m.setFocus(paneList)
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
	m.syncSkips()
	return m.article.setSize(inner(l.article), innerH)
}

// syncSkips fills the skipped-files view when it is open. Building it takes
// a pass over every skip, so it is left until the view opens instead of
// being redone for every update, resize and palette change.
func (m *Model) syncSkips() {
	if m.overlay == overlaySkips {
		m.setSkipsContent()
	}
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
	b.WriteString("\n\n" + m.st.dim.Render(m.keys.Skipped.Help().Key+" or "+m.keys.ClearFilter.Help().Key+" to close"))
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
	if m.mouse {
		// Cell motion reports clicks and the wheel, not bare movement,
		// so the mouse costs nothing while it is not used.
		v.MouseMode = tea.MouseModeCellMotion
	}
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
	// The body is boxes of its exact size already; the footer is fitted.
	var rows []string
	if l.body > 0 {
		rows = m.body(l)
		rows = rows[:min(len(rows), l.height)]
	}
	var footer []string
	if l.footer > 0 {
		footer = append(footer, truncate(m.statusLine(), l.width))
	}
	if l.footer > 1 {
		footer = append(footer, m.helpLine(l.width))
	}
	rows = append(rows, fitLines(strings.Join(footer, "\n"), l.width, l.height-len(rows))...)
	return strings.Join(rows, "\n")
}

// body renders the pane row, or the open overlay in its place, as its lines.
func (m Model) body(l layout) []string {
	switch m.overlay {
	case overlayHelp:
		return box(m.st.pane(true), m.fullHelp(max(l.width-2, 1)), l.width, l.body)
	case overlaySkips:
		return box(m.st.pane(true), m.skips.View(), l.width, l.body)
	}
	var panes [][]string
	if l.list > 0 {
		panes = append(panes, box(m.st.pane(m.focus == paneList), m.list.View(m.st, m.focus == paneList, m.listEmpty(), m.marks.get), l.list, l.body))
	}
	if l.article > 0 {
		content := m.article.View(m.articleEmpty())
		if !m.streamed && m.article.art == nil {
			content = m.loadingView(max(l.article-2, 0))
		}
		panes = append(panes, box(m.st.pane(m.focus == paneArticle), content, l.article, l.body))
	}
	if l.sidebar > 0 {
		panes = append(panes, box(m.st.pane(m.focus == paneSidebar), m.side.View(m.st, m.focus == paneSidebar, m.picked), l.sidebar, l.body))
	}
	return joinPanes(panes)
}

// listEmpty explains an empty list.
func (m Model) listEmpty() string {
	switch {
	case !m.streamed:
		return "loading…"
	case m.filterActive():
		return "no article matches the filter (" + m.keys.ClearFilter.Help().Key + " clears)"
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

// statusLine shows the counts, the active filters and order, the load
// progress, the skipped files, and messages about the state.
func (m Model) statusLine() string {
	sep := m.st.status.Render(" · ")
	parts := []string{m.st.status.Render(countLine(len(m.list.items), len(m.batch.Articles)))}
	if m.unread > 0 && m.unread < len(m.batch.Articles) {
		parts = append(parts, m.st.status.Render(itoa(m.unread)+" unread"))
	}
	if t := strings.TrimSpace(m.prompt.query.Text); t != "" {
		parts = append(parts, m.st.statusKey.Render("/"+sanitize(t)))
	}
	for _, e := range m.picked {
		parts = append(parts, m.st.statusKey.Render("+"+sanitize(e.Name)))
	}
	if m.hideRead {
		parts = append(parts, m.st.statusKey.Render("unread only"))
	}
	if m.sortKey != store.SortFile {
		parts = append(parts, m.st.statusKey.Render("by "+m.sortKey.String()))
	}
	if j := m.job; j != nil && len(j.from) > 0 {
		parts = append(parts, m.st.status.Render("filtering "+itoa(100*j.pos/len(j.from))+"%"))
	}
	if !m.streamed {
		parts = append(parts, m.loadingStatus())
	}
	if n := len(m.batch.Skips); n > 0 {
		parts = append(parts, m.st.warning.Render(plural(n, "skipped", "skipped")+" ("+m.keys.Skipped.Help().Key+")"))
	}
	if m.article.raw {
		parts = append(parts, m.st.statusKey.Render("raw"))
	}
	// The sidebar shows the position too: its cursor picks out mentions
	// in the article, and n and N step through them from there.
	if s := m.article.scrollInfo(m.keys); s != "" && (m.focus == paneArticle || m.focus == paneSidebar) {
		parts = append(parts, m.st.status.Render(s))
	}
	if m.marks.readOnly != "" {
		parts = append(parts, m.st.warning.Render(m.marks.readOnly))
	}
	if m.marks.notice != "" {
		parts = append(parts, m.st.warning.Render(sanitize(m.marks.notice)))
	}
	if m.flash != "" {
		parts = append(parts, m.st.statusKey.Render(m.flash))
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
		rest := width - lipgloss.Width(line) - 3
		switch {
		case m.prompt.err != nil:
			// The error replaces the help: it is what the user needs now.
			line += "   " + m.st.warning.Render("✗ "+m.prompt.err.Error())
		case m.prompt.complete != "" && rest > 10:
			line += "   " + m.st.suggestion.Render("tab → "+m.prompt.complete[lastTermStart(m.prompt.complete):])
		case rest > 10:
			h := m.help
			h.SetWidth(rest)
			line += "   " + h.ShortHelpView(m.keys.filterShortHelp())
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
	title := m.st.heading.Render("Keys") + m.st.dim.Render("  ("+m.keys.Help.Help().Key+" or "+m.keys.ClearFilter.Help().Key+" to close)")
	mouse := m.st.dim.Render("Mouse: the wheel scrolls the pane under the pointer; a click selects a row or focuses a pane.")
	if !m.mouse {
		mouse = m.st.dim.Render("The mouse is off (--no-mouse or mouse = false).")
	}
	return title + "\n\n" + strings.Join(rows, "\n\n") + "\n\n" + mouse
}
