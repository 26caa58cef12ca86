// Package config reads the reader's settings file: a TOML file in the
// user's config directory holding the theme, the default sort order, the
// mouse setting and key bindings.
//
//	theme = "auto"    # auto, dark, light or mono
//	sort  = "date"    # file, date, source, title, size or stripped
//	mouse = true
//
//	[keys]
//	down = ["j", "down", "ctrl+n"]
//	quit = "x"
//
// A mistake in the file is reported with the file's path and the line, and
// never stops the program with a panic.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"dateline/store"
	"dateline/ui"
)

// Settings is what the file sets. Fields the file leaves out keep their
// zero value and their Set flag false, so that the caller can tell "not
// set" from "set to the default" when command-line flags override them.
type Settings struct {
	Path string // the file read; empty when there was none

	Theme    ui.Theme
	ThemeSet bool
	Sort     store.SortKey
	SortSet  bool
	// Mouse is nil when the file does not say.
	Mouse *bool
	Keys  ui.Bindings
}

// DefaultPath is where the settings file lives:
// $XDG_CONFIG_HOME/dateline/config.toml, else dateline/config.toml under the
// platform's config directory (~/.config on Linux, ~/Library/Application
// Support on macOS, %AppData% on Windows).
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "dateline", "config.toml"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config directory: %w", err)
	}
	return filepath.Join(d, "dateline", "config.toml"), nil
}

// Error is a mistake in the settings file, with the line it is on (0 when
// the line is not known).
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// file is the TOML document as decoded.
type file struct {
	Theme themeValue         `toml:"theme"`
	Sort  sortValue          `toml:"sort"`
	Mouse *bool              `toml:"mouse"`
	Keys  map[string]keyList `toml:"keys"`
}

// Load reads the settings at path. A missing file is no error: it gives
// empty Settings, as the defaults apply.
func Load(path string) (Settings, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Settings{}, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, data)
}

// Parse reads settings from data; path names the file in errors.
func Parse(path string, data []byte) (Settings, error) {
	var f file
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Settings{}, &Error{Path: path, Line: pe.Position.Line, Msg: pe.Message}
		}
		// Type mismatches come as plain errors that carry the line in
		// their text: "toml: line 2 (last key "mouse"): incompatible types".
		if m := typeErr.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return Settings{}, &Error{Path: path, Line: line, Msg: fmt.Sprintf("%s: %s", m[2], m[3])}
		}
		return Settings{}, &Error{Path: path, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return Settings{}, &Error{Path: path, Line: lineOf(data, k), Msg: fmt.Sprintf("unknown setting %q (known: theme, sort, mouse, [keys])", k.String())}
	}
	s := Settings{
		Path:     path,
		Theme:    f.Theme.t,
		ThemeSet: md.IsDefined("theme"),
		Sort:     f.Sort.k,
		SortSet:  md.IsDefined("sort"),
		Mouse:    f.Mouse,
	}
	if len(f.Keys) > 0 {
		s.Keys = make(ui.Bindings, len(f.Keys))
		for a, ks := range f.Keys {
			s.Keys[a] = []string(ks)
		}
		if err := s.Keys.Check(); err != nil {
			var be *ui.BindingError
			line := 0
			if errors.As(err, &be) {
				line = lineOf(data, toml.Key{"keys", be.Action})
			}
			return Settings{}, &Error{Path: path, Line: line, Msg: "[keys] " + err.Error()}
		}
	}
	return s, nil
}

// typeErr matches the decoder's type-mismatch errors.
var typeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

// themeValue decodes a theme name; the decoder puts the line of a bad one
// in its error.
type themeValue struct{ t ui.Theme }

func (v *themeValue) UnmarshalText(b []byte) error {
	t, err := ui.ParseTheme(string(b))
	v.t = t
	return err
}

// sortValue decodes a sort order's name.
type sortValue struct{ k store.SortKey }

func (v *sortValue) UnmarshalText(b []byte) error {
	k, ok := store.ParseSortKey(strings.TrimSpace(string(b)))
	if !ok {
		return fmt.Errorf("unknown sort order %q (want %s)", string(b), strings.Join(SortNames(), ", "))
	}
	v.k = k
	return nil
}

// SortNames lists the sort orders by name, for messages, help and
// completion.
func SortNames() []string {
	var names []string
	for k := store.SortFile; ; k = k.Next() {
		names = append(names, k.String())
		if k.Next() == store.SortFile {
			return names
		}
	}
}

// keyList is one action's keys: a single key as a string, or a list.
type keyList []string

func (l *keyList) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*l = keyList{v}
		return nil
	case []any:
		out := make(keyList, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("keys must be strings, like \"j\" or \"ctrl+d\"; got %v", e)
			}
			out = append(out, s)
		}
		*l = out
		return nil
	}
	return fmt.Errorf("want a key (\"j\") or a list of keys ([\"j\", \"down\"]), got %v", v)
}

// lineOf finds the line where key is set, for messages about mistakes the
// TOML decoder cannot see (an unknown action, two actions on one key). The
// decoder keeps key positions to itself, so this looks for the key's last
// part at the start of a line, under its table's header when it has one.
// It returns 0 when it cannot tell, and the message then goes without a
// line.
func lineOf(data []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	name := key[len(key)-1]
	table := strings.Join(key[:len(key)-1], ".")
	inTable := table == ""
	for i, ln := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(ln)
		if strings.HasPrefix(t, "[") {
			header := strings.Trim(t, "[] \t")
			if j := strings.Index(header, "#"); j >= 0 {
				header = strings.TrimSpace(strings.TrimRight(header[:j], "] \t"))
			}
			inTable = header == table
			continue
		}
		if !inTable {
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if !ok {
			continue
		}
		if slices.Contains([]string{name, `"` + name + `"`, "'" + name + "'"}, strings.TrimSpace(k)) {
			return i + 1
		}
	}
	return 0
}
