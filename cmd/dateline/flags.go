package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"dateline/store"
	"dateline/store/state"
	"dateline/ui"
	"dateline/ui/config"
)

// parseFlags parses args into fs and reports whether the command should go
// on; when it should not, code is its exit status. Asking for the help is
// not a mistake, so it exits 0; flag has already printed the usage either
// way.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

// readerFlags are the reader's look-and-feel flags. Each one overrides the
// same setting in the config file.
type readerFlags struct {
	theme   string
	noColor bool
	sort    string
	noMouse bool
	config  string
	help    bool
}

// addReaderFlags defines the reader's flags on fs.
func addReaderFlags(fs *flag.FlagSet) *readerFlags {
	rf := &readerFlags{}
	fs.StringVar(&rf.theme, "theme", "", "colours: "+strings.Join(ui.ThemeNames(), ", ")+" (default auto: ask the terminal for its background)")
	fs.BoolVar(&rf.noColor, "no-color", false, "no colours at all, as with NO_COLOR set (same as --theme mono)")
	fs.StringVar(&rf.sort, "sort", "", "order the list starts in: "+strings.Join(config.SortNames(), ", ")+" (default file)")
	fs.BoolVar(&rf.noMouse, "no-mouse", false, "leave the mouse to the terminal, so that dragging selects text")
	fs.StringVar(&rf.config, "config", "", "config file (default "+displayConfigPath()+")")
	// -h and --help are flags of their own, so that asking for the help
	// prints all of it to stdout, while a mistake prints the short usage
	// to stderr.
	fs.BoolVar(&rf.help, "help", false, "show this help: flags, keys, config file, environment")
	fs.BoolVar(&rf.help, "h", false, "show this help")
	return rf
}

// readerSetup is what the flags and the config file decide for the reader.
type readerSetup struct {
	cfg  ui.Config // Theme, LightBackground, Sort, Keys, NoMouse set
	opts []tea.ProgramOption
}

// setup loads the config file and lays the flags over it. getenv reads the
// environment (COLORFGBG for the first guess at the background).
func (rf *readerFlags) setup(getenv func(string) string) (readerSetup, error) {
	path := rf.config
	if path != "" {
		// A file named on the command line must be there: a typo should
		// not quietly give the defaults.
		if _, err := os.Stat(path); err != nil {
			return readerSetup{}, fmt.Errorf("--config: %w", err)
		}
	} else {
		// Without a config directory this is "", and the defaults apply.
		path, _ = config.DefaultPath()
	}
	var s config.Settings
	if path != "" {
		var err error
		if s, err = config.Load(path); err != nil {
			return readerSetup{}, err
		}
	}
	var rs readerSetup
	rs.cfg.Theme, rs.cfg.Sort, rs.cfg.Keys = s.Theme, s.Sort, s.Keys
	if s.Mouse != nil {
		rs.cfg.NoMouse = !*s.Mouse
	}
	if rf.theme != "" {
		t, err := ui.ParseTheme(rf.theme)
		if err != nil {
			return readerSetup{}, fmt.Errorf("--theme: %w", err)
		}
		rs.cfg.Theme = t
	}
	if rf.sort != "" {
		k, ok := store.ParseSortKey(rf.sort)
		if !ok {
			return readerSetup{}, fmt.Errorf("--sort: unknown order %q (want %s)", rf.sort, strings.Join(config.SortNames(), ", "))
		}
		rs.cfg.Sort = k
	}
	if rf.noMouse {
		rs.cfg.NoMouse = true
	}
	if rf.noColor {
		rs.cfg.Theme = ui.ThemeMono
		rs.opts = append(rs.opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	rs.cfg.LightBackground = ui.LightFromColorFGBG(getenv("COLORFGBG"))
	return rs, nil
}

// displayConfigPath is the config file's default path for the help, or a
// description when there is no config directory.
func displayConfigPath() string {
	if p, err := config.DefaultPath(); err == nil {
		return p
	}
	return "$XDG_CONFIG_HOME/dateline/config.toml"
}

// displayStatePath is the state database's path for the help.
func displayStatePath() string {
	if p, err := state.DefaultPath(); err == nil {
		return p
	}
	return "$XDG_STATE_HOME/dateline/state.db"
}

const usageHead = `dateline: a terminal reader for folders of scraped news articles.

Usage:
  dateline [flags] [DIR|FILE...]     open the reader (no argument: the current folder)
  dateline --skipped [DIR|FILE...]   list the files that were skipped or truncated, with the reason
  dateline export [--format jsonl|csv] [--no-entities] [--no-batch] DIR|FILE...
                                     write the cleaned batch with its entities to stdout
  dateline clean FILE...             print the cleaned text of articles
  dateline ner [--model FILE] [--score] --conll FILE
                                     tag a CoNLL file (IOB2 tag appended to each line)
  dateline eval clean [--input text|html] [--no-clean] [--no-batch] [--min-f1 F] DIR
                                     score the cleaner on a wcxb-style folder
  dateline eval titles [--min-share S] DIR
                                     score the titles against the pages' headlines
  dateline completion bash|zsh|fish  print a shell completion script

A folder named like a command can be opened as ./export.
Each command takes --help for its own flags.
`

// printUsage is the short usage, for a mistake on the command line.
func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, usageHead+"\nFlags:\n")
	printDefaults(w, fs)
	fmt.Fprint(w, "\nRun 'dateline --help' for the keys, the config file and the environment.\n")
}

// printHelp is the whole manual: usage, flags, keys, config file, files and
// environment.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, usageHead+"\nFlags:\n")
	printDefaults(w, fs)

	fmt.Fprint(w, "\nKeys in the reader (action names are for the [keys] table of the config file):\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, k := range ui.DefaultKeys() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", strings.Join(k.Keys, " "), k.Desc, k.Action)
	}
	_ = tw.Flush()
	fmt.Fprint(w, `  The filter_* keys apply while the / prompt is open. The mouse wheel
  scrolls the pane under the pointer; a click selects a row or focuses a pane.

Filter language (the / prompt):
  words "a phrase" -exclude @Lavrov entity:"Sergei Lavrov" person: org: place:
  source:reuters lang:en after:2016-09-01 before:2016-10-01 is:unread is:starred
  stripped:>50%

Config file: `+displayConfigPath()+`
  TOML; every setting is optional and the flags override it.
    theme = "auto"            # `+strings.Join(ui.ThemeNames(), ", ")+`
    sort  = "date"            # `+strings.Join(config.SortNames(), ", ")+`
    mouse = true
    [keys]
    down = ["j", "down"]      # an action from the table above: one key or a list
    quit = "x"

Read state: `+displayStatePath()+`
  Read and starred marks, keyed by each article's content hash, so that they
  follow an article into any batch and survive moving or renaming the folder;
  and the recent queries, one list for all batches.

Environment:
  NO_COLOR          no colours (as --no-color)
  COLORFGBG         first guess at the background until the terminal answers
  XDG_CONFIG_HOME   where the config file is
  XDG_STATE_HOME    where the read state is
  PAGER, EDITOR     what e opens the original file in (else less)
  BROWSER           what O opens the article's URL in

Shell completion:
  bash:  source <(dateline completion bash)
  zsh:   dateline completion zsh > "${fpath[1]}/_dateline"
  fish:  dateline completion fish > ~/.config/fish/completions/dateline.fish
`)
}

// printDefaults prints fs's flags to w, with two dashes as people type them.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	out := fs.Output()
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(out)
	fmt.Fprint(w, strings.TrimPrefix(strings.ReplaceAll("\n"+b.String(), "\n  -", "\n  --"), "\n"))
}
