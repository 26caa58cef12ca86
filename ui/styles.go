package ui

import (
	"dateline/store/entity"
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// Theme is the palette the user asked for.
type Theme int

// The themes. ThemeAuto follows the terminal: it asks for the background
// colour and reads the colour profile, and so turns to ThemeMono when the
// terminal (or NO_COLOR) says there are no colours.
const (
	ThemeAuto  Theme = iota // dark or light as the terminal's background is, mono without colours
	ThemeDark               // colours for a dark background
	ThemeLight              // colours for a light background
	ThemeMono               // no colours: bold, faint, underline and reverse video only
)

// themeNames are the names ParseTheme accepts, in Theme order.
var themeNames = [...]string{"auto", "dark", "light", "mono"}

// String names the theme as the --theme flag and the config file spell it.
func (t Theme) String() string {
	if t < 0 || int(t) >= len(themeNames) {
		return "auto"
	}
	return themeNames[t]
}

// ThemeNames lists the accepted theme names, for help texts and completion.
func ThemeNames() []string { return themeNames[:] }

// ParseTheme returns the theme named s.
func ParseTheme(s string) (Theme, error) {
	for i, n := range themeNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Theme(i), nil
		}
	}
	return ThemeAuto, fmt.Errorf("unknown theme %q (want %s)", s, strings.Join(themeNames[:], ", "))
}

// look is what the palette depends on: the theme asked for, what the
// terminal said about its background, and how many colours it shows.
type look struct {
	theme   Theme
	dark    bool // the background is dark (or assumed so)
	profile colorprofile.Profile
}

// mono reports whether the reader draws without colours.
func (l look) mono() bool {
	return l.theme == ThemeMono || l.profile == colorprofile.Ascii
}

// isDark reports whether to use the dark-background palette.
func (l look) isDark() bool {
	switch l.theme {
	case ThemeDark:
		return true
	case ThemeLight:
		return false
	}
	return l.dark
}

// styles is every style the reader uses, in one place, chosen for a dark or a
// light terminal background, for 16 colours or more, or for none.
type styles struct {
	isDark bool
	mono   bool

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

	// Mentions of the entity under the sidebar cursor, one colour per type
	// so that a person and a place of the same name are told apart.
	mentionPER, mentionORG, mentionLOC, mentionMISC lipgloss.Style

	barFull, barEmpty color.Color // the loading progress bar; nil in mono

	help help.Styles
}

// stylesFor returns the palette for l.
//
// With 256 colours or more the palette uses hex colours (the renderer
// brings them down to 256). With 16, hex colours brought down land on
// whatever the user's terminal theme made of the 16 basic ones, which can
// be the background itself (bright black is the background in Solarized),
// so the palette names basic colours directly, uses faint text instead of
// grey, and marks selections with reverse video instead of a background.
func stylesFor(l look) styles {
	if l.mono() {
		return monoStyles()
	}
	dark := l.isDark()
	ld := lipgloss.LightDark(dark)
	basic := l.profile == colorprofile.ANSI
	pick := func(light, darkC string, ansiLight, ansiDark color.Color) color.Color {
		if basic {
			return ld(ansiLight, ansiDark)
		}
		return ld(lipgloss.Color(light), lipgloss.Color(darkC))
	}
	accent := pick("#5A3FC0", "#9D8CFF", lipgloss.Magenta, lipgloss.BrightMagenta)
	// In 16 colours the blurred border keeps the terminal's own colour:
	// its thin shape already sets it apart from the focused one.
	subtle := pick("#A0A0A0", "#5C5C5C", nil, nil)
	warn := pick("#B35C00", "#FFB454", lipgloss.Red, lipgloss.Yellow)
	muted := lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#6E6E6E"), lipgloss.Color("#9A9A9A")))
	sel := lipgloss.NewStyle().Background(ld(lipgloss.Color("#DCD6FF"), lipgloss.Color("#3B3370")))
	selDim := lipgloss.NewStyle().Background(ld(lipgloss.Color("#E8E8E8"), lipgloss.Color("#303030")))
	barEmpty := ld(lipgloss.Color("#D0D0D0"), lipgloss.Color("#3A3A3A"))
	if basic {
		muted = lipgloss.NewStyle().Faint(true)
		sel = lipgloss.NewStyle().Reverse(true)
		selDim = lipgloss.NewStyle().Underline(true)
		barEmpty = nil
	}

	s := styles{
		isDark: dark,

		// The focused pane differs in border shape as well as colour, so
		// the focus is visible on a terminal without colours.
		paneFocused: lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(accent),
		paneBlurred: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(subtle),

		itemTitle:       lipgloss.NewStyle().Bold(true),
		itemMeta:        muted,
		itemSelected:    sel,
		itemSelectedDim: selDim,

		heading:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		count:     muted,
		cursor:    sel,
		dim:       muted.Italic(true),
		stripped:  lipgloss.NewStyle().Faint(true).Strikethrough(true),
		reason:    lipgloss.NewStyle().Foreground(warn).Italic(true),
		status:    muted,
		statusKey: lipgloss.NewStyle().Foreground(accent).Bold(true),
		warning:   lipgloss.NewStyle().Foreground(warn),

		// Read titles are dimmed rather than hidden; the unread dot keeps
		// the difference visible without colours.
		itemRead:   muted,
		unreadMark: lipgloss.NewStyle().Foreground(accent).Bold(true),
		starMark:   lipgloss.NewStyle().Foreground(warn).Bold(true),
		flag:       lipgloss.NewStyle().Foreground(warn),
		// Reverse video shows a match on any terminal, with or without
		// colours, whatever Glamour coloured the text.
		match:      lipgloss.NewStyle().Reverse(true),
		suggestion: muted,

		// Underlined as well as coloured, so that a mention stands out
		// from Glamour's own colours and from a search match.
		mentionPER:  lipgloss.NewStyle().Underline(true).Bold(true).Foreground(pick("#B0306A", "#FF8FC7", lipgloss.Magenta, lipgloss.BrightMagenta)),
		mentionORG:  lipgloss.NewStyle().Underline(true).Bold(true).Foreground(pick("#1D6FA3", "#7CC7FF", lipgloss.Blue, lipgloss.BrightBlue)),
		mentionLOC:  lipgloss.NewStyle().Underline(true).Bold(true).Foreground(pick("#2E7D32", "#8FE39A", lipgloss.Green, lipgloss.BrightGreen)),
		mentionMISC: lipgloss.NewStyle().Underline(true).Bold(true).Foreground(pick("#8A6D00", "#F2D16B", lipgloss.Yellow, lipgloss.BrightYellow)),

		barFull:  accent,
		barEmpty: barEmpty,
	}
	s.help = helpStyles(lipgloss.NewStyle().Foreground(accent), muted, muted.Faint(true))
	return s
}

// monoStyles is the palette without colours, for NO_COLOR, --no-color and
// --theme mono: emphasis comes from bold, faint, underline and reverse
// video, which every terminal shows.
func monoStyles() styles {
	plain := lipgloss.NewStyle()
	faint := plain.Faint(true)
	s := styles{
		isDark: true,
		mono:   true,

		paneFocused: plain.Border(lipgloss.ThickBorder()),
		paneBlurred: plain.Border(lipgloss.RoundedBorder()),

		itemTitle:       plain.Bold(true),
		itemMeta:        faint,
		itemSelected:    plain.Reverse(true),
		itemSelectedDim: plain.Underline(true),

		heading:   plain.Bold(true).Underline(true),
		count:     faint,
		cursor:    plain.Reverse(true),
		dim:       faint.Italic(true),
		stripped:  faint.Strikethrough(true),
		reason:    plain.Italic(true),
		status:    plain,
		statusKey: plain.Bold(true),
		warning:   plain.Bold(true).Underline(true),

		itemRead:   faint,
		unreadMark: plain.Bold(true),
		starMark:   plain.Bold(true),
		flag:       plain.Underline(true),
		match:      plain.Reverse(true),
		suggestion: faint,

		mentionPER:  plain.Underline(true).Bold(true),
		mentionORG:  plain.Underline(true),
		mentionLOC:  plain.Underline(true).Italic(true),
		mentionMISC: plain.Underline(true).Faint(true),
	}
	s.help = helpStyles(plain.Bold(true), plain, faint)
	return s
}

// helpStyles builds the help bubble's styles from three of the palette's.
// The bubble's own defaults are greys that a 16-colour terminal may draw
// in the background colour.
func helpStyles(keyS, desc, sep lipgloss.Style) help.Styles {
	return help.Styles{
		Ellipsis:       sep,
		ShortKey:       keyS,
		ShortDesc:      desc,
		ShortSeparator: sep,
		FullKey:        keyS,
		FullDesc:       desc,
		FullSeparator:  sep,
	}
}

// progressBar returns the loading bar in the palette's colours.
func (s styles) progressBar() progress.Model {
	p := progress.New(progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'))
	p.FullColor, p.EmptyColor = s.barFull, s.barEmpty
	if s.mono {
		// Without colours the filled and empty cells must differ in shape.
		p.Full, p.Empty = '#', '.'
	}
	return p
}

// pane returns the border style of a pane.
func (s styles) pane(focused bool) lipgloss.Style {
	if focused {
		return s.paneFocused
	}
	return s.paneBlurred
}

// glamourStyle names the Glamour standard style that matches the palette.
func (s styles) glamourStyle() string {
	switch {
	case s.mono:
		return "notty"
	case s.isDark:
		return "dark"
	}
	return "light"
}

// LightFromColorFGBG reports whether the COLORFGBG variable some terminals
// set ("15;0": foreground 15, background 0) names a light background. It is
// the guess for ThemeAuto until the terminal answers the background query,
// which tmux, screen and many terminals leave unanswered. The background is
// the last field; colours 7 and 9 to 15 are the light ones.
func LightFromColorFGBG(v string) bool {
	fields := strings.Split(v, ";")
	if len(fields) < 2 {
		return false
	}
	n, err := strconv.Atoi(fields[len(fields)-1])
	if err != nil {
		return false
	}
	return n == 7 || n >= 9 && n <= 15
}

// mention is the style for a mention of an entity of type t.
func (s styles) mention(t entity.Type) lipgloss.Style {
	switch t {
	case entity.PER:
		return s.mentionPER
	case entity.ORG:
		return s.mentionORG
	case entity.LOC:
		return s.mentionLOC
	}
	return s.mentionMISC
}
