package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"dateline/ui"
	"dateline/ui/config"
)

// The completion scripts are written here by hand, from one table of
// commands and flags, rather than with a CLI framework that generates them
// (cobra, urfave/cli): those would mean rewriting every command's flag
// handling, which the standard flag package does well, for three short
// scripts. A test checks the table against the real flag sets.

// compFlag is one flag for completion: its name without dashes, and what
// its value is (nothing for a switch, a list of words, or a file).
type compFlag struct {
	name   string
	words  []string // the values to offer
	file   bool     // the value is a file name
	number bool     // the value is a number: offer nothing
}

// takesValue reports whether the flag is followed by a value.
func (f compFlag) takesValue() bool { return len(f.words) > 0 || f.file || f.number }

// compCommand is a subcommand and its flags; args says what its operands
// are: "paths" (files and folders), "files", or a fixed list of words.
type compCommand struct {
	name  string
	desc  string
	flags []compFlag
	args  string
	words []string
}

// completionTable is every command dateline has, the reader first (name "").
func completionTable() []compCommand {
	help := compFlag{name: "help"}
	return []compCommand{
		{name: "", desc: "open the reader", args: "paths", flags: []compFlag{
			{name: "skipped"}, {name: "max-size", number: true}, {name: "no-cache"},
			{name: "theme", words: ui.ThemeNames()}, {name: "no-color"},
			{name: "sort", words: config.SortNames()}, {name: "no-mouse"},
			{name: "config", file: true}, help,
		}},
		{name: "export", desc: "write the cleaned batch to stdout", args: "paths", flags: []compFlag{
			{name: "format", words: []string{"jsonl", "csv"}}, {name: "no-entities"}, {name: "no-batch"},
			{name: "max-size", number: true}, help,
		}},
		{name: "clean", desc: "print the cleaned text of articles", args: "files", flags: []compFlag{help}},
		{name: "ner", desc: "tag a CoNLL file with entities", args: "none", flags: []compFlag{
			{name: "model", file: true}, {name: "score"}, {name: "conll", file: true}, help,
		}},
		{name: "eval", desc: "score the cleaner and the titles", args: "words", words: []string{"clean", "titles"}, flags: []compFlag{
			{name: "input", words: []string{"text", "html"}}, {name: "no-clean"}, {name: "no-batch"}, {name: "min-f1", number: true},
			{name: "min-share", number: true}, help,
		}},
		{name: "completion", desc: "print a shell completion script", args: "words", words: []string{"bash", "zsh", "fish"}},
	}
}

// runCompletion prints the completion script for the shell named in args.
func runCompletion(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "Usage: dateline completion bash|zsh|fish")
		return 2
	}
	table := completionTable()
	switch args[0] {
	case "bash":
		fmt.Fprint(stdout, bashCompletion(table))
	case "zsh":
		fmt.Fprint(stdout, zshCompletion(table))
	case "fish":
		fmt.Fprint(stdout, fishCompletion(table))
	case "-h", "--help", "-help":
		fmt.Fprintln(stdout, "Usage: dateline completion bash|zsh|fish\n\nPrints a completion script; see 'dateline --help' for where to put it.")
	default:
		fmt.Fprintf(stderr, "dateline completion: unknown shell %q (want bash, zsh or fish)\n", args[0])
		return 2
	}
	return 0
}

// subcommandNames lists the subcommands, without the reader.
func subcommandNames(table []compCommand) []string {
	var names []string
	for _, c := range table[1:] {
		names = append(names, c.name)
	}
	return names
}

func bashCompletion(table []compCommand) string {
	var b strings.Builder
	b.WriteString(`# bash completion for dateline.
# Load it with: source <(dateline completion bash)
_dateline() {
    local cur prev sub i
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    sub=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
`)
	fmt.Fprintf(&b, "            %s) sub=\"${COMP_WORDS[i]}\"; break ;;\n", strings.Join(subcommandNames(table), "|"))
	b.WriteString(`            -*) ;;
            *) break ;;
        esac
    done
    case "$sub:$prev" in
`)
	for _, c := range table {
		for _, f := range c.flags {
			if !f.takesValue() {
				continue
			}
			fmt.Fprintf(&b, "        %s:-%s|%s:--%s)\n", c.name, f.name, c.name, f.name)
			switch {
			case f.file:
				b.WriteString("            compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n")
			case f.number:
				b.WriteString("            COMPREPLY=(); return ;;\n")
			default:
				fmt.Fprintf(&b, "            COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", strings.Join(f.words, " "))
			}
		}
	}
	b.WriteString("    esac\n    case \"$sub\" in\n")
	for _, c := range table {
		var flags []string
		for _, f := range c.flags {
			flags = append(flags, "--"+f.name)
		}
		fmt.Fprintf(&b, "        %q)\n", c.name)
		fmt.Fprintf(&b, "            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n", strings.Join(flags, " "))
		switch c.args {
		case "paths", "files":
			if c.name == "" {
				fmt.Fprintf(&b, "            if ((COMP_CWORD == 1)); then COMPREPLY=($(compgen -W %q -- \"$cur\")); fi\n", strings.Join(subcommandNames(table), " "))
			}
			b.WriteString("            compopt -o filenames 2>/dev/null; COMPREPLY+=($(compgen -f -- \"$cur\")) ;;\n")
		case "words":
			fmt.Fprintf(&b, "            COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", strings.Join(c.words, " "))
		default:
			b.WriteString("            COMPREPLY=() ;;\n")
		}
	}
	b.WriteString("    esac\n}\ncomplete -F _dateline dateline\n")
	return b.String()
}

// zshQuote escapes a description for a zsh _arguments spec.
func zshQuote(s string) string {
	r := strings.NewReplacer("'", `'\''`, "[", `\[`, "]", `\]`, ":", `\:`)
	return r.Replace(s)
}

func zshCompletion(table []compCommand) string {
	var b strings.Builder
	b.WriteString(`#compdef dateline
# zsh completion for dateline.
# Install it with: dateline completion zsh > "${fpath[1]}/_dateline"

_dateline() {
  local -a subcommands
  subcommands=(
`)
	for _, c := range table[1:] {
		fmt.Fprintf(&b, "    '%s:%s'\n", c.name, zshQuote(c.desc))
	}
	b.WriteString("  )\n  local sub=\"\" w\n  for w in \"${words[@]:1:$((CURRENT-2))}\"; do\n    case $w in\n")
	fmt.Fprintf(&b, "      %s) sub=$w; break ;;\n", strings.Join(subcommandNames(table), "|"))
	b.WriteString("      -*) ;;\n      *) break ;;\n    esac\n  done\n  case $sub in\n")
	for _, c := range table {
		name := c.name
		if name == "" {
			name = "''"
		}
		fmt.Fprintf(&b, "    %s)\n      _arguments -s \\\n", name)
		for _, f := range c.flags {
			spec := "'--" + f.name
			switch {
			case f.file:
				spec += "=[" + f.name + "]:file:_files'"
			case f.number:
				spec += "=[" + f.name + "]:bytes:'"
			case len(f.words) > 0:
				spec += "=[" + f.name + "]:" + f.name + ":(" + strings.Join(f.words, " ") + ")'"
			default:
				spec += "[" + f.name + "]'"
			}
			fmt.Fprintf(&b, "        %s \\\n", spec)
		}
		switch c.args {
		case "paths":
			if c.name == "" {
				b.WriteString("        '1: :->first' \\\n        '*:file or folder:_files' && return\n")
				b.WriteString("      if [[ $state == first ]]; then _describe command subcommands; _files; fi\n      ;;\n")
				continue
			}
			b.WriteString("        '*:file or folder:_files'\n      ;;\n")
		case "files":
			b.WriteString("        '*:file:_files'\n      ;;\n")
		case "words":
			fmt.Fprintf(&b, "        '1:%s:(%s)' \\\n        '*:folder:_files'\n      ;;\n", c.name, strings.Join(c.words, " "))
		default:
			b.WriteString("        && return\n      ;;\n")
		}
	}
	b.WriteString("  esac\n}\n\n_dateline \"$@\"\n")
	return b.String()
}

func fishCompletion(table []compCommand) string {
	var b strings.Builder
	subs := strings.Join(subcommandNames(table), " ")
	b.WriteString("# fish completion for dateline.\n# Install it with: dateline completion fish > ~/.config/fish/completions/dateline.fish\n\n")
	fmt.Fprintf(&b, "complete -c dateline -n 'not __fish_seen_subcommand_from %s' -F\n", subs)
	for _, c := range table[1:] {
		fmt.Fprintf(&b, "complete -c dateline -n 'not __fish_seen_subcommand_from %s' -a %s -d '%s'\n", subs, c.name, strings.ReplaceAll(c.desc, "'", `\'`))
	}
	for _, c := range table {
		cond := "not __fish_seen_subcommand_from " + subs
		if c.name != "" {
			cond = "__fish_seen_subcommand_from " + c.name
		}
		for _, f := range c.flags {
			line := fmt.Sprintf("complete -c dateline -n '%s' -l %s", cond, f.name)
			switch {
			case f.file:
				line += " -r -F"
			case f.number:
				line += " -x"
			case len(f.words) > 0:
				line += " -x -a '" + strings.Join(f.words, " ") + "'"
			}
			b.WriteString(line + "\n")
		}
		if c.args == "words" {
			ws := slices.Sorted(slices.Values(c.words))
			fmt.Fprintf(&b, "complete -c dateline -n '%s' -f -a '%s'\n", cond, strings.Join(ws, " "))
		}
	}
	return b.String()
}
