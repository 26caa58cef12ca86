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

// rebind points the search text of the articles the new pack holds at
// the same text in it, where the pack writer noted it (see
// packWriter.write), and that of the revisions at the blob of revisions
// beside it, where saveRevisions noted it (revisions), so that the heap,
// or the old pack, lets it go. A reopen of an unchanged batch borrows its
// articles' text from the pack from the start (see decodePackEntry);
// without this, a batch's first load would hold all of it, some 350 MB at
// 100,000 articles, until the reader quits, and a reopen that wrote a new
// pack would keep reading the old one, whose file it replaced. An article
// whose text is not found as it is, because another reader replaced the
// blob meanwhile, keeps its own.
func (l *Loader) rebind(w *packWriter, revisions []textSpan) {
	gen := w.generation()
	if gen == "" {
		return
	}
	if len(w.lent) > 0 {
		if b, ok := l.opts.Cache.OpenBlob(l.packName(w.roots)); ok {
			l.settle(b, rebindSpans(b.Bytes(), gen, w.lent))
		}
	}
	if len(revisions) > 0 {
		if b, ok := l.opts.Cache.OpenBlob(l.revisionsName(w.roots)); ok {
			l.settle(b, rebindSpans(b.Bytes(), gen, revisions))
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
// payload of a blob of generation gen, and returns how many now borrow
// from it.
func rebindSpans(data []byte, gen string, spans []textSpan) (n int) {
	d := dec{buf: data}
	if got := d.view(); d.err != nil || got != gen {
		return 0
	}
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

// textsIn returns where the search text of each of arts, which borrow it
// from entry (see decodePackEntry), starts in entry, or nil if one does
// not.
func textsIn(entry []byte, arts []*Article) []int {
	out := make([]int, len(arts))
	base := uintptr(unsafe.Pointer(unsafe.SliceData(entry)))
	for i, a := range arts {
		text := a.SearchText()
		p := uintptr(unsafe.Pointer(unsafe.StringData(text)))
		if text == "" || p < base || p+uintptr(len(text)) > base+uintptr(len(entry)) {
			return nil
		}
		out[i] = int(p - base)
	}
	return out
}
