package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io/fs"
	"path/filepath"
	"strings"
	"sync/atomic"

	"dateline/store/cache"
	"dateline/store/entity"
)

// A pack is the whole batch's index in one cache blob: for every file the
// last load of the same roots read, its size and time and the entry the
// loader made of it, slim. Reopening a batch of 100,000 files through the
// per-file cache opened and read 100,000 entries of some 16 KB each, raw
// text and lines included, to keep a tenth of each; the pack holds only
// that tenth, in one file read from start to end. A reader's load writes
// no entry per file besides (see processing.entry); Full writes one for
// an article it shows, and loads without a pack keep one for every file.
type pack struct {
	blob *cache.Blob
	used atomic.Bool // some entry was handed out, and may be borrowed from
	gen  string      // made afresh each time a pack is written
	// recs are the records by path as walked. The walk finds a file's
	// record once and hands it on with the file, to the worker that reads
	// the entry and to the writer that counts it: at 100,000 files each
	// lookup in this map cost some 40 ms of a reopen's CPU.
	recs map[string]*packRec
	// order holds the same records in the order of the index, the walk
	// order of the load that wrote the pack: a reopen shows them in it
	// before it walks the folder (see Loader.preview).
	order []*packRec
	// names are the entity names the records use, each once, shared
	// through the loader's table. Finding every entity of every entry in
	// that table by its names was a third of the time it took to decode
	// the entries at 100,000 articles; a record gives indexes into names
	// instead.
	names []*entNames
}

// packRec is one file's record in a pack.
//
// A pack is its generation, then the entries of its records one after the
// other, then its index, its table of names (see writeNames) and a
// trailer: where the index and the names start, as 8 bytes each, and the
// CRC-32C of all from the index on, as 4. The index is the generation
// again, the count of records, and for each record the file's path, size
// and time, where its entry is and that entry's CRC-32C, and its entity
// indexes. The cache checks a blob's checksum over the whole of it when
// it opens one; at 100,000 articles that read 480 MB, mostly search text,
// before a reopen could start, and finding the records among the entries
// read it again. The pack opens its blob unchecked instead and checks the
// index as it parses it, and each entry as it is used, on the workers.
type packRec struct {
	path string
	pos  int // the record's place in the pack's order
	// hit is set once the record was read back in this load; only the
	// goroutine that aggregates the load's results uses it.
	hit         bool
	size, mtime int64
	entry       []byte // what encodePackEntry wrote, pointing into the blob
	sum         uint32 // entry's CRC-32C
	ids         []byte // an index into the pack's names for every entity in entry, in order, as uvarints
}

// packCRC is the CRC-32C table the pack's checksums use.
var packCRC = crc32.MakeTable(crc32.Castagnoli)

// packTrailer is the length of a pack's trailer.
const packTrailer = 8 + 8 + 4

// packName names the pack for roots under the loader's options.
func (l *Loader) packName(roots []string) string { return l.cacheKey("pack", roots...) }

// Reopens reports whether a load of roots will read back the pack an
// earlier load left, as far as the cache's files tell without reading
// them: a reopen builds its articles from the pack and makes little
// garbage, where a first load cleans and tags every file.
func (l *Loader) Reopens(roots []string) bool {
	if !l.usesPack() {
		return false
	}
	_, _, ok := l.packFor(sortedRoots(roots))
	return ok
}

// packFor names the pack a load of roots reads: their own, or, for a single
// root opened for the first time, the pack of the nearest folder above it
// that was opened, of which the load reads the records under the root
// (under is then the root). Opening a folder of a batch opened before
// then reads back what the batch's load made of its files, as it did when
// the cache kept an entry per file.
func (l *Loader) packFor(roots []string) (name, under string, ok bool) {
	name = l.packName(roots)
	if l.opts.Cache.HasBlob(name) {
		return name, "", true
	}
	if len(roots) != 1 {
		return "", "", false
	}
	root := filepath.Clean(roots[0])
	for dir := filepath.Dir(root); ; {
		if name := l.packName([]string{dir}); l.opts.Cache.HasBlob(name) {
			return name, root, true
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", "", false
		}
		dir = up
	}
}

// usesPack reports whether this loader's loads read and write a pack: a
// reader's (slim, unordered) with a cache.
func (l *Loader) usesPack() bool {
	return l.opts.Cache != nil && l.opts.Slim && !l.opts.Ordered
}

// openPack returns the pack for roots, or nil when there is none or it is
// damaged. The caller closes it when the load is over.
func (l *Loader) openPack(roots []string) *pack {
	name, under, ok := l.packFor(roots)
	if !ok {
		return nil
	}
	b, ok := l.opts.Cache.OpenBlobUnchecked(name)
	if !ok {
		return nil
	}
	gen, order, names, err := parsePack(b.Bytes(), l.names)
	if err == nil && under != "" {
		order = recordsUnder(order, under)
	}
	if err != nil || len(order) == 0 {
		b.Close()
		return nil
	}
	recs := make(map[string]*packRec, len(order))
	for _, r := range order {
		recs[r.path] = r
	}
	return &pack{blob: b, gen: gen, recs: recs, order: order, names: names}
}

// recordsUnder returns the records of order for root or the files under
// it, in order, each with its new place.
func recordsUnder(order []*packRec, root string) []*packRec {
	prefix := root + string(filepath.Separator)
	var out []*packRec
	for _, r := range order {
		if r.path == root || strings.HasPrefix(r.path, prefix) {
			r.pos = len(out)
			out = append(out, r)
		}
	}
	return out
}

// parsePack reads a pack's generation, index and names, the names into
// the table t, and returns the records in the index's order. A path the
// index holds twice keeps its first record. The entries point into data;
// their checksums are left for lookup.
func parsePack(data []byte, t *nameTable) (gen string, order []*packRec, names []*entNames, err error) {
	if len(data) < packTrailer {
		return "", nil, nil, errShort
	}
	tr := data[len(data)-packTrailer:]
	indexAt, namesAt := binary.LittleEndian.Uint64(tr), binary.LittleEndian.Uint64(tr[8:])
	if indexAt > namesAt || namesAt > uint64(len(data)-packTrailer) {
		return "", nil, nil, errors.New("pack: index out of bounds")
	}
	if crc32.Checksum(data[indexAt:len(data)-4], packCRC) != binary.LittleEndian.Uint32(tr[16:]) {
		return "", nil, nil, errors.New("pack: index damaged")
	}
	names, err = parseNames(data[namesAt:len(data)-packTrailer], t)
	if err != nil {
		return "", nil, nil, err
	}
	head := dec{buf: data[:indexAt]}
	gen = head.view()
	d := dec{buf: data[indexAt:namesAt]}
	if d.view() != gen || head.err != nil {
		return "", nil, nil, errors.New("pack: generations differ")
	}
	n := d.count()
	seen := make(map[string]bool, n)
	order = make([]*packRec, 0, n)
	all := make([]packRec, n) // one allocation for the lot
	for i := range n {
		r := &all[i]
		r.path = d.str()
		r.size, r.mtime = d.int(), d.int()
		at, size := d.int(), d.int()
		r.sum, r.ids = uint32(d.int()), d.bytes()
		if d.err == nil && (at < 0 || size < 0 || at > int64(indexAt) || size > int64(indexAt)-at) {
			d.err = errors.New("pack: entry out of bounds")
		}
		if d.err != nil {
			break
		}
		r.entry = data[at : at+size : at+size]
		if !seen[r.path] {
			seen[r.path] = true
			r.pos = len(order)
			order = append(order, r)
		}
	}
	if d.err == nil && len(d.buf) != 0 {
		d.err = errors.New("pack: trailing bytes after the index")
	}
	if d.err != nil {
		return "", nil, nil, d.err
	}
	return strings.Clone(gen), order, names, nil
}

// parseNames reads what writeNames wrote, sharing each entity's names
// through t; they are copied out of data.
func parseNames(data []byte, t *nameTable) ([]*entNames, error) {
	d := dec{buf: data}
	n := d.count()
	names := make([]*entNames, 0, n)
	for range n {
		x := missedEntity{typ: entity.Type(d.view()), name: d.view(), aliases: d.views()}
		x.folded = foldedEntity{typ: entity.Type(d.view()), name: d.view(), aliases: d.views()}
		if d.err != nil {
			break
		}
		names = append(names, t.get(x.typ, x.name, x.aliases, x.copyNames))
	}
	if d.err == nil && len(d.buf) != 0 {
		d.err = errors.New("pack: trailing bytes after the names")
	}
	return names, d.err
}

// writeNames lays out a pack's table of names: their count, then each
// entity's type, name and aliases, folded and not.
func writeNames(e *enc, names []*entNames) {
	e.int(int64(len(names)))
	for _, n := range names {
		e.str(string(n.typ))
		e.str(n.name)
		e.strs(n.aliases)
		e.str(string(n.folded.typ))
		e.str(n.folded.name)
		e.strs(n.folded.aliases)
	}
}

// packIDs reads a record's entity indexes, handing out the names they
// stand for.
type packIDs struct {
	names []*entNames
	ids   []byte
}

// next returns the names of the record's next entity, or nil when the
// indexes have run out or one is out of range: the record is damaged.
func (p *packIDs) next() *entNames {
	i, w := binary.Uvarint(p.ids)
	if w <= 0 || i >= uint64(len(p.names)) {
		return nil
	}
	p.ids = p.ids[w:]
	return p.names[i]
}

// find returns the pack's record of path, in whatever state, or nil.
func (p *pack) find(path string) *packRec {
	if p == nil {
		return nil
	}
	return p.recs[path]
}

// matches reports whether r, the pack's record of a file, is for the state
// info describes.
func (r *packRec) matches(info fs.FileInfo) bool {
	return r.size == info.Size() && r.mtime == info.ModTime().UnixNano()
}

// result returns what the pack holds for r, as the loader's result for
// r's file, unless the entry is damaged.
func (p *pack) result(r *packRec) (result, bool) {
	entry, ids, ok := p.entryOf(r)
	if !ok {
		return result{}, false
	}
	res, err := decodePackEntry(entry, r.path, ids)
	if err != nil {
		return result{}, false
	}
	res.pack = packRecord{path: r.path, size: r.size, mtime: r.mtime, entry: entry, fromPack: true, rec: r}
	return res, true
}

// entryOf returns the entry of r, the pack's record of a file, with its
// entities' names, unless the entry is damaged.
func (p *pack) entryOf(r *packRec) ([]byte, *packIDs, bool) {
	if crc32.Checksum(r.entry, packCRC) != r.sum {
		return nil, nil, false
	}
	p.used.Store(true)
	return r.entry, &packIDs{names: p.names, ids: r.ids}, true
}

// close unmaps a pack nothing was read from, so that a replaced pack's
// disk space is not held until the reader exits. A pack articles were read
// from stays mapped instead, for the life of the loader: the slim articles
// keep their search text in it (see decodePackEntry and Loader.lend).
func (p *pack) close() {
	if p != nil {
		p.blob.Close()
	}
}

// packRecord is what the loader knows of one file for the next pack. Its
// path is empty when the result may not be kept (the file changed while
// it was read).
type packRecord struct {
	path        string
	rec         *packRec // the old pack's record the entry came from, if fromPack
	size, mtime int64    // the state the result was made from
	entry       []byte
	fromPack    bool // the entry came from the pack being read
	// articles are the result's articles, built in this load with their
	// search text on the heap, and texts where each one's text starts in
	// entry; the pack lends the text out once it is written (see
	// Loader.rebind).
	articles []*Article
	texts    []int
}

// stamp starts the record of the file at path in the state info gives.
func stamp(path string, info fs.FileInfo) packRecord {
	return packRecord{path: path, size: info.Size(), mtime: info.ModTime().UnixNano()}
}

// packWriter writes the records of a load as a new pack, unless the load
// simply read back the old one. Records are held back until the load is
// over, or until the new entries held pass holdLimit (records from the old
// pack have their entries in the mapped blob, not the heap); from then on
// every record is written as it comes, so that a cold load of a large
// batch does not hold all its entries at once. It is owned by the
// goroutine that aggregates results.
type packWriter struct {
	l       *Loader
	roots   []string
	old     *pack
	pending []packRecord
	held    int // bytes of new entries in pending
	// hits counts the old pack's records read back (see packRec.hit); a
	// path reached twice (overlapping roots) is recorded once.
	hits int
	// changed is set once a file was built or read from elsewhere than
	// the old pack, or read but not recorded (it changed while read):
	// the batch is then not the old pack's.
	changed bool
	bw      *cache.BlobWriter
	// lent are the articles written, with where their search text is in
	// the pack's payload.
	lent []textSpan
	// names are the entity names the records written use, in the order
	// of their indexes in ids.
	names []*entNames
	ids   map[*entNames]uint64
	// index is the pack's index as far as written, without its head;
	// records counts its records.
	index   enc
	records int
	failed  bool
	started bool   // a new pack is being or was written
	gen     string // the new pack's generation, once it is in place
}

// add records one file; loaded reports whether the file gave articles.
func (w *packWriter) add(r packRecord, loaded bool) {
	if w == nil {
		return
	}
	if w.failed {
		return
	}
	switch {
	case r.entry == nil:
		w.changed = w.changed || loaded
		return
	case r.fromPack:
		if r.rec.hit {
			return
		}
		r.rec.hit = true
		w.hits++
	default:
		w.changed = true
	}
	// An entry read back from the old pack is in its mapping, not the
	// heap, and holding it back costs a few words; a new one is held
	// while the new entries held stay under holdLimit.
	cost := len(r.entry)
	if r.fromPack {
		cost = 0
	}
	if w.bw == nil && (!w.changed || w.held+cost <= holdLimit) {
		if w.pending == nil && w.old != nil {
			// Sized for a reopen of the same batch, the common case: at
			// 100,000 records, growing the slice copied some 20 MB on
			// the way.
			w.pending = make([]packRecord, 0, len(w.old.recs))
		}
		w.pending = append(w.pending, r)
		w.held += cost
		return
	}
	if w.bw == nil && !w.start(context.Background()) {
		return
	}
	w.write(r)
}

// holdLimit bounds the bytes of new entries a pack writer holds back before
// it starts writing. A reopen that finds a few files added or changed then
// writes its pack after its last update (see Loader.aggregate), while a
// first load of a large batch, all of whose entries are new, still writes
// them as they come instead of holding them all.
const holdLimit = 32 << 20

// start creates the blob and writes the records held back, unless ctx is
// cancelled on the way: the blob is then left for abort to remove.
func (w *packWriter) start(ctx context.Context) bool {
	bw, err := w.l.opts.Cache.CreateBlob(w.l.packName(w.roots))
	if err != nil {
		w.failed = true
		return false
	}
	w.bw, w.started = bw, true
	var id [8]byte
	rand.Read(id[:])
	w.gen = hex.EncodeToString(id[:])
	var e enc
	e.str(w.gen)
	w.bw.Write(e.buf)
	for i, r := range w.pending {
		if i%packChunk == 0 && ctx.Err() != nil {
			w.failed = true
			return false
		}
		w.write(r)
	}
	w.pending, w.held = nil, 0
	return true
}

// write appends r's entry to the blob, which buffers and keeps the first
// error for Commit, and its record to the index.
func (w *packWriter) write(r packRecord) {
	at := w.bw.Len()
	if len(r.texts) == len(r.articles) {
		for i, a := range r.articles {
			w.lent = append(w.lent, textSpan{a: a, at: at + uint64(r.texts[i])})
		}
	}
	w.bw.Write(r.entry)
	e := &w.index
	e.str(r.path)
	e.int(r.size)
	e.int(r.mtime)
	e.int(int64(at))
	e.int(int64(len(r.entry)))
	e.int(int64(crc32.Checksum(r.entry, packCRC)))
	e.bytes(w.entityIDs(r.articles))
	w.records++
}

// packTail lays out the end of a pack whose entries end at indexAt: its
// index, made of gen, the count of records and the records' index
// (index), then its names and its trailer.
func packTail(gen string, records int, index []byte, names []*entNames, indexAt uint64) []byte {
	var e enc
	e.str(gen)
	e.int(int64(records))
	e.buf = append(e.buf, index...)
	namesAt := indexAt + uint64(len(e.buf))
	writeNames(&e, names)
	e.buf = binary.LittleEndian.AppendUint64(e.buf, indexAt)
	e.buf = binary.LittleEndian.AppendUint64(e.buf, namesAt)
	return binary.LittleEndian.AppendUint32(e.buf, crc32.Checksum(e.buf, packCRC))
}

// entityIDs returns the indexes, in the pack's names, of the entities of
// arts in the order their entry lists them, adding names the pack does not
// hold yet. The articles' names are shared through the loader's table, so
// the same names are the same pointer.
func (w *packWriter) entityIDs(arts []*Article) []byte {
	var ids []byte
	for _, a := range arts {
		for _, r := range a.entRefs() {
			id, ok := w.ids[r.names]
			if !ok {
				if w.ids == nil {
					w.ids = make(map[*entNames]uint64)
				}
				id = uint64(len(w.names))
				w.ids[r.names] = id
				w.names = append(w.names, r.names)
			}
			ids = binary.AppendUvarint(ids, id)
		}
	}
	return ids
}

// textSpan is where an article's search text is in a blob's payload.
type textSpan struct {
	a  *Article
	at uint64
}

// commit puts the new pack in place unless the load reused the old one or
// ctx is cancelled. A failure costs the next start time, not correctness,
// so it is not reported.
func (w *packWriter) commit(ctx context.Context) {
	if w == nil || w.failed || w.reused() {
		return
	}
	if ctx.Err() != nil {
		// No pack is put in place: abort removes what was written.
		w.failed = true
		return
	}
	if w.bw == nil && !w.start(ctx) {
		return
	}
	bw := w.bw
	w.bw = nil
	bw.Write(packTail(w.gen, w.records, w.index.buf, w.names, bw.Len()))
	w.index = enc{}
	if bw.Commit() != nil {
		w.failed = true
	}
}

// reused reports whether the load read back the old pack and nothing else:
// every file it recorded, in the same state, and no other, so the same
// batch.
func (w *packWriter) reused() bool {
	return w != nil && w.old != nil && !w.started && !w.failed && !w.changed && w.hits == len(w.old.recs)
}

// generation names the pack now in place for this load's batch, after
// commit: the old one's if it was reused, the new one's if it was written,
// "" if there is none.
func (w *packWriter) generation() string {
	switch {
	case w == nil || w.failed:
		return ""
	case w.started:
		return w.gen
	case w.reused():
		return w.old.gen
	}
	return ""
}

// The batch step's outcome depends only on the batch, so a load that reused
// its pack whole would find the same revisions again, after counting every
// line of the batch and checking every article: about a second of work at
// 100,000 articles. The revisions are kept beside the pack, under its
// generation, and read back instead. A blob of revisions is its pack's
// generation, then for each revised article its path, index, ID and
// encodeRevision's layout.

// revisionsName names the blob of revisions beside the pack for roots.
func (l *Loader) revisionsName(roots []string) string {
	return l.packName(roots) + "\x00revisions"
}

// revisionsOf returns the revisions kept for the pack of roots of
// generation gen, if there are any.
func (l *Loader) revisionsOf(roots []string, gen string) ([]*Article, bool) {
	b, ok := l.opts.Cache.OpenBlob(l.revisionsName(roots))
	if !ok {
		return nil, false
	}
	out, _, err := parseRevisions(b.Bytes(), gen, l.names)
	if err != nil {
		b.Close()
		return nil, false
	}
	l.settle(b, len(out))
	return out, true
}

// showRevisions returns the revisions kept for the pack p previews, to be
// shown with it, and notes which articles they revise.
func (l *Loader) showRevisions(p *preview) []*Article {
	out, ok := l.revisionsOf(p.roots, p.pk.gen)
	if !ok {
		return nil
	}
	p.revised = make(map[revisionKey]bool, len(out))
	for _, b := range out {
		p.revised[keyOf(b)] = true
	}
	return out
}

// keptRevisions are the revisions kept beside the old pack of a load that
// does not reuse it whole, by the article they revise, for reviseAll. They
// are decoded as they are taken, on reviseAll's workers.
type keptRevisions struct {
	blob  *cache.Blob
	names *nameTable
	by    map[revisionKey]keptRevision
	used  atomic.Int32 // how many reviseAll took
}

// revisionKey names an article: its file, its place in the file and its ID.
type revisionKey struct {
	path  string
	index int
	id    string
}

// keyOf names a.
func keyOf(a *Article) revisionKey { return revisionKey{a.Path, a.Index, a.ID} }

// keptRevision is a revision as the blob keeps it, and the signature of the
// batch step's verdicts it was made under (see clean.BatchStats.Signature).
type keptRevision struct {
	sig uint64
	raw []byte
}

// oldRevisions returns the outcomes kept beside the old pack of w when w
// does not reuse it whole, as a load that finds files added, changed or
// gone does not; nil when there are none. An article read back from the
// old pack whose verdicts have the same signature as then has the same
// outcome, and reviseAll takes it from here rather than making it again.
// Before, it came from the article's entry in the per-file cache, one file
// read for each. At 100,000 articles, 2,198 of
// them revised, a reopen after a file was added or removed took 3.78 s
// with those files out of the page cache and 2.13 s with them in it; taken
// from here, 3.10 and 1.88 s (medians of 4 and 6 runs in turn). The caller
// settles the blob once reviseAll is done.
func (l *Loader) oldRevisions(w *packWriter) *keptRevisions {
	if w == nil || w.old == nil || w.reused() {
		return nil
	}
	b, ok := l.opts.Cache.OpenBlob(l.revisionsName(w.roots))
	if !ok {
		return nil
	}
	k := &keptRevisions{blob: b, names: l.names, by: map[revisionKey]keptRevision{}}
	err := scanRevisions(b.Bytes(), w.old.gen, func(key revisionKey, sig uint64, raw []byte) error {
		k.by[key] = keptRevision{sig, raw}
		return nil
	})
	if err != nil {
		b.Close()
		return nil
	}
	return k
}

// take returns the kept outcome for a under sig, if there is one that
// decodes: its revision, or nil when the batch step changed nothing in it.
func (k *keptRevisions) take(a *Article, sig uint64) (*Article, bool) {
	if k == nil {
		return nil, false
	}
	r, ok := k.by[keyOf(a)]
	if !ok || r.sig != sig {
		return nil, false
	}
	b, err := decodeRevision(r.raw, &Article{Path: a.Path, Index: a.Index, ID: a.ID, slim: true}, k.names, true)
	if err != nil {
		return nil, false
	}
	if b != nil {
		k.used.Add(1)
	}
	return b, true
}

// parseRevisions reads a blob of outcomes kept for the pack of generation
// gen, and returns the revisions among them with their signatures. The
// revisions are slim, and their search text points into data, which must
// stay readable and unchanged for as long as they live.
func parseRevisions(data []byte, gen string, names *nameTable) ([]*Article, []uint64, error) {
	var out []*Article
	var sigs []uint64
	err := scanRevisions(data, gen, func(key revisionKey, sig uint64, raw []byte) error {
		r, err := decodeRevision(raw, &Article{Path: key.path, Index: key.index, ID: key.id, slim: true}, names, true)
		if err != nil {
			return err
		}
		if r == nil {
			return nil // the batch step changed nothing in the article
		}
		out = append(out, r)
		sigs = append(sigs, sig)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, sigs, nil
}

// scanRevisions calls f with each revision of a blob kept for the pack of
// generation gen, undecoded, until f returns an error.
func scanRevisions(data []byte, gen string, f func(key revisionKey, sig uint64, raw []byte) error) error {
	d := dec{buf: data}
	if got := d.str(); d.err != nil || got != gen {
		return errors.New("revisions of another pack")
	}
	for len(d.buf) > 0 {
		key := revisionKey{path: d.str(), index: int(d.int()), id: d.str()}
		sig := d.u64()
		raw := d.bytes()
		if d.err != nil {
			return d.err
		}
		if err := f(key, sig, raw); err != nil {
			return err
		}
	}
	return nil
}

// saveRevisions keeps the batch step's outcomes beside the pack w put in
// place or reused, those that changed nothing too, so that a reopen that
// finds files changed looks again only at the articles whose verdicts
// changed; and returns where each revision's search text is in the blob,
// for rebind. Each outcome is written as it is encoded, as packWriter.write
// does, so that a batch of many revised articles is never held whole in
// memory a second time. At 10,000 articles, a first load that kept each
// outcome in a cache entry of its own spent 1.85 s of CPU creating them.
func (l *Loader) saveRevisions(w *packWriter, outcomes []outcome) []textSpan {
	gen := w.generation()
	if gen == "" {
		return nil
	}
	bw, err := l.opts.Cache.CreateBlob(l.revisionsName(w.roots))
	if err != nil {
		return nil
	}
	var e enc
	e.str(gen)
	bw.Write(e.buf)
	var spans []textSpan
	var texts []int
	for _, o := range outcomes {
		texts = texts[:0]
		rev := encodeRevision(o.b, &texts)
		e.buf = e.buf[:0]
		e.str(o.a.Path)
		e.int(int64(o.a.Index))
		e.str(o.a.ID)
		e.u64(o.sig)
		e.int(int64(len(rev)))
		bw.Write(e.buf)
		if o.b != nil && len(texts) == 1 {
			spans = append(spans, textSpan{a: o.b, at: bw.Len() + uint64(texts[0])})
		}
		bw.Write(rev)
	}
	// The blob writer keeps the first write error for Commit, which then
	// drops the blob. A failure costs the next reopen the batch step.
	if bw.Commit() != nil {
		return nil
	}
	return spans
}

// abort drops a pack being written, for a load that did not finish.
func (w *packWriter) abort() {
	if w != nil && w.bw != nil {
		w.bw.Abort()
	}
}
