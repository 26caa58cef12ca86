package ui

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	bolt "go.etcd.io/bbolt"

	"dateline/store"
	"dateline/store/clean"
	"dateline/store/state"
)

// tempState returns a state store in a temporary state directory, with
// XDG_STATE_HOME pointing there so that nothing can reach the real one.
func tempState(t *testing.T) *state.Store {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	p, err := state.DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	return state.New(p)
}

// startWith runs the reader on arts with the given state store.
func startWith(t *testing.T, arts []*store.Article, st *state.Store, width, height int) *flow {
	t.Helper()
	m := New(Config{Updates: feed(arts), Roots: []string{"testdata/samples"}, State: st})
	return startFlowWith(t, m, &screen{}, width, height)
}

func TestFlowQueryLanguage(t *testing.T) {
	for _, tt := range []struct {
		query        string
		aleppo, assd bool
	}{
		{"person:assad", false, true},
		{"@Lavrov", true, true},
		{`@Lavrov -"bilateral cooperation"`, false, true},
		{"source:efe", false, true},
		{"-source:efe kerry", true, false},
		{"is:unread", true, true},
		{"is:starred", false, false},
		{"stripped:>70%", true, true},
		{"after:2016", false, false}, // the samples' dates have no year
	} {
		t.Run(tt.query, func(t *testing.T) {
			f := startFlow(t, 120, 40)
			f.waitForText(aleppoListed, assadListed)
			f.key("/")
			f.tm.Type(tt.query)
			f.waitFor(func(frame string) bool {
				return listed(frame, aleppoListed) == tt.aleppo && listed(frame, assadListed) == tt.assd &&
					strings.Contains(frame, "/"+tt.query)
			})
			f.quit()
		})
	}
}

func TestFlowQueryErrorInline(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoListed, assadListed)
	f.key("/")
	f.tm.Type(`person:assad "military`)
	// The part that parsed is in force; the error shows beside the prompt.
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "✗ column 14: unclosed quote") &&
			listed(frame, assadListed) && !listed(frame, aleppoListed)
	})
	// Enter does not leave the prompt while the text does not parse.
	f.key("enter")
	f.tm.Type(`"`)
	f.waitFor(func(frame string) bool {
		return !strings.Contains(frame, "✗") && strings.Contains(frame, `1 of 2 articles · /person:assad "military"`)
	})
	f.key("enter")
	f.waitForText("? help")
	for _, bad := range []string{"is:maybe", "lang:", "@", "-", "stripped:>x"} {
		f.key("/")
		f.tm.Type(" " + bad)
		f.waitForText("✗ column")
		f.key("esc")
		f.waitFor(func(frame string) bool {
			return !strings.Contains(frame, "✗") && strings.Contains(frame, "2 articles")
		})
	}
	f.quit()
}

func TestFlowQueryHistoryAndCompletion(t *testing.T) {
	st := tempState(t)
	f := startWith(t, sampleArticles(t), st, 120, 40)
	f.waitForText(aleppoListed)
	f.key("/")
	f.tm.Type("aleppo")
	f.key("enter")
	f.waitForText("1 of 2 articles · /aleppo")
	f.key("/")
	f.key("ctrl+u")
	f.tm.Type("source:efe")
	f.key("enter")
	f.waitForText("1 of 2 articles · /source:efe")

	// Up goes back through the history, down forward to what was typed.
	f.key("/", "ctrl+u")
	f.tm.Type("kerr")
	f.key("up")
	f.waitForText("/source:efe")
	f.key("up")
	f.waitFor(func(frame string) bool { return strings.Contains(frame, "/aleppo") && listed(frame, aleppoListed) })
	f.key("down", "down")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "/kerr") && !strings.Contains(frame, "/aleppo")
	})

	// Tab completes an entity name from the batch, through its aliases.
	f.key("ctrl+u")
	f.tm.Type("@lavr")
	f.waitForText(`tab → @"Sergei Lavrov"`)
	f.key("tab")
	f.waitForText(`/@"Sergei Lavrov"`)
	f.key("enter")
	// Close waits for a save still under way, as the program does on exit.
	if err := f.quit().Close(); err != nil {
		t.Fatal(err)
	}

	// The history was saved to the state database.
	snap, err := st.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(snap.History, "|"); got != `aleppo|source:efe|@"Sergei Lavrov"` {
		t.Errorf("saved history = %q", got)
	}
}

// rowMark returns the mark of the list row of the article titled prefix:
// "star", "unread" (the dot), "read" (no mark), or "absent".
func rowMark(frame, prefix string) string {
	for _, ln := range strings.Split(frame, "\n") {
		// Only the list pane: the text up to its right border.
		_, inner, _ := strings.Cut(ln, "│")
		if strings.HasPrefix(ln, "┃") {
			_, inner, _ = strings.Cut(ln, "┃")
		}
		if end := strings.IndexAny(inner, "│┃"); end >= 0 {
			ln = inner[:end]
		}
		if i := strings.Index(ln, prefix); i >= 0 {
			head := ln[:i]
			switch {
			case strings.Contains(head, "★"):
				return "star"
			case strings.Contains(head, "•"):
				return "unread"
			}
			return "read"
		}
	}
	return "absent"
}

func TestFlowReadStateAndStars(t *testing.T) {
	st := tempState(t)
	f := startWith(t, sampleArticles(t), st, 120, 40)
	f.waitFor(func(frame string) bool {
		return rowMark(frame, aleppoListed) == "unread" && rowMark(frame, assadListed) == "unread"
	})
	// Opening an article marks it read.
	f.key("enter")
	f.waitFor(func(frame string) bool {
		return rowMark(frame, aleppoListed) == "read" && strings.Contains(frame, "2 articles · 1 unread")
	})
	// m toggles read; s stars.
	f.key("m")
	f.waitFor(func(frame string) bool { return rowMark(frame, aleppoListed) == "unread" })
	f.key("m", "s")
	f.waitFor(func(frame string) bool { return rowMark(frame, aleppoListed) == "star" })
	// ] goes to the next unread article, and opens it since the article
	// pane has the focus.
	f.key("]")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, assadWord) && rowMark(frame, assadListed) == "read"
	})
	f.key("]")
	f.waitForText("no unread article below")
	// Hide read: everything is read, but the selected article stays.
	f.key("shift+tab", "H")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "unread only") && listed(frame, assadListed) && !listed(frame, aleppoListed)
	})
	f.key("H")
	f.waitFor(func(frame string) bool { return listed(frame, aleppoListed) && !strings.Contains(frame, "unread only") })
	f.quit()

	// A second run finds the marks again.
	f = startWith(t, sampleArticles(t), st, 120, 40)
	f.waitFor(func(frame string) bool {
		return rowMark(frame, aleppoListed) == "star" && rowMark(frame, assadListed) == "read"
	})
	f.key("/")
	f.tm.Type("is:starred")
	f.waitFor(func(frame string) bool { return listed(frame, aleppoListed) && !listed(frame, assadListed) })
	f.quit()
}

func TestFlowSort(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoListed, assadListed)
	above := func(frame, first, second string) bool {
		i, j := strings.Index(frame, first), strings.Index(frame, second)
		return i >= 0 && j >= 0 && i < j
	}
	for _, tt := range []struct {
		status        string
		first, second string
	}{
		{"by date", aleppoListed, assadListed},     // neither has a full date: file order
		{"by source", aleppoListed, assadListed},   // Business Standard < IANS/EFE
		{"by title", aleppoListed, assadListed},    // K < R
		{"by size", assadListed, aleppoListed},     // 384 words > 326
		{"by stripped", assadListed, aleppoListed}, // 36/45 > 35/44
	} {
		f.key("o")
		f.waitFor(func(frame string) bool {
			return strings.Contains(frame, "2 articles · "+tt.status) && above(frame, tt.first, tt.second)
		})
	}
	f.key("o")
	f.waitFor(func(frame string) bool {
		return !strings.Contains(frame, "· by ") && above(frame, aleppoListed, assadListed)
	})
	f.quit()
}

func TestFlowStateReadOnlyWhenLocked(t *testing.T) {
	st := tempState(t)
	if err := st.Save(map[string]state.Record{}, []string{"x"}); err != nil {
		t.Fatal(err)
	}
	// Another instance holds the database.
	other, err := bolt.Open(st.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	f := startWith(t, sampleArticles(t), st.WithTimeout(20*time.Millisecond), 160, 40)
	f.waitForText("state read-only: another dateline is using it")
	// Marks still work for this session.
	f.key("s")
	f.waitFor(func(frame string) bool { return rowMark(frame, aleppoListed) == "star" })
	f.quit()
}

func TestFlowCorruptStateMovedAside(t *testing.T) {
	st := tempState(t)
	if err := os.MkdirAll(filepath.Dir(st.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(st.Path(), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := startWith(t, sampleArticles(t), st, 200, 40)
	f.waitForText("the state file was unreadable", "moved to")
	f.key("s")
	f.waitFor(func(frame string) bool { return rowMark(frame, aleppoListed) == "star" })
	// Close waits for a save still under way, as the program does on exit.
	if err := f.quit().Close(); err != nil {
		t.Fatal(err)
	}
	snap, err := st.Load()
	if err != nil || !snap.Records[sampleArticles(t)[0].ID].Starred {
		t.Errorf("the star was not saved in the new state file: %+v, %v", snap, err)
	}
}

func TestFlowBatchSidebar(t *testing.T) {
	f := startFlow(t, 120, 40)
	// The list has the focus: the batch's entities with article counts.
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "batch · articles") && sidebarCount(frame, "John Kerry") == "2" &&
			sidebarCount(frame, "Vladimir Putin") == "1"
	})
	// Opening the article shows its own entities with mention counts.
	f.key("enter")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "article · mentions") && !strings.Contains(frame, "Vladimir Putin")
	})
	// b flips the view; going back to the list flips it back.
	f.key("b")
	f.waitForText("batch · articles", "Vladimir Putin")
	f.key("b")
	f.waitForText("article · mentions")
	// Picking an entity from the batch view filters by it.
	f.key("shift+tab", "shift+tab")
	f.waitForText("batch · articles")
	f.key("j", "j", "enter") // the third person of the batch: Bashar al-Assad
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "+Bashar al-Assad") && listed(frame, assadListed) && !listed(frame, aleppoListed)
	})
	f.quit()
}

// sidebarCount returns the number shown after name in the frame.
func sidebarCount(frame, name string) string {
	for _, ln := range strings.Split(frame, "\n") {
		i := strings.Index(ln, name)
		if i < 0 {
			continue
		}
		rest := strings.Fields(strings.Trim(ln[i+len(name):], "│┃"))
		if len(rest) > 0 {
			return strings.Trim(rest[0], "│┃")
		}
	}
	return ""
}

func TestFlowSearchHighlight(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoWord)
	// "humanitarian" is far down the first article: the pane opens there.
	f.key("/")
	f.tm.Type("humanitarian")
	f.key("enter", "tab")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "humanitarian aid") && !strings.Contains(frame, "will suspend Syria") &&
			strings.Contains(frame, "match 1/")
	})
	m := f.quit()
	if !strings.Contains(m.View().Content, "\x1b[7mhumanitarian") {
		t.Errorf("the match is not in reverse video:\n%q", m.View().Content)
	}

	// n and N step through the matches and wrap round. The word is pasted:
	// typed letter by letter, the rendering marked for "kerr" can show
	// "match 1/" before the one for "kerry" arrives and starts the count
	// again, undoing the n pressed in between.
	f = startFlow(t, 120, 40)
	f.waitForText(aleppoWord)
	f.key("/")
	f.tm.Send(tea.PasteMsg{Content: "kerry"})
	f.key("enter", "tab")
	f.waitForText("match 1/")
	f.key("n")
	f.waitForText("match 2/")
	f.key("N", "N")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "match ") && !strings.Contains(frame, "match 1/") && !strings.Contains(frame, "match 2/")
	})
	f.quit()
}

func TestFlowCopyAndOpen(t *testing.T) {
	arts := sampleArticles(t)
	arts[0].URL = "https://example.org/kerry-lavrov"
	m := New(Config{Updates: feed(arts)})
	m.out = outside{
		Getenv:   func(string) string { return "" },
		LookPath: func(string) (string, error) { return "", errors.New("not found") },
	}
	f := startFlowWith(t, m, &screen{}, 120, 40)
	f.waitForText(aleppoWord)
	f.key("Y")
	f.waitForText("copied the URL")
	f.key("O")
	f.waitForText("no browser found")
	f.key("e")
	f.waitForText("no pager found")
	f.key("j", "O")
	f.waitForText("this article has no URL")
	f.key("y")
	f.waitForText("copied the text")
	f.quit()
	out, err := io.ReadAll(f.tm.FinalOutput(t))
	if err != nil {
		t.Fatal(err)
	}
	// OSC 52 carries the copied text base64-encoded to the terminal.
	if !strings.Contains(string(out), "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLm9yZy9rZXJyeS1sYXZyb3Y=") {
		t.Error("Y did not send the URL with OSC 52")
	}
}

func TestPagerCommand(t *testing.T) {
	found := func(p string) (string, error) {
		if p == "nvim" || p == "less" || p == "more" {
			return "/usr/bin/" + p, nil
		}
		return "", errors.New("not found")
	}
	for _, tt := range []struct {
		pager, editor string
		want          string
	}{
		{"more -d", "nvim", "/usr/bin/more -d f.txt"},
		{"", "nvim", "/usr/bin/nvim f.txt"},
		{"nope", "", "/usr/bin/less f.txt"},
	} {
		env := map[string]string{"PAGER": tt.pager, "EDITOR": tt.editor}
		o := outside{Getenv: func(k string) string { return env[k] }, LookPath: found}
		c, err := o.pagerCommand("f.txt")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(c.Args, " "); got != strings.Replace(tt.want, "/usr/bin/", "/usr/bin/", 1) && c.Path+" "+strings.Join(c.Args[1:], " ") != tt.want {
			t.Errorf("PAGER=%q EDITOR=%q: %q, want %q", tt.pager, tt.editor, c.Path+" "+strings.Join(c.Args[1:], " "), tt.want)
		}
	}
}

func TestFlowMetadata(t *testing.T) {
	arts := sampleArticles(t)
	a := arts[1]
	a.Author = "Jane Doe"
	a.URL = "https://example.org/a"
	a.DateISO = "2016-09-17"
	a.Lang = "other"
	a.Truncated = true
	f := startWith(t, arts, nil, 140, 50)
	f.waitForText(aleppoWord)
	f.key("j")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "By Jane Doe") && strings.Contains(frame, "https://example.org/a") &&
			strings.Contains(frame, "IANS/EFE · Washington · 2016-09-17") &&
			strings.Contains(frame, "≠en not in English") && strings.Contains(frame, "truncated: the file") &&
			strings.Contains(frame, "≠en · truncated · IANS/EFE")
	})
	fitsIn(t, ansi.Strip(f.scr.current()), 140, 50)
	f.quit()
}

// TestFlowEntityMentions checks the sidebar's link to the article: with the
// sidebar focused, the entity under the cursor has its mentions marked in
// the article, under every alias, and n and N step through them.
func TestFlowEntityMentions(t *testing.T) {
	f := startFlow(t, 120, 40)
	f.waitForText(aleppoWord)
	f.key("enter", "tab") // open the first article, then focus the sidebar
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "article · mentions") && strings.Contains(frame, "mention 1/")
	})
	f.key("n")
	f.waitForText("mention 2/")
	f.key("N", "N")
	f.waitFor(func(frame string) bool {
		return strings.Contains(frame, "mention ") && !strings.Contains(frame, "mention 1/") && !strings.Contains(frame, "mention 2/")
	})
	// Leaving the sidebar drops the marks: n and N no longer count mentions.
	f.key("shift+tab")
	f.waitFor(func(frame string) bool { return !strings.Contains(frame, "mention ") })
	f.quit()

	// The marks are drawn: the first person's name is underlined.
	f = startFlow(t, 120, 40)
	f.waitForText(aleppoWord)
	f.key("enter", "tab")
	f.waitForText("mention 1/")
	m := f.quit()
	if !regexp.MustCompile(`\x1b\[[0-9;]*4[0-9;]*m[^\x1b]*Kerry`).MatchString(m.View().Content) {
		t.Errorf("no underlined mention of Kerry in the article:\n%q", m.View().Content)
	}
}

// TestFlowStrippedWhole checks a page the cleaner stripped whole, such as a
// shop's index: the pane says that nothing is left and where to look,
// instead of ending at the header, and the raw view gives each line's reason.
func TestFlowStrippedWhole(t *testing.T) {
	arts := sampleArticles(t)
	a := arts[1]
	a.Clean.Lines = append([]clean.Line(nil), a.Clean.Lines...)
	for i := range a.Clean.Lines {
		if strings.TrimSpace(a.Clean.Lines[i].Text) != "" {
			a.Clean.Lines[i].Code, a.Clean.Lines[i].Reason = clean.CodeNoArticle, "no article on this page: only fragments were left"
		}
	}
	a.Body, a.Words = "", 0
	f := startWith(t, arts, nil, 140, 50)
	f.waitForText(aleppoWord)
	f.key("j")
	f.waitForText("nothing is left after cleaning")
	f.key("enter", "r") // into the pane and the raw view
	f.waitForText("45 stripped")
	f.key("G") // down to the reason, given once after the run
	f.waitForText("↳ no article on this page")
	f.quit()
}

// TestFlowSameBytesTwoFiles checks two files with the same bytes, which
// share an ID: the pane shows the selected one under its own name, not the
// rendering of the other.
func TestFlowSameBytesTwoFiles(t *testing.T) {
	arts := sampleArticles(t)
	a, b := *arts[1], *arts[1]
	a.Title, b.Title = "", ""
	a.Path = filepath.Join(filepath.Dir(a.Path), "copy-one.txt")
	b.Path = filepath.Join(filepath.Dir(b.Path), "copy-two.txt")
	f := startWith(t, []*store.Article{&a, &b}, nil, 140, 50)
	f.waitFor(func(frame string) bool { return strings.Contains(frame, "│   copy-one.txt") })
	f.key("j")
	f.waitFor(func(frame string) bool { return strings.Contains(frame, "│   copy-two.txt") })
	f.quit()
}
