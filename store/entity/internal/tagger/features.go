package tagger

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NumTags is the size of the tag set: O, and B- (begin), I- (inside), L-
// (last) and U- (unit, a one-token name) for each of the four CoNLL types.
// The tagger works in this BILOU scheme because it lets the model learn
// what the first, middle and last words of a name and a one-word name each
// look like, which scores better than plain BIO; names come out as spans
// either way, and IOB2 tags for CoNLL output come from IOB2Name.
const NumTags = 17

// Tag index layout: B-t = 1+t, I-t = 5+t, L-t = 9+t, U-t = 13+t.
const (
	tagB = 1
	tagI = 5
	tagL = 9
	tagU = 13
)

// TypeNames are the entity types, indexed as in the tag layout.
var TypeNames = [4]string{"PER", "ORG", "LOC", "MISC"}

// tagType returns the entity type of a tag (which must not be O).
func tagType(t int) int { return (t - 1) % 4 }

// tagKind returns tagB, tagI, tagL or tagU for a tag other than O.
func tagKind(t int) int { return t - tagType(t) }

// IOB2Name returns the IOB2 name of a tag: "O", "B-PER", "I-LOC"...
func IOB2Name(t int) string {
	if t <= 0 || t >= NumTags {
		return "O"
	}
	switch tagKind(t) {
	case tagB, tagU:
		return "B-" + TypeNames[tagType(t)]
	}
	return "I-" + TypeNames[tagType(t)]
}

// Feature templates. The numbers are part of the model format: changing one
// requires retraining.
const (
	fBias byte = iota + 1
	fW0
	fRaw
	fWm1
	fWp1
	fWm2
	fWp2
	fBgm
	fBgp
	fShape
	fSShape
	fSSm
	fSSp
	fSS3
	fPre
	fSuf
	fFirst
	fHeadline
	fGazB
	fGazI
	fGazM1
	fGazP1
	fDoc
	fWm1S0
	fS0Wp1
	fGazFirst
	fNLMaj
	fNLHas
	fNLNone
	fPrev0
	fPrevM1
	fPrevP1
	fCap
	fCapCtx
	fAggL
	fAggR
	fAggL2
	fAggR2
	fClusF
	fClusC
	fClusFm1
	fClusFp1
	fClusC3
)

// maxAgg bounds the aggregated context features of one word.
const maxAgg = 32

// Document-level facts about a lower-cased word, gathered over the whole
// document before any sentence is tagged. They carry evidence from one
// sentence to another: a word seen in lower case elsewhere is probably not a
// name at the start of a sentence, and a word capitalised mid-sentence
// elsewhere probably is.
const (
	dsLower  uint8 = 1 << iota // seen all lower case
	dsCapMid                   // seen capitalised, not first in its sentence, outside headlines
	dsTitle                    // seen in title case outside headlines
)

// DocStats holds the document-level facts for one document.
type DocStats struct {
	m map[string]uint8
	// pred counts, for each capitalised word, the labels an earlier stage
	// gave its occurrences in the document: 0 outside entities, 1+t inside
	// an entity of type t. Nil for the first stage.
	pred map[string]*[5]uint16
	// agg holds, for each capitalised word, the features of the words next
	// to it anywhere in the document ("said" before, "told" after): one
	// occurrence's context vouches for the others.
	agg map[string][]uint64
}

// word is what the document-level facts need to know about a token's word.
type word struct {
	text, norm, lower string // as written, normWord, lower case
	kind              int    // wordKind
	letterOrDigit     bool
	// agg holds the aggregated context features the word gives a
	// capitalised word next to it: fAggL, fAggR, fAggL2 and fAggR2 of its
	// norm, as the word before, after, two before and two after.
	agg [4]uint64
}

func newWord(w string) word {
	wd := word{text: w, norm: normWord(w), lower: strings.ToLower(w), kind: wordKind(w), letterOrDigit: hasLetterOrDigit(w)}
	for i, t := range [4]byte{fAggL, fAggR, fAggL2, fAggR2} {
		wd.agg[i] = hstr(tmpl(t), wd.norm)
	}
	return wd
}

// newWords returns the words of the tokens of sentences.
func newWords(sents [][]string) [][]*word {
	out := make([][]*word, len(sents))
	for i, s := range sents {
		out[i] = make([]*word, len(s))
		for j, w := range s {
			wd := newWord(w)
			out[i][j] = &wd
		}
	}
	return out
}

// isCap reports whether a word kind is capitalised: the words names are
// made of.
func isCap(kind int) bool { return kind == kindInitCap || kind == kindAllCaps }

// WithPredictions returns the facts extended with an earlier stage's tags
// of the document's sentences.
func (ds DocStats) WithPredictions(sents [][]string, tags [][]int) DocStats {
	return ds.withPredictions(newWords(sents), tags)
}

func (ds DocStats) withPredictions(sents [][]*word, tags [][]int) DocStats {
	p := make(map[string]*[5]uint16)
	for i, s := range sents {
		for j, w := range s {
			if !isCap(w.kind) {
				continue
			}
			c := p[w.lower]
			if c == nil {
				c = new([5]uint16)
				p[w.lower] = c
			}
			label := 0
			if t := tags[i][j]; t > 0 {
				label = 1 + tagType(t)
			}
			if c[label] < math.MaxUint16 {
				c[label]++
			}
		}
	}
	return DocStats{m: ds.m, pred: p, agg: ds.agg}
}

// NewDocStats gathers the document-level facts of a document given as
// sentences of tokens.
func NewDocStats(sents [][]string) DocStats {
	return newDocStats(newWords(sents))
}

func newDocStats(sents [][]*word) DocStats {
	ds := DocStats{m: make(map[string]uint8), agg: make(map[string][]uint64)}
	for _, s := range sents {
		ds.addWords(s)
	}
	return ds
}

func (ds DocStats) addWords(s []*word) {
	head := headline(len(s), func(i int) int { return s[i].kind })
	first := firstWordOf(len(s), func(i int) bool { return s[i].letterOrDigit })
	for i, w := range s {
		k := w.kind
		if isCap(k) {
			a := ds.agg[w.lower]
			add := func(h uint64) {
				if len(a) < maxAgg && !slices.Contains(a, h) {
					a = append(a, h)
				}
			}
			if i > 0 && s[i-1].letterOrDigit {
				add(s[i-1].agg[0])
			}
			if i+1 < len(s) && s[i+1].letterOrDigit {
				add(s[i+1].agg[1])
			}
			if i > 1 && s[i-2].letterOrDigit {
				add(s[i-2].agg[2])
			}
			if i+2 < len(s) && s[i+2].letterOrDigit {
				add(s[i+2].agg[3])
			}
			ds.agg[w.lower] = a
		}
		switch {
		case k == kindLower:
			ds.m[w.lower] |= dsLower
		case k == kindInitCap && !head:
			f := dsTitle
			if i > first {
				f |= dsCapMid
			}
			ds.m[w.lower] |= f
		}
	}
}

// firstWord returns the index of the first token with a letter or digit:
// that word opens the sentence even after quotes or brackets.
func firstWord(s []string) int {
	return firstWordOf(len(s), func(i int) bool { return hasLetterOrDigit(s[i]) })
}

// firstWordOf is firstWord over n tokens, of which letterOrDigit(i) tells
// whether token i has a letter or digit.
func firstWordOf(n int, letterOrDigit func(int) bool) int {
	for i := range n {
		if letterOrDigit(i) {
			return i
		}
	}
	return n
}

const (
	kindOther = iota
	kindLower
	kindInitCap
	kindAllCaps
)

// wordKind classifies the letter case of a token.
func wordKind(w string) int {
	var up, low int
	first := true
	initCap := false
	for _, r := range w {
		if unicode.IsUpper(r) {
			up++
			if first {
				initCap = true
			}
		} else if unicode.IsLower(r) {
			low++
		}
		if unicode.IsLetter(r) {
			first = false
		}
	}
	switch {
	case up == 0 && low > 0:
		return kindLower
	case up > 0 && low == 0:
		if up == 1 && utf8.RuneCountInString(w) == 1 {
			return kindInitCap
		}
		return kindAllCaps
	case initCap:
		return kindInitCap
	}
	return kindOther
}

// isHeadline reports whether most words of a sentence are in capitals, as in
// the headlines and datelines of news wires.
func isHeadline(s []string) bool {
	return headline(len(s), func(i int) int { return wordKind(s[i]) })
}

// headline is isHeadline over n tokens, of which kind(i) gives the
// wordKind of token i.
func headline(n int, kind func(int) int) bool {
	var caps, words int
	for i := range n {
		switch kind(i) {
		case kindAllCaps:
			caps++
			words++
		case kindLower, kindInitCap:
			words++
		}
	}
	return words >= 2 && caps*2 > words
}

func hasLetterOrDigit(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// normWord lower-cases a word and maps digits to 0, so that numbers and
// dates share features.
func normWord(w string) string {
	hasDigit := false
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			hasDigit = true
			break
		}
	}
	lw := strings.ToLower(w)
	if !hasDigit {
		return lw
	}
	b := []byte(lw)
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}

// shapes returns the word shape (X for upper, x for lower, d for digit, other
// characters kept, at most 12 characters) and the short shape, with runs
// collapsed: "Nkoana-Mashabane" gives "Xxxxxx-Xxxxx" and "Xx-Xx".
func shapes(w string, buf []byte) (long, short string, _ []byte) {
	buf = buf[:0]
	n := 0
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if n < 12 {
			buf = append(buf, c)
		}
		n++
	}
	long = string(buf)
	sb := buf[len(buf):]
	for i := 0; i < len(long); i++ {
		if len(sb) == 0 || sb[len(sb)-1] != long[i] {
			sb = append(sb, long[i])
		}
	}
	short = string(sb)
	return long, short, buf
}

// Featurizer turns sentences into feature hashes. It keeps buffers between
// calls, so one Featurizer must not be used by two goroutines at once.
type Featurizer struct {
	gaz *Gazetteer

	norm, sshape  []string
	begin, inside []uint8
	clus          []uint16 // per token: its clusters, as Gazetteer.cluster
	buf           []byte

	// Feats holds the features of the last sentence: token i has
	// Feats[Off[i]:Off[i+1]].
	Feats []uint64
	Off   []int
}

// NewFeaturizer returns a featurizer that uses gaz (which may be nil).
func NewFeaturizer(gaz *Gazetteer) *Featurizer { return &Featurizer{gaz: gaz} }

const (
	padStart = "<s>"
	padEnd   = "</s>"
)

// Sentence computes the features of the tokens of one sentence. prev holds
// an earlier stage's tags of the sentence, or is nil for the first stage.
func (fz *Featurizer) Sentence(words []string, ds DocStats, prev []int) {
	n := len(words)
	fz.norm = grow(fz.norm, n)
	fz.sshape = grow(fz.sshape, n)
	fz.begin = grow(fz.begin, n)
	fz.inside = grow(fz.inside, n)
	longShapes := make([]string, n)
	for i, w := range words {
		fz.norm[i] = normWord(w)
		longShapes[i], fz.sshape[i], fz.buf = shapes(w, fz.buf)
	}
	fz.gaz.gazMarks(words, fz.norm, fz.begin, fz.inside)
	fz.clus = grow(fz.clus, n)
	for i, w := range words {
		fz.clus[i] = fz.gaz.cluster(w)
	}
	cat := func(i int) uint16 {
		if i < 0 || i >= n {
			return 0xffff
		}
		return fz.clus[i]
	}

	head := isHeadline(words)
	first := firstWord(words)

	fz.Feats = fz.Feats[:0]
	fz.Off = append(fz.Off[:0], 0)
	at := func(i int) string { return pad(fz.norm, i) }
	sat := func(i int) string { return pad(fz.sshape, i) }
	gat := func(i int) uint8 {
		if i < 0 || i >= n {
			return 0
		}
		return fz.begin[i] | fz.inside[i]
	}
	for i, w := range words {
		f := fz.Feats
		w0 := fz.norm[i]
		f = append(f,
			tmpl(fBias),
			hstr(tmpl(fW0), w0),
			hstr(tmpl(fRaw), w),
			hstr(tmpl(fWm1), at(i-1)),
			hstr(tmpl(fWp1), at(i+1)),
			hstr(tmpl(fWm2), at(i-2)),
			hstr(tmpl(fWp2), at(i+2)),
			hstr(sep(hstr(tmpl(fBgm), at(i-1))), w0),
			hstr(sep(hstr(tmpl(fBgp), w0)), at(i+1)),
			hstr(tmpl(fShape), longShapes[i]),
			hstr(tmpl(fSShape), fz.sshape[i]),
			hstr(sep(hstr(tmpl(fSSm), sat(i-1))), fz.sshape[i]),
			hstr(sep(hstr(tmpl(fSSp), fz.sshape[i])), sat(i+1)),
			hstr(sep(hstr(sep(hstr(tmpl(fSS3), sat(i-1))), fz.sshape[i])), sat(i+1)),
			hstr(sep(hstr(tmpl(fWm1S0), at(i-1))), fz.sshape[i]),
			hstr(sep(hstr(tmpl(fS0Wp1), fz.sshape[i])), at(i+1)),
		)
		// Prefixes and suffixes of one to four characters (bytes: for
		// hashing, a cut inside a UTF-8 sequence is harmless).
		for k := 1; k <= 4 && k <= len(w0); k++ {
			f = append(f,
				hstr(hbyte(tmpl(fPre), byte(k)), w0[:k]),
				hstr(hbyte(tmpl(fSuf), byte(k)), w0[len(w0)-k:]))
		}
		if i <= first {
			f = append(f, hstr(tmpl(fFirst), fz.sshape[i]))
		}
		if k := wordKind(w); k == kindInitCap || k == kindAllCaps {
			c := fz.gaz.capClass(strings.ToLower(w))
			var ctx byte
			if i <= first {
				ctx |= 1
			}
			if head {
				ctx |= 2
			}
			f = append(f, hbyte(tmpl(fCap), c), hbyte(hbyte(tmpl(fCapCtx), c), ctx))
		}
		if head {
			f = append(f, hstr(tmpl(fHeadline), fz.sshape[i]))
		}
		// One feature per gazetteer class, so that each class learns its
		// own reliability.
		for b := fz.begin[i]; b != 0; b &= b - 1 {
			c := b & -b
			f = append(f, hbyte(tmpl(fGazB), c))
			if i == 0 {
				f = append(f, hbyte(tmpl(fGazFirst), c))
			}
		}
		for in := fz.inside[i]; in != 0; in &= in - 1 {
			f = append(f, hbyte(tmpl(fGazI), in&-in))
		}
		if g := gat(i - 1); g != 0 {
			f = append(f, hbyte(tmpl(fGazM1), g))
		}
		if g := gat(i + 1); g != 0 {
			f = append(f, hbyte(tmpl(fGazP1), g))
		}
		// Word clusters stand in for words seen too rarely in training to
		// have weights of their own: a news agency or ministry the
		// annotated data never names shares a cluster with ones it does.
		{
			c := fz.clus[i]
			f = append(f,
				hbyte(tmpl(fClusF), byte(c)),
				hbyte(tmpl(fClusC), byte(c>>8)),
				hbyte(hbyte(tmpl(fClusFm1), byte(cat(i-1))), byte(c)),
				hbyte(hbyte(tmpl(fClusFp1), byte(c)), byte(cat(i+1))),
				hbyte(hbyte(hbyte(tmpl(fClusC3), byte(cat(i-1)>>8)), byte(c>>8)), byte(cat(i+1)>>8)))
		}
		if ds.m != nil {
			f = appendDocFeats(f, wordKind(w), strings.ToLower(w), i <= first, head, ds)
			if k := wordKind(w); k == kindInitCap || k == kindAllCaps {
				f = append(f, ds.agg[strings.ToLower(w)]...)
			}
		}
		if prev != nil {
			f = appendStacked(f, words, i, ds, prev)
		}
		fz.Feats = f
		fz.Off = append(fz.Off, len(fz.Feats))
	}
}

// appendDocFeats adds the document-level facts about a word of kind k and
// lower case lw.
func appendDocFeats(f []uint64, k int, lw string, first, head bool, ds DocStats) []uint64 {
	if !isCap(k) {
		return f
	}
	facts := ds.m[lw]
	var b byte
	if facts&dsLower != 0 {
		b |= 1
	}
	if first && facts&dsCapMid != 0 {
		b |= 2
	}
	if head && k == kindAllCaps && facts&dsTitle != 0 {
		b |= 4
	}
	if first {
		b |= 8
	}
	return append(f, hbyte(tmpl(fDoc), b))
}

// appendStacked adds the features a later stage adds to the local ones of
// token i: what the earlier stage said (prev) about this sentence and
// about the same words elsewhere in the document.
func appendStacked(f []uint64, words []string, i int, ds DocStats, prev []int) []uint64 {
	f = appendPrevTags(f, prev, i)
	if ds.pred != nil {
		f = appendPredFeats(f, wordKind(words[i]), strings.ToLower(words[i]), ds)
	}
	return f
}

// appendPrevTags adds the earlier stage's tags of token i and its
// neighbours.
func appendPrevTags(f []uint64, prev []int, i int) []uint64 {
	a, b, c := prevTags(prev, i)
	return append(f, prev0Feat(b), prevPairFeat(fPrevM1, a, b), prevPairFeat(fPrevP1, b, c))
}

// prevTags returns the earlier stage's tags of the tokens before, at and
// after i, NumTags outside the sentence.
func prevTags(prev []int, i int) (before, at, after byte) {
	pt := func(j int) byte {
		if j < 0 || j >= len(prev) {
			return NumTags
		}
		return byte(prev[j])
	}
	return pt(i - 1), pt(i), pt(i + 1)
}

func prev0Feat(t byte) uint64 { return hbyte(tmpl(fPrev0), t) }

func prevPairFeat(id, a, b byte) uint64 { return hbyte(hbyte(tmpl(id), a), b) }

// appendPredFeats adds what the earlier stage said about the same word (of
// kind k and lower case lw) elsewhere in the document: its majority entity
// type, whether that type outweighs the times the word was left outside any
// entity, and every type it was given.
func appendPredFeats(f []uint64, k int, lw string, ds DocStats) []uint64 {
	if !isCap(k) {
		return f
	}
	c := ds.pred[lw]
	if c == nil {
		return f
	}
	p := summarise(c)
	for t := byte(1); t < 5; t++ {
		if p.has[t] {
			f = append(f, nlHasFeat(t))
		}
	}
	if p.none {
		return append(f, tmpl(fNLNone))
	}
	return append(f, nlMajFeat(p.best, p.strong))
}

// predSummary is what the stacked features say of an earlier stage's
// labels of a word's occurrences.
type predSummary struct {
	has    [5]bool // has[t]: some occurrence was in an entity of type t-1
	none   bool    // no occurrence was in an entity
	best   byte    // otherwise the majority type, as 1+t
	strong byte    // 1 when no fewer occurrences were in entities than outside
}

func summarise(c *[5]uint16) predSummary {
	var p predSummary
	best, ent := 1, 0
	for t := 1; t < 5; t++ {
		ent += int(c[t])
		if c[t] > c[best] {
			best = t
		}
		p.has[t] = c[t] > 0
	}
	if ent == 0 {
		p.none = true
		return p
	}
	p.best = byte(best)
	if ent >= int(c[0]) {
		p.strong = 1
	}
	return p
}

func nlHasFeat(t byte) uint64 { return hbyte(tmpl(fNLHas), t) }

func nlMajFeat(best, strong byte) uint64 { return hbyte(hbyte(tmpl(fNLMaj), best), strong) }

// pad returns xs[i], or the sentence start or end marker when i lies
// before or after xs, so that context features need no bounds checks.
func pad(xs []string, i int) string {
	switch {
	case i < 0:
		return padStart
	case i >= len(xs):
		return padEnd
	}
	return xs[i]
}

// grow returns s resized to n elements, reusing its array when it is large
// enough. The elements are not cleared: callers overwrite all n.
func grow[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n)
	}
	return s[:n]
}
