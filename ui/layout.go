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

// box draws content inside st's border, as the lines of exactly
// width×height cells. Content lines are cut to the inner width and the
// content is cut or padded to the inner height, so that no pane can push
// the layout out of shape whatever its text.
//
// The border is drawn here rather than by st.Render, to the same bytes
// (TestBoxDrawsLikeLipgloss): the content is fitted to the inside already,
// and Render measured every line of it again, for its alignment and its
// border; with lipgloss.JoinHorizontal measuring the panes once more, that
// was over two fifths of a frame's time at 200x50 (a CPU profile of
// BenchmarkView).
func box(st lipgloss.Style, content string, width, height int) []string {
	if width <= 0 || height <= 0 {
		return nil
	}
	innerW, innerH := width-2, height-2
	if innerW <= 0 || innerH <= 0 {
		// Too small for a border: show what fits without one.
		return fitLines(content, width, height)
	}
	b := st.GetBorderStyle()
	edge := lipgloss.NewStyle().Foreground(st.GetBorderTopForeground())
	left, right := edge.Render(b.Left), edge.Render(b.Right)
	out := make([]string, 0, height)
	out = append(out, edge.Render(b.TopLeft+strings.Repeat(b.Top, innerW)+b.TopRight))
	for _, ln := range fitLines(content, innerW, innerH) {
		out = append(out, left+ln+right)
	}
	return append(out, edge.Render(b.BottomLeft+strings.Repeat(b.Bottom, innerW)+b.BottomRight))
}

// joinPanes sets panes side by side. Each is the lines of a box of the
// same height, so line i of the row is line i of each pane in turn.
func joinPanes(panes [][]string) []string {
	if len(panes) == 0 {
		return nil
	}
	out := make([]string, len(panes[0]))
	var sb strings.Builder
	for i := range out {
		sb.Reset()
		for _, p := range panes {
			if i < len(p) {
				sb.WriteString(p[i])
			}
		}
		out[i] = sb.String()
	}
	return out
}

// fit cuts or pads s to exactly width×height cells.
func fit(s string, width, height int) string {
	return strings.Join(fitLines(s, width, height), "\n")
}

// fitLines is fit, returning the lines.
func fitLines(s string, width, height int) []string {
	if width <= 0 || height <= 0 {
		return nil
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
	return lines
}

// truncate cuts a single line to width cells with an ellipsis.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}
