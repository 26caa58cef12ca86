package ui

import "charm.land/bubbles/v2/key"

// keyMap holds every key binding of the reader. It is the one source of truth
// for both the key handling in Update and the help view, so the help can never
// drift from what the keys do.
type keyMap struct {
	Up       key.Binding
	Down     key.Binding
	Top      key.Binding
	Bottom   key.Binding
	PageUp   key.Binding
	PageDown key.Binding

	NextPane  key.Binding
	PrevPane  key.Binding
	Select    key.Binding
	Sidebar   key.Binding
	BatchView key.Binding

	Filter      key.Binding
	RemoveLast  key.Binding
	ClearFilter key.Binding
	NextMatch   key.Binding
	PrevMatch   key.Binding

	// The filter input's own keys: enter keeps the filter and returns to
	// the list, esc clears it, up and down recall recent queries, tab
	// completes an entity name, and ctrl+n/ctrl+p still move the list.
	FilterKeep     key.Binding
	FilterCancel   key.Binding
	FilterHistory  key.Binding
	FilterComplete key.Binding
	FilterMoveUp   key.Binding
	FilterMoveDown key.Binding

	ToggleRead key.Binding
	Star       key.Binding
	NextUnread key.Binding
	PrevUnread key.Binding
	HideRead   key.Binding
	Sort       key.Binding

	Open     key.Binding
	OpenURL  key.Binding
	CopyText key.Binding
	CopyURL  key.Binding

	Raw     key.Binding
	Skipped key.Binding
	Help    key.Binding
	Quit    key.Binding
}

// defaultKeyMap returns the reader's bindings. The navigation keys follow
// less and vim (j/k, g/G) alongside the arrow and page keys; the read-state
// keys follow newsboat and mutt (] and [ for the next and previous unread),
// and n/N step through search matches as in less.
func defaultKeyMap() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),

		NextPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		PrevPane:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Select:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open / filter by entity")),
		Sidebar:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "show/hide entities")),
		BatchView: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "batch / article entities")),

		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		RemoveLast:  key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "drop last filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filters")),
		NextMatch:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		PrevMatch:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),

		FilterKeep:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep")),
		FilterCancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		FilterHistory:  key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "history")),
		FilterComplete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		FilterMoveUp:   key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "list up")),
		FilterMoveDown: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "list down")),

		ToggleRead: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mark read/unread")),
		Star:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "star")),
		NextUnread: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next unread")),
		PrevUnread: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous unread")),
		HideRead:   key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "hide/show read")),
		Sort:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "cycle sort")),

		Open:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "open file in $PAGER")),
		OpenURL:  key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "open URL")),
		CopyText: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy text")),
		CopyURL:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy URL")),

		Raw:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "raw / clean")),
		Skipped: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "skipped files")),
		Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp implements help.KeyMap: the one-line help under the status line.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.NextPane, k.Select, k.Filter, k.ClearFilter, k.Star, k.Help, k.Quit}
}

// FullHelp implements help.KeyMap: the columns of the full help shown by "?".
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.NextPane, k.PrevPane, k.Select, k.Sidebar, k.BatchView},
		{k.Filter, k.RemoveLast, k.ClearFilter, k.NextMatch, k.PrevMatch},
		{k.ToggleRead, k.Star, k.NextUnread, k.PrevUnread, k.HideRead, k.Sort},
		{k.Open, k.OpenURL, k.CopyText, k.CopyURL},
		{k.Raw, k.Skipped, k.Help, k.Quit},
	}
}

// filterHelp shows the keymap's bindings that apply while the filter input
// has focus. It is the same keyMap, seen through a different help.KeyMap.
type filterHelp keyMap

// ShortHelp implements help.KeyMap.
func (k filterHelp) ShortHelp() []key.Binding {
	return []key.Binding{k.FilterKeep, k.FilterCancel, k.FilterHistory, k.FilterComplete, k.FilterMoveDown}
}

// FullHelp implements help.KeyMap.
func (k filterHelp) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
