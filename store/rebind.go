package store

import (
	"sync"

	"dateline/store/cache"
)

// lent holds the cache blobs that slim articles borrow their search text
// from. They stay mapped for the life of the loader; Evict lets their pages
// go from the reader's resident memory.
type lent struct {
	mu    sync.Mutex
	blobs []*cache.Blob
}

// lend keeps b mapped for articles that borrow from it, and lets its pages
// go for now: whoever read it to make the articles is done with them.
func (l *Loader) lend(b *cache.Blob) {
	b.Evict()
	l.lent.mu.Lock()
	l.lent.blobs = append(l.lent.blobs, b)
	l.lent.mu.Unlock()
}

// Evict lets the pages of the cache files that slim articles borrow their
// search text from leave the process's resident memory. The text stays
// readable: the kernel keeps the pages in its page cache while memory
// allows and maps them back as they are read. A text filter reads every
// article's search text, some 350 MB at 100,000 articles, which would
// otherwise stay counted as the reader's own; a reader calls Evict once
// such a filter has read its share. It is safe to call at any time, from
// any goroutine, while the text is being read.
func (l *Loader) Evict() {
	l.lent.mu.Lock()
	defer l.lent.mu.Unlock()
	for _, b := range l.lent.blobs {
		b.Evict()
	}
}

// rebind points the search text of the articles built in this load, which
// is on the heap, at the same text in the pack just written (built) and in
// the blob of revisions beside it (revised), so that the heap lets it go.
// A reopen borrows its articles' text from the pack from the start (see
// decodeBorrowing); without this, a batch's first load would hold all of
// it, some 350 MB at 100,000 articles, until the reader quits. An article
// whose text cannot be found as it is, because another reader replaced
// the pack meanwhile, keeps its own.
func (l *Loader) rebind(w *packWriter, built, revised []*Article) {
	gen := w.generation()
	if gen == "" {
		return
	}
	if len(built) > 0 {
		if b, ok := l.opts.Cache.OpenBlob(l.packName(w.roots)); ok {
			l.settle(b, l.rebindBuilt(b.Bytes(), gen, built))
		}
	}
	if len(revised) > 0 {
		if b, ok := l.opts.Cache.OpenBlob(l.revisionsName(w.roots)); ok {
			l.settle(b, l.rebindRevised(b.Bytes(), gen, revised))
		}
	}
}

// settle keeps b for the articles that now borrow from it, or closes it
// when none does.
func (l *Loader) settle(b *cache.Blob, borrowed int) {
	if borrowed > 0 {
		l.lend(b)
	} else {
		b.Close()
	}
}

// rebindBuilt points the search text of arts at the pack of generation gen
// held in data, and returns how many now borrow from it. The articles of
// one file are found together, so each file's entry is decoded once.
func (l *Loader) rebindBuilt(data []byte, gen string, arts []*Article) int {
	got, recs, err := parsePack(data)
	if err != nil || got != gen {
		return 0
	}
	n := 0
	var path string
	var in []*Article // the pack's articles of path
	for _, a := range arts {
		if a.Path != path {
			path, in = a.Path, nil
			if rec, ok := recs[path]; ok {
				if r, err := decodeBorrowing(rec.entry, path, l.names); err == nil {
					in = r.articles
				}
			}
		}
		for _, x := range in {
			if x.Index == a.Index && x.ID == a.ID {
				if a.folded.rebind(x.SearchText()) {
					n++
				}
				break
			}
		}
	}
	return n
}

// rebindRevised points the search text of revised, the batch step's
// revisions in the order saveRevisions wrote them, at the blob of
// revisions of generation gen held in data, and returns how many now
// borrow from it.
func (l *Loader) rebindRevised(data []byte, gen string, revised []*Article) int {
	saved, err := parseRevisions(data, gen, l.names)
	if err != nil || len(saved) != len(revised) {
		return 0
	}
	n := 0
	for i, a := range revised {
		x := saved[i]
		if x.Path == a.Path && x.Index == a.Index && x.ID == a.ID && a.folded.rebind(x.SearchText()) {
			n++
		}
	}
	return n
}
