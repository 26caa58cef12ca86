package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dateline/store"
	"dateline/ui"
)

func TestHelpDocumentsEverything(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	t.Setenv("XDG_STATE_HOME", "/st")
	for _, arg := range []string{"--help", "-h"} {
		code, out, errs := runCLI(arg)
		if code != 0 || errs != "" {
			t.Fatalf("%s: exit %d, stderr %q", arg, code, errs)
		}
		want := []string{
			"export", "clean", "ner", "eval clean", "--skipped", "completion bash|zsh|fish",
			"--theme", "--no-color", "--sort", "--no-mouse", "--config", "--max-size",
			"/cfg/dateline/config.toml", "/st/dateline/state.db", "NO_COLOR", "[keys]",
			"is:unread", "wheel",
		}
		for _, k := range ui.DefaultKeys() {
			want = append(want, k.Action, k.Desc)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: the help does not mention %q", arg, w)
			}
		}
	}
}

func TestBadFlagShowsUsage(t *testing.T) {
	code, out, errs := runCLI("--theme", "neon", "--frobnicate")
	if code != 2 || out != "" || !strings.Contains(errs, "flag provided but not defined") || !strings.Contains(errs, "--help") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestReaderSetup(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	cfgFile := filepath.Join(dir, "dateline", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfgFile), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(s string) {
		if err := os.WriteFile(cfgFile, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	write("theme = \"light\"\nsort = \"title\"\nmouse = false\n[keys]\nquit = \"x\"\n")
	for _, tt := range []struct {
		name    string
		args    []string
		env     map[string]string
		theme   ui.Theme
		sort    store.SortKey
		noMouse bool
		opts    int
		light   bool
	}{
		{"config file", nil, nil, ui.ThemeLight, store.SortTitle, true, 0, false},
		{"flags win", []string{"--theme", "dark", "--sort", "size"}, nil, ui.ThemeDark, store.SortSize, true, 0, false},
		{"no colour", []string{"--no-color"}, nil, ui.ThemeMono, store.SortTitle, true, 1, false},
		{"COLORFGBG", nil, map[string]string{"COLORFGBG": "0;15"}, ui.ThemeLight, store.SortTitle, true, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			rf := addReaderFlags(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			rs, err := rf.setup(env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			c := rs.cfg
			if c.Theme != tt.theme || c.Sort != tt.sort || c.NoMouse != tt.noMouse || len(rs.opts) != tt.opts || c.LightBackground != tt.light {
				t.Errorf("got theme %v sort %v nomouse %v opts %d light %v", c.Theme, c.Sort, c.NoMouse, len(rs.opts), c.LightBackground)
			}
			if !slices.Equal(c.Keys["quit"], []string{"x"}) {
				t.Errorf("keys %v", c.Keys)
			}
		})
	}

	// Mistakes stop the reader before it starts, naming the file and line.
	write("theme = \"light\"\nsort = \"sideways\"\n")
	code, _, errs := runCLI("--skipped", "../../testdata/samples")
	if code != 2 || !strings.Contains(errs, cfgFile+":2:") || !strings.Contains(errs, "sideways") {
		t.Errorf("bad config: exit %d, stderr %q", code, errs)
	}
	write("")
	for _, args := range [][]string{{"--theme", "neon"}, {"--sort", "sideways"}} {
		code, _, errs := runCLI(append(args, "--skipped", "../../testdata/samples")...)
		if code != 2 || !strings.Contains(errs, args[1]) {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	code, _, errs = runCLI("--config", filepath.Join(dir, "elsewhere.toml"), "--skipped", "../../testdata/samples")
	if code != 2 || !strings.Contains(errs, "elsewhere.toml") {
		t.Errorf("a missing --config file: exit %d, %q; want 2 and the file named", code, errs)
	}
}

// TestCompletionTable checks the completion table against the real flag
// sets: every flag a command accepts is offered, and nothing else.
func TestCompletionTable(t *testing.T) {
	table := completionTable()
	for _, c := range table {
		if c.name == "completion" {
			continue
		}
		helps := [][]string{{"--help"}}
		switch c.name {
		case "":
		case "eval":
			// Each of eval's commands has flags of its own.
			helps = [][]string{{"eval", "clean", "--help"}, {"eval", "titles", "--help"}}
		default:
			helps = [][]string{{c.name, "--help"}}
		}
		var text string
		for _, args := range helps {
			_, out, errs := runCLI(args...)
			text += out + errs
		}
		var real []string
		for _, ln := range strings.Split(text, "\n") {
			f := strings.Fields(ln)
			if len(f) > 0 && strings.HasPrefix(f[0], "-") && (strings.HasPrefix(ln, "  -")) {
				real = append(real, strings.TrimLeft(f[0], "-"))
			}
		}
		real = slices.DeleteFunc(real, func(n string) bool { return n == "h" || n == "help" })
		var offered []string
		for _, f := range c.flags {
			if f.name != "help" {
				offered = append(offered, f.name)
			}
		}
		slices.Sort(real)
		real = slices.Compact(real)
		slices.Sort(offered)
		if !slices.Equal(real, offered) {
			t.Errorf("%q: flags %v, completion offers %v", c.name, real, offered)
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for _, tt := range []struct {
		shell string
		check []string // a command that reads the script from a file and only parses it
		want  []string
	}{
		{"bash", []string{"bash", "-n"}, []string{"complete -F _dateline dateline", "auto dark light mono", "--no-color"}},
		{"zsh", []string{"zsh", "-n"}, []string{"#compdef dateline", "(auto dark light mono)", "--no-mouse"}},
		{"fish", []string{"fish", "--no-execute"}, []string{"complete -c dateline", "-l theme", "'auto dark light mono'"}},
	} {
		t.Run(tt.shell, func(t *testing.T) {
			code, out, errs := runCLI("completion", tt.shell)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("script lacks %q", w)
				}
			}
			if _, err := exec.LookPath(tt.check[0]); err != nil {
				t.Skipf("%s not installed; the script's syntax is not checked", tt.check[0])
			}
			f := filepath.Join(t.TempDir(), "script")
			if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			if msg, err := exec.Command(tt.check[0], append(tt.check[1:], f)...).CombinedOutput(); err != nil {
				t.Errorf("%s does not parse the script: %v\n%s", tt.shell, err, msg)
			}
		})
	}
	if code, _, errs := runCLI("completion", "powershell"); code != 2 || !strings.Contains(errs, "powershell") {
		t.Errorf("unknown shell: exit %d, %q", code, errs)
	}
}

// TestBashCompletionCompletes runs the bash script's function as bash would.
func TestBashCompletionCompletes(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	_, script, _ := runCLI("completion", "bash")
	for _, tt := range []struct {
		words string
		want  string
	}{
		{"dateline --th", "--theme"},
		{"dateline --theme ''", "auto dark light mono"},
		{"dateline --sort d", "date"},
		{"dateline ex", "export"},
		{"dateline export --format ''", "jsonl csv"},
		{"dateline completion ''", "bash zsh fish"},
		{"dateline eval ''", "clean titles"},
	} {
		prog := script + `
COMP_WORDS=(` + tt.words + `); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _dateline; echo "${COMPREPLY[*]}"`
		cmd := exec.Command("bash", "-c", prog)
		cmd.Dir = t.TempDir() // no file names to mix in
		out, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != tt.want {
			t.Errorf("%s: got %q (%v), want %q", tt.words, out, err, tt.want)
		}
	}
}

// TestFishCompletionCompletes asks fish what it would offer.
func TestFishCompletionCompletes(t *testing.T) {
	if _, err := exec.LookPath("fish"); err != nil {
		t.Skip("fish not installed")
	}
	_, script, _ := runCLI("completion", "fish")
	f := filepath.Join(t.TempDir(), "dateline.fish")
	if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ line, want string }{
		{"dateline --theme ", "auto dark light mono"},
		{"dateline ex", "export"},
		{"dateline completion ", "bash fish zsh"},
		{"dateline --s", "--skipped --sort"},
		{"dateline eval ", "clean titles"},
	} {
		cmd := exec.Command("fish", "--no-config", "-c", "source "+f+"; complete -C '"+tt.line+"'")
		cmd.Dir = t.TempDir()
		out, err := cmd.CombinedOutput()
		var got []string
		for _, ln := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			name, _, _ := strings.Cut(ln, "\t")
			got = append(got, name)
		}
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("%q: got %q (%v), want %q", tt.line, got, err, tt.want)
		}
	}
}

// TestHelpReadState checks what the help says the state file keeps: marks
// follow an article by its content hash across batches, and the recent
// queries are one list, so neither is "per batch".
func TestHelpReadState(t *testing.T) {
	_, out, _ := runCLI("--help")
	tests := []struct {
		text string
		want bool
	}{
		{"per batch", false},
		{"keyed by each article's content hash", true},
		{"one list for all batches", true},
	}
	for _, tt := range tests {
		if got := strings.Contains(strings.Join(strings.Fields(out), " "), tt.text); got != tt.want {
			t.Errorf("the help mentions %q: %v, want %v", tt.text, got, tt.want)
		}
	}
}
