package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"dateline/store/clean"
	"dateline/store/clean/score"
	"dateline/store/format"
)

// runEval scores dateline's cleaning against a folder laid out like
// wcxb-dev: index.tsv, text/<id>.txt with text/<id>.truth.txt, and for HTML
// input html/<id>.html.gz.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "clean" {
		fmt.Fprintln(stderr, "Usage: dateline eval clean [--input text|html] [--no-clean] DIR")
		return 2
	}
	fs := flag.NewFlagSet("dateline eval clean", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "text", "what to clean: text (the page's text dump) or html (the page, extracted with go-trafilatura first)")
	noClean := fs.Bool("no-clean", false, "score the input without dateline's cleaner: the keep-everything baseline for text, go-trafilatura alone for html")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: dateline eval clean [--input text|html] [--no-clean] DIR\n\nPrints word 4-gram precision, recall and F1 overall and by page type, and the worst pages.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	dir := fs.Arg(0)
	cleaner := clean.New()
	if *input == "html" {
		// The extractor already kept only the main content: use the
		// cleaner made for that, as the loader does for HTML files.
		cleaner = clean.NewExtracted()
	}
	finish := func(s string) string {
		if *noClean {
			return s
		}
		return cleaner.Clean(s).Text()
	}
	var rep score.Report
	var err error
	switch *input {
	case "text":
		rep, err = score.Dir(ctx, dir, finish)
	case "html":
		rep, err = score.DirFunc(ctx, dir, func(id string) (string, error) {
			return extractPage(filepath.Join(dir, "html", id+".html.gz"), finish)
		})
	default:
		fmt.Fprintf(stderr, "dateline eval: unknown input %q (want text or html)\n", *input)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "dateline eval: %v\n", err)
		return 1
	}
	if err := rep.Write(stdout); err != nil {
		fmt.Fprintf(stderr, "dateline eval: %v\n", err)
		return 1
	}
	return 0
}

// extractPage reads a gzipped page the way the loader does and returns its
// main text after finish. A page with no main content predicts nothing.
func extractPage(path string, finish func(string) string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	if format.IsGzip(data) {
		if data, _, err = format.Gunzip(data, 64<<20); err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
	}
	docs, _, err := format.Read(path, data)
	if err != nil || len(docs) == 0 {
		return "", nil
	}
	return finish(docs[0].Body), nil
}
