package clean

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// phraseSet tells whether normalised text starts with one of a fixed list of
// lower-case phrases. Phrases are filed by their first three bytes (see
// headIndex), so a line costs one look at a bit and a few comparisons
// instead of one comparison per phrase. A phrase's first word is whole: "you"
// does not match "your", and a table lists each form it wants. The last word
// may still end inside a longer one, so "more from " keeps its trailing
// space.
type phraseSet struct {
	x *headIndex
}

func newPhraseSet(phrases ...[]string) phraseSet {
	var list []taggedPhrase
	for _, l := range phrases {
		for _, p := range l {
			list = append(list, newTaggedPhrase(p, 0))
		}
	}
	return phraseSet{newHeadIndex(list)}
}

// headSet holds the first three bytes of a set of phrases, hashed to one
// of 65,536 bits. Most words of a line start with bytes no phrase starts
// with, and the test spares them a map lookup, whose hashing of the word
// took a tenth of the cleaner's time. It held the first two bytes at first,
// a bit per pair; two bytes let through every word that opens like a
// phrase's first word ("th" for "the", "this", "that"), and the lookups they
// cost were still a twentieth of the time.
type headSet [1 << 16 / 64]uint64

// headKey hashes three bytes to a bit of a headSet.
func headKey(a, b, c byte) uint16 {
	return uint16((uint32(a)<<16 | uint32(b)<<8 | uint32(c)) * 2654435761 >> 16)
}

// add records the head of phrase p.
func (h *headSet) add(p string) { eachHeadKey(p, h.set) }

// eachHeadKey calls f with the key of each head phrase p may have. The
// bytes a short phrase lacks match whatever follows it (or nothing, at the
// end of a line), so a phrase of two bytes has a key for every third byte
// and one of a single byte for every pair. A key may come more than once.
func eachHeadKey(p string, f func(uint16)) {
	switch len(p) {
	case 0:
	case 1:
		for b := range 256 {
			for c := range 256 {
				f(headKey(p[0], byte(b), byte(c)))
			}
		}
	case 2:
		for c := range 256 {
			f(headKey(p[0], p[1], byte(c)))
		}
	default:
		f(headKey(p[0], p[1], p[2]))
	}
}

func (h *headSet) set(k uint16) { h[k/64] |= 1 << (k % 64) }

// hasBit reports whether the set holds key k.
func (h *headSet) hasBit(k uint16) bool { return h[k/64]&(1<<(k%64)) != 0 }

// headKeyAt is the key of the three bytes of s from i on, a missing byte
// read as 0. Only the phrases shorter than three bytes, recorded with every
// byte after them, have the key of a place that near the end of a line; no
// phrase holds a 0 byte.
func headKeyAt(s string, i int) uint16 {
	var b, c byte
	if i+1 < len(s) {
		b = s[i+1]
	}
	if i+2 < len(s) {
		c = s[i+2]
	}
	return headKey(s[i], b, c)
}

// firstWord returns the leading run of word runes of s, or its first rune
// when s starts with something else (as "(photo" or "© copyright" do). It
// passes over runs of ASCII with skipWord, whose loop has no bounds test and
// no decoding, and decodes only the rest: a loop of its own over each byte
// cost about a hundred instructions a call on the rules' lines.
func firstWord(s string) string {
	i := 0
	for {
		i = skipWord(s, i)
		if i == len(s) {
			return s
		}
		size := 1
		if s[i] >= utf8.RuneSelf {
			var word bool
			if word, size = wordRuneStart(s, i); word {
				i += size
				continue
			}
		}
		if i == 0 {
			return s[:size]
		}
		return s[:i]
	}
}

// headIndex files phrases by the key of their head (see headSet), so that a
// place in a line whose key the set holds leads straight to the phrases that
// may start there. A map of the phrases by their first word did that at
// first, and hashing the word for it cost as much as the rest of the look.
// The buckets are numbered by rank, the count of keys the set holds below a
// key, and so take no more room than the phrases.
type headIndex struct {
	heads headSet
	// rank holds, for each word of heads, the count of keys in the
	// words before it.
	rank [len(headSet{})]uint32
	// start holds where each bucket starts in entries, and where the
	// last ends: the phrases of bucket b are entries[start[b]:start[b+1]].
	start   []uint32
	entries []taggedPhrase
}

func newHeadIndex(list []taggedPhrase) *headIndex {
	x := &headIndex{}
	for _, p := range list {
		x.heads.add(p.text)
	}
	n := uint32(0)
	for w, set := range x.heads {
		x.rank[w] = n
		n += uint32(bits.OnesCount64(set))
	}
	buckets := make([][]taggedPhrase, n)
	for _, p := range list {
		eachHeadKey(p.text, func(k uint16) {
			// The keys of a short phrase may meet in one bucket;
			// it is filed there once.
			b := &buckets[x.bucket(k)]
			if len(*b) == 0 || (*b)[len(*b)-1] != p {
				*b = append(*b, p)
			}
		})
	}
	x.start = make([]uint32, 0, n+1)
	for _, b := range buckets {
		x.start = append(x.start, uint32(len(x.entries)))
		x.entries = append(x.entries, b...)
	}
	x.start = append(x.start, uint32(len(x.entries)))
	return x
}

// bucket returns the number of the bucket of key k, which the set must hold.
func (x *headIndex) bucket(k uint16) uint32 {
	w := k / 64
	return x.rank[w] + uint32(bits.OnesCount64(x.heads[w]&(1<<(k%64)-1)))
}

// at returns the phrases whose head has key k, which the set must hold:
// those that may start where the bytes have that key.
func (x *headIndex) at(k uint16) []taggedPhrase {
	b := x.bucket(k)
	return x.entries[x.start[b]:x.start[b+1]]
}

// hasPrefix reports whether norm starts with one of the phrases.
func (s phraseSet) hasPrefix(norm string) bool { return s.x.opening(norm) != 0 }

// opening returns the tables with a phrase that norm starts with.
func (x *headIndex) opening(norm string) phraseMask {
	if norm == "" {
		return 0
	}
	k := headKeyAt(norm, 0)
	if !x.heads.hasBit(k) {
		return 0
	}
	return x.match(norm, k, 0)
}

// match adds to m the tables with a phrase that s opens with, s starting
// where the bytes have key k, which the set holds. Each phrase is read in
// place: a copy of the struct for each cost more than the test.
func (x *headIndex) match(s string, k uint16, m phraseMask) phraseMask {
	w := load8(s, 0)
	b := x.at(k)
	for j := range b {
		if p := &b[j]; w&p.mask == p.head && m&(1<<p.id) == 0 && p.opens(s) {
			m |= 1 << p.id
		}
	}
	return m
}

// phraseID names one table of phrases searched anywhere in a line.
type phraseID uint

const (
	phStop phraseID = iota
	phCookieOwn
	phCookieAddress
	phCookieAsk
	phPhotoAgency
	phNewsletterAnywhere
	phCopyright
	phAffiliate // a word every affiliate disclosure pattern holds
	phScript    // a word every browser or JavaScript notice pattern holds
	phMeter     // a word every paywall meter pattern holds
	phAppeal    // a publication's appeal for money (appealPhrases)
	phConsent   // a consent manager's purposes (consentPhrases)
	phLegal     // two different legal terms (legalTerms), which scan finds itself

	// The tables from here on count only where a phrase opens the line.

	phAdvertOpening     // advertPrefixes
	phPhotoOpening      // photoPrefixes
	phGalleryOpening    // galleryPrefixes
	phRelatedOpening    // relatedPrefixes
	phNewsletterOpening // newsletterStarts
	phLinkOpening       // linkLabels
	numPhraseIDs
)

// phraseMask is the set of phrase tables with a match in a line.
type phraseMask uint32

// has reports whether table id matched.
func (m phraseMask) has(id phraseID) bool { return m&(1<<id) != 0 }

// phraseIndex searches all tables in one pass over a line, so each line is
// scanned once instead of once per table.
type phraseIndex struct {
	headIndex
	// starts tells the bytes a phrase starts with. Most places that are
	// not in a word are spaces, and no phrase starts with one; the
	// table spares them the head key and its bit.
	starts [256]bool
	// kind sorts the bytes for the scan (see byteKind), so that one look
	// tells it what to do at most places.
	kind [256]byteKind
	// openings holds the tables whose phrases count only where they open
	// the line. The rules asked each such table of a line with a look of
	// its own, six in all; one look for all of them, with the scan, costs
	// about as much as one of those.
	openings *headIndex
	// legal is legalIndex(), whose terms the scan looks for too, kept
	// here: asking the sync.OnceValue for it on every line cost about
	// thirty instructions a line, a quarter of a per cent of the
	// cleaner's.
	legal *legalTermIndex
	// either holds the keys that heads or legal.heads holds. Seven words
	// in ten have a key neither holds, and one look at a bit rules them
	// out where two did, one in each set.
	either headSet
}

// byteKind tells what a byte is to the phrase scan.
type byteKind uint8

const (
	// byteIdle is an ASCII byte that is not in a word and starts no
	// phrase, as a space: half of the places the scan visits hold one,
	// and it passes over them with no other test.
	byteIdle byteKind = iota
	byteWord          // an ASCII byte of a word
	byteMark          // an ASCII byte not in a word that starts a phrase
	byteRune          // the first byte of a rune outside ASCII, or a byte of none
)

// taggedPhrase is a phrase of a table, with what its match needs.
type taggedPhrase struct {
	// head holds the first eight bytes of the phrase, or all of a
	// shorter one, as load8 reads them, and mask the bits of those
	// bytes: a place whose load8 differs from head in them holds
	// something else. Phrases that share a bucket mostly share their
	// first word too ("you", "your", "you've"), and this rules the
	// others out with one test instead of a comparison of strings.
	head, mask uint64
	text       string
	id         phraseID
	// word is whether the phrase is all word runes, its first word
	// and its last: it matches only where a word of the line ends with
	// it. A phrase with a mark or space after its first word, or that
	// starts with a mark, has its first word whole wherever it matches.
	word bool
}

func newTaggedPhrase(p string, id phraseID) taggedPhrase {
	startsWord, _ := wordRuneStart(p, 0)
	t := taggedPhrase{text: p, id: id, word: p != "" && startsWord && firstWord(p) == p}
	t.head = load8(p, 0)
	t.mask = ^uint64(0) >> (64 - 8*min(len(p), 8))
	return t
}

// load8 returns the eight bytes of s from i on as a little-endian number,
// a byte past the end of s read as 0. No phrase holds a 0 byte, so the
// number of a place near the end of a line differs from the head of every
// phrase longer than what is left.
func load8(s string, i int) uint64 {
	if i+8 <= len(s) {
		return word(s[i : i+8])
	}
	var w uint64
	for j := len(s) - 1; j >= i; j-- {
		w = w<<8 | uint64(s[j])
	}
	return w
}

// opens reports whether s starts with p, p's first word a whole word of s:
// whether firstWord of s is firstWord of p and s starts with p. When s
// starts with p, their first words differ only where p is one word and s
// goes on with a word rune.
func (p taggedPhrase) opens(s string) bool {
	if !strings.HasPrefix(s, p.text) {
		return false
	}
	if !p.word || len(s) == len(p.text) {
		return true
	}
	c := s[len(p.text)]
	if c < utf8.RuneSelf {
		return !asciiWord[c]
	}
	word, _ := wordRuneStart(s, len(p.text))
	return !word
}

// newPhraseIndex indexes the tables searched anywhere in a line and those
// that count only where they open it.
func newPhraseIndex(anywhere, openings map[phraseID][]string) *phraseIndex {
	list := taggedPhrases(anywhere)
	x := &phraseIndex{headIndex: *newHeadIndex(list), openings: newHeadIndex(taggedPhrases(openings)), legal: legalIndex()}
	for _, p := range list {
		x.starts[p.text[0]] = true
	}
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			x.kind[c] = byteRune
		case asciiWord[c]:
			x.kind[c] = byteWord
		case x.starts[c]:
			x.kind[c] = byteMark
		}
	}
	for w := range x.either {
		x.either[w] = x.heads[w] | x.legal.heads[w]
	}
	return x
}

// taggedPhrases returns the phrases of the tables, but for empty ones, each
// tagged with its table.
func taggedPhrases(tables map[phraseID][]string) []taggedPhrase {
	var list []taggedPhrase
	for id, l := range tables {
		for _, p := range l {
			if p != "" {
				list = append(list, newTaggedPhrase(p, id))
			}
		}
	}
	return list
}

// scan returns the tables with a phrase in norm starting at a word boundary:
// at the start of a word, or at a non-word character (phrases may start with
// punctuation). As in phraseSet, the phrase's first word must be a whole
// word of norm: "istock" does not match "istockphoto". Punctuation outside
// ASCII ends a word as ASCII punctuation does, so "¿ya eres suscriptor?" and
// "«réservé aux abonnés»" hold their phrases. With a few hundred phrases
// tested on every line, one pass instead of one substring search per phrase
// is most of the difference in run time.
func (x *phraseIndex) scan(norm string) phraseMask {
	m := x.openings.opening(norm)
	lx := x.legal
	legalFirst := -1 // the first legal term found
	prevWord := false
	for i := 0; i < len(norm); {
		c := norm[i]
		// next is where the scan goes on: past the rest of an ASCII word,
		// which holds no place for a phrase to start.
		var word, start bool
		next := i + 1
		switch x.kind[c] {
		case byteIdle:
			prevWord = false
			i = next
			continue
		case byteWord:
			word, start = true, !prevWord
			next = skipWord(norm, next)
		case byteMark:
			start = true
		default:
			var size int
			word, size = wordRuneStart(norm, i)
			start = word && !prevWord || !word && x.starts[c]
			next = i + size
		}
		if start {
			k := headKeyAt(norm, i)
			if x.either.hasBit(k) {
				if x.heads.hasBit(k) {
					m = x.match(norm[i:], k, m)
				}
				// The legal terms are looked for here too, at the
				// start of each word, with the same key: a pass of
				// their own over every line cost a twentieth of the
				// cleaner's time.
				if word && m&(1<<phLegal) == 0 && lx.heads.hasBit(k) && i+3 <= len(norm) &&
					lx.secondTermAt(norm[i:], k, &legalFirst) {
					m |= 1 << phLegal
				}
			}
		}
		prevWord = word
		i = next
	}
	return m
}
