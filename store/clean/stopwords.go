package clean

import (
	"strings"
	"unicode/utf8"
)

// The function-word lists below are written by hand rather than taken from a
// library: the cleaner needs only a rough "does this read like prose" signal,
// a few dozen of the most frequent articles, pronouns, prepositions,
// conjunctions and auxiliaries per language give it, and a short list keeps
// the lookup cheap. Words shared by languages appear once in the set.
var stopwordLists = []string{
	// English
	`a an the and or but nor so yet if then than that this these those there here
	of in on at to for from by with about into onto over under after before between through during without within
	is are was were be been being am has have had do does did will would shall should can could may might must
	i you he she it we they me him her us them my your his its our their who whom whose which what when where why how
	not no as also just only very more most such all any some each other both few many much own same too
	up out off again further once while because until although though since whether`,
	// Spanish
	`el la los las un una unos unas y o pero ni que de del al en con por para sin sobre entre hasta desde
	es son era fue ser estar está están ha han había se su sus lo le les me te nos mi tu este esta estos estas
	ese esa como más muy ya también cuando donde porque aunque si no`,
	// French
	`le la les un une des et ou mais donc car que qui quoi dont où de du au aux en dans par pour sur sous avec sans entre
	est sont était été être avoir a ont avait il elle ils elles nous vous je tu on se sa son ses leur leurs ce cette ces
	ne pas plus très aussi comme quand si`,
	// German
	`der die das den dem des ein eine einen einem einer eines und oder aber doch dass wenn weil als wie
	von zu mit auf für aus bei nach über unter vor durch gegen ohne um im am zum zur vom ins
	ist sind war waren sein haben hat hatte wird werden wurde kann können muss soll er sie es wir ihr ich du man sich
	nicht auch noch nur schon sehr mehr dieser diese dieses`,
	// Portuguese
	`o os as um uma uns umas e ou mas que de do da dos das no na nos nas em com por para sem sobre entre até
	é são era foi ser estar está estão tem têm há se seu sua seus suas ele ela eles elas nós você isso este esta
	como mais muito já também quando onde porque não`,
	// Italian
	`il lo la i gli le un uno una e o ma che di del della dei delle al alla ai alle in nel nella con per tra fra su sul sulla da dal dalla
	è sono era erano essere stato ha hanno aveva si suo sua suoi sue lui lei loro noi voi io questo questa quello quella
	come più molto anche quando dove perché se non`,
}

// stopwords holds the function words packed into integers (see packWord),
// each with whether it is a function word of English alone. This lookup
// runs for every short token of every line, so the set is a table of its
// own rather than a map: an integer key, a multiplicative hash and a linear
// probe cost less than half of a map lookup, which had been a twentieth of
// the cleaner's time.
var stopwords = func() *stopTable {
	t := &stopTable{}
	for i, l := range stopwordLists {
		for _, w := range strings.Fields(l) {
			k, ok := packWord(w)
			if !ok {
				panic("clean: function word longer than maxStopwordLen: " + w)
			}
			// measureWords packs tokens with every digit read as 0.
			if strings.ContainsAny(w, "0123456789") {
				panic("clean: function word with a digit: " + w)
			}
			// The English list comes first; a word another list has
			// too ("a", "no", "se") is not English alone.
			t.add(k, i == 0)
		}
	}
	return t
}()

// stopSlots is the size of a stopTable: a power of two, 1<<stopBits, and
// more than three times the number of function words, so that probes stay
// short.
const (
	stopBits  = 11
	stopSlots = 1 << stopBits
)

// stopTable is a set of packed words with a flag each, by open addressing.
// The key 0 marks an empty slot; no word packs to 0.
type stopTable struct {
	keys    [stopSlots]uint64
	english [stopSlots]bool
}

// slot returns where key k is, or the empty slot where it would go.
func (t *stopTable) slot(k uint64) int {
	i := int((k * 0x9e3779b97f4a7c15) >> (64 - stopBits))
	for t.keys[i] != k && t.keys[i] != 0 {
		i = (i + 1) & (stopSlots - 1)
	}
	return i
}

// add puts k in the table; a word already there keeps english only if
// both say so.
func (t *stopTable) add(k uint64, english bool) {
	i := t.slot(k)
	if t.keys[i] == k {
		english = english && t.english[i]
	}
	t.keys[i], t.english[i] = k, english
}

// lookup reports whether k is in the table, and its flag. The empty word
// packs to the key of an empty slot, and is not in it.
func (t *stopTable) lookup(k uint64) (found, english bool) {
	i := t.slot(k)
	return k != 0 && t.keys[i] == k, t.english[i]
}

// packWord packs a word of up to 8 bytes into an integer.
func packWord(w string) (uint64, bool) {
	if len(w) > maxStopwordLen {
		return 0, false
	}
	var k uint64
	for i := 0; i < len(w); i++ {
		k = k<<8 | uint64(w[i])
	}
	return k, true
}

// maxStopwordLen is the byte length of the longest function word; longer
// tokens skip the lookup, and every shorter word packs into a uint64.
const maxStopwordLen = 8

// lookupStopword reports whether the lower-cased token tok is a function
// word, and whether it is one of English alone.
func lookupStopword(tok string) (stop, english bool) {
	k, ok := packWord(tok)
	if !ok {
		return false, false
	}
	stop, english = stopwords.lookup(k)
	return stop, english
}

// isFunctionWord reports whether tok, in any case, is a function word:
// lookupStopword of tok lower-cased, without the copy that lower-casing an
// ASCII token would allocate (the headline step asks it of every word near
// the top of a page).
func isFunctionWord(tok string) bool {
	var k uint64
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= utf8.RuneSelf {
			stop, _ := lookupStopword(strings.ToLower(tok))
			return stop
		}
		if i == maxStopwordLen {
			return false // no function word is this long
		}
		k = k<<8 | uint64(lowerASCII[c])
	}
	stop, _ := stopwords.lookup(k)
	return stop
}
