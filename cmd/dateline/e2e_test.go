package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real binary in a detached tmux session, as a user
// at a terminal would: keys go in with send-keys, the screen comes out with
// capture-pane.
type tmuxSession struct {
	t      *testing.T
	socket string
	name   string
}

// needTmux returns the tmux path. CI must run this test, so a missing tmux
// fails there instead of skipping.
func needTmux(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed, and CI=true: .ci/run must install it")
		}
		t.Skip("tmux not installed; install it to run the end-to-end test")
	}
	return p
}

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dateline")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startTmux(t *testing.T, width, height int, command string) *tmuxSession {
	t.Helper()
	needTmux(t)
	s := &tmuxSession{t: t, socket: "dateline-e2e-" + strconv.Itoa(os.Getpid()), name: "e2e"}
	s.run("-f", "/dev/null", "new-session", "-d", "-s", s.name,
		"-x", strconv.Itoa(width), "-y", strconv.Itoa(height), command)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	s.run(append([]string{"send-keys", "-t", s.name}, keys...)...)
}

func (s *tmuxSession) screen() string {
	s.t.Helper()
	return s.run("capture-pane", "-p", "-t", s.name)
}

// waitFor polls the screen until every want is on it, and returns the
// screen. The deadline only bounds a hung program; it asserts no speed.
func (s *tmuxSession) waitFor(wants ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		missing := false
		for _, w := range wants {
			if !strings.Contains(scr, w) {
				missing = true
				break
			}
		}
		if !missing {
			return scr
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("screen never showed %q; last screen:\n%s", wants, scr)
	return ""
}

// readerCommand builds the binary and returns the shell command that opens
// it on the bundled samples. It keeps its state, settings and cache in
// temporary folders under tmp, never the user's.
func readerCommand(t *testing.T, tmp string) string {
	t.Helper()
	samples, err := filepath.Abs(filepath.Join("..", "..", "testdata", "samples"))
	if err != nil {
		t.Fatal(err)
	}
	return readerCommandOn(t, tmp, samples)
}

// readerCommandOn is readerCommand for the folder dir.
func readerCommandOn(t *testing.T, tmp, dir string) string {
	t.Helper()
	needTmux(t)
	bin := buildBinary(t)
	return "XDG_STATE_HOME=" + filepath.Join(tmp, "state") + " XDG_CONFIG_HOME=" + filepath.Join(tmp, "config") +
		" XDG_CACHE_HOME=" + filepath.Join(tmp, "cache") + " " + bin + " " + dir
}

func TestEndToEndInTmux(t *testing.T) {
	tmp := t.TempDir()
	status := filepath.Join(tmp, "status")
	status2 := filepath.Join(tmp, "status2")
	// The reader runs twice, to check that its state is kept.
	run := readerCommand(t, tmp)
	cmd := run + "; echo $? > " + status + "; " + run + "; echo $? > " + status2 + "; sleep 30"
	s := startTmux(t, 100, 30, cmd)

	scr := s.waitFor("told his", "IANS/EFE · Sep 17", "Sergei Lavrov", "2 articles")
	if strings.Contains(scr, "Subscribe") {
		t.Errorf("boilerplate on screen:\n%s", scr)
	}
	for _, want := range []string{"People", "John Kerry", "Places", "Aleppo"} {
		if !strings.Contains(scr, want) {
			t.Errorf("sidebar lacks %q:\n%s", want, scr)
		}
	}

	// Move to the second article: its dateline source and people appear.
	s.keys("j")
	scr = s.waitFor("IANS/EFE", "Vladimir Putin")
	if strings.Contains(scr, "Subscribe") || strings.Contains(scr, "ml/") {
		t.Errorf("boilerplate on screen after moving down:\n%s", scr)
	}

	// Filter the list to the article about Aleppo.
	s.keys("/")
	s.keys("-l", "aleppo")
	s.keys("Enter")
	s.waitFor("1 of 2 articles", "/aleppo")

	// A query in the filter language, then a star on what it found.
	// (ctrl+u empties the prompt; an Escape followed at once by "/" would
	// reach the reader as alt+/.)
	s.keys("/", "C-u")
	s.keys("-l", "source:efe -aleppo")
	s.keys("Enter")
	s.waitFor("1 of 2 articles", "/source:efe -aleppo")
	s.keys("s")
	s.waitFor("★ US Secretary")

	s.keys("q")
	waitStatus(t, s, status)
	// The first run left a pack for the second to open from, whose
	// search text the recalled query below then matches.
	if !hasPack(t, filepath.Join(tmp, "cache")) {
		t.Error("the first run left no pack in the cache")
	}

	// The second run finds the star, and the query in the history. The
	// article pane shows the text, which the first run kept no entry of
	// (it keeps only the pack), read from the file again.
	s.waitFor("★ US Secretary", "2 articles", "collapsed ceasefire")
	s.keys("/")
	s.keys("Up")
	s.waitFor("1 of 2 articles", "/source:efe -aleppo")
	s.keys("Enter", "q")
	waitStatus(t, s, status2)
}

// hasPack reports whether the cache folder dir holds a blob, which is what
// a pack is stored as.
func hasPack(t *testing.T, dir string) bool {
	t.Helper()
	found := false
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || found {
			return nil
		}
		head := make([]byte, 16)
		if f, err := os.Open(p); err == nil {
			f.Read(head)
			f.Close()
		}
		found = bytes.HasPrefix(head, []byte("dateline-blob-"))
		return nil
	})
	return found
}

// waitStatus waits for the exit status the shell writes to file after the
// reader exits, and checks it is 0.
func waitStatus(t *testing.T, s *tmuxSession, file string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(file); err == nil && len(bytes.TrimSpace(data)) > 0 {
			if got := string(bytes.TrimSpace(data)); got != "0" {
				t.Fatalf("dateline exited with status %s, want 0", got)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("dateline did not exit after q; screen:\n%s", s.screen())
}

// TestColoursDetectedOnceInTmux: inside tmux, finding out the terminal's
// colours runs `tmux info`, a process of its own before the first frame. Lip
// Gloss does it as it starts; the reader hands its answer to Bubble Tea
// instead of letting it ask again. A stand-in tmux ahead of the real one
// on the reader's PATH counts the calls.
func TestColoursDetectedOnceInTmux(t *testing.T) {
	real := needTmux(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	calls := filepath.Join(tmp, "calls")
	status := filepath.Join(tmp, "status")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\necho \"$*\" >> " + calls + "\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "tmux"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// Without COLORTERM the detection asks tmux; with it, nobody does.
	run := "env -u COLORTERM PATH=" + bin + ":$PATH " + readerCommand(t, tmp)
	s := startTmux(t, 100, 30, run+"; echo $? > "+status+"; sleep 30")
	s.waitFor("2 articles")
	s.keys("q")
	waitStatus(t, s, status)
	raw, err := os.ReadFile(calls)
	if err != nil {
		t.Fatalf("the reader never ran tmux: %v", err)
	}
	if n := strings.Count(string(raw), "info"); n != 1 {
		t.Errorf("the reader ran `tmux info` %d times, want once:\n%s", n, raw)
	}
}

// TestPageDumpTitleInTmux opens a folder of two whole-page dumps, which
// carry no metadata: the list titles each with its headline, which the page
// prints among its menus, and the raw view shows that line with its reason.
func TestPageDumpTitleInTmux(t *testing.T) {
	tmp := t.TempDir()
	dumps := filepath.Join(tmp, "dumps")
	if err := os.Mkdir(dumps, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"mx05.txt", "mx10.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "store", "clean", "testdata", "languages", "text", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dumps, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := readerCommandOn(t, tmp, dumps)
	status := filepath.Join(tmp, "status")
	s := startTmux(t, 120, 30, run+"; echo $? > "+status+"; sleep 30")
	// The list keeps the article it shows when another arrives above it,
	// so which one is open depends on which file was read first: go to the
	// top, where the German dump sorts.
	s.waitFor("2 articles")
	s.keys("g")
	s.waitFor("Sturmtief „Margit“ deckt Dächer ab", "À Rochebelle, deux anciens")
	// The raw view opens at the top of the page, over its menus; the
	// headline comes a screen further down.
	s.keys("r")
	s.waitFor("Raw · Sturmtief")
	s.keys("tab", "PgDn")
	s.waitFor("the headline: shown as the title")
	s.keys("q")
	waitStatus(t, s, status)
}
