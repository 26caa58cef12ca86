package clean

import (
	"slices"
	"sync"
	"unicode/utf8"
)

// Shop pages carry their legal text with them: the terms of use, privacy
// policy and footnotes of a page's dialogs and fine print are in the page
// body, often hundreds of lines of well-formed prose, and the line model,
// which judges a line by its form, rates that prose above a product's
// description of short headings and phrases. The heaviest block of such a
// page was then its terms of use, and the description, where it formed a
// block at all, was measured against it and fell short. wallLegalText
// takes that section out of the block search.

// legalTerms are the words and phrases of terms of use, privacy policies,
// warranties and the fine print of offers, lower-case. Each matches at the
// start of a word and may end inside one, so "warrant" stands for
// "warranty" and "warranties" too. A line with two different ones reads as
// legal text; one alone occurs in ordinary prose too.
var legalTerms = []string{
	"liabilit", "liable", "warrant", "indemn", "arbitrat", "herein", "hereby", "hereunder", "thereof",
	"terms of use", "terms of service", "terms of sale", "terms and conditions",
	"privacy policy", "privacy notice", "disclaim", "jurisdiction", "governing law",
	"shall not", "shall be", "personal information", "personal data", "applicable law",
	"third party", "third parties", "third-part", "intellectual property", "infring", "pursuant",
	"notwithstanding", "merchantability", "without limitation", "fullest extent", "permitted by law",
	"not intended to", "not intended for", "medical advice", "medical use", "medical purposes",
	"consult your ", "consult a ", "at your own risk", "agree to", "you agree", "binding",
	"in accordance with", "prior written", "trademark", "rights reserved", "data protection",
	"subject to", "terms apply", "conditions apply", "available with select", "available to select",
	"available in select", "available only with select", "available only to select",
	"available only in select", "eligible", "require a subscription", "requires a subscription",
	"require subscription", "requires subscription", "results may vary", "for details",
}

// legalIndex finds legalTerms in a line in one pass, as phraseIndex does the
// phrase tables. A regular expression of the terms made the cleaner sixteen
// times slower on the benchmark pages.
var legalIndex = sync.OnceValue(func() *legalTermIndex {
	list := make([]taggedPhrase, len(legalTerms))
	for k, t := range legalTerms {
		list[k] = newTaggedPhrase(t, 0)
	}
	return &legalTermIndex{newHeadIndex(list)}
})

// legalTermIndex files legalTerms by the key of their first three bytes, as
// phraseSet does its phrases. A map by the three bytes themselves cost the
// phrase scan a lookup for each word the key let through, and those lookups
// were nearly a hundredth of the cleaner's time. Every term is longer than
// two bytes and so has one key, and one entry in the index: the place of
// its entry names it.
type legalTermIndex struct {
	*headIndex
}

// isLegalText reports whether s holds two different legal terms, in any
// case. It reads s as it is, lower-casing ASCII as it goes: the terms are
// ASCII, and lower-casing the long paragraphs of a terms of use first cost
// more than the search.
func (x *legalTermIndex) isLegalText(s string) bool {
	first := -1 // the first term found
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			word, size := wordRuneStart(s, i)
			i += size
			if word {
				i = skipWord(s, i)
			}
			continue
		}
		if !asciiWord[c] {
			i++
			continue
		}
		// A word starts at i.
		if i+3 <= len(s) {
			a, b, c := lowerASCII[s[i]], lowerASCII[s[i+1]], lowerASCII[s[i+2]]
			if k := headKey(a, b, c); x.heads.hasBit(k) && x.secondTermAt(s[i:], k, &first) {
				return true
			}
		}
		i = skipWord(s, i+1)
	}
	return false
}

// secondTermAt reports whether a legal term other than *first opens s, at
// the start of a word whose first three bytes, lower-cased, have key k,
// which the index holds, when *first is already set; a term found while it
// is not becomes *first. Terms are named by the place of their entry. It is
// the step of a search for two different terms, which isLegalText and the
// phrase scan share.
//
// The first eight bytes of s, lower-cased, rule out at once a term whose
// head differs from them, as opening does a phrase: the buckets of common
// words ("her", "per", "the") hold terms that such a word does not open, and
// comparing each term byte by byte cost more than the search around it.
func (x *legalTermIndex) secondTermAt(s string, k uint16, first *int) bool {
	b := x.bucket(k)
	var w uint64
	if len(s) >= 8 {
		w = word(s) // as load8 reads it, without the call
	} else {
		w = load8(s, 0)
	}
	w = lowerWord(w)
	lo := int(x.start[b])
	terms := x.entries[lo:x.start[b+1]]
	for j := range terms {
		p := &terms[j]
		if w&p.mask != p.head || lo+j == *first || !hasPrefixFold(s, p.text) {
			continue
		}
		if *first >= 0 {
			return true
		}
		*first = lo + j
	}
	return false
}

// hasPrefixFold reports whether s starts with the lower-case ASCII term t,
// in any case.
func hasPrefixFold(s, t string) bool {
	if len(s) < len(t) {
		return false
	}
	for j := 0; j < len(t); j++ {
		if lowerASCII[s[j]] != t[j] {
			return false
		}
	}
	return true
}

// Thresholds of wallLegalText. On wcxb-dev, F1 was the same (0.8503, from
// 0.8490 without the wall) with minLegalLines from 4 to 6 and
// minLegalDensity from 0.1 to 0.2; with 8 lines it left the footnotes of two
// shop pages in place (0.8499), and with a density of 0.05 the returns
// notice in a product's details ("Eligible items may be returned ...,
// subject to approval") and the sign-up and copyright lines of the footer
// made one section of the details, the reviews and the footer (0.8498).
const (
	minLegalLines   = 5   // legal lines a page needs for a legal section
	minLegalDensity = 0.1 // share of the section's lines that must read as legal text
)

// isLegal reports whether a line reads as legal text: whether it holds two
// different legal terms. The phrase scan of a line's Norm finds them; the
// lines too long for a Norm are searched here.
func isLegal(li *LineInfo) bool {
	if li.Words <= normMaxWords {
		return li.Phrases.has(phLegal)
	}
	return legalIndex().isLegalText(li.Trim)
}

// wallLegalText turns the page's legal section, from its first kept line
// that reads as legal text to its last, into a wall in the block weights w:
// each of its lines weighs against its block as a line a rule dropped. It
// does so only when the page has minLegalLines such lines and they make up
// minLegalDensity of the section, so that a clause quoted in an article, or
// a footer's "Terms of Use | Privacy Policy" links and sign-up notice, do
// not span the page from top to bottom.
//
// The section must also follow content: if no block would be left before
// it, the legal text is the page's own subject (a promotion's terms, a
// privacy policy) and w is left as it was. The lines of the section stay
// kept; a section between two blocks is joined to them as before, so only
// legal text at the edge of the content goes. It returns which lines it
// walled, or nil.
func wallLegalText(d *Doc, w []float64) (walled []bool) {
	first, last, count := -1, -1, 0
	for i := range w {
		if li := d.Info(i); !li.Blank() && d.Kept(i) && isLegal(li) {
			if first < 0 {
				first = i
			}
			last = i
			count++
		}
	}
	if count < minLegalLines {
		return nil
	}
	span := 0 // kept lines in the section
	for i := first; i <= last; i++ {
		if !d.Info(i).Blank() && d.Kept(i) {
			span++
		}
	}
	if float64(count) < minLegalDensity*float64(span) {
		return nil
	}
	weights := slices.Clone(w)
	walled = make([]bool, len(w))
	for i := first; i <= last; i++ {
		if li := d.Info(i); !li.Blank() && d.Kept(i) {
			weights[i] = regionDropped * float64(li.Words)
			walled[i] = true
		}
	}
	if in, _ := blocks(weights); !slices.Contains(in[:first], true) {
		return nil
	}
	copy(w, weights)
	return walled
}
