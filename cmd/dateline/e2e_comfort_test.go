package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEndToEndConfigAndMouse runs the real binary with a config file that
// picks the mono theme, the title order and another quit key, and uses the
// mouse the way a terminal reports it.
func TestEndToEndConfigAndMouse(t *testing.T) {
	tmp := t.TempDir()
	cfgDir := filepath.Join(tmp, "config", "dateline")
	if err := os.MkdirAll(cfgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	conf := "theme = \"mono\"\nsort = \"title\"\n\n[keys]\nquit = \"x\"\n"
	if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	status := filepath.Join(tmp, "status")
	run := readerCommand(t, tmp) + "; echo $? > " + status + "; sleep 30"
	s := startTmux(t, 120, 35, run)

	// Sorted by title, "…Kerry said…" comes before "…Kerry told…" in the
	// list. The article pane beside it may show "Kerry told" in its
	// heading by then, so only the list's column is read.
	scr := s.waitFor("by title", "x quit", "said on Wednesday")
	if list := leftPane(scr); !strings.Contains(list, "Kerry told") || strings.Index(list, "Kerry said") > strings.Index(list, "Kerry told") {
		t.Errorf("the list is not in title order:\n%s", scr)
	}
	colour := regexp.MustCompile(`\x1b\[[0-9;]*[34]8;[25];`)
	if raw := s.run("capture-pane", "-e", "-p", "-t", s.name); colour.MatchString(raw) {
		t.Errorf("colours on screen with theme = \"mono\"")
	}

	// A click on the second row (an SGR mouse report, as a terminal sends
	// it, at column 5, line 6) selects that article.
	s.keys("-l", "\x1b[<0;5;6M\x1b[<0;5;6m")
	s.waitFor("collapsed ceasefire") // in the body of the article about Aleppo

	// q is no longer quit; x is.
	s.keys("q")
	s.waitFor("by title")
	s.keys("x")
	waitStatus(t, s, status)
}

// leftPane returns what the leftmost pane of a captured screen shows: of
// each line that starts with a pane's border, the part up to the same
// border on its right.
func leftPane(scr string) string {
	var out []string
	for _, ln := range strings.Split(scr, "\n") {
		r := []rune(ln)
		if len(r) == 0 || !strings.ContainsRune("┃│", r[0]) {
			continue
		}
		if end := strings.IndexRune(string(r[1:]), r[0]); end >= 0 {
			out = append(out, string(r[1:])[:end])
		}
	}
	return strings.Join(out, "\n")
}
