package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// styles is every style the reader uses, in one place, chosen for a dark or a
// light terminal background.
type styles struct {
	isDark bool

	paneFocused lipgloss.Style // border of the pane that has the keyboard
	paneBlurred lipgloss.Style // border of the other panes

	itemTitle       lipgloss.Style // an article's title in the list
	itemMeta        lipgloss.Style // source · date · words under it
	itemSelected    lipgloss.Style // the selected row when the list is focused
	itemSelectedDim lipgloss.Style // the selected row when another pane is focused

	heading   lipgloss.Style // group headings in the sidebar and pane titles
	count     lipgloss.Style // mention counts
	cursor    lipgloss.Style // the sidebar cursor row
	dim       lipgloss.Style // placeholders and empty states
	stripped  lipgloss.Style // a line the cleaner removed, in the raw view
	reason    lipgloss.Style // why it was removed
	status    lipgloss.Style // the status line
	statusKey lipgloss.Style // active filters and load progress in the status line
	warning   lipgloss.Style // the skipped-files count, state problems, parse errors

	itemRead   lipgloss.Style // the title of an article already read
	unreadMark lipgloss.Style // the dot before an unread article
	starMark   lipgloss.Style // the star before a starred article
	flag       lipgloss.Style // notes such as "not English" and "truncated"
	match      lipgloss.Style // a search match in the article pane
	suggestion lipgloss.Style // the completion shown after the cursor

	help help.Styles
}

// newStyles returns the palette for a dark (isDark) or light background.
func newStyles(isDark bool) styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#9D8CFF"))
	subtle := ld(lipgloss.Color("#A0A0A0"), lipgloss.Color("#5C5C5C"))
	muted := ld(lipgloss.Color("#6E6E6E"), lipgloss.Color("#9A9A9A"))
	selBg := ld(lipgloss.Color("#DCD6FF"), lipgloss.Color("#3B3370"))
	selDimBg := ld(lipgloss.Color("#E8E8E8"), lipgloss.Color("#303030"))
	warn := ld(lipgloss.Color("#B35C00"), lipgloss.Color("#FFB454"))

	return styles{
		isDark: isDark,

		// The focused pane differs in border shape as well as colour, so
		// the focus is visible on a terminal without colours.
		paneFocused: lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(accent),
		paneBlurred: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(subtle),

		itemTitle:       lipgloss.NewStyle().Bold(true),
		itemMeta:        lipgloss.NewStyle().Foreground(muted),
		itemSelected:    lipgloss.NewStyle().Background(selBg),
		itemSelectedDim: lipgloss.NewStyle().Background(selDimBg),

		heading:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		count:     lipgloss.NewStyle().Foreground(muted),
		cursor:    lipgloss.NewStyle().Background(selBg),
		dim:       lipgloss.NewStyle().Foreground(muted).Italic(true),
		stripped:  lipgloss.NewStyle().Faint(true).Strikethrough(true),
		reason:    lipgloss.NewStyle().Foreground(warn).Italic(true),
		status:    lipgloss.NewStyle().Foreground(muted),
		statusKey: lipgloss.NewStyle().Foreground(accent).Bold(true),
		warning:   lipgloss.NewStyle().Foreground(warn),

		// Read titles are dimmed rather than hidden; the unread dot keeps
		// the difference visible without colours.
		itemRead:   lipgloss.NewStyle().Foreground(muted),
		unreadMark: lipgloss.NewStyle().Foreground(accent).Bold(true),
		starMark:   lipgloss.NewStyle().Foreground(warn).Bold(true),
		flag:       lipgloss.NewStyle().Foreground(warn),
		// Reverse video shows a match on any terminal, with or without
		// colours, whatever Glamour coloured the text.
		match:      lipgloss.NewStyle().Reverse(true),
		suggestion: lipgloss.NewStyle().Foreground(subtle),

		help: help.DefaultStyles(isDark),
	}
}

// pane returns the border style of a pane.
func (s styles) pane(focused bool) lipgloss.Style {
	if focused {
		return s.paneFocused
	}
	return s.paneBlurred
}

// glamourStyle names the Glamour standard style that matches the background.
func (s styles) glamourStyle() string {
	if s.isDark {
		return "dark"
	}
	return "light"
}
