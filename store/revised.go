package store

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"

	"dateline/store/clean"
	"dateline/store/entity"
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
	b, err = decodeRevision(raw, a, l.names, false)
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
	_ = l.opts.Cache.Put(l.revisionName(a, sig), info, encodeRevision(b, nil))
}

// The revision kept under revisionName is slim, as the batch holds it. Its
// entities' mentions, which Full needs to show the revised article, are
// kept apart under revisionEntitiesName: Full has the article's file and
// its batch verdicts, but not the batch signature, and the entities follow
// from the file and the verdicts alone.

// revisionEntitiesName is the cache name of the entities, mentions
// included, of the revision of article a that the batch verdicts marks
// make.
func (l *Loader) revisionEntitiesName(a *Article, marks []batchMark) string {
	var e enc
	e.marks(marks)
	sum := sha256.Sum256(e.buf)
	return fmt.Sprintf("%s\x00revision-entities\x00index=%d\x00id=%s\x00marks=%x", l.cacheName(a.Path), a.Index, a.ID, sum[:16])
}

// cacheRevisionEntities keeps the entities of b, a whole revision by the
// batch step, for Full. A failure only costs a tagging later.
func (l *Loader) cacheRevisionEntities(b *Article) {
	if l.opts.Cache == nil || l.recognizer == nil {
		return
	}
	info, err := os.Stat(b.Path)
	if err != nil {
		return
	}
	_ = l.opts.Cache.Put(l.revisionEntitiesName(b, b.batch), info, encodeEntities(b.Entities))
}

// cachedRevisionEntities returns the entities kept for b, a revision by
// the batch step whose verdicts b.batch holds, if there are any.
func (l *Loader) cachedRevisionEntities(b *Article) ([]entity.Entity, bool) {
	if l.opts.Cache == nil || l.recognizer == nil {
		return nil, false
	}
	info, err := os.Stat(b.Path)
	if err != nil {
		return nil, false
	}
	raw, ok := l.opts.Cache.Get(l.revisionEntitiesName(b, b.batch), info)
	if !ok {
		return nil, false
	}
	ents, err := decodeEntities(raw)
	if err != nil {
		return nil, false
	}
	return ents, true
}

// encodeEntities lays out whole entities, mentions included.
func encodeEntities(ents []entity.Entity) []byte {
	var e enc
	e.int(int64(len(ents)))
	for _, x := range ents {
		e.entity(x.Name, x.Type, x.Count, x.Aliases, x.Salience, x.Mentions)
	}
	return e.buf
}

// decodeEntities reads what encodeEntities wrote.
func decodeEntities(raw []byte) ([]entity.Entity, error) {
	d := dec{buf: raw}
	n := d.count()
	if n == 0 {
		if d.err == nil && len(d.buf) != 0 {
			d.err = errors.New("trailing bytes")
		}
		return nil, d.err
	}
	ents := make([]entity.Entity, n)
	for i := range ents {
		x := &ents[i]
		x.Name, x.Type = d.str(), entity.Type(d.str())
		x.Count = int(d.int())
		x.Aliases = d.strs()
		x.Salience = d.float()
		if m := d.count(); m > 0 {
			x.Mentions = make([]entity.Mention, m)
			for j := range x.Mentions {
				x.Mentions[j] = entity.Mention{Start: int(d.int()), End: int(d.int())}
			}
		}
	}
	if d.err == nil && len(d.buf) != 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return nil, d.err
	}
	return ents, nil
}

// encodeRevision lays out an outcome: whether the article changed and, if
// so, the whole revised article and the line verdicts the step changed.
// With texts set, it appends there where the revision's search text starts,
// as encodeEntry does.
func encodeRevision(b *Article, texts *[]int) []byte {
	var e enc
	e.bool(b != nil)
	if b == nil {
		return e.buf
	}
	var at []int
	entry := encodeEntry(result{articles: []*Article{b}}, &at)
	e.int(int64(len(entry)))
	if texts != nil {
		for _, t := range at {
			*texts = append(*texts, len(e.buf)+t)
		}
	}
	e.buf = append(e.buf, entry...)
	e.int(int64(len(b.batch)))
	e.marks(b.batch)
	return e.buf
}

// marks appends the batch step's marks, each its line, code and reason.
func (e *enc) marks(marks []batchMark) {
	for _, m := range marks {
		e.int(int64(m.line))
		e.str(string(m.code))
		e.str(m.reason)
	}
}

// decodeRevision reads what encodeRevision wrote, for article a. With
// borrow set, a slim revision's search text stays in raw, as
// decodePackEntry's does.
func decodeRevision(raw []byte, a *Article, names *nameTable, borrow bool) (*Article, error) {
	d := dec{buf: raw}
	if !d.bool() {
		if d.err == nil && len(d.buf) != 0 {
			return nil, errors.New("trailing bytes")
		}
		return nil, d.err
	}
	r, err := decodeEntry(d.bytes(), a.Path, a.slim, names, borrow && a.slim)
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
