package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"dateline/store/entity"
)

// runNER tags a CoNLL file: each input line comes out with the predicted
// IOB2 tag appended, ready for conlleval-style scoring. An interrupt stops
// it between two documents, with exit status 1.
func runNER(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dateline ner", flag.ContinueOnError)
	fs.SetOutput(stderr)
	conll := fs.String("conll", "", "CoNLL file to tag: token in the first column, -DOCSTART- between documents, blank lines between sentences")
	model := fs.String("model", "", "entity model file from 'go run ./store/entity/train' (default: the embedded model)")
	score := fs.Bool("score", false, "instead of tagging, score against the gold tags in the last column (entity F1, exact span and type)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: dateline ner [--model FILE] [--score] --conll FILE\n\n")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *conll == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	rec, err := entity.Open(*model)
	if err != nil {
		fmt.Fprintf(stderr, "dateline ner: %v\n", err)
		return 1
	}
	f, err := os.Open(*conll)
	if err != nil {
		fmt.Fprintf(stderr, "dateline ner: %v\n", err)
		return 1
	}
	defer f.Close()
	if *score {
		s, err := rec.ScoreCoNLL(ctx, f)
		if err != nil {
			nerFailed(stderr, *conll, err)
			return 1
		}
		fmt.Fprintln(stdout, s.String())
		return 0
	}
	out := bufio.NewWriter(stdout)
	if err := rec.TagCoNLL(ctx, f, out); err != nil {
		nerFailed(stderr, *conll, err)
		return 1
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "dateline ner: %v\n", err)
		return 1
	}
	return 0
}

// nerFailed reports why tagging or scoring path stopped: an interrupt as
// such, as dateline export does, and any other error with the file's name.
func nerFailed(stderr io.Writer, path string, err error) {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "dateline ner: interrupted")
		return
	}
	fmt.Fprintf(stderr, "dateline ner: %s: %v\n", path, err)
}
