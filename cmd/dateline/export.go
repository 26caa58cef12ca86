package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"dateline/store"
	"dateline/store/export"
	"dateline/ui"
)

// exportUsage is the synopsis of dateline export.
const exportUsage = "Usage: dateline export [--format jsonl|csv] [--no-entities] [--no-batch] DIR|FILE...\n"

// runExport writes the cleaned batch to stdout. Exit status: 0 when at least
// one article was written, 1 when none, 2 on a usage error.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dateline export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "jsonl", "output format: jsonl or csv")
	noEntities := fs.Bool("no-entities", false, "leave out entities (faster)")
	noBatch := fs.Bool("no-batch", false, "one pass, without the batch step that strips lines repeated across many articles (faster, but the text is not what the reader shows)")
	maxSize := fs.Int64("max-size", store.DefaultMaxSize, "bytes read from one file; larger files are truncated")
	fs.Usage = func() {
		fmt.Fprint(stderr, exportUsage+"\nWrites one record per article to stdout, sorted by path then index; problems go to stderr.\nThe batch is read twice: first to find the lines repeated across many of its\narticles, which the reader strips as template, then to write it.\n\n")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "dateline export: name at least one folder or file")
		fs.Usage()
		return 2
	}
	out := bufio.NewWriterSize(stdout, 1<<16)
	w, err := export.NewWriter(out, *format, export.Options{NoEntities: *noEntities})
	if err != nil {
		fmt.Fprintf(stderr, "dateline export: %v\n", err)
		return 2
	}
	opts := store.Options{MaxSize: *maxSize, Ordered: true, NoEntities: *noEntities}
	if !*noBatch {
		if opts.Batch, err = store.CountLines(ctx, fs.Args(), opts); err != nil {
			if ctx.Err() != nil {
				err = errors.New("interrupted")
			}
			fmt.Fprintf(stderr, "dateline export: %v\n", err)
			return 1
		}
	}
	loader, err := store.NewLoader(opts)
	if err != nil {
		fmt.Fprintf(stderr, "dateline export: %v\n", err)
		return 1
	}
	written, skipped := 0, 0
	for u := range loader.Load(ctx, fs.Args()) {
		for _, a := range u.Articles {
			if err := w.Write(a); err != nil {
				fmt.Fprintf(stderr, "dateline export: write: %v\n", err)
				return 1
			}
			written++
		}
		for _, s := range u.Skips {
			skipped++
			fmt.Fprintf(stderr, "skipped %s: %s\n", printable(s.Path), s.Reason)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "dateline export: write: %v\n", err)
		return 1
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "dateline export: write: %v\n", err)
		return 1
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "dateline export: interrupted")
		return 1
	}
	fmt.Fprintf(stderr, "%d articles exported, %d items skipped\n", written, skipped)
	if written == 0 {
		return 1
	}
	return 0
}

// runClean prints the cleaned text of the articles in one or more files.
// Exit status: 0 when at least one article was printed, 1 when none or when
// interrupted, 2 on a usage error.
func runClean(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dateline clean", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: dateline clean FILE...\n\nPrints the cleaned text of each article; several articles are separated by a line of dashes.\n")
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	loader, err := store.NewLoader(store.Options{Ordered: true, NoEntities: true})
	if err != nil {
		fmt.Fprintf(stderr, "dateline clean: %v\n", err)
		return 1
	}
	n := 0
	for u := range loader.Load(ctx, fs.Args()) {
		for _, a := range u.Articles {
			if n > 0 {
				fmt.Fprintln(stdout, "\n----")
			}
			n++
			// Scraped text may carry escape sequences; this output is
			// for reading in a terminal, so it gets the reader's care.
			fmt.Fprintf(stdout, "%s\n\n%s\n", ui.SafeLine(a.Title), ui.SafeText(a.Body))
		}
		for _, s := range u.Skips {
			fmt.Fprintf(stderr, "skipped %s: %s\n", printable(s.Path), s.Reason)
		}
	}
	// An interrupted load ends early without an error: what was printed
	// is not all of it, which the exit status must say.
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "dateline clean: interrupted")
		return 1
	}
	if n == 0 {
		return 1
	}
	return 0
}

// printable shows a file name on one line, whatever bytes it holds: control
// characters and bidi overrides become "?", so that a name with one still
// shows where it was.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if ui.Unsafe(r) {
			return '?'
		}
		return r
	}, s)
}
