package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"dateline/store"
	"dateline/store/clean"
	"dateline/store/clean/score"
	"dateline/store/format"
)

// evalUsage is the synopsis of dateline eval, for a mistake and for --help.
const evalUsage = "Usage: dateline eval clean [--input text|html] [--no-clean] [--no-batch] [--min-f1 F] DIR\n"

// runEval scores dateline's cleaning against a folder laid out like
// wcxb-dev: index.tsv, text/<id>.txt with text/<id>.truth.txt, and for HTML
// input html/<id>.html.gz.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "clean" {
		fmt.Fprint(stderr, evalUsage)
		return 2
	}
	fs := flag.NewFlagSet("dateline eval clean", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "text", "what to clean: text (the page's text dump) or html (the page, extracted with go-trafilatura first)")
	noClean := fs.Bool("no-clean", false, "score the input without dateline's cleaner: the keep-everything baseline for text, go-trafilatura alone for html")
	noBatch := fs.Bool("no-batch", false, "clean each page alone, without the batch step that the reader runs over the folder's pages")
	minF1 := fs.Float64("min-f1", 0, "exit with status 1 when the overall F1 is below this, so that CI catches a regression")
	fs.Usage = func() {
		fmt.Fprint(stderr, evalUsage+"\nPrints word 4-gram precision, recall and F1 overall and by page type, and the worst pages.\nThe pages are cleaned as the reader cleans a folder: as one batch, so that lines\nrepeated across many of them are stripped as template.\n\n")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	dir := fs.Arg(0)
	// Either way a page is read as the loader reads a file, so that it is
	// scored on the text the reader would show.
	var read func(id string) (format.Doc, error)
	switch *input {
	case "text":
		read = func(id string) (format.Doc, error) { return readPage(filepath.Join(dir, "text", id+".txt")) }
	case "html":
		read = func(id string) (format.Doc, error) { return readPage(filepath.Join(dir, "html", id+".html.gz")) }
	default:
		fmt.Fprintf(stderr, "dateline eval: unknown input %q (want text or html)\n", *input)
		return 2
	}
	batch := !*noClean && !*noBatch
	// Each document gets the cleaner the loader would give it: the one
	// made for main content when an extractor already kept only that, the
	// whole-page one otherwise (a text dump, or a page the extractor could
	// not read as HTML); and, once every page is read, the batch step.
	whole, extracted := clean.New(), clean.NewExtracted()
	finish := func(d format.Doc) string {
		if *noClean {
			return d.Body
		}
		c := whole
		if d.Extracted {
			c = extracted
		}
		return c.CleanText(d.Body)
	}
	// With the batch step, a first pass only reads every page and keeps its
	// document (for HTML, extracting the pages takes most of the run), and
	// the second, once the lines are counted, cleans and scores them.
	var mu sync.Mutex
	docs := map[string]format.Doc{}
	rep, err := score.DirFunc(ctx, dir, func(id string) (string, error) {
		d, err := read(id)
		if err != nil || !batch {
			return finish(d), err
		}
		mu.Lock()
		docs[id] = d
		mu.Unlock()
		return "", nil
	})
	if err == nil && batch {
		stats := clean.NewBatchStats()
		for _, d := range docs {
			stats.Add(clean.LineKeys(d.Body))
		}
		whole, extracted = whole.WithBatch(stats), extracted.WithBatch(stats)
		rep, err = score.DirFunc(ctx, dir, func(id string) (string, error) {
			return finish(docs[id]), nil
		})
		if err == nil {
			fmt.Fprintf(stdout, "cleaned as one batch of %d pages, as the reader cleans a folder (--no-batch: each page alone)\n\n", len(docs))
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "dateline eval: %v\n", err)
		return 1
	}
	if err := rep.Write(stdout); err != nil {
		fmt.Fprintf(stderr, "dateline eval: %v\n", err)
		return 1
	}
	if f1 := rep.Overall.F1; f1 < *minF1 {
		fmt.Fprintf(stderr, "dateline eval: overall F1 %.3f is below the required %.3f\n", f1, *minF1)
		return 1
	}
	return 0
}

// readPage reads a page the way the loader reads a file (gunzipped,
// decoded, and for HTML extracted with go-trafilatura) and returns its main
// text as a document.
//
// A page that is there but yields no document (no main content found, an
// empty or binary file) predicts nothing rather than failing the run: the
// loader would skip it and the reader show nothing, so the page scores zero
// recall, as an extractor that returns nothing does in the benchmark.
// Leaving it out instead would flatter the score. A page that cannot be read
// at all is an error, since the folder is then not the one being scored.
func readPage(path string) (format.Doc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return format.Doc{}, fmt.Errorf("read %s: %w", path, err)
	}
	if format.IsGzip(data) {
		if data, _, err = format.Gunzip(data, store.DefaultMaxSize); err != nil {
			return format.Doc{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	docs, _, err := format.Read(path, data)
	if err != nil || len(docs) == 0 {
		return format.Doc{}, nil
	}
	return docs[0], nil
}
