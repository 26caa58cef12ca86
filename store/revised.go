package store

import (
	"errors"
	"fmt"
	"os"

	"dateline/store/clean"
)

// The batch step's outcome for an article depends on its text and on what
// the batch statistics say of its lines, which BatchStats.Signature sums
// up. Reopening an unchanged batch gives the same signatures, so the
// outcome is kept in the cache beside the file's own entry: without it,
// every reopen would read back, clean and tag again each article the step
// revises, seconds of work at 100,000 articles.

// revisionName is the cache name of the batch step's outcome for article a
// under signature sig.
func (l *Loader) revisionName(a *Article, sig uint64) string {
	return fmt.Sprintf("%s\x00revision\x00index=%d\x00id=%s\x00sig=%016x", l.cacheName(a.Path), a.Index, a.ID, sig)
}

// cachedRevision returns the outcome kept for a under sig: ok reports
// whether there was one, and b is nil when the step changed nothing.
// Outcomes are kept for slim articles only, and slim: the reader's loads
// are the only ones that keep a batch, and a whole revision (raw text,
// lines, body) would be stored for nothing that reads it.
func (l *Loader) cachedRevision(a *Article, sig uint64) (b *Article, ok bool) {
	if l.opts.Cache == nil || !a.slim {
		return nil, false
	}
	info, err := os.Stat(a.Path)
	if err != nil {
		return nil, false
	}
	raw, ok := l.opts.Cache.Get(l.revisionName(a, sig), info)
	if !ok {
		return nil, false
	}
	b, err = decodeRevision(raw, a, l.names)
	if err != nil {
		return nil, false
	}
	return b, true
}

// cacheRevision keeps b, the outcome for the slim article a under sig
// (nil: no change); b is slim too. Like every cache write, a failure only
// costs time later.
func (l *Loader) cacheRevision(a *Article, sig uint64, b *Article) {
	if l.opts.Cache == nil || !a.slim {
		return
	}
	info, err := os.Stat(a.Path)
	if err != nil {
		return
	}
	_ = l.opts.Cache.Put(l.revisionName(a, sig), info, encodeRevision(b))
}

// encodeRevision lays out an outcome: whether the article changed and, if
// so, the whole revised article and the line verdicts the step changed.
func encodeRevision(b *Article) []byte {
	var e enc
	e.bool(b != nil)
	if b == nil {
		return e.buf
	}
	e.str(string(encodeResult(result{articles: []*Article{b}})))
	e.int(int64(len(b.batch)))
	for _, m := range b.batch {
		e.int(int64(m.line))
		e.str(string(m.code))
		e.str(m.reason)
	}
	return e.buf
}

// decodeRevision reads what encodeRevision wrote, for article a.
func decodeRevision(raw []byte, a *Article, names *nameTable) (*Article, error) {
	d := dec{buf: raw}
	if !d.bool() {
		if d.err == nil && len(d.buf) != 0 {
			return nil, errors.New("trailing bytes")
		}
		return nil, d.err
	}
	r, err := decodeResult(d.bytes(), a.Path, a.slim, names)
	if d.err != nil {
		return nil, d.err
	}
	if err != nil {
		return nil, err
	}
	if len(r.articles) != 1 {
		return nil, errors.New("not one article")
	}
	b := r.articles[0]
	if b.ID != a.ID || b.Index != a.Index {
		return nil, errors.New("another article")
	}
	for range d.count() {
		b.batch = append(b.batch, batchMark{line: int(d.int()), code: clean.Code(d.str()), reason: d.str()})
	}
	if d.err == nil && len(d.buf) != 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return nil, d.err
	}
	return b, nil
}
