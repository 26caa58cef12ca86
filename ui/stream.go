package ui

import (
	tea "charm.land/bubbletea/v2"

	"dateline/store"
)

// updateMsg is one store.Update received from the loader.
type updateMsg store.Update

// streamClosedMsg says the loader's channel was closed.
type streamClosedMsg struct{}

// waitForUpdate returns a command that blocks, off the UI goroutine, until
// the loader sends its next Update. The model schedules the next wait after
// each update it receives, so there is never more than one reader of the
// channel and updates are applied in the order they were sent.
func waitForUpdate(ch <-chan store.Update) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		u, ok := <-ch
		if !ok {
			return streamClosedMsg{}
		}
		return updateMsg(u)
	}
}
