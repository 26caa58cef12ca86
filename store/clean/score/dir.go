package score

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
)

// Report is the evaluation of a cleaner over a directory of pages.
type Report struct {
	Overall Summary
	ByType  map[string]Summary // keyed by page type from index.tsv
	Pages   []Page             // every page, in index order
}

// Types returns the page types of the report, sorted.
func (r Report) Types() []string {
	var ts []string
	for t := range r.ByType {
		ts = append(ts, t)
	}
	slices.Sort(ts)
	return ts
}

// Worst returns up to n pages with the lowest F1, worst first. Pages with
// neither a prediction nor a truth are left out: there was nothing to get wrong.
func (r Report) Worst(n int) []Page {
	var ps []Page
	for _, p := range r.Pages {
		if p.HasPrediction() || p.HasTruth() {
			ps = append(ps, p)
		}
	}
	slices.SortStableFunc(ps, func(a, b Page) int {
		switch fa, fb := a.F1(), b.F1(); {
		case fa < fb:
			return -1
		case fa > fb:
			return 1
		}
		return 0
	})
	return ps[:min(n, len(ps))]
}

// Write prints the report as plain text: overall figures, one line per page
// type, and the ten worst pages.
func (r Report) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%-14s %6s %6s %6s %6s\n", "pages", "n", "F1", "P", "R")
	row := func(name string, s Summary) {
		fmt.Fprintf(bw, "%-14s %6d %6.3f %6.3f %6.3f\n", name, s.Pages, s.F1, s.Precision, s.Recall)
	}
	row("all", r.Overall)
	for _, t := range r.Types() {
		row(t, r.ByType[t])
	}
	fmt.Fprintf(bw, "\nworst pages:\n")
	for _, p := range r.Worst(10) {
		fmt.Fprintf(bw, "  %-8s %-14s F1 %.3f  P %.3f  R %.3f\n", p.ID, p.Type, p.F1(), p.Precision(), p.Recall())
	}
	return bw.Flush()
}

// entry is one row of index.tsv.
type entry struct{ id, typ string }

// Dir scores clean over a directory laid out like wcxb-dev: index.tsv with
// columns id and page_type, and text/<id>.txt (the input) with
// text/<id>.truth.txt (the main content). Without index.tsv every
// text/<id>.txt that has a truth file is scored, with type "unknown". Pages
// are cleaned in parallel, so clean must be safe for concurrent use.
func Dir(ctx context.Context, dir string, clean func(string) string) (Report, error) {
	return DirFunc(ctx, dir, func(id string) (string, error) {
		input, err := os.ReadFile(filepath.Join(dir, "text", id+".txt"))
		if err != nil {
			return "", fmt.Errorf("read page %s: %w", id, err)
		}
		return clean(string(input)), nil
	})
}

// DirFunc scores the predictions of predict, given each page's id, against
// the truth in text/<id>.truth.txt of a directory laid out like wcxb-dev. It
// lets a caller score other inputs of the same pages, such as the HTML.
// predict is called in parallel. When a page fails, the pages not yet
// begun are skipped and the error of the page that failed first in time is
// returned; pages already under way when it failed still finish, and may
// fail too without their errors being reported.
func DirFunc(ctx context.Context, dir string, predict func(id string) (string, error)) (Report, error) {
	entries, err := readIndex(dir)
	if err != nil {
		return Report{}, err
	}
	pages := make([]Page, len(entries))
	err = eachPage(ctx, entries, func(i int, e entry) error {
		p, err := scorePage(dir, e, predict)
		pages[i] = p
		return err
	})
	if err != nil {
		return Report{}, err
	}
	rep := Report{Pages: pages, ByType: map[string]Summary{}, Overall: Summarise(pages)}
	byType := map[string][]Page{}
	for _, p := range pages {
		byType[p.Type] = append(byType[p.Type], p)
	}
	for t, ps := range byType {
		rep.ByType[t] = Summarise(ps)
	}
	return rep, nil
}

// eachPage calls f for every entry, in parallel. A page that fails stops
// the run: when one fails, all of them usually do for the same reason
// (html/ missing, say), and one error says it better than one per page. The
// pages not yet begun are skipped, and the error of the page that failed
// first in time is returned, or the context's error when it was cancelled.
func eachPage(ctx context.Context, entries []entry, f func(i int, e entry) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, e := range entries {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			// Go may have waited for a free slot while another page
			// failed; this one need not be done then.
			if gctx.Err() != nil {
				return nil
			}
			return f(i, e)
		})
	}
	err := g.Wait()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return err
}

func scorePage(dir string, e entry, predict func(id string) (string, error)) (Page, error) {
	prediction, err := predict(e.id)
	if err != nil {
		return Page{}, err
	}
	truth, err := os.ReadFile(filepath.Join(dir, "text", e.id+".truth.txt"))
	if err != nil {
		return Page{}, fmt.Errorf("read truth %s: %w", e.id, err)
	}
	p := Compare(prediction, string(truth))
	p.ID, p.Type = e.id, e.typ
	return p, nil
}

// readIndex lists the pages of dir from index.tsv, or from text/ when there
// is no index.
func readIndex(dir string) ([]entry, error) {
	f, err := os.Open(filepath.Join(dir, "index.tsv"))
	if errors.Is(err, os.ErrNotExist) {
		return listText(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	idCol, typeCol := -1, -1
	var out []entry
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if idCol < 0 {
			idCol, typeCol = slices.Index(cols, "id"), slices.Index(cols, "page_type")
			if idCol < 0 {
				return nil, fmt.Errorf("index %s: no id column", f.Name())
			}
			continue
		}
		if len(cols) <= idCol || cols[idCol] == "" {
			continue
		}
		e := entry{id: cols[idCol], typ: "unknown"}
		if typeCol >= 0 && typeCol < len(cols) && cols[typeCol] != "" {
			e.typ = cols[typeCol]
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read index %s: %w", f.Name(), err)
	}
	return out, nil
}

func listText(dir string) ([]entry, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "text", "*.truth.txt"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	if len(matches) == 0 {
		return nil, fmt.Errorf("%s: no index.tsv and no text/*.truth.txt", dir)
	}
	var out []entry
	for _, m := range matches {
		out = append(out, entry{id: strings.TrimSuffix(filepath.Base(m), ".truth.txt"), typ: "unknown"})
	}
	slices.SortFunc(out, func(a, b entry) int { return strings.Compare(a.id, b.id) })
	return out, nil
}
