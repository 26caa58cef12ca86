package ui

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"dateline/store"
	"dateline/store/clean"
	"dateline/store/entity"
)

// nasties are the sequences a hostile batch uses to reach the terminal:
// each would do harm if printed raw.
var nasties = []string{
	"\x1b]0;TITLE-CHANGED\x07",                              // OSC 0: window title
	"\x1b]52;c;cm0gLXJmIH4=\x07",                            // OSC 52: clipboard write
	"\x1b]8;;https://evil.example/\x1b\\bank\x1b]8;;\x1b\\", // OSC 8: hyperlink spoofing
	"\x1b[2J\x1b[H",                                         // CSI: clear screen, cursor home
	"\x1b[31;1m",                                            // CSI: colours the UI did not choose
	"\x1bP+q544e\x1b\\",                                     // DCS: terminal query
	"\a\a",                                                  // BEL
	"safe\b\b\b\bEVIL",                                      // backspaces overprinting text
	"\u009b31m\u009d0;t\u009c",                              // C1 CSI, OSC and ST as UTF-8
	"\x9b2J",                                                // a raw C1 byte, invalid UTF-8
	"\u202Egnp.exe",                                         // bidi override
	"\r\x1b[Kline",                                          // carriage return and erase line
}

// hostileArticles returns articles with a nasty in every field the reader
// shows: title, source, author, date, place, URL, path, body and entity
// names; and the hostile corpus of testdata/hostile as the loader reads it.
func hostileArticles(t *testing.T) ([]*store.Article, []store.Skip) {
	t.Helper()
	var arts []*store.Article
	cleaner := clean.New()
	for i, n := range nasties {
		body := fmt.Sprintf("Paragraph one %s about the minister.\n\nParagraph two with %s and Kerry%s.", n, n, n)
		a := &store.Article{
			ID:     fmt.Sprintf("nasty%02d", i),
			Path:   fmt.Sprintf("/batch/nasty%s%02d.txt", n, i), // sorts before the loaded corpus
			Index:  -1,
			Title:  "Title " + n + " end",
			Source: "Source" + n,
			Author: "Author" + n,
			Date:   "Sep 17" + n,
			Place:  "Place" + n,
			URL:    "https://example.com/" + n,
			Raw:    body + "\nShare this" + n,
			Body:   body,
			Words:  len(strings.Fields(body)),
			Entities: []entity.Entity{
				{Name: "Kerry" + n, Type: entity.PER, Count: 1, Aliases: []string{"J" + n}, Salience: 0.9},
				{Name: "Org" + n, Type: entity.ORG, Count: 1, Salience: 0.5},
			},
		}
		a.Clean = cleaner.Clean(a.Raw)
		a.Prepare()
		arts = append(arts, a)
	}
	skips := []store.Skip{{Path: "skipped" + strings.Join(nasties, ""), Reason: "reason" + strings.Join(nasties, "")}}

	dir := t.TempDir()
	err := filepath.WalkDir(filepath.Join("..", "testdata", "hostile"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "README.md" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, d.Name()), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "name\x1b]0;x\x07\nline\xff.txt"), []byte("Story\nA story with a hostile file name."), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := store.NewLoader(store.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var b store.Batch
	for u := range l.Load(ctx, []string{dir}) {
		b.Apply(u)
	}
	if len(b.Articles) < 5 {
		t.Fatalf("the hostile corpus gave only %d articles", len(b.Articles))
	}
	return append(arts, b.Articles...), append(skips, b.Skips...)
}

// TestHostileContentNeverReachesTerminal feeds articles carrying escape
// sequences and control characters in every field through the reader, walks
// every view at several sizes, and checks each frame: the only escape
// sequences in it are the reader's own colours (SGR), and no control
// character, C1 code or bidi override from the content survives.
func TestHostileContentNeverReachesTerminal(t *testing.T) {
	arts, skips := hostileArticles(t)
	roots := []string{"root\x1b]0;x\x07\u202e"}
	for _, size := range [][2]int{{120, 40}, {80, 24}, {200, 60}, {40, 12}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			start := func() Model {
				m := New(Config{Updates: feed(arts, skips...), Roots: roots})
				return drive(t, m, m.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			}
			m := start()
			var shown strings.Builder // every frame's text, to check the test saw the content
			check := func(where string) {
				t.Helper()
				v := m.View()
				shown.WriteString(sanitizedFrameText(v.Content))
				checkFrame(t, where, v.Content)
				if bad := firstControl(v.WindowTitle, false); bad != "" {
					t.Errorf("%s: window title carries %s: %q", where, bad, v.WindowTitle)
				}
			}
			check("list")
			for i := range arts {
				check(fmt.Sprintf("article %d in the list", i))
				m = drive(t, m, keyPress("down"))
			}
			// Open each hand-made article, in the clean and the raw view.
			for i := range len(nasties) {
				m = start()
				for range i {
					m = drive(t, m, keyPress("down"))
				}
				m = drive(t, m, keyPress("enter"))
				check(fmt.Sprintf("article %d open", i))
				m = drive(t, m, keyPress("r"))
				check(fmt.Sprintf("article %d raw", i))
			}
			m = drive(t, m, keyPress("E"))
			check("sidebar toggled")
			m = drive(t, m, keyPress("esc"), keyPress("/"), keyPress("k"), keyPress("e"))
			check("filtering")
			m = drive(t, m, keyPress("esc"), keyPress("S"))
			check("skipped files")
			m = drive(t, m, keyPress("S"), keyPress("?"))
			check("help")
			for _, want := range []string{"Title link", "Paragraph one", "Share this", "Kerry", "skipped", "reason"} {
				if !strings.Contains(shown.String(), want) {
					t.Errorf("no frame showed %q: the test did not reach the hostile content", want)
				}
			}
		})
	}
}

// checkFrame fails t if frame holds an escape sequence other than SGR, or a
// control character other than a line break.
func checkFrame(t *testing.T, where, frame string) {
	t.Helper()
	rest := frame
	for {
		i := strings.IndexByte(rest, 0x1b)
		if i < 0 {
			break
		}
		n := sgrLen(rest[i:])
		if n == 0 {
			t.Errorf("%s: escape sequence that is not SGR at %q", where, around(rest, i))
			return
		}
		if bad := firstControl(rest[:i], true); bad != "" {
			t.Errorf("%s: %s in frame at %q", where, bad, around(rest, i))
			return
		}
		rest = rest[i+n:]
	}
	if bad := firstControl(rest, true); bad != "" {
		t.Errorf("%s: %s in frame", where, bad)
	}
}

// sanitizedFrameText is the frame with the reader's SGR sequences removed,
// the text the user reads.
func sanitizedFrameText(frame string) string {
	var b strings.Builder
	for len(frame) > 0 {
		if frame[0] == 0x1b {
			if n := sgrLen(frame); n > 0 {
				frame = frame[n:]
				continue
			}
		}
		b.WriteByte(frame[0])
		frame = frame[1:]
	}
	return b.String()
}

// sgrLen returns the length of the SGR sequence ("ESC [ params m") s starts
// with, or 0 if s does not start with one. SGR only sets colours and
// attributes; it cannot move the cursor, talk to the clipboard or retitle
// the window.
func sgrLen(s string) int {
	if !strings.HasPrefix(s, "\x1b[") {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

// firstControl describes the first character of s that must not reach a
// terminal from content, or returns "" if there is none. It judges bidi
// controls by the Unicode property rather than by the sanitiser's own
// isBidiControl, so a character that predicate misses is caught here
// instead of slipping past both.
func firstControl(s string, allowNewline bool) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == '\n' && allowNewline:
		case unicode.IsControl(r):
			return fmt.Sprintf("control %U", r)
		case unicode.Is(unicode.Bidi_Control, r):
			return fmt.Sprintf("bidi control %U", r)
		}
	}
	return ""
}

func around(s string, i int) string {
	return s[max(0, i-40):min(len(s), i+40)]
}
