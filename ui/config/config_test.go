package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dateline/store"
	"dateline/ui"
)

// writeConfig puts text in config.toml under a fresh XDG_CONFIG_HOME and
// returns its path as DefaultPath finds it.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	p, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "dateline", "config.toml"); p != want {
		t.Fatalf("DefaultPath = %s, want %s", p, want)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	p := writeConfig(t, `# my settings
theme = "light"
sort = "date"
mouse = false

[keys]
down = ["x", "down"]
quit = "Q"
`)
	s, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if s.Theme != ui.ThemeLight || !s.ThemeSet {
		t.Errorf("theme %v (set %v), want light", s.Theme, s.ThemeSet)
	}
	if s.Sort != store.SortDate || !s.SortSet {
		t.Errorf("sort %v (set %v), want date", s.Sort, s.SortSet)
	}
	if s.Mouse == nil || *s.Mouse {
		t.Errorf("mouse %v, want false", s.Mouse)
	}
	if !slices.Equal(s.Keys["down"], []string{"x", "down"}) || !slices.Equal(s.Keys["quit"], []string{"Q"}) {
		t.Errorf("keys %v", s.Keys)
	}
}

func TestLoadMissingOrEmpty(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	p, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(p)
	if err != nil || s.ThemeSet || s.SortSet || s.Mouse != nil || s.Keys != nil {
		t.Errorf("missing file: %+v, %v; want empty settings and no error", s, err)
	}
	s, err = Load(writeConfig(t, "# nothing yet\n"))
	if err != nil || s.ThemeSet || s.SortSet {
		t.Errorf("empty file: %+v, %v", s, err)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		text string
		line int
		msg  string
	}{
		{"syntax", "theme = \"dark\"\nsort = date\n", 2, ""},
		{"unknown theme", "\n\ntheme = \"blue\"\n", 3, `unknown theme "blue"`},
		{"unknown sort", "sort = \"random\"\n", 1, `unknown sort order "random"`},
		{"wrong type", "theme = \"dark\"\nmouse = \"yes\"\n", 2, ""},
		{"unknown setting", "theme = \"dark\"\ncolour = \"red\"\n", 2, `unknown setting "colour"`},
		{"unknown action", "[keys]\ndown = \"j\"\nexplode = \"x\"\n", 3, `unknown action "explode"`},
		{"action of an earlier version", "[keys]\nfilter_history = [\"up\", \"down\"]\n", 2, `"filter_older" and "filter_newer"`},
		{"key clash", "[keys]\n\nstar = \"j\"\n", 3, `"j" is bound to both`},
		{"bad key type", "[keys]\nquit = 3\n", 2, "want a key"},
		{"bad key list", "[keys]\nquit = [\"q\", 3]\n", 2, "keys must be strings"},
		{"no key", "[keys]\nquit = []\n", 2, "no key given"},
		{"bad key name", "theme = \"dark\"\n\n[keys]\nquit = \"q\"\ndown = [\"j\", \"Ctrl+d\"]\n", 5, `unknown modifier "Ctrl"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.text)
			_, err := Load(p)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a config.Error", err)
			}
			if ce.Line != tt.line {
				t.Errorf("line %d, want %d (%v)", ce.Line, tt.line, err)
			}
			if !strings.HasPrefix(err.Error(), p+":") {
				t.Errorf("%q does not start with the file's path", err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%q lacks %q", err, tt.msg)
			}
		})
	}
}

func TestDefaultPathWithoutXDG(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "relative/ignored")
	p, err := DefaultPath()
	if err != nil {
		t.Skip("no config directory on this system:", err)
	}
	if !filepath.IsAbs(p) || !strings.HasSuffix(p, filepath.Join("dateline", "config.toml")) {
		t.Errorf("DefaultPath = %s", p)
	}
}

func TestSortNames(t *testing.T) {
	names := SortNames()
	if len(names) < 2 || names[0] != "file" {
		t.Fatalf("SortNames = %v", names)
	}
	for _, n := range names {
		if _, ok := store.ParseSortKey(n); !ok {
			t.Errorf("%q does not parse", n)
		}
	}
}

// FuzzParse checks that no file, however broken, makes Parse panic, and
// that errors always name the file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"theme = \"dark\"\n[keys]\ndown = [\"j\"]\n",
		"[keys]\nstar = \"j\"",
		"theme = 1", "[[keys]]\n", "keys = 3", "[keys.down]\nx = 1", "mouse = [true]",
		"sort = \"\"", "[keys]\n\"down\" = \"x\"", "\x00", "theme = '''\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, err := Parse("config.toml", []byte(text))
		if err != nil && !strings.HasPrefix(err.Error(), "config.toml") {
			t.Errorf("error without the file name: %v", err)
		}
	})
}
