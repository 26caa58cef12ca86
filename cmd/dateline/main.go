// Command dateline is a terminal reader for folders of scraped news
// articles. This file holds flags and wiring only; the work is done in the
// store and ui packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"golang.org/x/term"

	"dateline/store"
	"dateline/store/cache"
	"dateline/store/state"
	"dateline/ui"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the command line and returns the exit status: 0 on success, 1
// when the work failed, 2 on a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if len(args) > 0 {
		switch args[0] {
		case "export":
			return runExport(ctx, args[1:], stdout, stderr)
		case "clean":
			return runClean(ctx, args[1:], stdout, stderr)
		case "ner":
			return runNER(ctx, args[1:], stdout, stderr)
		case "eval":
			return runEval(ctx, args[1:], stdout, stderr)
		case "completion":
			return runCompletion(args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("dateline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	skipped := fs.Bool("skipped", false, "list skipped and truncated files with their reasons, then exit")
	maxSize := fs.Int64("max-size", store.DefaultMaxSize, "bytes read from one file; larger files are truncated with a note")
	noCache := fs.Bool("no-cache", false, "neither read nor write the cache of processed articles")
	rf := addReaderFlags(fs)
	fs.Usage = func() { printUsage(stderr, fs) }
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if rf.help {
		printHelp(stdout, fs)
		return 0
	}
	setup, err := rf.setup(os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "dateline: %v\n", err)
		return 2
	}
	roots := fs.Args()
	if len(roots) == 0 {
		roots = []string{"."}
	}
	if *skipped {
		// The listing needs neither entities nor the batch step, and an
		// ordered load keeps no article: it reads the folder as export
		// does, and lists the skips in path order.
		loader, err := store.NewLoader(store.Options{MaxSize: *maxSize, NoEntities: true, Ordered: true})
		if err != nil {
			fmt.Fprintf(stderr, "dateline: %v\n", err)
			return 1
		}
		return listSkipped(ctx, loader, roots, stdout, stderr)
	}
	if !term.IsTerminal(int(os.Stdout.Fd())) || !term.IsTerminal(int(os.Stdin.Fd())) {
		fmt.Fprintln(stderr, "dateline: the reader needs a terminal; use 'dateline --skipped' to list skipped files, or run it in a terminal")
		return 2
	}
	return runReader(ctx, store.Options{MaxSize: *maxSize}, !*noCache, roots, setup, stderr)
}

// startLoad opens the cache, builds the loader and streams the load, all in
// the background: hashing the executable for the cache's version and
// decoding the entity model take tens of milliseconds that the first
// screen should not wait for. A loader that cannot start ends the stream
// with the reason as a skip.
//
// The reader holds slim articles (store.Options.Slim), so that a batch of
// 100,000 stays within a few hundred megabytes; full reads one back whole,
// once the loader is up, and evict is the loader's Evict, which does
// nothing until then. done is closed when the load has stopped and its
// pack is written or removed; the caller waits for it, up to quitWait,
// before it exits.
func startLoad(ctx context.Context, opts store.Options, useCache bool, roots []string) (updates <-chan store.Update, full ui.FullFunc, evict func(), done <-chan struct{}) {
	out := make(chan store.Update, 1)
	over := make(chan struct{})
	opts.Slim = true
	// loader is set before up is closed and never after.
	var loader *store.Loader
	up := make(chan struct{})
	full = func(ctx context.Context, a *store.Article) (*store.Article, error) {
		select {
		case <-up:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if loader == nil {
			return nil, errors.New("the loader did not start")
		}
		return loader.Full(ctx, a)
	}
	evict = func() {
		select {
		case <-up:
			if loader != nil {
				loader.Evict()
			}
		default:
		}
	}
	go func() {
		defer close(over)
		defer close(out)
		if useCache {
			opts.Cache = openCache()
		}
		var pace gcPace
		opts.OnBuild = pace.restore
		l, err := store.NewLoader(opts)
		loader = l
		close(up)
		if err != nil {
			out <- store.Update{Skips: []store.Skip{{Path: "(dateline)", Reason: err.Error()}}, Finished: true}
			return
		}
		if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" && l.Reopens(roots) {
			pace.raise()
		}
		defer pace.restore()
		loaded := l.Load(ctx, roots)
		for u := range loaded {
			select {
			case out <- u:
			case <-ctx.Done():
				// The load winds down on its own, removing a pack it
				// was writing; its last updates are for nobody.
				for range loaded {
				}
				return
			}
			if u.Finished {
				pace.restore()
			}
		}
		if ctx.Err() != nil {
			return
		}
		// A load leaves much short-lived garbage behind (file text,
		// decoded entries, the pack's pages), and the Go runtime hands
		// freed memory back to the system only gradually. Handing it back
		// once the load is over, its pack written, brings the reader down
		// to about its live heap at once, which matters on a server
		// shared with others. It is done twice: the entity model the load
		// let go is still held by its pooled decoders, which a sync.Pool
		// keeps through one collection.
		debug.FreeOSMemory()
		debug.FreeOSMemory()
	}()
	return out, full, evict, over
}

// quitWait bounds how long leaving the reader waits for the load to stop.
const quitWait = 2 * time.Second

// gcPace stops the collector while a reopen is under way.
//
// A reopen makes its heap of slim articles, about 150 MB at 100,000, out
// of the pack at a fast pace and with little garbage. At the collector's
// default pace a reopen of 100,000 ran 18 collections, each marking the
// heap grown so far; letting the heap grow to five times its live size
// cut them to 3, but the one that still fell while the reopen showed the
// pack marked 170 MB of articles on one of the two cores, and took a
// fifth off the time until all were shown (0.576 against 0.461 s with
// none, medians of 6 runs in turn; 2,000% and 5,000% did no better than
// 400%). So the collector is off until the load is in, FreeOSMemory then
// collecting once and handing the rest back; a memory limit stays as a
// backstop for a batch far larger than the heap a reopen makes. A load
// that cleans and tags files makes garbage with each: the first file it
// has to build puts the collector back, for the rest of the run.
type gcPace struct {
	mu        sync.Mutex
	prevPct   int
	prevLimit int64
	raised    bool
	done      bool // restored once: not raised again
}

// reopenLimit is the heap a reopen may grow to before the collector runs
// after all: some fourteen times what a reopen of 100,000 articles makes.
const reopenLimit = 2 << 30

// raise turns the collector off, with the backstop, unless restore has run.
func (p *gcPace) raise() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.raised && !p.done {
		p.prevLimit = debug.SetMemoryLimit(reopenLimit)
		p.prevPct, p.raised = debug.SetGCPercent(-1), true
	}
}

// restore puts back the settings raise replaced; it is safe to call from
// any goroutine, any number of times.
func (p *gcPace) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.raised {
		debug.SetGCPercent(p.prevPct)
		debug.SetMemoryLimit(p.prevLimit)
		p.raised = false
	}
	p.done = true
}

// openCache opens the cache of processed articles in the user's cache
// folder, or returns nil to load without one: a cache is a speed-up, never
// a reason to fail.
func openCache() *cache.Cache {
	dir, err := cache.DefaultDir()
	if err != nil {
		return nil
	}
	version, err := cache.VersionOf()
	if err != nil {
		return nil
	}
	c, err := cache.Open(dir, version)
	if err != nil {
		return nil
	}
	return c
}

// runReader opens the interactive reader. Loading runs in the background and
// streams into the UI; leaving the reader cancels it.
func runReader(ctx context.Context, lopts store.Options, useCache bool, roots []string, setup readerSetup, stderr io.Writer) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Read and starred marks persist in the user's state directory; without
	// one (no home directory) they last for this run only.
	var st *state.Store
	if p, err := state.DefaultPath(); err == nil {
		st = state.New(p)
	}
	cfg := setup.cfg
	var loadOver <-chan struct{}
	cfg.Updates, cfg.Full, cfg.Evict, loadOver = startLoad(ctx, lopts, useCache, roots)
	cfg.Roots, cfg.State = roots, st
	// Lip Gloss has detected the terminal's colours for stdout already, as
	// its package was initialised; Bubble Tea would detect them again, the
	// same way, before the first frame. Inside tmux each detection runs
	// `tmux info`, a process of its own. The flags' own profile (--no-color)
	// comes after, and wins.
	opts := append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithColorProfile(lipgloss.Writer.Profile)}, setup.opts...)
	final, err := tea.NewProgram(ui.New(cfg), opts...).Run()
	if m, ok := final.(ui.Model); ok {
		if cerr := m.Close(); cerr != nil {
			fmt.Fprintf(stderr, "dateline: %v\n", cerr)
		}
	}
	// A load still under way, or still writing the pack for the next
	// start, stops and removes what it was writing; without this wait the
	// process ended first and left the half-written file in the cache.
	// The wait is bounded: leaving must never hang.
	cancel()
	select {
	case <-loadOver:
	case <-time.After(quitWait):
	}
	switch {
	case err == nil, errors.Is(err, tea.ErrProgramKilled):
		return 0
	case errors.Is(err, tea.ErrProgramPanic):
		// Bubble Tea has restored the terminal and printed the trace; say
		// plainly what happened, once.
		fmt.Fprintln(stderr, "dateline stopped on an internal error (a bug); the terminal was restored and the article folder was not touched.")
		return 1
	}
	fmt.Fprintf(stderr, "dateline: %v\n", err)
	return 1
}

// listSkipped loads roots and prints every skipped item as "path: reason".
// It counts the articles rather than keeping them, so that listing the
// skips of a large batch takes little memory.
func listSkipped(ctx context.Context, loader *store.Loader, roots []string, stdout, stderr io.Writer) int {
	loaded, finished := 0, false
	var skips []store.Skip
	for u := range loader.Load(ctx, roots) {
		loaded += len(u.Articles)
		skips = append(skips, u.Skips...)
		finished = finished || u.Finished
	}
	for _, s := range skips {
		fmt.Fprintf(stdout, "%s: %s\n", printable(s.Path), s.Reason)
	}
	fmt.Fprintf(stderr, "%d loaded, %d skipped\n", loaded, len(skips))
	if !finished {
		return 1
	}
	return 0
}
