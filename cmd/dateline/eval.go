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
const evalUsage = "Usage: dateline eval clean [--input text|html] [--no-clean] [--no-batch] [--min-f1 F] DIR\n" +
	"       dateline eval titles [--min-share S] DIR\n"

// runEval scores dateline against a folder laid out like wcxb-dev:
// index.tsv, text/<id>.txt with text/<id>.truth.txt, and html/<id>.html.gz.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) > 0 && args[0] == "clean":
		return runEvalClean(ctx, args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "titles":
		return runEvalTitles(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, evalUsage)
	return 2
}

// runEvalClean scores dateline's cleaning of the pages' text dumps or HTML
// against their main content.
func runEvalClean(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dateline eval clean", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "text", "what to clean: text (the page's text dump) or html (the page, extracted with go-trafilatura first)")
	noClean := fs.Bool("no-clean", false, "score the input without dateline's cleaner: the keep-everything baseline for text, go-trafilatura alone for html")
	noBatch := fs.Bool("no-batch", false, "clean each page alone, without the batch step that the reader runs over the folder's pages")
	minF1 := fs.Float64("min-f1", 0, "exit with status 1 when the overall F1 is below this, so that CI catches a regression")
	dir, code, ok := parseEvalArgs(fs, args, "Prints word 4-gram precision, recall and F1 overall and by page type, and the worst pages.\nThe pages are cleaned as the reader cleans a folder: as one batch, so that lines\nrepeated across many of them are stripped as template.\n")
	if !ok {
		return code
	}
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
	return finishEval(stdout, stderr, err, rep, func() string {
		if f1 := rep.Overall.F1; f1 < *minF1 {
			return fmt.Sprintf("overall F1 %.3f is below the required %.3f", f1, *minF1)
		}
		return ""
	})
}

// finishEval prints the report of an evaluation, or err when it failed,
// and returns the exit status: 1 as well when short, called after the
// report is printed, says why the figures fall short of a gate.
func finishEval(stdout, stderr io.Writer, err error, rep interface{ Write(io.Writer) error }, short func() string) int {
	if err == nil {
		err = rep.Write(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "dateline eval: %v\n", err)
		return 1
	}
	if why := short(); why != "" {
		fmt.Fprintf(stderr, "dateline eval: %s\n", why)
		return 1
	}
	return 0
}

// parseEvalArgs gives fs, whose output is already set, the usage of eval
// with about under it, and parses args, which must name one folder. When
// the command should not go on, ok is false and code is its exit status.
func parseEvalArgs(fs *flag.FlagSet, args []string, about string) (dir string, code int, ok bool) {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalUsage+"\n"+about+"\n")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return "", code, false
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return "", 2, false
	}
	return fs.Arg(0), 0, true
}

// runEvalTitles scores the titles the reader shows for the pages' text
// dumps against the pages' own headlines, the <h1> of their HTML.
func runEvalTitles(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dateline eval titles", flag.ContinueOnError)
	fs.SetOutput(stderr)
	minShare := fs.Float64("min-share", 0, "exit with status 1 when the share of pages titled with their headline is below this")
	dir, code, ok := parseEvalArgs(fs, args, "Prints how often the title the reader shows for a page's text dump is the page's\nheadline (its one <h1>), overall and by page type, and some article pages titled otherwise.\n")
	if !ok {
		return code
	}
	// The titles come from the loader, as the list shows them; entities
	// play no part in a title.
	l, err := store.NewLoader(store.Options{NoEntities: true})
	if err != nil {
		fmt.Fprintf(stderr, "dateline eval: %v\n", err)
		return 1
	}
	rep, err := score.Titles(ctx, dir, func(id string) (string, error) {
		path := filepath.Join(dir, "text", id+".txt")
		data, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", path, err)
		}
		arts, _ := l.Build(path, data)
		if len(arts) == 0 {
			return "", nil
		}
		return arts[0].Title, nil
	})
	return finishEval(stdout, stderr, err, rep, func() string {
		if sh := rep.Overall.Share(); sh < *minShare {
			return fmt.Sprintf("%.3f of the pages are titled with their headline, below the required %.3f", sh, *minShare)
		}
		return ""
	})
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
