package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"unsafe"

	"dateline/store/clean"
	"dateline/store/entity"
)

// The loader keeps what it makes of a file in the cache (see Options.Cache)
// in a small binary layout of its own. encoding/gob was tried first: it
// compiles a decoder for every entry, since each entry is a stream of its
// own, and that took two thirds of the time of reopening a batch. The layout
// is length-prefixed fields in a fixed order; cacheLayout names it, and
// TestCacheLayoutCoversArticle fails when Article or the types in it gain a
// field the layout does not carry.
const cacheLayout = "articles-5"

// cacheName is the name a file's entry is stored under.
func (l *Loader) cacheName(path string) string { return l.cacheKey("file", path) }

// cacheKey names a cache entry of the given kind for paths: the paths made
// absolute, the layout, and the options that change what the loader makes
// of a file, so that no kind of entry can forget one of them.
func (l *Loader) cacheKey(kind string, paths ...string) string {
	abs := make([]string, len(paths))
	for i, p := range paths {
		if a, err := filepath.Abs(p); err == nil {
			abs[i] = a
		} else {
			abs[i] = p
		}
	}
	return fmt.Sprintf("%s\x00%s\x00%s\x00max=%d\x00noents=%t", kind, cacheLayout, strings.Join(abs, "\x00"), l.opts.MaxSize, l.opts.NoEntities)
}

// fromCache returns the result stored for path in the state info
// describes, if there is a readable one.
// With slim set the articles come back as Article.Slim would make them,
// without decoding the text they leave out.
func (l *Loader) fromCache(path string, info fs.FileInfo, slim bool) (result, bool) {
	raw, ok := l.opts.Cache.Get(l.cacheName(path), info)
	if !ok {
		return result{}, false
	}
	r, err := decodeResult(raw, path, slim, l.names)
	if err != nil {
		return result{}, false
	}
	return r, true
}

// toCache stores r for path in the state info describes. A failure only
// costs the next start some time, so it is not reported.
func (l *Loader) toCache(path string, info fs.FileInfo, r result) {
	_ = l.opts.Cache.Put(l.cacheName(path), info, encodeResult(r))
}

// encodeResult lays out a file's articles, search text included so that a
// cache hit costs no folding, and its skip reasons. Paths are left out: the
// file is read back under the path it is reached by then.
func encodeResult(r result) []byte { return encodeEntry(r, nil) }

// encodeEntry is encodeResult. With texts set, it also appends there, for
// each article, where its search text starts in the entry, so that a pack
// the entry goes into can lend the text out without decoding the entry
// again (see Loader.rebind).
func encodeEntry(r result, texts *[]int) []byte {
	var e enc
	e.int(int64(len(r.articles)))
	for _, a := range r.articles {
		e.articleHead(a)
		e.str(a.Raw)
		e.int(int64(len(a.Clean.Lines)))
		for _, ln := range a.Clean.Lines {
			e.str(ln.Text)
			e.str(string(ln.Code))
			e.str(ln.Reason)
		}
		e.str(a.Clean.Credit)
		e.str(a.Body)
		e.int(int64(a.Words))
		// A whole article has its entities twice, with mentions in
		// Entities and compact in ents; a slim one has only ents.
		ents := a.entRefs()
		e.int(int64(len(ents)))
		for i, r := range ents {
			var ms []entity.Mention
			if i < len(a.Entities) {
				ms = a.Entities[i].Mentions
			}
			e.entity(r.names.name, r.names.typ, r.count, r.names.aliases, r.salience, ms)
		}
		e.searchText(a, texts)
		e.str(a.foldedSource)
		e.int(int64(len(ents)))
		for _, r := range ents {
			x := r.names.folded
			e.str(string(x.typ))
			e.str(x.name)
			e.strs(x.aliases)
		}
		e.articleMeta(a)
	}
	e.resultTail(r)
	return e.buf
}

// articleHead lays out an article's metadata and line counts, the start of
// its part of an entry here and in the pack (see encodePackEntry).
func (e *enc) articleHead(a *Article) {
	e.str(a.ID)
	e.int(int64(a.Index))
	e.str(a.Title)
	e.str(a.Source)
	e.str(a.Author)
	e.str(a.Date)
	t, _ := a.Published.MarshalBinary()
	e.str(string(t))
	e.str(a.DateISO)
	e.str(a.Lang)
	e.str(a.Place)
	e.str(a.URL)
	e.int(a.Size)
	e.bool(a.Truncated)
	// The line counts are written apart from the lines, so that an entry
	// made from a slim article, which has no lines, still knows them.
	stripped, lines := a.LineCounts()
	e.int(int64(stripped))
	e.int(int64(lines))
}

// searchText lays out an article's search text, appending where it starts
// to texts when that is set (see encodeEntry).
func (e *enc) searchText(a *Article, texts *[]int) {
	text := a.SearchText()
	e.int(int64(len(text)))
	if texts != nil {
		*texts = append(*texts, len(e.buf))
	}
	e.buf = append(e.buf, text...)
}

// articleMeta lays out what the article's file gave, kept so that the
// article can be derived again: the end of its part of an entry.
func (e *enc) articleMeta(a *Article) {
	e.str(a.meta.title)
	e.str(a.meta.source)
	e.str(a.meta.date)
	e.bool(a.meta.extracted)
}

// resultTail lays out the reasons of r's skips and its articles' line
// keys, the end of an entry.
func (e *enc) resultTail(r result) {
	reasons := make([]string, len(r.skips))
	for i, s := range r.skips {
		reasons[i] = s.Reason
	}
	e.strs(reasons)
	for i := range r.articles {
		var keys lineKeys
		if i < len(r.keys) {
			keys = r.keys[i].unpack()
		}
		e.u64s(keys.all)
		e.u64s(keys.kept)
	}
}

// decodeResult reads what encodeResult wrote, for the file at path. With
// slim set it makes slim articles (see Article.Slim) and passes over the
// raw text, lines and body instead of copying them out. Entity names are
// shared through names, which may be nil.
func decodeResult(raw []byte, path string, slim bool, names *nameTable) (result, error) {
	return decodeEntry(raw, path, slim, names, false)
}

// decodeEntry is decodeResult. With borrow set, for slim articles, their
// search text and the result's line keys stay in raw rather than being
// copied out: raw must stay readable and unchanged for as long as they
// live.
func decodeEntry(raw []byte, path string, slim bool, names *nameTable, borrow bool) (result, error) {
	d := dec{buf: raw}
	var r result
	// aliases holds an entity's aliases while it is looked up in names.
	var aliasBuf [8]string
	aliases := aliasBuf[:0]
	for range d.count() {
		a := &Article{Path: path, slim: slim}
		stripped, lines := d.articleHead(a)
		if slim {
			a.stripped, a.lines = stripped, lines
			d.bytes()
			for range d.count() {
				d.bytes() // text
				d.bytes() // code
				d.bytes() // reason
			}
			d.bytes() // credit
			d.bytes() // body
		} else {
			a.Raw = d.str()
			for range d.count() {
				a.Clean.Lines = append(a.Clean.Lines, clean.Line{Text: d.str(), Code: clean.Code(d.str()), Reason: d.str()})
			}
			a.Clean.Credit = d.str()
			a.Body = d.str()
			if x, n := a.Clean.Counts(); (x != stripped || n != lines) && d.err == nil && len(a.Clean.Lines) > 0 {
				d.err = errors.New("line counts disagree with the lines")
			}
		}
		a.Words = int(d.int())
		// The entities' names are read in place. Across a batch the same
		// names recur thousands of times, so most are in the table
		// already; only the others are kept aside until their folded
		// forms, which come later in the entry, are read and they can be
		// copied into it.
		n := d.count()
		var refs []entRef
		var mentions [][]entity.Mention
		if n > 0 {
			refs = make([]entRef, n)
			if !slim {
				mentions = make([][]entity.Mention, n)
			}
		}
		var missed []missedEntity
		for i := range refs {
			name, typ := d.view(), entity.Type(d.view())
			refs[i].count = int(d.int())
			aliases = d.viewsInto(aliases[:0])
			refs[i].salience = d.float()
			for range d.count() {
				m := entity.Mention{Start: int(d.int()), End: int(d.int())}
				if !slim {
					mentions[i] = append(mentions[i], m)
				}
			}
			if refs[i].names = names.find(typ, name, aliases); refs[i].names == nil {
				missed = append(missed, missedEntity{at: i, typ: typ, name: name, aliases: cloneViews(aliases)})
			}
		}
		var text string
		if borrow {
			text = d.view()
		} else {
			text = d.str()
		}
		a.setSearchText(text)
		a.foldedSource = d.view()
		if d.count() != n && d.err == nil {
			d.err = errors.New("entity lists differ in length")
		}
		for i := range refs {
			if len(missed) == 0 || missed[0].at != i {
				d.view()
				d.view()
				d.skipStrs()
				continue
			}
			x := &missed[0]
			x.folded = foldedEntity{typ: entity.Type(d.view()), name: d.view(), aliases: d.views()}
			if d.err == nil {
				refs[i].names = names.get(x.typ, x.name, x.aliases, x.copyNames)
			}
			missed = missed[1:]
		}
		if d.err != nil {
			return result{}, d.err
		}
		a.ents = refs
		if !slim && n > 0 {
			a.Entities = make([]entity.Entity, n)
			for i, r := range refs {
				a.Entities[i] = r.entity()
				a.Entities[i].Mentions = mentions[i]
			}
		}
		d.articleMeta(a)
		if d.err != nil {
			return result{}, d.err
		}
		a.ownStrings()
		r.articles = append(r.articles, a)
	}
	d.resultTail(&r, path, borrow)
	if d.err != nil {
		return result{}, d.err
	}
	return r, nil
}

// articleHead reads what enc.articleHead wrote into a, its strings in
// place (see Article.ownStrings), and returns the line counts.
func (d *dec) articleHead(a *Article) (stripped, lines int) {
	a.ID = d.view()
	a.Index = int(d.int())
	a.Title, a.Source, a.Author, a.Date = d.view(), d.view(), d.view(), d.view()
	if t := d.bytes(); d.err == nil {
		if err := a.Published.UnmarshalBinary(t); err != nil {
			d.err = err
		}
	}
	a.DateISO, a.Lang, a.Place, a.URL = d.view(), d.view(), d.view(), d.view()
	a.Size = d.int()
	a.Truncated = d.bool()
	return int(d.int()), int(d.int())
}

// articleMeta reads what enc.articleMeta wrote into a, in place.
func (d *dec) articleMeta(a *Article) {
	a.meta.title, a.meta.source, a.meta.date = d.view(), d.view(), d.view()
	a.meta.extracted = d.bool()
}

// resultTail reads what enc.resultTail wrote into r, whose articles are
// read, the keys left in place when borrow is set; it refuses bytes left
// over after them.
func (d *dec) resultTail(r *result, path string, borrow bool) {
	for _, reason := range d.strs() {
		r.skips = append(r.skips, Skip{Path: path, Reason: reason})
	}
	r.keys = make([]lineKeys, len(r.articles))
	for i := range r.keys {
		if borrow {
			start := d.buf
			d.skipU64s()
			d.skipU64s()
			r.keys[i] = lineKeys{packed: start[:len(start)-len(d.buf)]}
		} else {
			r.keys[i] = lineKeys{all: d.u64s(), kept: d.u64s()}
		}
	}
	if d.err == nil && len(d.buf) != 0 {
		d.err = errors.New("trailing bytes")
	}
}

// setSearchText gives a the search text text, which it may borrow.
func (a *Article) setSearchText(text string) {
	a.folded = newSearchText(text)
	// The title is kept apart: sorting by it reads every article's, which
	// would bring the whole pack back, and a slice of heap text would keep
	// all of it once rebind moves the text to a pack.
	a.foldedTitle = strings.Clone(firstLine(text))
}

// ownStrings copies a's metadata, read in place, out of the entry.
func (a *Article) ownStrings() {
	ownStrings(&a.ID, &a.Title, &a.Source, &a.Author, &a.Date, &a.DateISO, &a.Lang, &a.Place, &a.URL,
		&a.foldedSource, &a.meta.title, &a.meta.source, &a.meta.date)
}

// enc appends fields to a buffer.
type enc struct{ buf []byte }

func (e *enc) int(n int64) { e.buf = binary.AppendVarint(e.buf, n) }

// entity lays out one entity, mentions included, as entries and the
// revisions' entities both keep them.
func (e *enc) entity(name string, typ entity.Type, count int, aliases []string, salience float64, ms []entity.Mention) {
	e.str(name)
	e.str(string(typ))
	e.int(int64(count))
	e.strs(aliases)
	e.float(salience)
	e.int(int64(len(ms)))
	for _, m := range ms {
		e.int(int64(m.Start))
		e.int(int64(m.End))
	}
}
func (e *enc) u64(x uint64)    { e.buf = binary.LittleEndian.AppendUint64(e.buf, x) }
func (e *enc) float(f float64) { e.u64(math.Float64bits(f)) }
func (e *enc) str(s string) {
	e.int(int64(len(s)))
	e.buf = append(e.buf, s...)
}
func (e *enc) bytes(p []byte) {
	e.int(int64(len(p)))
	e.buf = append(e.buf, p...)
}
func (e *enc) strs(ss []string) {
	e.int(int64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}
func (e *enc) u64s(xs []uint64) {
	e.int(int64(len(xs)))
	for _, x := range xs {
		e.buf = binary.LittleEndian.AppendUint64(e.buf, x)
	}
}
func (e *enc) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

// dec reads fields from a buffer. The first error sticks, and every read
// after it returns a zero value, so that a damaged entry is refused without
// a check at every field and without panicking on a short buffer.
type dec struct {
	buf []byte
	err error
}

var errShort = errors.New("cache entry cut short")

func (d *dec) int() int64 {
	if d.err != nil {
		return 0
	}
	n, w := binary.Varint(d.buf)
	if w <= 0 {
		d.err = errShort
		return 0
	}
	d.buf = d.buf[w:]
	return n
}

// count reads a length, refusing one larger than the bytes left: every
// counted item takes at least one byte, so a larger count is damage and must
// not size an allocation.
func (d *dec) count() int {
	n := d.int()
	if n < 0 || n > int64(len(d.buf)) {
		if d.err == nil {
			d.err = errShort
		}
		return 0
	}
	return int(n)
}

func (d *dec) str() string { return string(d.bytes()) }

// view reads a string without copying it: it is valid only while the
// buffer is, and must be copied before it is kept.
func (d *dec) view() string {
	b := d.bytes()
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// views reads what strs wrote, as views (see view).
func (d *dec) views() []string { return d.list(d.view) }

// viewsInto reads what strs wrote, as views appended to buf.
func (d *dec) viewsInto(buf []string) []string {
	for range d.count() {
		buf = append(buf, d.view())
	}
	return buf
}

// skipStrs passes over what strs wrote.
func (d *dec) skipStrs() {
	for range d.count() {
		d.bytes()
	}
}

// bytes reads a string's bytes without copying them; they are valid while
// the buffer is.
func (d *dec) bytes() []byte {
	n := d.count()
	if d.err != nil {
		return nil
	}
	b := d.buf[:n:n]
	d.buf = d.buf[n:]
	return b
}

func (d *dec) strs() []string { return d.list(d.str) }

// list reads a count and then that many strings with read.
func (d *dec) list(read func() string) []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for range n {
		out = append(out, read())
	}
	return out
}

// u64s reads what enc.u64s wrote, refusing a count the bytes left cannot
// hold.
func (d *dec) u64s() []uint64 {
	n := d.int()
	if d.err != nil || n < 0 || n > int64(len(d.buf)/8) {
		d.err = cmpErr(d.err, errShort)
		return nil
	}
	xs := make([]uint64, n)
	for j := range xs {
		xs[j] = binary.LittleEndian.Uint64(d.buf[8*j:])
	}
	d.buf = d.buf[8*n:]
	return xs
}

// skipU64s passes over what enc.u64s wrote.
func (d *dec) skipU64s() {
	n := d.int()
	if d.err != nil || n < 0 || n > int64(len(d.buf)/8) {
		d.err = cmpErr(d.err, errShort)
		return
	}
	d.buf = d.buf[8*n:]
}

func (d *dec) bool() bool {
	if d.err != nil || len(d.buf) == 0 {
		d.err = cmpErr(d.err, errShort)
		return false
	}
	b := d.buf[0]
	d.buf = d.buf[1:]
	return b == 1
}

// u64 reads what enc.u64 wrote.
func (d *dec) u64() uint64 {
	if d.err != nil || len(d.buf) < 8 {
		d.err = cmpErr(d.err, errShort)
		return 0
	}
	x := binary.LittleEndian.Uint64(d.buf)
	d.buf = d.buf[8:]
	return x
}

func (d *dec) float() float64 { return math.Float64frombits(d.u64()) }

// cmpErr returns err if set, else fallback.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// missedEntity is an entity of an entry whose names the table does not
// hold yet, its strings still pointing into the entry.
type missedEntity struct {
	at      int // its place in the article's entities
	typ     entity.Type
	name    string
	aliases []string
	folded  foldedEntity
}

// copyNames returns x's names copied out of the entry, for the table to
// keep.
func (x *missedEntity) copyNames() *entNames {
	return &entNames{
		typ:     entity.Type(strings.Clone(string(x.typ))),
		name:    strings.Clone(x.name),
		aliases: cloneStrings(x.aliases),
		folded: foldedEntity{
			typ:     entity.Type(strings.Clone(string(x.folded.typ))),
			name:    strings.Clone(x.folded.name),
			aliases: cloneStrings(x.folded.aliases),
		},
	}
}

// ownStrings copies the strings ss point to into one new buffer and points
// them at their copies. Copied one by one, an article's metadata took a
// dozen small allocations; together, a store-only reopen of 10,000 articles
// makes 211,000 allocations instead of 258,000.
func ownStrings(ss ...*string) {
	n := 0
	for _, s := range ss {
		n += len(*s)
	}
	buf := make([]byte, 0, n)
	for _, s := range ss {
		at := len(buf)
		buf = append(buf, *s...)
		*s = unsafe.String(unsafe.SliceData(buf[at:]), len(*s))
	}
}

// cloneViews returns a copy of the slice views, nil when it is empty as
// views would return; the strings still point where they did.
func cloneViews(views []string) []string {
	if len(views) == 0 {
		return nil
	}
	return slices.Clone(views)
}

// cloneStrings copies ss and every string in it.
func cloneStrings(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Clone(s)
	}
	return out
}
