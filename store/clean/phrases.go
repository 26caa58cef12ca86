package clean

import (
	"strings"
	"unicode/utf8"
)

// phraseSet tells whether normalised text starts with one of a fixed list of
// lower-case phrases. Phrases are indexed by their first word, so a line
// costs one map lookup instead of one comparison per phrase. That makes a
// phrase's first word whole: "you" does not match "your", and a table lists
// each form it wants. The last word may still end inside a longer one, so
// "more from " keeps its trailing space.
type phraseSet struct {
	byFirst map[string][]string
	heads   *headSet
}

func newPhraseSet(phrases ...[]string) phraseSet {
	s := phraseSet{byFirst: map[string][]string{}, heads: &headSet{}}
	for _, list := range phrases {
		for _, p := range list {
			first := firstWord(p)
			s.byFirst[first] = append(s.byFirst[first], p)
			s.heads.add(p)
		}
	}
	return s
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

// add records the head of phrase p. The bytes a short phrase lacks match
// whatever follows it (or nothing, at the end of a line), so a phrase of two
// bytes records every third byte and one of a single byte every pair.
func (h *headSet) add(p string) {
	switch len(p) {
	case 0:
	case 1:
		for b := range 256 {
			for c := range 256 {
				h.set(headKey(p[0], byte(b), byte(c)))
			}
		}
	case 2:
		for c := range 256 {
			h.set(headKey(p[0], p[1], byte(c)))
		}
	default:
		h.set(headKey(p[0], p[1], p[2]))
	}
}

func (h *headSet) set(k uint16) { h[k/64] |= 1 << (k % 64) }

// hasBit reports whether the set holds key k.
func (h *headSet) hasBit(k uint16) bool { return h[k/64]&(1<<(k%64)) != 0 }

// may reports whether a phrase can start at s[i]: whether one starts with
// the three bytes there. Past the end of s a missing byte reads as 0, which
// only the phrases shorter than three bytes, recorded with every byte after
// them, let through; no phrase holds a 0 byte.
func (h *headSet) may(s string, i int) bool { return h.hasBit(headKeyAt(s, i)) }

// headKeyAt is the key of the three bytes of s from i on, a missing byte
// read as 0.
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
// reads ASCII off a table and decodes only the rest: the phrase index asks
// it at every word that opens like a phrase.
func firstWord(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		word, size := asciiWord[c], 1
		if c >= utf8.RuneSelf {
			word, size = wordRuneStart(s, i)
		}
		if !word {
			if i == 0 {
				return s[:size]
			}
			return s[:i]
		}
		i += size
	}
	return s
}

// hasPrefix reports whether norm starts with one of the phrases.
func (s phraseSet) hasPrefix(norm string) bool {
	if norm == "" || !s.heads.may(norm, 0) {
		return false
	}
	for _, p := range s.byFirst[firstWord(norm)] {
		if strings.HasPrefix(norm, p) {
			return true
		}
	}
	return false
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
	numPhraseIDs
)

// phraseMask is the set of phrase tables with a match in a line.
type phraseMask uint32

// has reports whether table id matched.
func (m phraseMask) has(id phraseID) bool { return m&(1<<id) != 0 }

// phraseIndex searches all tables in one pass over a line, so each line is
// scanned once instead of once per table.
type phraseIndex struct {
	byFirst map[string][]taggedPhrase
	heads   headSet
}

type taggedPhrase struct {
	text string
	id   phraseID
}

func newPhraseIndex(tables map[phraseID][]string) *phraseIndex {
	x := &phraseIndex{byFirst: map[string][]taggedPhrase{}}
	for id, list := range tables {
		for _, p := range list {
			if p == "" {
				continue
			}
			first := firstWord(p)
			x.byFirst[first] = append(x.byFirst[first], taggedPhrase{p, id})
			x.heads.add(p)
		}
	}
	return x
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
	var m phraseMask
	lx := legalIndex()
	legalFirst := -1 // the first legal term found
	prevWord := false
	for i := 0; i < len(norm); {
		c := norm[i]
		word, size := asciiWord[c], 1
		if c >= utf8.RuneSelf {
			word, size = wordRuneStart(norm, i)
		}
		// next is where the scan goes on: past the rest of an ASCII word,
		// which holds no place for a phrase to start.
		next := i + size
		if word && c < utf8.RuneSelf {
			next = skipWord(norm, next)
		}
		if !prevWord || !word {
			k := headKeyAt(norm, i)
			if x.heads.hasBit(k) {
				rest := norm[i:]
				// The word found above is the first word of rest when it
				// is ASCII throughout; a word with more than ASCII, or a
				// mark, is left to firstWord.
				first := rest[:next-i]
				if !word || c >= utf8.RuneSelf || next < len(norm) && norm[next] >= utf8.RuneSelf {
					first = firstWord(rest)
				}
				for _, p := range x.byFirst[first] {
					if strings.HasPrefix(rest, p.text) {
						m |= 1 << p.id
					}
				}
			}
			// The legal terms are looked for here too, at the start of
			// each word, with the same key: a pass of their own over
			// every line cost a twentieth of the cleaner's time.
			if word && !prevWord && m&(1<<phLegal) == 0 && lx.heads.hasBit(k) && i+3 <= len(norm) &&
				lx.secondTermAt(norm[i:], head3(norm[i], norm[i+1], norm[i+2]), &legalFirst) {
				m |= 1 << phLegal
			}
		}
		prevWord = word
		i = next
	}
	return m
}
