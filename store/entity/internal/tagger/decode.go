package tagger

import "strings"

// maxCachedWords bounds the words a decoder remembers; past it, it
// forgets them all and starts again. News text draws most of its tokens
// from a few thousand words, which this keeps: a full cache holds about
// 4 MB, and twice the size was no faster on 400 articles with 29,000
// distinct words. A batch's whole vocabulary would cost each decoder tens
// of megabytes.
const maxCachedWords = 1 << 13

// maxCachedWordLen is the longest word, in bytes, a decoder remembers.
const maxCachedWordLen = 64

// maxOwnFeats is the most features that depend on a word alone: the bias,
// the word as normalised and as written, its two shapes, four prefixes and
// four suffixes, its capitalisation class and its two clusters.
const maxOwnFeats = 16

// Their packed sum must fit in the lanes without spilling.
const _ = uint(maxPacked - maxOwnFeats)

// cachedWord is what a decoder knows of a word as written, computed the
// first time it meets the word.
type cachedWord struct {
	word
	sshape   string // short shape
	clus     uint16 // Gazetteer.cluster
	capClass uint8  // Gazetteer.capClass, for a capitalised word
	// own is the packed sum, in every stage, of the weights of the
	// features that depend on the word alone (see ownFeats). They are
	// about half of a token's features, so a word met again costs half
	// the look-ups.
	own packedSum
	// near holds the features the word gives the tokens around it.
	near neighbour
	// asLeft and asSelf hold the hashes of the pair features of
	// contextFeats as far as this word, first in the pair, takes them:
	// hashing is byte by byte, so this halves the work of those features.
	asLeft leftHashes
	asSelf selfHashes
}

// leftHashes are the pair features' hashes up to the word at i-1 of a
// token at i.
type leftHashes struct{ bgm, ssm, ss3, wm1s0 uint64 }

func newLeftHashes(norm, sshape string) leftHashes {
	return leftHashes{
		bgm:   hstr(tmpl(fBgm), norm),
		ssm:   hstr(tmpl(fSSm), sshape),
		ss3:   hstr(tmpl(fSS3), sshape),
		wm1s0: hstr(tmpl(fWm1S0), norm),
	}
}

// selfHashes are the features' hashes up to the token's own word, and
// the whole of those that take nothing else.
type selfHashes struct{ bgp, ssp, s0wp1, first, headline uint64 }

func newSelfHashes(norm, sshape string) selfHashes {
	return selfHashes{
		bgp:      hstr(tmpl(fBgp), norm),
		ssp:      hstr(tmpl(fSSp), sshape),
		s0wp1:    hstr(tmpl(fS0Wp1), sshape),
		first:    hstr(tmpl(fFirst), sshape),
		headline: hstr(tmpl(fHeadline), sshape),
	}
}

// neighbour holds the features a word gives a token as its neighbour, by
// the word's place: just before the token, just after, two before, two
// after (fWm1, fWp1, fWm2 and fWp2 of its norm). They are kept as hashes
// and as rows of the index (-1 for none).
type neighbour struct {
	feats [4]uint64
	rows  [4]int32
}

// neighbourTemplates are the templates of the neighbour features, in the
// order of neighbour.
var neighbourTemplates = [4]byte{fWm1, fWp1, fWm2, fWp2}

func newNeighbour(x *weightIndex, norm string) neighbour {
	var nb neighbour
	for j, t := range neighbourTemplates {
		nb.feats[j] = hstr(tmpl(t), norm)
		nb.rows[j] = x.row(nb.feats[j])
	}
	return nb
}

// word returns what the decoder knows of the word w, working it out if
// need be.
func (d *Decoder) word(w string) *cachedWord {
	if cw := d.words[w]; cw != nil {
		return cw
	}
	// w may point into a whole article's text, and both the cache and
	// the decoder's per-document scratch, which a pooled decoder keeps
	// between documents, hold on to the word: a copy lets that text go.
	w = strings.Clone(w)
	cw := &cachedWord{word: newWord(w), clus: d.m.gaz.cluster(w)}
	var long string
	long, cw.sshape, d.buf = shapes(w, d.buf)
	if isCap(cw.kind) {
		cw.capClass = d.m.gaz.capClass(cw.lower)
	}
	var spilled [64]int32 // stays zero: see maxOwnFeats
	d.t.index.add(cw.ownFeats(d.feats[:0], long), &cw.own, &spilled)
	cw.near = newNeighbour(d.t.index, cw.norm)
	cw.asLeft, cw.asSelf = newLeftHashes(cw.norm, cw.sshape), newSelfHashes(cw.norm, cw.sshape)
	// A long token (a URL, a hash, a line of a file with no spaces) is
	// worked out but not kept: the cache is bounded by its words, and a
	// few such tokens would hold megabytes in every pooled decoder.
	if len(w) <= maxCachedWordLen {
		if len(d.words) >= maxCachedWords {
			clear(d.words)
		}
		d.words[w] = cw
	}
	return cw
}

// ownFeats appends the features of Featurizer.Sentence that depend on the
// word alone; long is its long shape.
func (cw *cachedWord) ownFeats(f []uint64, long string) []uint64 {
	w0 := cw.norm
	f = append(f,
		tmpl(fBias),
		hstr(tmpl(fW0), w0),
		hstr(tmpl(fRaw), cw.text),
		hstr(tmpl(fShape), long),
		hstr(tmpl(fSShape), cw.sshape))
	for k := 1; k <= 4 && k <= len(w0); k++ {
		f = append(f,
			hstr(hbyte(tmpl(fPre), byte(k)), w0[:k]),
			hstr(hbyte(tmpl(fSuf), byte(k)), w0[len(w0)-k:]))
	}
	if isCap(cw.kind) {
		f = append(f, hbyte(tmpl(fCap), cw.capClass))
	}
	return append(f,
		hbyte(tmpl(fClusF), byte(cw.clus)),
		hbyte(tmpl(fClusC), byte(cw.clus>>8)))
}

// docWords looks up the words of a document's sentences, into d.cws (for
// the features) and d.ws (for the document-level facts).
func (d *Decoder) docWords(sents [][]string) {
	total := 0
	for _, s := range sents {
		total += len(s)
	}
	d.cwFlat = grow(d.cwFlat, total)
	d.wFlat = grow(d.wFlat, total)
	d.cws = grow(d.cws, len(sents))
	d.ws = grow(d.ws, len(sents))
	tok := 0
	for j, s := range sents {
		cws, ws := d.cwFlat[tok:tok+len(s)], d.wFlat[tok:tok+len(s)]
		for i, w := range s {
			cws[i] = d.word(w)
			ws[i] = &cws[i].word
		}
		d.cws[j], d.ws[j] = cws, ws
		tok += len(s)
	}
}

// contextFeats computes, into d.feats and d.off, the features of
// Featurizer.Sentence (for the first stage) that ownFeats leaves out: those
// that depend on the words around a token, its place in the sentence and
// the document-level facts.
func (d *Decoder) contextFeats(words []string, cws []*cachedWord, ds DocStats) {
	n := len(cws)
	d.norm = grow(d.norm, n)
	d.sshape = grow(d.sshape, n)
	d.begin = grow(d.begin, n)
	d.inside = grow(d.inside, n)
	for i, cw := range cws {
		d.norm[i], d.sshape[i] = cw.norm, cw.sshape
	}
	d.m.gaz.gazMarks(words, d.norm, d.begin, d.inside)
	left := func(i int) *leftHashes {
		if i < 0 {
			return &d.t.padLeft
		}
		return &cws[i].asLeft
	}
	cat := func(i int) uint16 {
		if i < 0 || i >= n {
			return 0xffff
		}
		return cws[i].clus
	}
	gat := func(i int) uint8 {
		if i < 0 || i >= n {
			return 0
		}
		return d.begin[i] | d.inside[i]
	}
	head := headline(n, func(i int) int { return cws[i].kind })
	first := firstWordOf(n, func(i int) bool { return cws[i].letterOrDigit })

	f := d.feats[:0]
	d.off = append(d.off[:0], 0)
	for i, cw := range cws {
		w0, s0 := cw.norm, cw.sshape
		w1, s1 := pad(d.norm, i+1), pad(d.sshape, i+1)
		l, me := left(i-1), &cw.asSelf
		// The words one and two before and after come as rows from
		// their cache entries: see neighbours.
		f = append(f,
			hstr(sep(l.bgm), w0),
			hstr(sep(me.bgp), w1),
			hstr(sep(l.ssm), s0),
			hstr(sep(me.ssp), s1),
			hstr(sep(hstr(sep(l.ss3), s0)), s1),
			hstr(sep(l.wm1s0), s0),
			hstr(sep(me.s0wp1), w1),
		)
		if i <= first {
			f = append(f, me.first)
		}
		if isCap(cw.kind) {
			var ctx byte
			if i <= first {
				ctx |= 1
			}
			if head {
				ctx |= 2
			}
			f = append(f, hbyte(hbyte(tmpl(fCapCtx), cw.capClass), ctx))
		}
		if head {
			f = append(f, me.headline)
		}
		for b := d.begin[i]; b != 0; b &= b - 1 {
			c := b & -b
			f = append(f, hbyte(tmpl(fGazB), c))
			if i == 0 {
				f = append(f, hbyte(tmpl(fGazFirst), c))
			}
		}
		for in := d.inside[i]; in != 0; in &= in - 1 {
			f = append(f, hbyte(tmpl(fGazI), in&-in))
		}
		if g := gat(i - 1); g != 0 {
			f = append(f, hbyte(tmpl(fGazM1), g))
		}
		if g := gat(i + 1); g != 0 {
			f = append(f, hbyte(tmpl(fGazP1), g))
		}
		c := cw.clus
		f = append(f,
			hbyte(hbyte(tmpl(fClusFm1), byte(cat(i-1))), byte(c)),
			hbyte(hbyte(tmpl(fClusFp1), byte(c)), byte(cat(i+1))),
			hbyte(hbyte(hbyte(tmpl(fClusC3), byte(cat(i-1)>>8)), byte(c>>8)), byte(cat(i+1)>>8)))
		if ds.m != nil {
			f = appendDocFeats(f, cw.kind, cw.lower, i <= first, head, ds)
			if isCap(cw.kind) {
				f = append(f, ds.agg[cw.lower]...)
			}
		}
		d.off = append(d.off, len(f))
	}
	d.feats = f
}

// neighbours returns the neighbour features of token i of a sentence:
// those the words one and two before and after it give it, or the
// sentence start and end markers beyond the sentence.
func (d *Decoder) neighbours(cws []*cachedWord, i int) [4]*neighbour {
	at := func(j int) *neighbour {
		switch {
		case j < 0:
			return &d.t.padStart
		case j >= len(cws):
			return &d.t.padEnd
		}
		return &cws[j].near
	}
	return [4]*neighbour{at(i - 1), at(i + 1), at(i - 2), at(i + 2)}
}

// stackedWeights holds a later stage's weights of the stacked features
// (see appendStacked). These take few values, the earlier stage's
// tags and what it said of a word elsewhere, so a table of them spares
// decoding the hashing and look-ups.
type stackedWeights struct {
	prev0  [NumTags + 1][NumTags]int32
	prevM1 [NumTags + 1][NumTags + 1][NumTags]int32
	prevP1 [NumTags + 1][NumTags + 1][NumTags]int32
	nlHas  [5][NumTags]int32
	nlNone [NumTags]int32
	nlMaj  [5][2][NumTags]int32
}

func newStackedWeights(x *weightIndex, k int) *stackedWeights {
	sw := new(stackedWeights)
	// A feature the index lacks has no weights: its row stays zero.
	weights := func(h uint64, into *[NumTags]int32) {
		w, _ := x.stageRow(h, k)
		for t := range w {
			into[t] = int32(w[t])
		}
	}
	for a := range byte(NumTags + 1) {
		weights(prev0Feat(a), &sw.prev0[a])
		for b := range byte(NumTags + 1) {
			weights(prevPairFeat(fPrevM1, a, b), &sw.prevM1[a][b])
			weights(prevPairFeat(fPrevP1, a, b), &sw.prevP1[a][b])
		}
	}
	for t := range byte(5) {
		weights(nlHasFeat(t), &sw.nlHas[t])
		for strong := range byte(2) {
			weights(nlMajFeat(t, strong), &sw.nlMaj[t][strong])
		}
	}
	weights(tmpl(fNLNone), &sw.nlNone)
	return sw
}

// add adds to acc the weights of the stacked features of token i of a
// sentence, given its word, the document-level facts and the earlier
// stage's tags of the sentence.
func (sw *stackedWeights) add(acc *[NumTags]int32, cw *cachedWord, ds DocStats, prev []int, i int) {
	a, b, c := prevTags(prev, i)
	addRow(acc, &sw.prev0[b])
	addRow(acc, &sw.prevM1[a][b])
	addRow(acc, &sw.prevP1[b][c])
	if ds.pred == nil || !isCap(cw.kind) {
		return
	}
	counts := ds.pred[cw.lower]
	if counts == nil {
		return
	}
	p := summarise(counts)
	for t := range p.has {
		if p.has[t] {
			addRow(acc, &sw.nlHas[t])
		}
	}
	if p.none {
		addRow(acc, &sw.nlNone)
	} else {
		addRow(acc, &sw.nlMaj[p.best%5][p.strong&1])
	}
}

func addRow(acc, row *[NumTags]int32) {
	for t := range acc {
		acc[t] += row[t]
	}
}
