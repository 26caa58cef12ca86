package ui

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
)

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
	FilterOlder    key.Binding
	FilterNewer    key.Binding
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
		FilterOlder:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "older query")),
		FilterNewer:    key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "newer")),
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

// filterShortHelp lists the bindings that apply while the filter input has
// focus, for the help line under the prompt.
func (k keyMap) filterShortHelp() []key.Binding {
	return []key.Binding{k.FilterKeep, k.FilterCancel, k.FilterOlder, k.FilterNewer, k.FilterComplete, k.FilterMoveDown}
}

// Bindings remaps actions to keys: the action's name (see DefaultKeys) to
// the keys that trigger it, as Bubble Tea names them ("j", "ctrl+d",
// "pgdown", "shift+tab"). The keys replace the action's defaults.
type Bindings map[string][]string

// action is one remappable binding and its name in the config file.
type action struct {
	name string
	b    *key.Binding
	// filter marks the keys that apply while the filter prompt is open;
	// they may reuse the main keys, since the two never apply at once.
	filter bool
}

// actions lists the keymap's bindings under the names the config file uses.
func (k *keyMap) actions() []action {
	return []action{
		{"up", &k.Up, false}, {"down", &k.Down, false},
		{"top", &k.Top, false}, {"bottom", &k.Bottom, false},
		{"page_up", &k.PageUp, false}, {"page_down", &k.PageDown, false},
		{"next_pane", &k.NextPane, false}, {"prev_pane", &k.PrevPane, false},
		{"select", &k.Select, false}, {"sidebar", &k.Sidebar, false}, {"batch_view", &k.BatchView, false},
		{"filter", &k.Filter, false}, {"remove_last", &k.RemoveLast, false}, {"clear_filter", &k.ClearFilter, false},
		{"next_match", &k.NextMatch, false}, {"prev_match", &k.PrevMatch, false},
		{"filter_keep", &k.FilterKeep, true}, {"filter_cancel", &k.FilterCancel, true},
		{"filter_older", &k.FilterOlder, true}, {"filter_newer", &k.FilterNewer, true},
		{"filter_complete", &k.FilterComplete, true},
		{"filter_move_up", &k.FilterMoveUp, true}, {"filter_move_down", &k.FilterMoveDown, true},
		{"toggle_read", &k.ToggleRead, false}, {"star", &k.Star, false},
		{"next_unread", &k.NextUnread, false}, {"prev_unread", &k.PrevUnread, false},
		{"hide_read", &k.HideRead, false}, {"sort", &k.Sort, false},
		{"open", &k.Open, false}, {"open_url", &k.OpenURL, false},
		{"copy_text", &k.CopyText, false}, {"copy_url", &k.CopyURL, false},
		{"raw", &k.Raw, false}, {"skipped", &k.Skipped, false},
		{"help", &k.Help, false}, {"quit", &k.Quit, false},
	}
}

// KeyHelp is one line of the key table: the action's config name, its
// keys and what it does.
type KeyHelp struct {
	Action string
	Keys   []string
	Desc   string
}

// DefaultKeys lists every action with its default keys, in the order the
// help shows them; --help prints it and the config file names these
// actions.
func DefaultKeys() []KeyHelp {
	k := defaultKeyMap()
	acts := k.actions()
	out := make([]KeyHelp, len(acts))
	for i, a := range acts {
		out[i] = KeyHelp{Action: a.name, Keys: a.b.Keys(), Desc: a.b.Help().Desc}
	}
	return out
}

// renamedActions says what became of actions that config files of earlier
// versions may still name, so that the error tells the user what to write.
var renamedActions = map[string]string{
	"filter_history": `"filter_history" is now two actions, "filter_older" and "filter_newer": give each its own keys`,
}

// Check reports the first problem with b: an unknown action, an action
// with no keys, or a key left bound to two actions that apply at the same
// time. The error names the action, so the config loader can point at its
// line.
func (b Bindings) Check() error {
	k := defaultKeyMap()
	acts := k.actions()
	for _, name := range slices.Sorted(maps.Keys(b)) {
		if renamed, ok := renamedActions[name]; ok {
			return &BindingError{Action: name, Msg: renamed}
		}
		if !slices.ContainsFunc(acts, func(a action) bool { return a.name == name }) {
			return &BindingError{Action: name, Msg: fmt.Sprintf("unknown action %q", name)}
		}
		if len(b[name]) == 0 || slices.Contains(b[name], "") {
			return &BindingError{Action: name, Msg: fmt.Sprintf("%s: no key given", name)}
		}
		for _, k := range b[name] {
			if err := checkKeyName(k); err != nil {
				return &BindingError{Action: name, Msg: fmt.Sprintf("%s: %v", name, err)}
			}
		}
	}
	k = k.remap(b)
	owner := map[string]string{}
	for _, a := range k.actions() {
		for _, key := range a.b.Keys() {
			ctx := key
			if a.filter {
				ctx = "filter " + key
			}
			if prev, ok := owner[ctx]; ok {
				// Blame the action the user remapped, so the message
				// points at a line they wrote.
				blame := a.name
				if _, ok := b[prev]; ok {
					blame = prev
				}
				return &BindingError{Action: blame, Msg: fmt.Sprintf("key %q is bound to both %s and %s", key, prev, a.name)}
			}
			owner[ctx] = a.name
		}
	}
	return nil
}

// BindingError is a problem with one action's keys.
type BindingError struct {
	Action string
	Msg    string
}

func (e *BindingError) Error() string { return e.Msg }

// remap returns k with the actions in b bound to their new keys. Unknown
// actions are ignored here; Check reports them.
func (k keyMap) remap(b Bindings) keyMap {
	if len(b) == 0 {
		return k
	}
	for _, a := range k.actions() {
		keys, ok := b[a.name]
		if !ok || len(keys) == 0 {
			continue
		}
		desc := a.b.Help().Desc
		a.b.SetKeys(keys...)
		a.b.SetHelp(strings.Join(keys, "/"), desc)
	}
	return k
}

// keyModifiers are the modifiers in the order Bubble Tea writes them in a
// key's name: "ctrl+alt+x", never "alt+ctrl+x".
var keyModifiers = []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}

// namedKeys are the keys with a name rather than a character, as Bubble Tea
// spells them (F-keys are checked apart).
var namedKeys = []string{
	"enter", "tab", "backspace", "esc", "space", "up", "down", "left", "right",
	"begin", "find", "insert", "delete", "select", "pgup", "pgdown", "home", "end",
	"capslock", "scrolllock", "numlock", "printscreen", "pause", "menu",
}

// checkKeyName reports a key name that could never match a key press, so
// that a typo in the config file is an error rather than a dead key: a
// binding is compared with the name Bubble Tea gives the key pressed.
func checkKeyName(k string) error {
	if utf8.RuneCountInString(k) == 1 {
		return nil // a character: "j", "?", "+"
	}
	parts := strings.Split(k, "+")
	base := parts[len(parts)-1]
	mods := parts[:len(parts)-1]
	if base == "" && len(parts) >= 2 && parts[len(parts)-2] == "" {
		// "ctrl++": the key is the plus sign.
		base, mods = "+", parts[:len(parts)-2]
	}
	last := -1
	for _, m := range mods {
		i := slices.Index(keyModifiers, m)
		switch {
		case i < 0:
			return fmt.Errorf("key %q: unknown modifier %q (want %s, lower case)", k, m, strings.Join(keyModifiers, ", "))
		case i <= last:
			return fmt.Errorf("key %q: write the modifiers in the order %s", k, strings.Join(keyModifiers, "+"))
		}
		last = i
	}
	switch {
	case utf8.RuneCountInString(base) == 1:
		if len(mods) == 1 && mods[0] == "shift" && unicode.IsLetter([]rune(base)[0]) {
			return fmt.Errorf("key %q: write shifted letters as the letter itself, %q", k, strings.ToUpper(base))
		}
		return nil
	case slices.Contains(namedKeys, base):
		return nil
	case strings.HasPrefix(base, "f"):
		if n, err := strconv.Atoi(base[1:]); err == nil && n >= 1 && n <= 63 {
			return nil
		}
	}
	return fmt.Errorf("key %q: unknown key %q (a character, or one of %s, f1…f63)", k, base, strings.Join(namedKeys[:18], ", "))
}
