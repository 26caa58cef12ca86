package store

import (
	"sync"
	"unsafe"

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
// is on the heap, at the same text in the pack just written, where the
// pack writer noted it (see packWriter.write), and that of the revisions
// at the blob of revisions beside it, so that the heap lets it go. A
// reopen borrows its articles' text from the pack from the start (see
// decodeBorrowing); without this, a batch's first load would hold all of
// it, some 350 MB at 100,000 articles, until the reader quits. An article
// whose text is not found as it is, because another reader replaced the
// pack meanwhile, keeps its own.
func (l *Loader) rebind(w *packWriter, revised []*Article) {
	gen := w.generation()
	if gen == "" {
		return
	}
	if len(w.lent) > 0 {
		if b, ok := l.opts.Cache.OpenBlob(l.packName(w.roots)); ok {
			l.settle(b, rebindSpans(b.Bytes(), gen, w.lent))
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

// rebindSpans points the search text of the spans' articles at data, the
// payload of the pack of generation gen, and returns how many now borrow
// from it.
func rebindSpans(data []byte, gen string, spans []textSpan) int {
	d := dec{buf: data}
	if got := d.view(); d.err != nil || got != gen {
		return 0
	}
	n := 0
	for _, sp := range spans {
		size := uint64(len(sp.a.SearchText()))
		if size == 0 || sp.at > uint64(len(data)) || size > uint64(len(data))-sp.at {
			continue
		}
		text := data[sp.at : sp.at+size]
		if sp.a.folded.rebind(unsafe.String(unsafe.SliceData(text), len(text))) {
			n++
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
