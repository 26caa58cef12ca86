package ui

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"dateline/store"
	"dateline/store/entity"
)

// articleModel is the article pane: the selected article, rendered off the UI
// goroutine and shown in a scrollable viewport.
type articleModel struct {
	art   *store.Article
	raw   bool   // show the raw lines with what the cleaner stripped
	style string // Glamour style name
	st    styles // for the raw view and placeholders
	marks string // search terms to highlight, joined by NUL
	// entity is the names of the entity whose mentions are marked (NUL
	// joined) and etype its type; empty when none is picked out.
	entity string
	etype  entity.Type
	gen    int // bumped by forget; stamped on every render message

	// matches are the lines of the shown rendering with a search match;
	// match is the one n and N last went to.
	matches []int
	match   int

	width, height int // inner size of the pane

	// full reads back slim articles whole for rendering; nil when the
	// batch is loaded whole.
	full FullFunc
	// rawKey is the key that toggles the raw view, named in its header.
	rawKey string

	vp      viewport.Model
	lines   []string  // the lines vp holds, which View draws from
	shown   renderKey // what vp holds, when showing
	showing bool      // vp holds a rendering (else the placeholder shows)

	// cache holds finished renderings, and bases the renderings they
	// were marked on (see renderKey.base). They are only touched on the
	// UI goroutine (in Update), so they need no lock; render commands
	// return their result as a message instead of writing here.
	cache   *renderCache
	bases   *renderCache
	pending map[renderKey]bool
}

func newArticleModel(st styles, full FullFunc, rawKey string) articleModel {
	vp := viewport.New()
	// The reader's keymap drives scrolling; the viewport's own bindings
	// would answer keys such as "b" and "f" that mean nothing here.
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = false
	return articleModel{
		style:   st.glamourStyle(),
		st:      st,
		vp:      vp,
		cache:   newRenderCache(renderCacheSize),
		bases:   newRenderCache(renderCacheSize),
		pending: make(map[renderKey]bool),
		full:    full,
		rawKey:  rawKey,
	}
}

// textWidth is the width article text is wrapped to.
func (m articleModel) textWidth() int {
	return min(m.width, maxTextWidth)
}

// want is the rendering the pane should show now; ok is false when there is
// nothing to render (no article, or no room).
func (m articleModel) want() (renderKey, bool) {
	if m.art == nil || m.textWidth() <= 0 || m.height <= 0 {
		return renderKey{}, false
	}
	k := renderKey{id: articleKey(m.art), width: m.textWidth(), raw: m.raw, style: m.style, marks: m.marks, entity: m.entity, etype: m.etype}
	if m.raw {
		k.back = m.rawKey
	}
	return k, true
}

// setArticle shows a (nil for none) and returns the command that renders it
// when it is not cached yet.
func (m *articleModel) setArticle(a *store.Article) tea.Cmd {
	m.art = a
	return m.sync()
}

// setSize sets the inner size and re-renders when the wrap width changed.
func (m *articleModel) setSize(width, height int) tea.Cmd {
	m.width, m.height = max(width, 0), max(height, 0)
	m.vp.SetWidth(m.width)
	m.vp.SetHeight(m.height)
	if m.width > 0 {
		// Renderings at other widths will not be shown again until the
		// terminal returns to that width; dropping them bounds the cache to
		// one width's worth.
		other := func(k renderKey) bool { return k.width != m.textWidth() }
		m.cache.drop(other)
		m.bases.drop(other)
	}
	return m.sync()
}

// setStyles switches palette and Glamour style, re-rendering if needed.
func (m *articleModel) setStyles(st styles) tea.Cmd {
	m.st = st
	if st.glamourStyle() != m.style {
		m.style = st.glamourStyle()
		m.cache.clear()
		m.bases.clear()
	}
	return m.sync()
}

// setHighlights marks terms in the article text, re-rendering if they
// changed.
func (m *articleModel) setHighlights(terms []string) tea.Cmd {
	marks := strings.Join(terms, "\x00")
	if marks == m.marks {
		return nil
	}
	m.marks = marks
	// Renderings with other marks would come back only if the user typed
	// the same query again; dropping them bounds the cache.
	m.cache.drop(func(k renderKey) bool { return k.marks != marks })
	return m.sync()
}

// setEntity marks the mentions of e (nil for none) in the article, under all
// its names, and makes n and N step through them.
func (m *articleModel) setEntity(e *entity.Entity) tea.Cmd {
	names, typ := "", entity.Type("")
	if e != nil {
		names, typ = strings.Join(append([]string{e.Name}, e.Aliases...), "\x00"), e.Type
	}
	if names == m.entity && typ == m.etype {
		return nil
	}
	m.entity, m.etype = names, typ
	// Only the current entity's renderings are likely to be wanted again.
	m.cache.drop(func(k renderKey) bool { return k.entity != names || k.etype != typ })
	return m.sync()
}

// forget drops the renderings of revised, new versions of articles under
// the same IDs. When the shown article or one being rendered is among them,
// it renders the shown article again; renderings of the others stay. The
// batch step sends all its revisions at once, and after a few dozen
// articles viewed one of the held renderings is likely among them.
func (m *articleModel) forget(revised []*store.Article) tea.Cmd {
	ids := make(map[string]bool, len(revised))
	for _, a := range revised {
		ids[articleKey(a)] = true
	}
	stale := func(k renderKey) bool { return ids[k.id] }
	m.cache.drop(stale)
	m.bases.drop(stale)
	current := m.showing && ids[m.shown.id]
	for k := range m.pending {
		current = current || ids[k.id]
	}
	if !current {
		return nil
	}
	m.gen++
	clear(m.pending)
	m.clearShown()
	return m.sync()
}

// toggleRaw switches between the clean and the raw view.
func (m *articleModel) toggleRaw() tea.Cmd {
	m.raw = !m.raw
	return m.sync()
}

// sync puts the wanted rendering in the viewport if it is cached, and
// otherwise starts rendering it. Until it arrives the pane shows the
// previous rendering of the same article and view (a resize), or a
// placeholder (a different article or view).
func (m *articleModel) sync() tea.Cmd {
	k, ok := m.want()
	if !ok {
		m.clearShown()
		return nil
	}
	if m.showing && k == m.shown {
		return nil
	}
	if s, ok := m.cache.get(k); ok {
		m.show(k, s)
		return nil
	}
	if !m.sameDocument(k) {
		m.clearShown()
	}
	if m.pending[k] {
		return nil
	}
	m.pending[k] = true
	if b, ok := m.bases.get(k.base()); ok {
		return markCmd(b.content, k, m.gen, m.st)
	}
	return renderCmd(m.art, k, m.gen, m.st, m.full)
}

// sameDocument reports whether the viewport holds the same article and view
// as k, perhaps at another width.
func (m articleModel) sameDocument(k renderKey) bool {
	return m.showing && m.shown.id == k.id && m.shown.raw == k.raw
}

// clearShown empties the viewport; the placeholder shows instead.
func (m *articleModel) clearShown() {
	m.shown, m.showing = renderKey{}, false
	m.matches, m.match = nil, 0
	m.lines = nil
	m.vp.SetContent("")
}

// show puts a finished rendering in the viewport. A new document opens at
// its first search match, or at the top when there is none; a re-render of
// the same one (after a resize) keeps the position as far as the new line
// count allows.
func (m *articleModel) show(k renderKey, r rendering) {
	// New search terms count as a new document: the pane goes to the
	// first match. Until their rendering arrives the old one stays up.
	same := m.sameDocument(k) && m.shown.marks == k.marks && m.shown.entity == k.entity
	off := m.vp.YOffset()
	m.lines = strings.Split(r.content, "\n")
	m.vp.SetContentLines(m.lines)
	m.matches = r.matches
	switch {
	case same:
		m.vp.SetYOffset(off)
		m.match = min(m.match, max(len(m.matches)-1, 0))
	case len(m.matches) > 0:
		m.match = 0
		m.gotoMatch()
	default:
		m.match = 0
		m.vp.GotoTop()
	}
	m.shown, m.showing = k, true
}

// matchContext is how many lines show above a match n or N went to, so the
// match is read in its paragraph rather than on the pane's top edge.
const matchContext = 2

// gotoMatch scrolls to the current match.
func (m *articleModel) gotoMatch() {
	if len(m.matches) == 0 {
		return
	}
	m.vp.SetYOffset(max(m.matches[m.match]-matchContext, 0))
}

// stepMatch goes to the next (dir 1) or previous (dir -1) match, wrapping
// round at the ends as less does with a search.
func (m *articleModel) stepMatch(dir int) {
	if len(m.matches) == 0 {
		return
	}
	m.match = (m.match + dir + len(m.matches)) % len(m.matches)
	m.gotoMatch()
}

// Update handles render results and, when the pane is focused, scrolling.
func (m articleModel) Update(msg tea.Msg, keys keyMap) (articleModel, tea.Cmd) {
	switch msg := msg.(type) {
	case renderedMsg:
		// A rendering asked for before a revision holds the old text; the
		// pending request for its key, if any, is the new one's.
		if msg.gen != m.gen {
			return m, nil
		}
		delete(m.pending, msg.key)
		// A rendering for a width or style no longer in use is stale: the
		// terminal was resized or the palette changed while it ran.
		if msg.key.width != m.textWidth() || msg.key.style != m.style {
			return m, nil
		}
		m.cache.put(msg.key, msg.rendering)
		if msg.hasBase {
			m.bases.put(msg.key.base(), rendering{content: msg.base})
		}
		if k, ok := m.want(); ok && k == msg.key {
			m.show(k, msg.rendering)
		}
	case tea.KeyPressMsg:
		m.vp = scrollViewport(m.vp, msg, keys)
	}
	return m, nil
}

// View renders the pane's inside. empty is shown when there is no article.
func (m articleModel) View(empty string) string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.art == nil {
		return m.st.dim.Render(truncate(empty, m.width))
	}
	if !m.showing {
		return m.st.dim.Render(truncate("rendering…", m.width))
	}
	// The lines in view, as they are: the pane's box fits them to its
	// width. The viewport keeps the scroll position, but its View padded
	// and measured every line through lipgloss, nearly a third of a
	// frame's time at 200x50, only for the box to do it again.
	top := min(m.vp.YOffset(), len(m.lines))
	return strings.Join(m.lines[top:min(top+m.height, len(m.lines))], "\n")
}

// scrollInfo is a short position indicator for the status line, e.g. "42%";
// empty when the whole article fits.
func (m articleModel) scrollInfo(keys keyMap) string {
	if !m.showing {
		return ""
	}
	step := " (" + keys.NextMatch.Help().Key + "/" + keys.PrevMatch.Help().Key + ")"
	var parts []string
	switch {
	case m.entity != "":
		if len(m.matches) == 0 {
			parts = append(parts, "not mentioned in this article")
		} else {
			parts = append(parts, "mention "+strconv.Itoa(m.match+1)+"/"+strconv.Itoa(len(m.matches))+step)
		}
	case m.marks != "":
		if len(m.matches) == 0 {
			parts = append(parts, "no match in this article")
		} else {
			parts = append(parts, "match "+strconv.Itoa(m.match+1)+"/"+strconv.Itoa(len(m.matches))+step)
		}
	}
	if m.vp.TotalLineCount() > m.height {
		parts = append(parts, strconv.Itoa(int(m.vp.ScrollPercent()*100+0.5))+"%")
	}
	return strings.Join(parts, " · ")
}

// articleKey identifies an article's text for the render cache: its place
// in the batch and its ID, a hash of its text, which a revision keeps. The
// place is part of it because a scraped folder often holds the same bytes
// in two files, and a rendering's header names its own file when the text
// gives no title.
func articleKey(a *store.Article) string {
	return a.Path + "#" + strconv.Itoa(a.Index) + "#" + a.ID
}

// renderCacheSize is how many renderings the article pane keeps: enough to
// go back and forth between nearby articles and views without rendering
// again, and few enough that holding j through a large batch does not keep
// the text of every article passed, which the reader otherwise reads back
// from disk on demand.
const renderCacheSize = 32

// renderCache holds finished renderings, the oldest dropped first once it
// holds more than its size.
type renderCache struct {
	size  int
	m     map[renderKey]rendering
	order []renderKey // the keys of m, in the order put
}

func newRenderCache(size int) *renderCache {
	return &renderCache{size: size, m: make(map[renderKey]rendering)}
}

func (c *renderCache) get(k renderKey) (rendering, bool) {
	r, ok := c.m[k]
	return r, ok
}

func (c *renderCache) put(k renderKey, r rendering) {
	if _, ok := c.m[k]; !ok {
		c.order = append(c.order, k)
	}
	c.m[k] = r
	for len(c.m) > c.size {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}

// drop removes the renderings whose key stale reports.
func (c *renderCache) drop(stale func(renderKey) bool) {
	maps.DeleteFunc(c.m, func(k renderKey, _ rendering) bool { return stale(k) })
	// order must hold exactly the keys of m: a key left behind and put
	// again would be listed twice, and its first listing would evict it
	// while it is among the newest.
	c.order = slices.DeleteFunc(c.order, stale)
}

func (c *renderCache) clear() {
	clear(c.m)
	c.order = c.order[:0]
}
