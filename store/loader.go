package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"dateline/store/cache"
	"dateline/store/clean"
	"dateline/store/entity"
	"dateline/store/format"
)

// DefaultMaxSize is the largest file read whole; larger files are truncated.
const DefaultMaxSize = 20 << 20

// Options tune a Loader. The zero value gives sensible defaults.
type Options struct {
	Workers int   // parallel readers; 0 means one per core
	MaxSize int64 // bytes read from one file before truncating; 0 means DefaultMaxSize
	// Ordered makes Load stream articles in path order, as export needs;
	// otherwise they stream as they finish, which shows the first screen
	// sooner.
	Ordered bool
	// NoEntities skips entity recognition, for exports that do not want it.
	NoEntities bool
	// Cache, when set, keeps what the loader makes of each file, so that
	// reopening a batch reads it back instead of cleaning and tagging
	// again. Entries are keyed by path, size, modification time and the
	// options above; the cache's own version covers the code.
	Cache *cache.Cache
	// Slim streams light copies of the articles (see Article.Slim), for a
	// reader that holds a large batch in memory and calls Full for the one
	// it shows.
	Slim bool
	// OnBuild, when set, is called each time the loader reads and cleans a
	// file rather than reading it back from the cache (to build it, or for
	// the batch step to clean it again), from whichever goroutine does so:
	// a caller that tunes itself for a reopen, whose work is reading the
	// cache, learns that this load does more.
	OnBuild func()
	// Batch, when set, holds the line counts of the whole batch, gathered
	// beforehand (see CountLines): every article is then cleaned with the
	// batch step as it is read, so that an ordered load streams the text a
	// reader shows once its batch step is done. It cannot be used with
	// Cache, whose entries are made without it.
	Batch *clean.BatchStats
	// Flush is how often progress is streamed to the consumer; 0 means 50ms.
	// Articles are batched between flushes so that a folder of thousands of
	// files does not flood the UI with one message per file.
	Flush time.Duration
}

// Loader reads article files, cleans them and finds their entities.
// It is safe for concurrent use and never writes to the files it reads.
type Loader struct {
	opts    Options
	cleaner *clean.Cleaner
	// extracted cleans bodies that an HTML extractor already reduced to
	// the main content, where the whole-page cleaner would cut real text.
	extracted *clean.Cleaner
	// recognizer returns the entity recognizer, loading it on first use;
	// nil with Options.NoEntities. It is model's get, which a reader's
	// load lets go when it is done (see model).
	recognizer func() (*entity.Recognizer, error)
	model      *model
	// recent holds the files Full read last, and recentText those the
	// batch step read untagged (see Loader.original).
	recent, recentText *recentFiles
	// names shares entity names between the slim articles of a batch.
	names *nameTable
	// lent holds the cache blobs slim articles borrow from, for Evict.
	lent lent
	// build is Build and rebatch is revise; tests replace them to make a
	// worker fail or to count the work done.
	build   func(path string, data []byte) ([]*Article, []Skip)
	rebatch func(a *Article, stats *clean.BatchStats) *Article
	// beforeCommit, when set, runs after a load's last update and before
	// its pack is written; tests use it to hold the writing back.
	beforeCommit func()
	// rawOnly makes articles with their raw text alone, neither cleaned
	// nor tagged, for CountLines, which needs nothing else.
	rawOnly bool
}

// NewLoader returns a loader with the default cleaner and the entity model
// embedded in the binary. With NoEntities set no model is loaded: decoding
// it takes tens of milliseconds and megabytes for nothing. Otherwise the
// model is loaded only once a file has to be tagged, which a reopen served
// by the cache never does.
func NewLoader(opts Options) (*Loader, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	if opts.Flush <= 0 {
		opts.Flush = 50 * time.Millisecond
	}
	if opts.Batch != nil && opts.Cache != nil {
		return nil, errors.New("new loader: batch statistics given beforehand cannot be used with a cache")
	}
	if opts.Batch != nil && opts.Batch.Docs() < minBatchDocs {
		opts.Batch = nil // too few articles for the step, as in a reader's load
	}
	l := &Loader{opts: opts, cleaner: clean.New(), extracted: clean.NewExtracted(), recent: &recentFiles{}, recentText: &recentFiles{}, names: newNameTable()}
	if !opts.NoEntities {
		// A reader's loader holds a model of its own, to let it go once
		// the batch is in; others share the process's.
		if opts.Slim {
			l.model = &model{load: entity.LoadOwn, keep: opts.Cache == nil}
			l.recognizer = l.model.get
		} else {
			l.recognizer = entity.Load
		}
	}
	l.build, l.rebatch = l.Build, l.revise
	return l, nil
}

// job is one file found by the walk.
type job struct {
	seq  int      // position in walk order
	path string   // root joined with the relative path, as shown to the user
	rec  *packRec // the pack's record of the file, if it has one
	// preview asks for the pack's entry of rec as it is, without a look
	// at the file (see preview).
	preview bool
}

// result is what a worker made of one job.
type result struct {
	seq      int
	articles []*Article
	skips    []Skip
	// keys are the articles' line keys, which feed the batch statistics
	// and tell the batch step which articles it may change.
	keys []lineKeys
	// pack is the file's record for the next pack (see packRecord).
	pack packRecord
	// rec is the old pack's record of the file, if it has one.
	rec *packRec
	// preview marks a result made for a reopen's preview, and confirmed
	// one that the walk found still true of its file (see preview).
	preview, confirmed bool
}

// A reopen shows the batch as its pack left it before it looks at the
// folder, and then checks it, file by file: at 100,000 articles, the walk
// and a stat of every file took a third of the time until the list was
// whole, for a folder that had most often not changed. This preview is
// what the loader keeps of it.
type preview struct {
	pk    *pack
	roots []string
	// shown are the results shown, by the place of their record in the
	// pack's order; a record whose entry was damaged has none (its pack
	// entry is nil). The aggregator fills them in until done is closed;
	// the workers read them after.
	shown []result
	done  chan struct{}
	// taken counts the preview's results taken, and checked marks the
	// records whose files the walk reached; both are the aggregator's.
	taken   int
	checked []bool
	// revised holds the names of the articles whose kept revisions were
	// shown with the preview (see Loader.showRevisions); it is nil until
	// the revisions kept for the pack were read, and empty if there were
	// none.
	revised map[revisionKey]bool
}

// newPreview returns the preview of a reopen from pk, or nil when there is
// nothing to preview.
func newPreview(pk *pack, roots []string) *preview {
	if pk == nil || len(pk.order) == 0 {
		return nil
	}
	return &preview{pk: pk, roots: roots, shown: make([]result, len(pk.order)), checked: make([]bool, len(pk.order)), done: make(chan struct{})}
}

// wasShown returns what the preview showed for rec, or nil.
func (p *preview) wasShown(rec *packRec) *result {
	if p == nil || rec == nil || p.shown[rec.pos].pack.entry == nil {
		return nil
	}
	return &p.shown[rec.pos]
}

// still reports whether the file at path is a regular file in the state
// rec records.
func still(path string, rec *packRec) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular() && rec.matches(info)
}

// lineKeys are an article's line keys (clean.LineKeys): all of them, which
// the batch statistics count, and those of the lines the article's own
// cleaning kept. Only a kept line repeated across the batch gives the
// batch step something to take out; an article whose repeated lines were
// all stripped already is left as it is.
//
// Keys read back from the pack stay encoded in it (packed), since a reopen
// of an unchanged batch never needs them (its revisions are kept beside the
// pack, see Loader.showRevisions); unpack decodes them.
type lineKeys struct {
	all, kept []uint64
	packed    []byte
}

// unpack returns k with all and kept decoded.
func (k lineKeys) unpack() lineKeys {
	if k.packed == nil {
		return k
	}
	// The bytes were checked when the entry was read, so they decode.
	d := dec{buf: k.packed}
	return lineKeys{all: d.u64s(), kept: d.u64s()}
}

// keysOf returns a's line keys.
func keysOf(a *Article) lineKeys {
	var kept strings.Builder
	for _, ln := range a.Clean.Lines {
		if ln.Kept() {
			kept.WriteString(ln.Text)
			kept.WriteByte('\n')
		}
	}
	return lineKeys{all: clean.LineKeys(a.Raw), kept: clean.LineKeys(kept.String())}
}

// Load walks roots (folders or files) and streams what it finds. Roots are
// visited in path order and each folder in name order. The channel is closed
// after an Update with Finished set, or when ctx is cancelled.
func (l *Loader) Load(ctx context.Context, roots []string) <-chan Update {
	out := make(chan Update, 1)
	// window bounds the files dispatched but not yet handed on, so that an
	// ordered load held up by one slow file cannot buffer the whole batch.
	window := make(chan struct{}, 64*l.opts.Workers)
	jobs := make(chan []job, l.opts.Workers)
	results := make(chan []result, l.opts.Workers)
	found := make(chan int, 1)
	walkSkips := make(chan Skip, 64)

	roots = sortedRoots(roots)

	// A reader reopening a batch reads the pack of its last load first.
	var pk *pack
	var pw *packWriter
	if l.usesPack() {
		pk = l.openPack(roots)
		pw = &packWriter{l: l, roots: roots, old: pk}
	}

	pv := newPreview(pk, roots)

	// The load may tag files until settlePack marks it done.
	l.model.use()
	go l.feed(ctx, roots, pk, pv, window, jobs, found, walkSkips)

	// The walk above runs only a window ahead of the work, so its count is
	// no total. A second walk that only lists names finishes in a fraction
	// of the time and gives the progress bar its end; a pack knows the
	// count of the last load already, which spares a reopen that walk.
	counted := make(chan int, 1)
	if pk != nil {
		counted <- len(pk.recs)
	} else {
		go l.count(ctx, roots, counted)
	}

	// The batch step needs every article before it can tell template from
	// text. An ordered load streams for export and keeps nothing, so it
	// does without, unless it was given the counts beforehand.
	var stats *clean.BatchStats
	if !l.opts.Ordered && l.opts.Batch == nil {
		stats = clean.NewBatchStats()
	}

	var wg sync.WaitGroup
	for range l.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for js := range jobs {
				rs := make([]result, len(js))
				for i, j := range js {
					rs[i] = l.work(ctx, j, pk, pv, pw, stats)
				}
				select {
				case results <- rs:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	// Once the workers and the aggregator are done with the pack, however
	// the load ends, its pages leave the reader's memory; the mapping
	// stays if articles were read from it, since they kept their search
	// text in it. It stays even when rebind has moved all of them to a new
	// pack: the consumer may be reading a string it took from one of them
	// before the move, on its own goroutine, and reading an unmapped page
	// is a fault no recover catches. The replaced file's disk space is
	// held until the reader exits. The entity model goes too (see model).
	// A load that ends normally lets them go after its last update, once
	// the new pack is written, and before it closes the channel, so that
	// its consumer, which hands the memory back to the system then, sees
	// them gone; a cancelled one, once its workers stop.
	settlePack := sync.OnceFunc(func() {
		if pk != nil && pk.used.Load() {
			l.lend(pk.blob)
		} else {
			pk.close()
		}
		l.model.done()
	})
	aggregated := make(chan struct{})
	go func() {
		wg.Wait()
		close(results)
		<-aggregated
		settlePack()
	}()

	go func() {
		defer close(aggregated)
		l.aggregate(ctx, out, results, walkSkips, found, counted, window, stats, pv, pw, settlePack)
	}()
	return out
}

// sortedRoots returns a sorted copy of roots: a load walks them, and names
// its pack, in this order.
func sortedRoots(roots []string) []string {
	roots = slices.Clone(roots)
	slices.SortStableFunc(roots, ComparePaths)
	return roots
}

// packChunk is how many files the pack records that the walk hands a
// worker at once (see feed).
const packChunk = 64

// feed walks roots and sends the files it finds to jobs, each in the
// window; it keeps the count of files found so far in found, and sends
// what it passes over to walkSkips. It closes jobs and walkSkips when the
// walk is over. With a preview, it first sends every record of the pack
// to be shown as it is, and walks once they all are.
//
// A file read back from pk, the pack of the last load, takes a few
// microseconds, about what handing it from the walk to a worker and its
// result on to the aggregator costs; such files are handed on in chunks of
// packChunk. A file the pack has no record of is cleaned and tagged, which
// takes milliseconds, and goes on its own, so that the first articles show
// at once and the workers share the last files evenly. A file the pack
// records but that changed since still rides in a chunk: telling would
// take a stat in the walk, and it is rare.
func (l *Loader) feed(ctx context.Context, roots []string, pk *pack, pv *preview, window chan<- struct{}, jobs chan<- []job, found chan int, walkSkips chan<- Skip) {
	defer close(jobs)
	defer close(walkSkips)
	n := 0
	walking := false
	var js []job
	// send hands the files held to a worker and updates the walk's count.
	send := func() bool {
		if len(js) == 0 {
			return true
		}
		select {
		case jobs <- js:
		case <-ctx.Done():
			return false
		}
		js = nil
		if !walking {
			return true
		}
		// Keep only the latest count in the one-slot channel.
		select {
		case <-found:
		default:
		}
		found <- n
		return true
	}
	// slot takes a place in the window for one more file.
	slot := func() bool {
		select {
		case window <- struct{}{}:
			return true
		default:
		}
		// The window is full. The files held here must go first: until
		// they are handed on, nothing frees it.
		if !send() {
			return false
		}
		select {
		case window <- struct{}{}:
			return true
		case <-ctx.Done():
			return false
		}
	}
	// A bug in the walk ends it with a skip, not a crash of the reader:
	// the files found so far still load, those held here included.
	defer func() {
		if r := recover(); r != nil {
			select {
			case walkSkips <- Skip{Path: strings.Join(roots, " "), Reason: fmt.Sprintf("internal error while listing files, listing stopped: %v", r)}:
			case <-ctx.Done():
			}
		}
		send()
	}()
	if pv != nil {
		for _, rec := range pk.order {
			if !slot() {
				return
			}
			js = append(js, job{path: rec.path, rec: rec, preview: true})
			if len(js) == packChunk && !send() {
				return
			}
		}
		if !send() {
			return
		}
		// The walk's jobs read what the preview showed.
		select {
		case <-pv.done:
		case <-ctx.Done():
			return
		}
	}
	walking = true
	for _, root := range roots {
		l.walk(ctx, root, func(p string) bool {
			if !slot() {
				return false
			}
			// A file the pack has no record of goes alone, after the
			// chunk held so far.
			rec := pk.find(p)
			packed := rec != nil
			if !packed && !send() {
				return false
			}
			js = append(js, job{seq: n, path: p, rec: rec})
			n++
			if packed && len(js) < packChunk {
				return true
			}
			return send()
		}, func(s Skip) {
			select {
			case walkSkips <- s:
			case <-ctx.Done():
			}
		})
	}
}

// work processes one job for Load: the file's result, slim if the load
// is, with its lines counted in stats and its entry made for the new pack.
// A file the preview showed and that is still as its record says gives
// what the preview made of it.
func (l *Loader) work(ctx context.Context, j job, pk *pack, pv *preview, pw *packWriter, stats *clean.BatchStats) result {
	var r result
	if j.preview {
		r = previewOf(pk, j.rec)
	} else if sh := pv.wasShown(j.rec); sh != nil && still(j.path, j.rec) {
		r = *sh
		r.seq, r.preview, r.confirmed = j.seq, false, true
		return r
	} else {
		r = l.process(ctx, j.path, processing{slim: l.opts.Slim, pk: pk, rec: j.rec, entry: pw == nil})
	}
	r.seq, r.rec = j.seq, j.rec
	// The lines of a file read back from the pack are counted only if the
	// batch step has to run (see aggregate).
	if stats != nil && !r.pack.fromPack {
		for _, keys := range r.keys {
			stats.Add(keys.all)
		}
	}
	if l.opts.Slim {
		for i, a := range r.articles {
			r.articles[i] = a.slimWith(l.names)
		}
	}
	if pw != nil && r.pack.path != "" {
		// Where each article's search text is in the entry, so that a new
		// pack can lend it out (see Loader.rebind); an entry from the old
		// pack holds the text the article borrows already.
		if r.pack.fromPack {
			r.pack.texts = textsIn(r.pack.entry, r.articles)
		} else {
			r.pack.entry = encodePackEntry(r, &r.pack.texts)
		}
		r.pack.articles = r.articles
	}
	return r
}

// reverts returns the articles of all that the preview showed revised and
// that are not among revised, the batch step's revisions now.
func (p *preview) reverts(all, revised []*Article) []*Article {
	if p == nil || len(p.revised) == 0 {
		return nil
	}
	now := make(map[revisionKey]bool, len(revised))
	for _, b := range revised {
		now[keyOf(b)] = true
	}
	var out []*Article
	for _, a := range all {
		k := keyOf(a)
		if p.revised[k] && !now[k] {
			out = append(out, a)
		}
	}
	return out
}

// previewOf returns the result pk holds for rec, for a preview: without a
// look at the file, and empty if the entry is damaged.
func previewOf(pk *pack, rec *packRec) (r result) {
	defer func() {
		if recover() != nil {
			r = result{}
		}
		r.preview = true
	}()
	r, _ = pk.result(rec)
	return r
}

// count walks roots only to count their article files, and sends the
// count on counted.
func (l *Loader) count(ctx context.Context, roots []string, counted chan<- int) {
	// Counting is only for the progress bar: a bug in it leaves the bar
	// without its end, and the load goes on.
	defer func() { _ = recover() }()
	n := 0
	for _, root := range roots {
		l.walk(ctx, root, func(string) bool { n++; return ctx.Err() == nil }, func(Skip) {})
	}
	if ctx.Err() == nil {
		counted <- n
	}
}

// aggregate batches worker results into Updates at the flush interval. With
// Options.Ordered it hands results on in walk order, holding back any that
// finish before an earlier file. With a preview, it shows the pack's
// articles as they come and then, as the walk reaches each file, only what
// changed: the articles of a changed file, removed and sent again, and
// once the walk is over, the removal of those whose file is gone.
func (l *Loader) aggregate(ctx context.Context, out chan<- Update, results <-chan []result, walkSkips <-chan Skip, found, counted <-chan int, window <-chan struct{}, stats *clean.BatchStats, pv *preview, pw *packWriter, settlePack func()) {
	defer close(out)
	// A pack is only put in place by a load that saw every file.
	defer pw.abort()
	// A bug here would otherwise kill the reader from a goroutine no caller
	// can recover; instead the load ends with the reason as a skip. The
	// files still in flight are abandoned: their workers stop at ctx or
	// block on a channel nobody reads, which the process outlives.
	defer func() {
		if r := recover(); r != nil {
			select {
			case out <- Update{Skips: []Skip{{Path: "(loader)", Reason: fmt.Sprintf("internal error, loading stopped: %v", r)}}, Finished: true}:
			case <-ctx.Done():
			}
		}
	}()
	tick := time.NewTicker(l.opts.Flush)
	defer tick.Stop()
	pending := Update{Checking: pv != nil}
	dirty := false
	held := map[int]result{}
	next := 0
	var all []*Article  // kept for the batch step
	var keys []lineKeys // their line keys
	// walked is what the feeding walk has found so far; estimate is the
	// quick listing's total, shown while the walk is still under way.
	var walked, estimate int
	send := func(u Update) bool {
		select {
		case out <- u:
			return true
		case <-ctx.Done():
			return false
		}
	}
	// show takes a result of the preview. Its articles go to the consumer
	// as they come, on the timer as a load's do; once the last is in, the
	// rest go at once, with the revisions kept for the pack, and the walk
	// may start.
	show := func(r result) bool {
		<-window
		pv.taken++
		if r.pack.entry != nil {
			pv.shown[r.rec.pos] = r
			pending.Articles = append(pending.Articles, r.articles...)
			dirty = true
		}
		if pv.taken < len(pv.shown) {
			return true
		}
		pending.Revised = l.showRevisions(pv)
		if !send(pending) {
			return false
		}
		pending = Update{Found: pending.Found, Checking: true}
		dirty = false
		close(pv.done)
		return true
	}
	take := func(r result) {
		if sh := pv.wasShown(r.rec); sh != nil && !pv.checked[r.rec.pos] {
			pv.checked[r.rec.pos] = true
			if !r.confirmed {
				pending.Removed = append(pending.Removed, sh.articles...)
			}
		} else if r.confirmed {
			// The file was reached twice, by overlapping roots: it is
			// shown twice, as a load without a pack shows it.
			r.confirmed = false
		}
		if stats != nil {
			if all == nil && estimate > 0 {
				// Sized for the count the pack or the listing gave, so
				// that 100,000 articles' keys are not copied a dozen
				// times on the way.
				all = make([]*Article, 0, estimate)
				keys = make([]lineKeys, 0, estimate)
			}
			all = append(all, r.articles...)
			keys = append(keys, r.keys...)
		}
		pw.add(r.pack, len(r.articles) > 0)
		pending.Done++
		if !r.confirmed {
			pending.Articles = append(pending.Articles, r.articles...)
		}
		pending.Skips = append(pending.Skips, r.skips...)
		dirty = true
		<-window
	}
	// due is set, for an unordered load, when the flush interval has passed
	// with something to send. The send then waits in the same select as the
	// results, so that a consumer slower than the flush interval (a reader
	// re-filtering a large batch per update) receives larger updates less
	// often instead of holding up the workers.
	due := false
	for results != nil || walkSkips != nil {
		var sendTo chan<- Update
		if due && dirty {
			sendTo = out
		}
		select {
		case <-ctx.Done():
			return
		case sendTo <- pending:
			pending = pending.carry()
			dirty, due = false, false
		case n := <-found:
			walked = n
			pending.Found, dirty = max(walked, estimate), true
		case n := <-counted:
			estimate = n
			pending.Found, dirty = max(walked, estimate), true
			counted = nil
		case s, ok := <-walkSkips:
			if !ok {
				walkSkips = nil
				continue
			}
			pending.Skips, dirty = append(pending.Skips, s), true
		case rs, ok := <-results:
			if !ok {
				results = nil
				continue
			}
			for _, r := range rs {
				if r.preview {
					if !show(r) {
						return
					}
					continue
				}
				if !l.opts.Ordered {
					take(r)
					continue
				}
				held[r.seq] = r
				for {
					r, ok := held[next]
					if !ok {
						break
					}
					delete(held, next)
					next++
					take(r)
				}
			}
		case <-tick.C:
			if !l.opts.Ordered {
				due = dirty
				continue
			}
			// An ordered load streams to a writer and keeps nothing: it
			// waits for the writer, so that its memory stays flat.
			if !dirty {
				continue
			}
			if !send(pending) {
				return
			}
			pending = pending.carry()
			dirty = false
		}
	}
	select {
	case n := <-found:
		walked = n
	default:
	}
	// The listing's count was an estimate, taken while files may have come
	// and gone; the walk's own count is exact once it is done.
	pending.Found = max(walked, pending.Done)
	// A cancelled load may have ended its results early; its pack would
	// only lack files, but there is no point writing it.
	if ctx.Err() != nil {
		return
	}
	if pv != nil {
		// The files the preview showed and the walk did not reach are
		// gone.
		for i := range pv.shown {
			if pv.shown[i].pack.entry != nil && !pv.checked[i] {
				pending.Removed = append(pending.Removed, pv.shown[i].articles...)
			}
		}
		pending.Checking = false
	}
	// results is closed, so the workers are done with the old pack.
	if stats == nil {
		pw.commit(ctx)
		settlePack()
		pending.Finished = true
		send(pending)
		return
	}
	// already is set when the batch is the one the preview showed, its
	// revisions with it. Otherwise the batch step runs: on a first load,
	// after files changed, or when no revisions were kept beside the pack.
	already := pv != nil && pv.revised != nil && pw.reused()
	// fromPack marks the articles read back from the old pack, unchanged
	// since its revisions were made.
	var fromPack []bool
	if !already {
		// The workers did not count the lines of files read back from
		// the pack, whose keys are still packed. They are decoded once,
		// here, for reviseAll as well.
		fromPack = make([]bool, len(keys))
		for i, k := range keys {
			if k.packed != nil {
				fromPack[i] = true
				keys[i] = k.unpack()
				stats.Add(keys[i].all)
			}
		}
	}
	var outcomes []outcome // what reviseAll made of the articles it looked at
	// ran is set when the batch step runs here, rather than being read back.
	ran := !already && stats.Docs() >= minBatchDocs
	if ran {
		// Everything read is shown first; the batch step follows, and
		// its revisions arrive as one more update.
		if !send(pending) {
			return
		}
		pending = pending.carry()
		kept := l.oldRevisions(pw)
		outcomes = l.reviseAll(ctx, all, keys, fromPack, kept, stats)
		pending.Revised = revisionsIn(outcomes)
		if kept != nil {
			l.settle(kept.blob, int(kept.used.Load()))
		}
		if ctx.Err() != nil {
			return
		}
	}
	revised := pending.Revised
	if !already {
		// An article the preview showed revised that the batch step no
		// longer revises goes back to what its file gives.
		if back := pv.reverts(all, revised); len(back) > 0 {
			pending.Revised = append(slices.Clip(revised), back...)
		}
	}
	pending.Finished = true
	if !send(pending) {
		return
	}
	// The batch is in. What follows prepares the next start, and runs
	// after the last update rather than before it: at 100,000 articles,
	// writing the new pack after a single file was added or removed took
	// 1.4 s in a traced run, which the reader showed as loading. The channel
	// stays open until it is done, so that a consumer can tell.
	if l.beforeCommit != nil {
		l.beforeCommit()
	}
	pw.commit(ctx)
	// revisions are where saveRevisions put the revisions' search text.
	var revisions []textSpan
	if ran && ctx.Err() == nil {
		revisions = l.saveRevisions(pw, outcomes)
	}
	l.rebind(pw, revisions)
	settlePack()
}

// outcome is what the batch step made of one article it looked at: b, its
// revision, or nil when the step changed nothing in it, under sig, the
// signature of the step's verdicts on its lines.
type outcome struct {
	a, b *Article
	sig  uint64
}

// revisionsIn returns the revisions among outcomes.
func revisionsIn(outcomes []outcome) []*Article {
	var out []*Article
	for _, o := range outcomes {
		if o.b != nil {
			out = append(out, o.b)
		}
	}
	return out
}

// reviseAll runs the batch step over arts on all workers and returns its
// outcomes, in the order of arts. keys are the articles' line keys: an
// article with no kept line repeated often enough to be template is passed
// over, which at 100,000 articles spares most of them a second cleaning
// and tagging. An article read back from the old pack (fromPack) takes its
// outcome from kept when it was made under the same verdicts. An article
// whose file changed since it was read, or that the step failed on, has
// no outcome: it is left as it is, and looked at again next time.
func (l *Loader) reviseAll(ctx context.Context, arts []*Article, keys []lineKeys, fromPack []bool, kept *keptRevisions, stats *clean.BatchStats) []outcome {
	out := make([]*Article, len(arts))
	sigs := make([]uint64, len(arts))
	done := make([]bool, len(arts))
	// The loader's cleaners use the Batch step's defaults (see WithBatch).
	need := clean.Batch{Stats: stats}.Need()
	next := make(chan int)
	var wg sync.WaitGroup
	for range l.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				k := keys[i].unpack()
				if !stats.Repeated(k.kept, need) {
					continue
				}
				sig := stats.Signature(k.all, need)
				sigs[i] = sig
				if i < len(fromPack) && fromPack[i] {
					if b, ok := kept.take(arts[i], sig); ok {
						out[i], done[i] = b, true
						continue
					}
				}
				// A loader that writes a pack keeps no outcome in an
				// entry of its own (see reviseSafely).
				if !l.usesPack() {
					if b, ok := l.cachedRevision(arts[i], sig); ok {
						out[i], done[i] = b, true
						continue
					}
				}
				out[i], done[i] = l.reviseSafely(ctx, arts[i], stats, sig)
			}
		}()
	}
feed:
	for i := range arts {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	var outcomes []outcome
	for i, b := range out {
		if done[i] {
			outcomes = append(outcomes, outcome{a: arts[i], b: b, sig: sigs[i]})
		}
	}
	return outcomes
}

// reviseSafely is revise, with a bug turned into keeping the article as it
// was: the batch step only refines what the reader already shows. A slim
// article is read back whole for it, and the revision is slim again. ok
// is false when there is no outcome: the file changed since it was read,
// or revise failed. A loader that writes no pack caches the outcome under
// sig, the article's batch signature; one that does keeps it beside the
// pack (see saveRevisions).
func (l *Loader) reviseSafely(ctx context.Context, a *Article, stats *clean.BatchStats, sig uint64) (b *Article, ok bool) {
	defer func() {
		if recover() != nil {
			b, ok = nil, false
		}
	}()
	full, err := l.original(ctx, a)
	if err != nil {
		// The file changed since it was read; the next load sees it.
		return nil, false
	}
	b = l.rebatch(full, stats)
	if b != nil && a.slim {
		// Full shows the revision whole, mentions included, which the
		// slim revision leaves out.
		l.cacheRevisionEntities(b)
		b = b.slimWith(l.names)
	}
	if !l.usesPack() {
		l.cacheRevision(a, sig, b)
	}
	return b, true
}

// minBatchDocs is the fewest articles the batch step runs on: below it, a
// line shared by every article is as likely a coincidence as a template.
const minBatchDocs = 3

// walk calls emit for every article file under root and skip for every
// entry it passes over with a reason worth telling the user. Hidden files and
// folders are passed over silently, as ls and most file browsers do.
func (l *Loader) walk(ctx context.Context, root string, emit func(string) bool, skip func(Skip)) {
	info, err := os.Stat(root)
	if err != nil {
		skip(Skip{Path: root, Reason: describeErr(err)})
		return
	}
	if !info.IsDir() {
		if reason := fileKindReason(info.Mode()); reason != "" {
			skip(Skip{Path: root, Reason: reason})
			return
		}
		// A file named on the command line is read whatever its extension:
		// the user asked for it.
		emit(root)
		return
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			skip(Skip{Path: p, Reason: describeErr(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Stat(p)
			if err != nil {
				skip(Skip{Path: p, Reason: "broken symlink: " + describeErr(err)})
				return nil
			}
			if target.IsDir() {
				// Following links to folders invites loops; the walk stays
				// inside the tree the user named.
				skip(Skip{Path: p, Reason: "symlink to a folder, not followed"})
				return nil
			}
			if reason := fileKindReason(target.Mode()); reason != "" {
				skip(Skip{Path: p, Reason: reason})
				return nil
			}
		} else if reason := fileKindReason(d.Type()); reason != "" {
			skip(Skip{Path: p, Reason: reason})
			return nil
		}
		if !format.Supported(p) {
			skip(Skip{Path: p, Reason: fmt.Sprintf("not an article file (%s)", extOrNone(p))})
			return nil
		}
		if !emit(p) {
			return fs.SkipAll
		}
		return nil
	})
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		skip(Skip{Path: root, Reason: describeErr(err)})
	}
}

// fileKindReason says why a non-regular file is skipped. FIFOs and devices
// are never opened: a read from them can block forever.
func fileKindReason(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe, not read"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device, not read"
	case m&fs.ModeSocket != 0:
		return "socket, not read"
	case m&fs.ModeIrregular != 0:
		return "irregular file, not read"
	}
	return ""
}

func extOrNone(p string) string {
	if e := filepath.Ext(p); e != "" {
		return e
	}
	return "no extension"
}

// describeErr turns a file system error into a short reason.
func describeErr(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// processing says how process makes a file's result.
type processing struct {
	// slim has articles read from the cache come back slim (see
	// Article.Slim) without their text ever being decoded; articles built
	// from the file come back whole, and the caller slims them.
	slim bool
	// pk is the pack of the last load, and rec its record of the file: the
	// result comes from there when rec is for the file's present state.
	pk  *pack
	rec *packRec
	// entry keeps a file built in a cache entry of its own. A load that
	// writes a pack does without: the pack holds what a reopen needs, and
	// Full, which needs the whole article, writes the entry when it first
	// reads the file of an article the batch step did not revise (a
	// revised one it reads untagged, see Loader.Full). On this machine's
	// disk, creating a file took 170–430 µs, and the entries of 10,000
	// articles 3.6 s of a first load's CPU; they made 1.6 of the 2.3 GB
	// that the cache of 100,000 articles held.
	entry bool
	// untagged builds a file without its entities or search text, for the
	// batch step (see Loader.original). Its result is kept only among the
	// untagged files read last (see Loader.read), never in a cache entry,
	// so it goes without entry.
	untagged bool
}

// process reads one file and turns it into articles, as how says. A panic
// while doing so, which would be a bug in the cleaner, the tagger or a
// parser, is turned into a skip of that file with the reason, so that one
// bad file costs the user that file and not the reader.
func (l *Loader) process(ctx context.Context, path string, how processing) (r result) {
	defer func() {
		if p := recover(); p != nil {
			r = result{skips: []Skip{{Path: path, Reason: fmt.Sprintf("internal error, file not loaded: %v", p)}}}
		}
	}()
	if ctx.Err() != nil {
		return result{}
	}
	if l.opts.Cache != nil {
		// A hit needs only the file's size and time, not an open.
		if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
			if how.pk != nil && how.rec != nil && how.rec.matches(info) {
				if r, ok := how.pk.result(how.rec); ok {
					return r
				}
			}
			if r, ok := l.fromCache(path, info, how.slim); ok {
				r.pack = stamp(path, info)
				return r
			}
		}
	}
	f, info, err := openRegular(path)
	if err != nil {
		reason := describeErr(err)
		if errors.Is(err, fs.ErrNotExist) {
			reason = "vanished while loading"
		}
		return result{skips: []Skip{{Path: path, Reason: reason}}}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, l.opts.MaxSize))
	if err != nil {
		return result{skips: []Skip{{Path: path, Reason: describeErr(err)}}}
	}
	size := info.Size()
	data, cut, err := l.unpack(path, data)
	if err != nil {
		return result{skips: []Skip{{Path: path, Reason: err.Error()}}}
	}
	truncated := size > l.opts.MaxSize || cut
	if l.opts.OnBuild != nil {
		l.opts.OnBuild()
	}
	build := l.build
	if how.untagged {
		build = l.buildText
	}
	arts, skips := build(path, data)
	for _, a := range arts {
		a.Size = size
		a.Truncated = truncated
	}
	r = result{articles: arts, skips: skips}
	if (!l.opts.Ordered || l.opts.Cache != nil) && !how.untagged {
		// The batch step needs the keys, and a cached entry keeps them for
		// the loads that will; an ordered load without a cache (export)
		// needs neither.
		r.keys = make([]lineKeys, len(arts))
		for i, a := range arts {
			r.keys[i] = keysOf(a)
		}
	}
	if truncated && len(arts) > 0 {
		r.skips = append(r.skips, Skip{Path: path, Reason: fmt.Sprintf("truncated: only the first %s of %s read", humanBytes(l.opts.MaxSize), humanBytes(size))})
	}
	if l.opts.Cache != nil && unchanged(f, info) {
		// A file that changed while it was read is not cached: the entry
		// would be keyed by the old state and hold the new text.
		if how.entry {
			l.toCache(path, info, r)
		}
		r.pack = stamp(path, info)
	}
	return r
}

// unpack returns the text of the file at path whose bytes, read up to the
// read limit, are data: data itself, or, when data is gzip or the name says
// it is, data unpacked up to the read limit. truncated reports that the
// unpacked text went past the limit and was cut; the error, whose text
// serves as the skip's reason, that data does not unpack.
func (l *Loader) unpack(path string, data []byte) (text []byte, truncated bool, err error) {
	if !format.IsGzip(data) && !strings.HasSuffix(strings.ToLower(path), ".gz") {
		return data, false, nil
	}
	return format.Gunzip(data, l.opts.MaxSize)
}

// unchanged reports whether the open file f still has the size and time
// info gave it.
func unchanged(f *os.File, info fs.FileInfo) bool {
	now, err := f.Stat()
	return err == nil && now.Size() == info.Size() && now.ModTime().Equal(info.ModTime())
}

// humanBytes formats a byte count for people.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// openRegular opens path for reading, after checking that it is a regular
// file: the walk checked already, but the file may have been replaced by a
// FIFO since, and a read from a FIFO can block forever. The check is made on
// the open file, and the file is opened non-blocking, so that even a FIFO
// swapped in at the last moment cannot hang the open.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		reason := fileKindReason(info.Mode())
		if reason == "" {
			reason = "not a regular file"
		}
		return nil, nil, errors.New(reason)
	}
	return f, info, nil
}
