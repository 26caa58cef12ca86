package clean

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CodeHeadline marks the article's headline when the classifier dropped it
// as a short line outside the text: the reader shows it as the article's
// title rather than in the body.
const CodeHeadline Code = "headline"

// Headline finds the headline of an article on a whole-page dump. There the
// headline stands a few lines above the text, among the last menu entries
// and over the byline, and the classifier drops it with them: a short line
// that is not prose. Without it the reader titled such a page with whatever
// opened the kept text: a caption, a disclosure, the first sentence.
//
// The headline is told from the menu entries, teasers and labels around it
// by its words: most of them come back in the article's opening paragraphs.
// A line that stands over a byline, or that the page prints twice (once in
// the breadcrumb trail, once as the title), is all the likelier to be it.
// The step only relabels a line the classifier dropped, so the cleaned text
// is the same with it and without it.
//
// `dateline eval titles` compares the reader's titles for the wcxb-dev text
// dumps with the pages' own <h1>. On the 679 article pages that have one,
// the title was the headline on 0.227 of them without this step and 0.735
// with it when it came in; on all 1,145 such pages, 0.178 and 0.567. (Now
// 0.733 and 0.565: the headline under a kicker, which the text kept and the
// title took from there, is now this step's to find.) A bonus for the
// text's own first line larger than the one for a line right over the
// text, and a longer look into the text (300 or 400 tokens against 150),
// each did the same or worse.
type Headline struct{}

// Name implements Step.
func (Headline) Name() string { return "headline" }

const (
	// headlineAbove is how many non-blank lines above the text are
	// searched: a byline, a date, a share row and a reading time may stand
	// between the headline and the text.
	headlineAbove = 40
	// headlineBody is how many tokens of the text, from its start, the
	// headline's words are looked up in.
	headlineBody = 150
	// headlineMaxWords bounds a headline's length in tokens.
	headlineMaxWords = 24
	// distancePenalty is what each non-blank line between a candidate and
	// the text costs it.
	distancePenalty = 0.05
)

// Apply implements Step.
func (Headline) Apply(d *Doc) {
	first := -1
	for i := range d.Len() {
		if d.Kept(i) && !d.Info(i).Blank() {
			first = i
			break
		}
	}
	if first <= 0 {
		return
	}
	if best := pickHeadline(d, first, headlineCandidates(d, first)); best >= 0 && best != first {
		d.lines[best].Code = CodeHeadline
		d.lines[best].Reason = "the headline: shown as the title"
	}
}

// headlineCandidates returns the lines above the text, which starts at line
// first, that may be its headline, nearest first. They and their words are
// found before the text is read, and only for their words: reading all the
// text's words took most of the step's time.
func headlineCandidates(d *Doc, first int) []candidate {
	var cands []candidate
	var keys []uint64 // the candidates' keys, end to end, in one slice rather than a few each
	seen := 0
	for i := first - 1; i >= 0 && seen < headlineAbove; i-- {
		li := d.Info(i)
		if li.Blank() {
			continue
		}
		seen++
		if droppedByClassifier(d.Line(i)) && headlineLike(li) && !continues(d, i, first) {
			from := len(keys)
			keys = appendContentKeys(keys, li.Trim)
			cands = append(cands, candidate{line: i, dist: seen - 1, keys: keys[from:len(keys):len(keys)]})
		}
	}
	return cands
}

// pickHeadline returns the line of cands, or the text's first line, that is
// the headline of the text that starts at line first, or -1 for none.
func pickHeadline(d *Doc, first int, cands []candidate) int {
	if len(cands) == 0 {
		return -1
	}
	// The text may open with its own headline; a line above must beat it.
	opening := candidate{line: first}
	if headlineLike(d.Info(first)) {
		opening.keys = contentKeys(d.Info(first).Trim)
	}
	words := map[uint64]uint8{}
	for _, c := range cands {
		for _, k := range c.keys {
			words[k] = 0
		}
	}
	for _, k := range opening.keys {
		words[k] = 0
	}
	// A line above is looked up in the whole text, the first line itself
	// only in the text after it.
	markWords(d, first, 0, inFirst, words)
	markWords(d, first+1, headlineBody-d.Info(first).Words, inRest, words)
	best, bestScore := -1, 0.0
	if opening.keys != nil {
		best, bestScore = first, headlineScore(d, opening, first, words, inRest)
	}
	// Nearer the text is likelier: menus and teasers stand further up.
	// Ties go to the upper line.
	for _, c := range cands {
		if s := headlineScore(d, c, first, words, inFirst|inRest) - distancePenalty*float64(c.dist); s > 0 && s >= bestScore {
			best, bestScore = c.line, s
		}
	}
	best = overStandfirst(d, first, cands, best, words)
	// The text may open with the line picked, printed a second time, or
	// with the end of it: a breadcrumb trail that ends with the headline
	// ("Home · Farm · 6 Gardening Shows to Watch") or a menu glued to it
	// shares all the words of the text's first line, and more. The text's
	// first line is the headline then, and the reader takes it out of the
	// body, where it would stand under the title.
	if n := d.Info(first).Norm; best >= 0 && best != first && opening.keys != nil && n != "" &&
		strings.HasSuffix(d.Info(best).Norm, n) {
		return first
	}
	return best
}

// candidate is a line that may be the headline: its index, how many
// non-blank lines stand between it and the text, and its content words.
type candidate struct {
	line, dist int
	keys       []uint64
}

// Where markWords found a word: in the text's first line, or after it.
const (
	inFirst uint8 = 1 << iota
	inRest
)

// headlineLike reports whether a line has the shape of a headline: a few
// words, not ending like a clause or a label, opening with a capital or a
// digit.
func headlineLike(li *LineInfo) bool {
	if li.Words < 2 || li.Words > headlineMaxWords || hasNavMarks(li) || li.bytes.has('#') || li.bytes.has('@') {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(li.Trim)
	if strings.ContainsRune(".,;:", last) || numbered(li.Trim) {
		return false
	}
	for _, r := range li.Trim {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.IsUpper(r) || unicode.IsDigit(r) || !unicode.IsLower(r)
		}
	}
	return false
}

// numbered reports whether s opens with a number and a full stop or a
// bracket, as the items of a list and the sections of a long article do
// ("4. Create content", "2) Pricing"); a headline's number has no mark
// ("10 Best Scooters").
func numbered(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')')
}

// headlineScore weighs line i as the headline of the text that starts at
// line first: the number of its content words found in the text (up to
// five) and their share, plus a bonus for each sign of a headline's place:
// nothing but short lines and bylines between it and the text, a byline
// close below it, the page printing it twice. It is zero when the words do
// not support it: a line right over the text needs one of its words in the
// text, any other line two, and half of its words unless a byline follows
// it.
func headlineScore(d *Doc, c candidate, first int, words map[uint64]uint8, in uint8) float64 {
	i, n, hit := c.line, len(c.keys), 0
	for _, k := range c.keys {
		if words[k]&in != 0 {
			hit++
		}
	}
	next := i < first && nextToText(d, i, first)
	byline, twice := bylineBelow(d, i, first), printedTwice(d, i, first)
	switch {
	case hit == 0, n == 0:
		return 0
	case !next && hit < 2:
		return 0
	case !next && !byline && 2*hit < n:
		return 0
	}
	s := float64(min(hit, 5)) + float64(hit)/float64(n)
	switch {
	case i == first:
		// The text's own first line: the classifier kept it.
		s += 1.5
	case next:
		// Nothing but bylines and short labels between it and the
		// text.
		s += 1.5
	}
	if byline {
		s += 1.5
	}
	if twice {
		s++
	}
	if i < first && n <= 2 && !(hit == n && (byline || twice)) {
		// A label of one or two words the text repeats is as likely
		// a section of the menu or a button as a headline, unless
		// it stands where a headline does.
		return 0
	}
	return s
}

// nextToText reports whether only the lines that stand between an
// article's headline and its text separate line i from line first: bylines,
// dates, credits, share rows, captions, and labels of a few words.
func nextToText(d *Doc, i, first int) bool {
	for j := i + 1; j < first; j++ {
		li := d.Info(j)
		if li.Blank() || li.Words <= 4 {
			continue
		}
		switch d.Line(j).Code {
		case CodeByline, CodeCredit, CodeShare, CodePhoto, CodeAdvert:
			continue
		}
		return false
	}
	return true
}

// bylineBelow reports whether a byline or credit line follows line i within
// three non-blank lines, before the text starts.
func bylineBelow(d *Doc, i, first int) bool {
	seen := 0
	for j := i + 1; j < d.Len() && seen < 3; j++ {
		if d.Info(j).Blank() {
			continue
		}
		seen++
		if c := d.Line(j).Code; c == CodeByline || c == CodeCredit {
			return true
		}
		if j >= first {
			return false
		}
	}
	return false
}

// printedTwice reports whether the text of line i stands again among the
// headlineAbove non-blank lines around it above the text, alone or at the
// end of a breadcrumb trail.
func printedTwice(d *Doc, i, first int) bool {
	want := d.Info(i).Norm
	if want == "" {
		return false
	}
	lo := max(0, i-headlineAbove)
	for j := lo; j < first; j++ {
		if j == i {
			continue
		}
		if n := d.Info(j).Norm; n == want || (len(n) > len(want) && strings.HasSuffix(n, want)) {
			return true
		}
	}
	return false
}

// markWords sets the flag in on those of words that occur in the kept
// lines from line from on: among their first limit tokens, or with limit 0
// in line from alone.
func markWords(d *Doc, from, limit int, in uint8, words map[uint64]uint8) {
	n := 0
	for i := from; i < d.Len() && (n < limit || i == from); i++ {
		if !d.Kept(i) {
			continue
		}
		for t := range tokens(d.Info(i).Trim) {
			n++
			if len(t) < 3 {
				continue
			}
			k := stemHash(t)
			if f, ok := words[k]; ok {
				words[k] = f | in
			}
		}
	}
}

// contentKeys returns the distinct content words of a line, as stemHash
// makes them. Function words, numbers and words of one or two letters are
// not content words.
func contentKeys(s string) []uint64 { return appendContentKeys([]uint64{}, s) }

// appendContentKeys appends the distinct content words of s (see
// contentKeys) to keys.
func appendContentKeys(keys []uint64, s string) []uint64 {
	from := len(keys)
	for t := range tokens(s) {
		if len(t) < 3 || utf8.RuneCountInString(t) < 3 {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(t); unicode.IsDigit(r) {
			continue
		}
		if isFunctionWord(t) {
			continue
		}
		if k := stemHash(t); !slices.Contains(keys[from:], k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// stemHash is the key a headline word is matched under: a hash of its first
// six letters in lower case, so that "Companies" finds "company" and
// "Investment" finds "investing".
func stemHash(tok string) uint64 { return prefixHash(tok, 6) }

// continues reports whether the text goes on from line i: the next line is
// the first of the text and opens in lower case, so line i is the start of
// a paragraph broken over lines, not a headline.
func continues(d *Doc, i, first int) bool {
	if nextNonBlank(d, i, 1) != first {
		return false
	}
	r, _ := utf8.DecodeRuneInString(d.Info(first).Trim)
	return unicode.IsLower(r)
}

// overStandfirst returns the line right above best when best reads as a
// standfirst and that line as its headline. A standfirst shares the
// headline's words and stands nearer the text and the byline, so it may
// score higher; English headlines are in title case and their standfirsts
// are not. The line above needs four words, so that a section's label
// ("Tiny Homes") does not pass for a headline over a headline in sentence
// case. On wcxb-dev that took the headline for the title on seven pages
// more and lost one; a rule that took any shorter line above lost more
// than it took.
func overStandfirst(d *Doc, first int, cands []candidate, best int, words map[uint64]uint8) int {
	for k, c := range cands {
		if c.line != best || best == first || k+1 >= len(cands) {
			continue
		}
		up := cands[k+1]
		if up.dist == c.dist+1 && d.Info(up.line).Words >= 4 && titleCased(d.Info(up.line)) &&
			!titleCased(d.Info(best)) && headlineScore(d, up, first, words, inFirst|inRest) > 0 {
			return up.line
		}
	}
	return best
}

// titleCased reports whether most of a line's words of four letters or more
// start with a capital, as an English headline's do ("Forbidden Career
// Advice for Software Developers") and a standfirst's do not.
func titleCased(li *LineInfo) bool {
	n, caps, upper := 0, 0, 0
	for t := range tokens(li.Trim) {
		if utf8.RuneCountInString(t) < 4 {
			continue
		}
		n++
		if r, _ := utf8.DecodeRuneInString(t); unicode.IsUpper(r) {
			caps++
		}
		if strings.ToUpper(t) == t {
			upper++
		}
	}
	// A line in capitals throughout is a menu or a label.
	return n >= 2 && 4*caps >= 3*n && upper < n
}
