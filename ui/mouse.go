package ui

import (
	tea "charm.land/bubbletea/v2"
)

// wheelLines is how far one wheel step scrolls the article, as most
// terminals and pagers do.
const wheelLines = 3

// handleMouse routes a mouse event to the pane under the pointer: the wheel
// scrolls that pane, whichever has the keyboard, and a left click focuses
// the pane and picks the row under the pointer. Clicking the selected
// article in the list opens it, as enter does.
func (m Model) handleMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	if m.editing {
		return m, nil
	}
	ev := msg.Mouse()
	if m.overlay != overlayNone {
		if _, ok := msg.(tea.MouseWheelMsg); ok && m.overlay == overlaySkips {
			switch ev.Button {
			case tea.MouseWheelUp:
				m.skips.ScrollUp(wheelLines)
			case tea.MouseWheelDown:
				m.skips.ScrollDown(wheelLines)
			}
		}
		return m, nil
	}
	p, _, y, ok := m.paneAt(ev.X, ev.Y)
	if !ok {
		return m, nil
	}
	switch msg.(type) {
	case tea.MouseWheelMsg:
		dir := 0
		switch ev.Button {
		case tea.MouseWheelUp:
			dir = -1
		case tea.MouseWheelDown:
			dir = 1
		default:
			return m, nil
		}
		return m.wheel(p, dir)
	case tea.MouseClickMsg:
		if ev.Button != tea.MouseLeft {
			return m, nil
		}
		return m.click(p, y)
	}
	return m, nil
}

// wheel scrolls pane p by one wheel step in direction dir.
func (m Model) wheel(p pane, dir int) (tea.Model, tea.Cmd) {
	switch p {
	case paneList:
		m.list.move(dir)
		cmd := tea.Batch(m.selectionChanged(), m.readSelected())
		return m, cmd
	case paneArticle:
		if dir < 0 {
			m.article.vp.ScrollUp(wheelLines)
		} else {
			m.article.vp.ScrollDown(wheelLines)
		}
	case paneSidebar:
		m.side.moveCursor(dir)
	}
	return m, nil
}

// click focuses pane p and acts on line y inside its border.
func (m Model) click(p pane, y int) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch p {
	case paneList:
		if i, ok := m.list.itemAt(y); ok {
			if i == m.list.cursor && m.focus == paneList {
				return m.selectKey()
			}
			m.list.move(i - m.list.cursor)
			cmds = append(cmds, m.selectionChanged())
		}
	case paneSidebar:
		if i, ok := m.side.entityAt(y); ok {
			m.side.cursor = i
			m.side.scroll()
		}
	}
	if m.focus != p {
		m.setFocus(p)
		cmds = append(cmds, m.relayout(), m.readSelected())
	}
	return m, tea.Batch(cmds...)
}

// paneAt finds the pane under the terminal cell (x, y) and the cell's
// position inside that pane's border. ok is false on the status and help
// lines, on a border, and outside the panes.
func (m Model) paneAt(x, y int) (p pane, ix, iy int, ok bool) {
	l := m.layout()
	if y <= 0 || y >= l.body-1 {
		return 0, 0, 0, false
	}
	left := 0
	for _, c := range []struct {
		p pane
		w int
	}{{paneList, l.list}, {paneArticle, l.article}, {paneSidebar, l.sidebar}} {
		if c.w <= 0 {
			continue
		}
		if x >= left && x < left+c.w {
			if x == left || x == left+c.w-1 {
				return 0, 0, 0, false
			}
			return c.p, x - left - 1, y - 1, true
		}
		left += c.w
	}
	return 0, 0, 0, false
}
