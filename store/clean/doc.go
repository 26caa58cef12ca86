package clean

import (
	"encoding/binary"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Step is one stage of the cleaning pipeline. Apply looks at the lines of d
// and drops the ones it recognises, each with a reason code and a short
// reason. A step must not keep state between calls: one Cleaner runs its
// steps for many articles at once.
type Step interface {
	// Name is a short identifier used in evaluation tables and debugging.
	Name() string
	Apply(d *Doc)
}

// Doc is the working state of one Clean call: the lines, what has been
// decided about them so far, and measurements of each line that several
// steps share.
type Doc struct {
	lines  []Line
	info   []LineInfo
	credit string
}

// LineInfo holds measurements of one line that steps use to judge it.
type LineInfo struct {
	Trim     string     // the line without surrounding white space
	Norm     string     // Trim lower-cased, with typographic apostrophes made plain; empty for lines over normMaxWords tokens
	Words    int        // \w+ tokens, the unit of the evaluation metric
	Stop     int        // tokens that are function words in one of the supported languages
	English  int        // tokens that are function words of English and of no other supported language
	Caps     int        // tokens that start with an upper-case letter
	Digits   int        // tokens that start with a digit
	Terminal bool       // ends like a sentence (. ! ? … possibly inside quotes or brackets)
	Phrases  phraseMask // the phrase tables with a match in Norm

	runes     int      // characters of Trim
	bytes     byteSet  // the bytes of Trim
	slots     []uint16 // the lexicon slot of each token as a word of the line, in order, for lexicalSum
	firstSlot uint16   // the lexicon slot of the first token as the line's first word
}

// byteSet records which bytes a line holds, so that a test for a substring
// can rule it out without searching the line: most lines lack the rarer
// bytes of what the rules search for ("@", "{", "|", "cookie"), and the
// searches, on long lines of prose, cost a tenth of the cleaner's time.
//
// The set is a superset that serves both a line's Trim and its Norm: Norm
// lower-cases the line and makes typographic apostrophes plain. So it
// records a letter in either case as one (and a capital also as a
// capital), every digit as one, every control byte as one, and every byte
// outside ASCII as one; a line with a byte outside ASCII also holds an
// apostrophe, "k" and "i" (from the Kelvin sign and the dotted capital I).
// A set that lacks a byte of s means that neither Trim nor Norm holds s;
// one that has them all promises nothing. Each class is one bit of a word,
// so that recording a byte is one lookup and one OR: a branch on the byte
// cost more than the lookups it spared.
type byteSet uint64

// byteClass is the bit of each byte's class in a byteSet.
var byteClass = func() (t [256]byteSet) {
	next := byteSet(1)
	class := func() byteSet { b := next; next <<= 1; return b }
	for c := 'a'; c <= 'z'; c++ {
		t[c] = class()
		t[c-'a'+'A'] = t[c]
	}
	upper := class()
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= upper
	}
	digit, wide, control := class(), class(), class()
	for c := range 256 {
		switch {
		case t[c] != 0:
		case '0' <= c && c <= '9':
			t[c] = digit
		case c >= utf8.RuneSelf:
			t[c] = wide
		case c < ' ' || c == 0x7f:
			t[c] = control
		default:
			t[c] = class() // the 33 marks and the space: 63 classes in all
		}
	}
	return t
}()

// wideBytes is the class of the bytes outside ASCII, and wideAlso what a
// line with one may hold in its Norm; upperBytes is the class that every
// capital adds to its letter's, so that a line without it has none.
var (
	wideBytes  = byteClass[utf8.RuneSelf]
	wideAlso   = byteClass['\''] | byteClass['k'] | byteClass['i']
	upperBytes = byteClass['A'] &^ byteClass['a']
)

// setOf returns the set of the bytes of s, to test a line's set against
// with holds.
func setOf(s string) byteSet {
	var b byteSet
	for i := 0; i < len(s); i++ {
		b |= byteClass[s[i]]
	}
	return b
}

// has reports whether the set holds byte c (see byteSet for what it holds).
func (b byteSet) has(c byte) bool { return b&byteClass[c] != 0 }

// holds reports whether the set holds every byte of m.
func (b byteSet) holds(m byteSet) bool { return b&m == m }

// hasAll reports whether the set holds every byte of s: false means that
// neither the line nor its Norm holds s.
func (b byteSet) hasAll(s string) bool { return b.holds(setOf(s)) }

// needles is a list of substrings with their byte sets, for the tests of a
// line that search it for many words: each word costs a comparison on the
// lines that lack one of its bytes, not a search, and a line that lacks the
// rarest byte of every word costs one comparison for them all.
type needles struct {
	words []string
	sets  []byteSet
	at    []int   // the offset in each word of its rarest byte, which a long line is searched for
	rare  byteSet // the rarest byte of each word: a line without any has none of the words
	empty bool    // a word is empty, and every line holds it
}

func newNeedles(words ...string) needles {
	n := needles{words: words, sets: make([]byteSet, len(words)), at: make([]int, len(words))}
	for k, w := range words {
		n.sets[k] = setOf(w)
		if w == "" {
			n.empty = true
			continue
		}
		r := rarestByte(w)
		n.at[k] = strings.IndexByte(w, r)
		n.rare |= byteClass[r]
	}
	return n
}

// commonBytes are the bytes of English text, the most common first; any
// other byte (a mark, a figure, a byte beyond ASCII) is rarer than all.
const commonBytes = " etaoinshrdlucmfwypvbgkjqxz"

// rarestByte returns the byte of w, which is not empty, that lines of text
// hold least often.
func rarestByte(w string) byte {
	best, rank := w[0], len(commonBytes)
	for i := 0; i < len(w); i++ {
		r := strings.IndexByte(commonBytes, lowerASCII[w[i]])
		if r < 0 {
			return w[i]
		}
		if r > rank || rank == len(commonBytes) {
			best, rank = w[i], r
		}
	}
	return best
}

// in reports whether s, the Trim or Norm of line li or a part of either,
// holds one of the words. It takes the needles by pointer: the copy of
// their seven words that a call by value made, on each of the few hundred
// thousand calls, cost more than the quick rejects it led to.
func (n *needles) in(li *LineInfo, s string) bool {
	if n.empty {
		return true
	}
	if li.bytes&n.rare == 0 {
		return false
	}
	for k, w := range n.words {
		if li.bytes.holds(n.sets[k]) && containsAt(s, w, n.at[k]) {
			return true
		}
	}
	return false
}

// containsAt reports whether s holds w, whose byte at offset at is its
// rarest. A line longer than 64 bytes is searched for that byte, where
// strings.Index searches for w's first: it stops at each "h" of the prose
// on the way to an "http" that is mostly not there, where a "p" comes a
// third as often. On a shorter line strings.Index compares w at each
// byte in a tight loop, which costs less than a search. The bytes at
// both ends of w are compared before all of it, which the rare byte, when
// a common one, mostly finds elsewhere.
func containsAt(s, w string, at int) bool {
	if len(w) <= 1 || len(s) <= 64 {
		return strings.Contains(s, w)
	}
	a, first, last := w[at], w[0], w[len(w)-1]
	end := len(s) - len(w) + at + 1 // past the last place the rare byte can hold in s
	for i := at; i < end; i++ {
		j := strings.IndexByte(s[i:end], a)
		if j < 0 {
			return false
		}
		i += j
		if t := s[i-at : i-at+len(w)]; t[0] == first && t[len(t)-1] == last && t == w {
			return true
		}
	}
	return false
}

// labelSet is a set of whole labels (a button's text, a heading, a word of
// a share row) that the rules look lines or words up in. Nearly every lookup
// misses, and a miss in a Go map still hashes the whole string; a filter on
// each label's length and first and last bytes answers most misses with one
// bit test, and only the rest go to the map.
type labelSet struct {
	labels []string
	m      map[string]bool
	filter [labelFilterBits / 64]uint64
}

// labelFilterBits is the size of a labelSet's filter, 1<<labelFilterLog.
// The largest set, of about 140 labels, sets about one bit in thirty.
const (
	labelFilterLog  = 12
	labelFilterBits = 1 << labelFilterLog
)

func newLabelSet(labels ...string) *labelSet {
	s := &labelSet{labels: labels, m: make(map[string]bool, len(labels))}
	for _, l := range labels {
		s.m[l] = true
		k := labelKey(l)
		s.filter[k/64] |= 1 << (k % 64)
	}
	return s
}

// labelKey places a string in a labelSet's filter by its length and its
// first and last bytes.
func labelKey(s string) uint32 {
	n := len(s)
	if n == 0 {
		return 0
	}
	x := uint32(n)<<16 ^ uint32(s[0])<<8 ^ uint32(s[n-1])
	return x * 2654435761 >> (32 - labelFilterLog)
}

// has reports whether s is one of the set's labels.
func (s *labelSet) has(t string) bool {
	k := labelKey(t)
	if s.filter[k/64]&(1<<(k%64)) == 0 {
		return false
	}
	return s.m[t]
}

// all yields the set's labels in the order they were given.
func (s *labelSet) all() iter.Seq[string] { return slices.Values(s.labels) }

// phrases is the index of all phrase tables searched anywhere in a line,
// and of those that count where they open it, built once.
var phrases = sync.OnceValue(func() *phraseIndex {
	return newPhraseIndex(map[phraseID][]string{
		phStop:               stopPhrases,
		phCookieOwn:          cookieOwnPhrases,
		phCookieAddress:      cookieAddress,
		phCookieAsk:          cookieAsk,
		phPhotoAgency:        photoAgencies,
		phNewsletterAnywhere: newsletterAnywhere,
		phCopyright:          copyrightPhrases,
		phAffiliate:          affiliateWords,
		phScript:             scriptWords,
		phMeter:              meterWords,
		phAppeal:             appealPhrases,
		phConsent:            consentPhrases,
	}, map[phraseID][]string{
		phAdvertOpening:     advertPrefixes,
		phPhotoOpening:      photoPrefixes,
		phGalleryOpening:    galleryPrefixes,
		phRelatedOpening:    relatedPrefixes,
		phNewsletterOpening: newsletterStarts,
		phLinkOpening:       linkLabels,
	})
})

// Blank reports whether the line has no text at all.
func (li *LineInfo) Blank() bool { return li.Trim == "" }

// StopShare is the share of tokens that are function words.
func (li *LineInfo) StopShare() float64 {
	if li.Words == 0 {
		return 0
	}
	return float64(li.Stop) / float64(li.Words)
}

func newDoc(text string) *Doc {
	n := strings.Count(text, "\n") + 1
	d := &Doc{lines: make([]Line, n), info: make([]LineInfo, n)}
	// Most words of a document take six bytes of its text or more, with
	// the space after them: a document of such words needs no second
	// array of slots, whose growing cost half a per cent of the cleaner's
	// instructions.
	norms := normBuf{hint: len(text), slots: make([]uint16, 0, len(text)/6)}
	for i := range n {
		s, rest, _ := strings.Cut(text, "\n")
		text = rest
		d.lines[i] = Line{Text: s}
		d.info[i] = norms.measure(s)
	}
	return d
}

// Len returns the number of lines.
func (d *Doc) Len() int { return len(d.lines) }

// Line returns line i as decided so far.
func (d *Doc) Line(i int) Line { return d.lines[i] }

// Info returns the measurements of line i. They are shared, not copied:
// a line's measurements are taken once, and no step may change them.
func (d *Doc) Info(i int) *LineInfo { return &d.info[i] }

// anyInfo reports whether f holds for the measurements of any line.
func (d *Doc) anyInfo(f func(*LineInfo) bool) bool {
	for i := range d.info {
		if f(&d.info[i]) {
			return true
		}
	}
	return false
}

// Kept reports whether line i is still kept.
func (d *Doc) Kept(i int) bool { return d.lines[i].Kept() }

// Drop marks line i as stripped. A line keeps the first reason it was dropped
// for, so the earliest, most specific step explains it; blank lines are never
// marked because there is nothing to explain.
func (d *Doc) Drop(i int, code Code, reason string) {
	if code == "" || !d.lines[i].Kept() || d.info[i].Blank() {
		return
	}
	d.lines[i].Code = code
	d.lines[i].Reason = reason
}

// Credit returns the agency credit found so far.
func (d *Doc) Credit() string { return d.credit }

// SetCredit records the agency credit, keeping the first one found.
func (d *Doc) SetCredit(s string) {
	if d.credit == "" {
		d.credit = s
	}
}

// trimLine returns s without the white space and the invisible format
// characters around it. Pages built with some site builders hold lines of a
// zero-width joiner alone, which would otherwise be kept as empty paragraphs.
func trimLine(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || s[0] < utf8.RuneSelf && s[len(s)-1] < utf8.RuneSelf {
		return s
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if !unicode.Is(unicode.Cf, first) && !unicode.Is(unicode.Cf, last) {
		return s
	}
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) })
}

// measure computes the LineInfo of one raw line.
func measure(s string) LineInfo {
	var norms normBuf
	return norms.measure(s)
}

// measure computes the LineInfo of one raw line of the document whose
// Norms n holds.
func (n *normBuf) measure(s string) LineInfo {
	li := LineInfo{Trim: trimLine(s)}
	if li.Trim == "" {
		return li
	}
	li.Terminal = endsSentence(li.Trim)
	start := len(n.slots)
	li.measureWords(&n.slots)
	li.slots = n.slots[start:len(n.slots):len(n.slots)]
	// Phrase rules only test lines up to normMaxWords tokens; lower-casing
	// the long paragraphs would cost time for nothing.
	if li.Words <= normMaxWords {
		li.Norm = n.line(li.Trim, li.bytes)
		li.Phrases = phrases().scan(li.Norm)
	}
	return li
}

// measureWords sets the counts of li's tokens (all, capitalised, numeric,
// function words and English ones), its characters and its byte set, in
// one pass over the bytes of li.Trim: tokenising, then packing each token
// for the stopword table, then recording the bytes, each in a pass of its
// own, cost a tenth of the cleaner's time. It appends the lexicon slot of
// each token's wordHash to slots, and records the first token's slot as a
// first word, for the line model to sum the lexicon's weights of the words
// (lexicalSum): hashing them on a pass of its own cost more than the
// multiply a byte that it takes here.
func (li *LineInfo) measureWords(slots *[]uint16) {
	s := li.Trim
	var set byteSet
	li.runes = len(s) // less the bytes after the first of each character
	for i := 0; i < len(s); {
		// Either a token starts at s[i], or the character there is
		// passed over.
		c := s[i]
		set |= byteClass[c]
		if c < utf8.RuneSelf {
			if lexByte[c] == 0 {
				i++
				continue
			}
			if 'A' <= c && c <= 'Z' {
				li.Caps++
			} else if '0' <= c && c <= '9' {
				li.Digits++
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				li.runes -= size - 1
				i += size
				continue
			}
			switch {
			case unicode.IsUpper(r):
				li.Caps++
			case unicode.IsDigit(r):
				li.Digits++
			}
		}
		li.Words++
		// The token, in a loop of its own, which keeps the state of a
		// token out of the loop over the line. The packed token (k)
		// takes its bytes from lexByte, which reads every digit as 0, so
		// that one lookup serves it and the hash: no function word has a
		// digit (stopwords makes sure), so a token with one is not found
		// either way. A character outside ASCII is counted in runes here
		// and not again in the loop over the line.
		start := i
		var k uint64
		h := uint64(fnvOffset)
		ascii := true
		for {
			// A run of ASCII bytes, in a loop without calls, which keeps
			// the state of the token in registers.
			// It counts in a uint, as skipWord does, so that reading
			// s[j] needs no bounds test of its own.
			j := uint(i)
			for ; j < uint(len(s)); j++ {
				c := s[j]
				n := lexByte[c]
				if n == 0 {
					break
				}
				set |= byteClass[c]
				k = k<<8 | uint64(n)
				h = (h ^ uint64(n)) * fnvPrime
			}
			i = int(j)
			if i == len(s) || s[i] < utf8.RuneSelf {
				break
			}
			c := s[i]
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				break
			}
			set |= byteClass[c]
			li.runes -= size - 1
			ascii = false
			h = hashRune(h, r)
			i += size
		}
		if i-start <= maxStopwordLen { // no function word is longer
			if ascii {
				li.countStop(k)
			} else {
				li.countWideToken(s[start:i])
			}
		}
		if li.Words == 1 {
			li.firstSlot = uint16(lexSlot(nsFirst, h))
		}
		*slots = append(*slots, uint16(lexSlot(nsWord, h)))
	}
	if set&wideBytes != 0 {
		set |= wideAlso
	}
	li.bytes = set
}

// countStop counts the all-ASCII token packed as k (as lexByte reads it:
// in lower case, every digit as 0) if it is a function word. It is apart
// from countWideToken, which few tokens need, so that it inlines into
// measureWords: the call had cost more than the lookup.
func (li *LineInfo) countStop(k uint64) {
	if ok, english := stopwords.lookup(k); ok {
		li.Stop++
		if english {
			li.English++
		}
	}
}

// countWideToken counts tok, a token with a byte outside ASCII, if it is a
// function word. No English function word has a byte outside ASCII.
func (li *LineInfo) countWideToken(tok string) {
	if isFunctionWord(tok) {
		li.Stop++
	}
}

// normMaxWords is the longest line, in tokens, for which LineInfo.Norm is set.
const normMaxWords = 80

// normalise lower-cases s and turns typographic apostrophes into plain ones
// so phrase tables can be written once. It is for a string outside a
// document; measure builds the Norm of a line with normBuf.line.
func normalise(s string) string {
	var n normBuf
	return n.normalise(s)
}

// normBuf holds the Norms of one document's lines end to end, in one
// string under construction, so that a line whose Norm differs from its
// text (one with a capital or a byte outside ASCII: most lines) costs no
// allocation of its own. One or two allocations a line were more than
// half of the cleaner's. A Norm is a part of the Builder's string, whose
// bytes a Builder never changes once written, not even when it grows.
// The lexicon slots of the lines' words (LineInfo.slots) are kept end to
// end likewise, each line's part capped so that no append reaches past it.
type normBuf struct {
	all   strings.Builder
	buf   []byte   // the Norm of the line being built
	hint  int      // the bytes to reserve for all the Norms, when the first one comes
	slots []uint16 // the lexicon slots of the lines' words, end to end, each line's part in its LineInfo
}

// keep adds b to the Norms and returns it as a string.
func (n *normBuf) keep(b []byte) string {
	if n.all.Cap() == 0 {
		n.all.Grow(max(n.hint, len(b)))
	}
	start := n.all.Len()
	n.all.Write(b)
	return n.all.String()[start:]
}

// normalise lower-cases s and turns typographic apostrophes into plain ones
// so phrase tables can be written once.
//
// It does both in one pass rather than with strings.ToLower and a Replacer:
// most lines of English text hold a curly quote or a dash, and for those
// ToLower takes its slow path, which made it the largest single cost of
// measuring a line.
func (n *normBuf) normalise(s string) string {
	s = trimLeadingSymbols(s)
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	b := append(n.buf[:0], s[:i]...)
	for i < len(s) {
		// A run of ASCII is copied whole and lower-cased in place.
		if j := asciiRun(s, i); j > i {
			b = append(b, s[i:j]...)
			lowerInPlace(b[len(b)-(j-i):])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '’', '‘', 'ʼ':
			b = append(b, '\'')
		default:
			// An invalid byte becomes U+FFFD, as strings.ToLower makes it.
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	n.buf = b
	return n.keep(b)
}

// line is normalise for a line whose byte set is set: a line of ASCII
// without capitals is its own Norm, and one of ASCII with capitals is
// lower-cased in place in a copy.
func (n *normBuf) line(s string, set byteSet) string {
	switch {
	case set&wideBytes != 0:
		return n.normalise(s)
	case set&upperBytes == 0:
		return s
	}
	b := append(n.buf[:0], s...)
	lowerInPlace(b)
	n.buf = b
	return n.keep(b)
}

// Eight bytes at once: a one in each byte, and each byte's top bit.
const (
	eachByte uint64 = 0x0101_0101_0101_0101
	topBits  uint64 = 0x8080_8080_8080_8080
)

// asciiRun returns the end of the run of ASCII bytes of s that starts at
// s[i]. It tests eight bytes at a time: most text is ASCII.
func asciiRun(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if word(s[i:i+8])&topBits != 0 {
			break
		}
	}
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// word returns the eight bytes of s, which has eight, as a little-endian
// word; the compiler makes it one load.
func word(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// lowerInPlace lower-cases the ASCII capitals of b, as lowerASCII does, and
// leaves every other byte as it is. It does eight bytes a step.
func lowerInPlace(b []byte) {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		binary.LittleEndian.PutUint64(b[i:], lowerWord(binary.LittleEndian.Uint64(b[i:])))
	}
	for ; i < len(b); i++ {
		b[i] = lowerASCII[b[i]]
	}
}

// lowerWord lower-cases the eight bytes of x as lowerASCII does each: in
// each byte below 0x80, adding 0x3f sets the top bit from "A" up and adding
// 0x25 from past "Z" on, without a carry into the next byte, so the two
// sums differ in the top bit of the capitals alone, and that bit moved down
// two places is the 0x20 that lower-cases them.
func lowerWord(x uint64) uint64 {
	low := x &^ topBits
	capital := ((low + (0x80-'A')*eachByte) ^ (low + (0x80-'Z'-1)*eachByte)) &^ x & topBits
	return x | capital>>2
}

// lowerASCII maps each ASCII capital to its small letter and every other
// byte to itself.
var lowerASCII = func() (t [256]byte) {
	for c := range 256 {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()

// trimLeadingSymbols drops the pictographs and other symbols, and the
// spaces after them, that open a line ("🚀 Sign up for ...", "👉 Read
// more"), so that the phrase tables match the words after them.
func trimLeadingSymbols(s string) string {
	if s == "" || s[0] < utf8.RuneSelf {
		return s
	}
	return strings.TrimLeftFunc(s, func(r rune) bool {
		return r == ' ' || r == 0xFE0F || r == 0x200D || unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r)
	})
}

// isWordRune matches the characters of Python's \w, the token of the
// evaluation metric: letters and numbers of every script, and underscore.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	// The dashes, quotes and ellipsis of typeset text sit in one block
	// of punctuation, which a range test settles without the tables.
	if 0x2000 <= r && r <= 0x206f {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// wordRuneStart reports whether the rune that starts at s[i], one outside
// ASCII, is a word rune, and its size. The loops over every byte of a line
// read ASCII bytes off asciiWord themselves and call this for the rest: a
// call per byte, to isWordRune or to a helper that covers both cases (too
// big to be inlined), was a twentieth of the cleaner's time.
func wordRuneStart(s string, i int) (bool, int) {
	r, size := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r), size
}

// asciiWord is isWordRune for ASCII, as a table: most text is ASCII and this
// test runs for every character. It has a place for every byte so that a
// lookup needs no bounds check; those from utf8.RuneSelf up are false.
var asciiWord = func() (t [256]bool) {
	for r := range utf8.RuneSelf {
		t[r] = r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
	}
	return t
}()

// skipWord returns where the word that goes on at s[i] ends: the index of
// the first byte from i on that is not part of an ASCII word.
// It counts in a uint, which the compiler knows is not negative, so that
// reading s[j] needs no bounds test of its own: the loop runs for most
// bytes of every line the phrase scan reads.
func skipWord(s string, i int) int {
	j := uint(i)
	for j < uint(len(s)) && asciiWord[s[j]] {
		j++
	}
	return int(j)
}

// eachToken calls f for every maximal run of word runes in s.
func eachToken(s string, f func(string)) {
	for t := range tokens(s) {
		f(t)
	}
}

// tokens iterates over the maximal runs of word runes in s.
func tokens(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i := 0; i < len(s); {
			c := s[i]
			word, size := asciiWord[c], 1
			if c >= utf8.RuneSelf {
				word, size = wordRuneStart(s, i)
			}
			if word {
				if start < 0 {
					start = i
				}
			} else if start >= 0 {
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
			i += size
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// countTokens returns the number of \w+ tokens in s.
func countTokens(s string) int {
	n := 0
	eachToken(s, func(string) { n++ })
	return n
}

// endsSentence reports whether s ends with sentence punctuation, looking
// through closing quotes and brackets.
func endsSentence(s string) bool {
	// Most lines end in an ASCII byte that settles it. The cutset below
	// holds marks beyond ASCII, which makes TrimRight decode the line's
	// end rune by rune on every call.
	if n := len(s); n > 0 && s[n-1] < utf8.RuneSelf {
		switch s[n-1] {
		case '.', '!', '?':
			return true
		case ' ', '"', '\'', ')', ']', '*':
			// A closing mark: look through it below.
		default:
			return false
		}
	}
	s = strings.TrimRight(s, " \"'”’»)]*")
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…', '。', '！', '？':
		return true
	}
	return false
}
