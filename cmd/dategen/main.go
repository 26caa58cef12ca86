// Command dategen writes a synthetic batch of news articles, boilerplate and
// all, for measuring dateline on batches of any size:
//
//	go run ./cmd/dategen -n 100000 /tmp/batch
//
// The same -seed always writes the same files. Most articles are plain
// text; some files are JSON lines holding several articles, and some are
// saved HTML pages, as real scrapes mix them.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "dategen:", err)
		os.Exit(1)
	}
}

// run generates the batch that args ask for. Asking for the help (-h) is
// not an error: the usage is printed and run returns nil.
func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("dategen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: dategen [-n N] [-seed S] [-force] DIR")
		fs.PrintDefaults()
	}
	var opts Options
	fs.IntVar(&opts.N, "n", 1000, "number of articles to write")
	fs.Uint64Var(&opts.Seed, "seed", 1, "seed; the same seed writes the same batch")
	fs.Float64Var(&opts.JSONL, "jsonl", 0.1, "share of articles written as JSON lines")
	fs.Float64Var(&opts.HTML, "html", 0.05, "share of articles written as HTML pages")
	force := fs.Bool("force", false, "write into DIR even if it is not empty")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("parse flags: %w", err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("want exactly one folder")
	}
	dir := fs.Arg(0)
	if !*force {
		if err := checkEmpty(dir); err != nil {
			return err
		}
	}
	st, err := Generate(dir, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %d articles in %d files (%.1f MB) to %s\n", st.Articles, st.Files, float64(st.Bytes)/1e6, dir)
	return nil
}

// checkEmpty refuses a folder that already holds something, so that a typo
// in DIR cannot scatter thousands of files over someone's work.
func checkEmpty(dir string) error {
	f, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check %s: %w", dir, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("check %s: %w", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a folder", dir)
	}
	names, err := f.Readdirnames(1)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("check %s: %w", dir, err)
	}
	if len(names) > 0 {
		return fmt.Errorf("%s is not empty; use -force to write into it anyway", dir)
	}
	return nil
}
