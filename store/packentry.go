package store

import "errors"

// A pack's entry is a file's result as a slim load keeps it, laid out as
// the per-file cache's entry is (see encodeEntry) but without what a slim
// article does without: no raw text, lines or body, and of each entity
// only its count and salience. Its names, which the per-file entry gives
// twice over, as they are and folded, come from the record's indexes into
// the pack's table of names instead. Passing over those strings took half
// the time of decoding the pack's entries: at 100,000 articles, the
// decoding takes 0.20 s of CPU a reopen without them, 0.43 s with them (CPU
// profiles of three reopens each).

// encodePackEntry lays out the slim result r for the pack, appending to
// texts where each article's search text starts in it (see
// Loader.rebind). The record's entity indexes follow the order of the
// entities here.
func encodePackEntry(r result, texts *[]int) []byte {
	var e enc
	e.int(int64(len(r.articles)))
	for _, a := range r.articles {
		e.articleHead(a)
		e.int(int64(a.Words))
		ents := a.entRefs()
		e.int(int64(len(ents)))
		for _, x := range ents {
			e.int(int64(x.count))
			e.float(x.salience)
		}
		e.searchText(a, texts)
		e.str(a.foldedSource)
		e.articleMeta(a)
	}
	e.resultTail(r)
	return e.buf
}

// decodePackEntry reads what encodePackEntry wrote, for the file at path,
// with the entities' names from ids. The articles are slim and borrow
// their search text, and the result its line keys, from raw, the pack,
// which stays mapped: the largest part of a slim article is then the
// kernel's page cache and not the reader's heap.
func decodePackEntry(raw []byte, path string, ids *packIDs) (result, error) {
	d := dec{buf: raw}
	var r result
	for range d.count() {
		a := &Article{Path: path, slim: true}
		a.stripped, a.lines = d.articleHead(a)
		a.Words = int(d.int())
		if n := d.count(); n > 0 {
			a.ents = make([]entRef, n)
			for i := range a.ents {
				x := &a.ents[i]
				x.count, x.salience, x.names = int(d.int()), d.float(), ids.next()
				if x.names == nil && d.err == nil {
					d.err = errors.New("entity index missing or out of range")
				}
			}
		}
		a.setSearchText(d.view())
		a.foldedSource = d.view()
		d.articleMeta(a)
		if d.err != nil {
			return result{}, d.err
		}
		a.ownStrings()
		r.articles = append(r.articles, a)
	}
	d.resultTail(&r, path, true)
	if d.err == nil && len(ids.ids) != 0 {
		d.err = errors.New("more entity indexes than entities")
	}
	if d.err != nil {
		return result{}, d.err
	}
	return r, nil
}
