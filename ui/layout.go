package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Layout thresholds, in terminal columns.
const (
	// wideWidth is where the entity sidebar starts showing by default.
	wideWidth = 100
	// narrowWidth is below which only one pane fits: the focused one.
	narrowWidth = 36
	// maxListWidth caps the list so that on a wide terminal the room goes to
	// the article, which is what people read.
	maxListWidth = 48
	// maxSidebarWidth caps the sidebar for the same reason.
	maxSidebarWidth = 40
	// minSidebarWidth is the narrowest useful sidebar ("Organisations  12").
	minSidebarWidth = 18
	// minListWidth is the narrowest useful list.
	minListWidth = 16
	// minArticleWidth is the narrowest article pane worth showing next to
	// the others.
	minArticleWidth = 20
	// footerLines is the status line plus the one-line help.
	footerLines = 2
)

// layout is the geometry of one frame: the outer width of each pane (zero
// when hidden) and the height of the pane row.
type layout struct {
	width, height int // the terminal
	list          int
	article       int
	sidebar       int
	body          int // height of the pane row
	footer        int // lines under it
}

// computeLayout splits a width×height terminal into panes. wantSidebar says
// whether the user wants the entity sidebar; it is honoured only when there
// is room. focus decides which single pane shows on very narrow terminals.
func computeLayout(width, height int, wantSidebar bool, focus pane) layout {
	width, height = max(width, 0), max(height, 0)
	l := layout{width: width, height: height}
	l.footer = min(footerLines, height)
	l.body = height - l.footer

	if width < narrowWidth {
		// One pane only: the one the user is working in.
		switch focus {
		case paneArticle:
			l.article = width
		case paneSidebar:
			if wantSidebar {
				l.sidebar = width
			} else {
				l.list = width
			}
		default:
			l.list = width
		}
		return l
	}

	l.list = clamp(width*3/10, minListWidth, maxListWidth)
	if wantSidebar && width-l.list-minSidebarWidth >= minArticleWidth {
		l.sidebar = clamp(width*22/100, minSidebarWidth, maxSidebarWidth)
		// On a narrow terminal with the sidebar forced on, give the article
		// its minimum before the sidebar grows.
		l.sidebar = min(l.sidebar, width-l.list-minArticleWidth)
	}
	l.article = width - l.list - l.sidebar
	return l
}

// clamp limits v to [lo, hi].
func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// box draws content inside a rounded border of exactly width×height cells.
// Content lines are cut to the inner width and the content is cut or padded
// to the inner height, so that no pane can push the layout out of shape
// whatever its text.
func box(st lipgloss.Style, content string, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	innerW, innerH := width-2, height-2
	if innerW <= 0 || innerH <= 0 {
		// Too small for a border: show what fits without one.
		return fit(content, width, height)
	}
	return st.Render(fit(content, innerW, innerH))
}

// fit cuts or pads s to exactly width×height cells.
func fit(s string, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	for i, ln := range lines {
		ln = ansi.Truncate(ln, width, "")
		if pad := width - ansi.StringWidth(ln); pad > 0 {
			ln += strings.Repeat(" ", pad)
		}
		lines[i] = ln
	}
	return strings.Join(lines, "\n")
}

// truncate cuts a single line to width cells with an ellipsis.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}
