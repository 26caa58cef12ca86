package ui

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"

	tea "charm.land/bubbletea/v2"

	"dateline/store"
)

// flashMsg is a one-off message for the status line, such as the outcome
// of a command the user started.
type flashMsg string

// outside is how the reader reaches outside programs. Tests replace it; the
// zero value uses the process's environment.
type outside struct {
	// Getenv reads an environment variable; nil means os.Getenv.
	Getenv func(string) string
	// LookPath finds a program; nil means exec.LookPath.
	LookPath func(string) (string, error)
}

func (e outside) getenv(k string) string {
	if e.Getenv == nil {
		return os.Getenv(k)
	}
	return e.Getenv(k)
}

func (e outside) lookPath(p string) (string, error) {
	if e.LookPath == nil {
		return exec.LookPath(p)
	}
	return e.LookPath(p)
}

// pagerCommand is the command that shows path: $PAGER, else $EDITOR, else
// less. The variables may hold arguments ("less -R"), which are kept.
func (e outside) pagerCommand(path string) (*exec.Cmd, error) {
	for _, v := range []string{e.getenv("PAGER"), e.getenv("EDITOR"), "less"} {
		args := strings.Fields(v)
		if len(args) == 0 {
			continue
		}
		prog, err := e.lookPath(args[0])
		if err != nil {
			continue
		}
		return exec.Command(prog, append(args[1:], path)...), nil
	}
	return nil, errors.New("no pager found: set $PAGER or $EDITOR")
}

// openFileCmd suspends the reader and shows the article's file in a pager
// or editor; the reader comes back when it exits.
func (e outside) openFileCmd(a *store.Article) tea.Cmd {
	if a == nil {
		return nil
	}
	c, err := e.pagerCommand(a.Path)
	if err != nil {
		return flash(err.Error())
	}
	return tea.ExecProcess(c, func(err error) tea.Msg {
		if err != nil {
			return flashMsg("pager: " + err.Error())
		}
		return nil
	})
}

// browserCommand is the program that opens URLs: $BROWSER, else the
// desktop's opener. ok is false on a machine with neither, such as a server
// reached over SSH.
func (e outside) browserCommand(url string) (*exec.Cmd, bool) {
	candidates := []string{e.getenv("BROWSER")}
	switch runtime.GOOS {
	case "darwin":
		candidates = append(candidates, "open")
	case "windows":
		candidates = append(candidates, "explorer")
	default:
		candidates = append(candidates, "xdg-open", "wslview")
	}
	for _, v := range candidates {
		args := strings.Fields(v)
		if len(args) == 0 {
			continue
		}
		if prog, err := e.lookPath(args[0]); err == nil {
			return exec.Command(prog, append(args[1:], url)...), true
		}
	}
	return nil, false
}

// openURLCmd opens the article's URL in a browser, in the background: a
// browser outlives the reader and must not take over the terminal.
// copyKey names the key that copies the URL instead, for when there is no
// browser.
func (e outside) openURLCmd(a *store.Article, copyKey string) tea.Cmd {
	if a == nil {
		return nil
	}
	url := strings.TrimSpace(a.URL)
	if url == "" {
		return flash("this article has no URL")
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		// Only web addresses: a scraped "URL" could name a local program.
		return flash("not a web address: " + sanitize(url))
	}
	c, ok := e.browserCommand(url)
	if !ok {
		return flash("no browser found (set $BROWSER); " + copyKey + " copies the URL")
	}
	return func() tea.Msg {
		if err := c.Start(); err != nil {
			return flashMsg("browser: " + err.Error())
		}
		// Reap it when it exits, so it leaves no zombie behind.
		go func() { _ = c.Wait() }()
		return flashMsg("opened " + sanitize(url))
	}
}

// copyCmd copies text with OSC 52, which the terminal carries out, so it
// works over SSH and inside tmux (with set-clipboard on).
func copyCmd(what, text string) tea.Cmd {
	if strings.TrimSpace(text) == "" {
		return flash("nothing to copy: no " + what)
	}
	return tea.Batch(tea.SetClipboard(text), flash("copied the "+what))
}

// copyTextCmd copies the cleaned text of a, read back whole first when a is
// slim.
func copyTextCmd(full FullFunc, a *store.Article) tea.Cmd {
	return func() tea.Msg {
		b, err := whole(full, a)
		if err != nil {
			return flashMsg("nothing copied: " + sanitize(err.Error()))
		}
		return tea.BatchMsg{copyCmd("text", sanitizeText(b.Body))}
	}
}

// flash returns a command that shows s in the status line.
func flash(s string) tea.Cmd {
	return func() tea.Msg { return flashMsg(s) }
}
