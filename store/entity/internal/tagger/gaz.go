package tagger

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Gazetteer classes, as bits: a phrase may be several at once ("Florence" is
// a first name and a city).
const (
	GazLOC  uint8 = 1 << iota // country, capital, city or region
	GazMISC                   // nationality adjective or demonym
	GazFN                     // first name
	// Names annotated in openly licensed NER corpora, by type: they bring
	// names newer than the training text ("Islamic State").
	GazPER
	GazORG
	GazLOC2
	GazMISC2
)

// featureClasses are the classes the tagger sees as features. The names of
// annotated corpora are not among them: when the tagger is trained on those
// same corpora, every training name is in the list and the tagger would
// learn to find only listed names. They serve the rules that follow
// tagging instead (package entity's knownNames).
const featureClasses = GazLOC | GazMISC | GazFN

// gazTypeClass is the corpus-name class of each tagger type, as in TypeNames.
var gazTypeClass = [4]uint8{GazPER, GazORG, GazLOC2, GazMISC2}

// AddAnnotated adds the entity names annotated in docs, each with the type
// that at least three quarters of its annotations give it. A one-word name
// must be seen at least minSingle times and a longer one at least minMulti
// times, since one-word names are the more often ambiguous ("Apple",
// "Jordan"). Names must start and end with a capitalised word. It returns
// the number of names added.
func (g *Gazetteer) AddAnnotated(docs []Document, minSingle, minMulti int) int {
	seen := map[string]*[4]int{}
	var order []string
	for _, d := range docs {
		for _, s := range d.Sents {
			for _, c := range Chunks(s.Tags) {
				words := s.Words[c.Start:c.End]
				if !isCapitalised(words[0]) || !isCapitalised(words[len(words)-1]) {
					continue
				}
				k := strings.Join(words, " ")
				if seen[k] == nil {
					seen[k] = new([4]int)
					order = append(order, k)
				}
				seen[k][c.Type]++
			}
		}
	}
	added := 0
	for _, k := range order {
		n := seen[k]
		best, total := 0, 0
		for t, c := range n {
			total += c
			if c > n[best] {
				best = t
			}
		}
		min := minMulti
		if !strings.Contains(k, " ") {
			min = minSingle
		}
		if n[best] >= min && 4*n[best] >= 3*total {
			g.Add(k, gazTypeClass[best])
			added++
		}
	}
	return added
}

// maxGazLen is the longest phrase, in tokens, that the gazetteer matches.
const maxGazLen = 5

// Gazetteer is a set of lower-cased phrases with their classes, stored by
// hash. It is read-only after it is built.
type Gazetteer struct {
	m map[uint64]uint8
	// caps holds, per lower-cased word, how often unlabelled text writes
	// it capitalised in mid-sentence, as a class from 1 (almost never) to
	// 4 (almost always); 0 means not seen often enough. Names are the words
	// capitalised mid-sentence, so the class says whether a capitalised
	// word at the start of a sentence or in a headline is a name.
	caps map[uint64]uint8
	// clus holds, per word as written, its word clusters (see Clusters):
	// coarse<<8 | fine, both from 1.
	clus map[uint64]uint16
}

// NewGazetteer returns an empty gazetteer.
func NewGazetteer() *Gazetteer {
	return &Gazetteer{m: make(map[uint64]uint8), caps: make(map[uint64]uint8), clus: make(map[uint64]uint16)}
}

// CapCounts counts, per lower-cased word, mid-sentence occurrences written
// capitalised ([0]) and in lower case ([1]).
type CapCounts map[string]*[2]int

// AddCapCounts stores the capitalisation class of every word seen at least
// minTotal times.
func (g *Gazetteer) AddCapCounts(c CapCounts, minTotal int) int {
	n := 0
	for w, k := range c {
		total := k[0] + k[1]
		if total < minTotal {
			continue
		}
		r := float64(k[0]) / float64(total)
		var class uint8
		switch {
		case r < 0.1:
			class = 1
		case r < 0.5:
			class = 2
		case r < 0.9:
			class = 3
		default:
			class = 4
		}
		g.caps[phraseHash([]string{w})] = class
		n++
	}
	return n
}

// AddClusters stores word clusters as returned by Clusters.
func (g *Gazetteer) AddClusters(c map[string]uint16) {
	for w, v := range c {
		g.clus[phraseHash([]string{w})] = v
	}
}

// cluster returns the clusters of a word as written, or of its lower-case
// form (a capitalised word at the start of a sentence), or 0.
func (g *Gazetteer) cluster(w string) uint16 {
	if g == nil || len(g.clus) == 0 {
		return 0
	}
	if c, ok := g.clus[phraseHash([]string{w})]; ok {
		return c
	}
	return g.clus[phraseHash([]string{strings.ToLower(w)})]
}

// capClass returns the capitalisation class of a lower-cased word.
func (g *Gazetteer) capClass(lw string) uint8 {
	if g == nil || len(g.caps) == 0 {
		return 0
	}
	return g.caps[phraseHash([]string{lw})]
}

// phraseHash hashes lower-cased tokens the same way for building and lookup.
func phraseHash(toks []string) uint64 {
	h := uint64(fnvOffset)
	for i, t := range toks {
		if i > 0 {
			h = sep(h)
		}
		h = hstr(h, t)
	}
	return mix(h)
}

// Add adds a phrase (tokens separated by spaces) with classes c.
func (g *Gazetteer) Add(phrase string, c uint8) {
	toks := strings.Fields(strings.ToLower(phrase))
	if len(toks) == 0 || len(toks) > maxGazLen {
		return
	}
	g.m[phraseHash(toks)] |= c
}

// ReadGazetteerTSV reads lines of "TYPES<TAB>phrase" where TYPES is LOC, MISC
// or FN joined by "+". Unknown types are ignored.
func ReadGazetteerTSV(r io.Reader) (*Gazetteer, error) {
	g := NewGazetteer()
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		types, phrase, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return nil, fmt.Errorf("gazetteer line %d: no tab", n)
		}
		var c uint8
		for _, t := range strings.Split(types, "+") {
			switch t {
			case "LOC":
				c |= GazLOC
			case "MISC":
				c |= GazMISC
			case "FN":
				c |= GazFN
			}
		}
		if c != 0 {
			g.Add(phrase, c)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	return g, nil
}

// Lookup returns the classes of a phrase given as lower-cased tokens.
func (g *Gazetteer) Lookup(lowerToks []string) uint8 {
	if g == nil || len(lowerToks) == 0 || len(lowerToks) > maxGazLen {
		return 0
	}
	return g.m[phraseHash(lowerToks)]
}

// LookupPhrase returns the classes of a phrase written with spaces.
func (g *Gazetteer) LookupPhrase(phrase string) uint8 {
	if g == nil {
		return 0
	}
	if !IsASCII(phrase) {
		return g.Lookup(strings.Fields(strings.ToLower(phrase)))
	}
	// The hash of the lower-cased words, as Lookup would take them, made
	// without the strings: entity resolution looks up every capitalised
	// token.
	h := uint64(fnvOffset)
	n := 0
	for i := 0; i < len(phrase); {
		if isASCIISpace(phrase[i]) {
			i++
			continue
		}
		if n > 0 {
			h = sep(h)
		}
		n++
		for ; i < len(phrase) && !isASCIISpace(phrase[i]); i++ {
			c := phrase[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h = hbyte(h, c)
		}
	}
	if n == 0 || n > maxGazLen {
		return 0
	}
	return g.m[mix(h)]
}

// isASCIISpace reports whether c is white space as strings.Fields sees it.
func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// IsASCII reports whether s is all ASCII, for which byte-wise case
// folding gives what strings.ToLower does.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// IsDemonym reports whether a phrase is a nationality word ("Russian",
// "South African") or its plural ("Russians"), and not also a place
// ("Djibouti"). The train command labels demonyms in the tweet corpora with
// it and package entity types them after tagging with it, so that what the
// tagger learns and what the rules apply stay the same.
func (g *Gazetteer) IsDemonym(phrase string) bool {
	c := g.LookupPhrase(phrase)
	if c == 0 && len(phrase) > 3 && strings.HasSuffix(phrase, "s") {
		c = g.LookupPhrase(phrase[:len(phrase)-1])
	}
	return c&GazMISC != 0 && c&GazLOC == 0
}

// AnnotatedType returns the tagger type (an index into TypeNames) that the
// annotated corpora give a phrase, given as lower-cased tokens. It reports
// false when the phrase is not among their names or when they give it more
// than one type.
func (g *Gazetteer) AnnotatedType(lowerToks []string) (int, bool) {
	c := g.Lookup(lowerToks)
	typ, n := 0, 0
	for t, bit := range gazTypeClass {
		if c&bit != 0 {
			typ = t
			n++
		}
	}
	return typ, n == 1
}

// gazMarks returns, for every token, the classes of gazetteer phrases that
// begin at it (begin) and that cover it without beginning at it (inside).
// Only spans that start and end with a capitalised token are matched,
// because the list holds many ordinary words ("May", "Nice", "Of").
func (g *Gazetteer) gazMarks(words, lower []string, begin, inside []uint8) {
	for i := range begin {
		begin[i], inside[i] = 0, 0
	}
	if g == nil {
		return
	}
	for i := range words {
		if !isCapitalised(words[i]) {
			continue
		}
		for n := 1; n <= maxGazLen && i+n <= len(words); n++ {
			if !isCapitalised(words[i+n-1]) {
				continue
			}
			c := g.m[phraseHash(lower[i:i+n])] & featureClasses
			if c == 0 {
				continue
			}
			begin[i] |= c
			for j := i + 1; j < i+n; j++ {
				inside[j] |= c
			}
		}
	}
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}
