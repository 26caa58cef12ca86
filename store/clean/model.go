package clean

import (
	_ "embed"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// The line model is a logistic regression over measurements of a line and of
// its neighbours, plus the words of the line (see lexicon.go). It is written
// here rather than taken from a library because inference is one dot
// product per line and a sum over its words, and training (see
// train_test.go) is a few dozen lines of gradient descent; a numeric library
// would add a large dependency for no gain. A gradient-boosted tree ensemble
// (100 trees of depth 4) over the same measurements scored the same in
// two-fold cross-validation, 0.817. The weights are generated into
// model_weights.go and model_lexicon.bin by `go test -run TrainModel
// -train`, from the benchmark pages.

// contextOffsets are the neighbouring non-blank lines whose measurements feed
// the model.
var contextOffsets = [...]int{-3, -2, -1, 1, 2, 3}

// Feature layout. The order is part of the generated weights: changing it
// requires retraining.
const (
	fBias = iota
	fLogWords
	fLogChars
	fStop
	fTerminal
	fCaps
	fDigits
	fEllipsis
	fBullet
	fNav
	fPos
	fProseBefore
	fProseAfter
	fDuplicate
	fGood
	fNearGood
	fShort
	fSmoothed
	fRegion
	fLinkish
	fColon
	fStopXWords
	fTermXWords
	fRegionXSmoothed
	fWindowSmoothed
	fWindowStop
	fGoodDistance
	fPageProse // share of the page's tokens in lines the smoothing judged good
	fPageLines // log of the page's non-blank lines
	fPageMean  // log of the page's mean tokens per line
	fContext   // first of len(contextOffsets) groups of contextWidth features
)

const contextWidth = 5 // log words, stop share, terminal, smoothed good, dropped by a rule

// numFeatures is the length of a feature vector.
const numFeatures = fContext + contextWidth*len(contextOffsets)

// lineModel is a logistic regression with standardised inputs and a
// lexicon of word weights.
type lineModel struct {
	mean, scale, weights []float64
	lexicon              []float32 // lexSize weights, indexed by lexSlot

	// coef and bias fold the standardisation into the weights, so that a
	// line costs one multiplication a feature instead of three operations.
	coef []float64
	bias float64
}

// newLineModel returns the model with the given standardisation, weights
// and lexicon (nil for none).
func newLineModel(mean, scale, weights []float64, lexicon []float32) *lineModel {
	m := &lineModel{mean: mean, scale: scale, weights: weights, lexicon: lexicon, coef: make([]float64, len(weights))}
	for j, w := range weights {
		m.coef[j] = w * scale[j]
		m.bias -= m.coef[j] * mean[j]
	}
	return m
}

// logit returns the model's log-odds that line li, with features x, is
// article text.
func (m *lineModel) logit(x []float64, li *LineInfo) float64 {
	z := m.bias
	if m.lexicon != nil {
		z += float64(lexicalSum(li, m.lexicon))
	}
	coef := m.coef[:len(x)]
	// Four terms a step, added in the same order as one a step, so the
	// sum is the same to the last bit: the loop's own instructions were
	// half of the product's.
	j := 0
	for ; j+4 <= len(x); j += 4 {
		c, v := coef[j:j+4:j+4], x[j:j+4:j+4]
		z += c[0] * v[0]
		z += c[1] * v[1]
		z += c[2] * v[2]
		z += c[3] * v[3]
	}
	for ; j < len(x); j++ {
		z += coef[j] * x[j]
	}
	return z
}

// modelThreshold is the probability above which a line is kept.
const modelThreshold = 0.5

// model lets the line model decide every line no rule dropped. It returns
// the lines of a legal section that it walled off (see wallLegalText), or
// nil, so that Apply can give them their own reason.
func (c Classifier) model(d *Doc, a analysis) (legal []bool) {
	m := c.lm
	switch {
	case m != nil:
	case readsAsEnglish(d):
		m = defaultModel()
	default:
		m = plainModel()
	}
	if m == nil {
		return
	}
	// Each line weighs for or against the block it is in by how sure the
	// model is, times its length; the blocks then decide, so a doubtful
	// line inside the text stays and a plausible one among menus goes.
	w := make([]float64, d.Len())
	total := 0
	for i := range d.Len() {
		total += d.Info(i).Words
	}
	before := 0 // tokens before line i
	for i := range w {
		li := d.Info(i)
		// A byline or dateline in the first half of the page weighs
		// for neither side: it stands between an article's headline
		// and standfirst and its body, and as a wall there it cut the
		// standfirst off with the headline. On the pages mx01–30 of
		// testdata/languages, that lost a tenth of the text on nine
		// of them: mean page F1 0.908, and 0.924 with such a byline
		// neutral; wcxb-dev 0.8361 and 0.8358. A photo's caption and
		// the link to its gallery stand there too: once the captions
		// that end with a credit in those languages ("... Foto: Jens
		// Mahlberg") were dropped, they walled headlines and
		// standfirsts off, and the 60 pages scored 0.967 (R 0.955)
		// with the caption a wall and 0.975 (R 0.975) with it
		// neutral; wcxb-dev 0.8443 and 0.8442, where the truths leave
		// most headlines and standfirsts out.
		// Further down, the dates of a comment thread are the walls
		// that keep its comments from being joined to the post.
		neutral := (d.Line(i).Code == CodeByline || d.Line(i).Code == CodePhoto) && 2*before < total
		if !d.Kept(i) && !neutral {
			w[i] = regionDropped * float64(li.Words)
		}
		before += li.Words
	}
	lineFeatures(d, a.cf, a.smoothed, a.inRegion, func(i int, x []float64) {
		if d.Kept(i) {
			w[i] = (sigmoid(m.logit(x, d.Info(i))) - modelThreshold) * float64(d.Info(i).Words+1)
		}
	})
	// A terms of use or the fine print that a shop page carries along is
	// prose the model likes; it must not outweigh the page's content.
	legal = wallLegalText(d, w)
	in, mainHi := blocks(w)
	if !slices.Contains(in, true) {
		// The model found no block: short or unusual pages it was not
		// trained for. Keep the decision of the smoothing and regions
		// rather than showing an empty article.
		return nil
	}
	cutAtComments(d, in, mainHi)
	joinBlocks(in)
	for i := range a.final {
		if in[i] && d.Kept(i) {
			a.final[i] = classGood
		} else {
			a.final[i] = classBad
		}
	}
	return legal
}

// joinBlocks extends the blocks of content over the lines between them, so
// that what is kept runs from the first block to the last. The block search
// weighs each line on its own, and an article's lists, tables, code and
// short headings, which the model doubts line by line, cost more than the
// stretches of prose around them gain: a how-to lost every step of its
// checklist between its introduction and its conclusion, and a long
// paragraph between two short ones could fall with its neighbours. Page
// chrome sits at the edges of a page, around the blocks, not between them;
// the boilerplate that does interrupt an article (share rows, bylines,
// teasers, adverts) was dropped by the rules before the classifier ran, and
// a dropped line stays dropped. On the benchmark pages, joining raised F1 on
// every page type; joining only the gaps that cost little against the
// blocks on either side, or cutting long runs of lines the model rejects
// firmly out of the joined gaps, did worse than joining them all.
func joinBlocks(in []bool) {
	first := slices.Index(in, true)
	if first < 0 {
		return
	}
	last := len(in) - 1
	for !in[last] {
		last--
	}
	for i := first; i <= last; i++ {
		in[i] = true
	}
}

// cutAtComments drops every block that follows a comments heading lying
// between the blocks after the main one, the heaviest, which ends before
// line mainHi as blocks reported. That keeps joinBlocks from stretching the
// text over the comment thread. Comments are prose, and the model keeps
// some of them as blocks of their own; joined to the article, such a block
// pulled in the whole thread with its "Reply" links, dates and reply form.
// The Comments step cannot cut there when the article is short, because it
// asks for enough prose before the heading; here the model's main block
// stands for that evidence. A heading inside a later block is left alone:
// the block search judged its surroundings to be text. So is a heading that
// occurs more than once after the main block, such as the "Add a comment"
// link under every post of a question-and-answer page, which marks a post
// and not the start of a section, and a word that heads an article's own
// sections too ("Reactions", "Discussion"): unlike the Comments step, this
// cut has no prose before the heading to go by.
func cutAtComments(d *Doc, in []bool, mainHi int) {
	for j := mainHi; j < len(in); j++ {
		if in[j] || !opensComments(d.Info(j)) || namesSection(d.Info(j)) || occursElsewhere(d, j, mainHi) {
			continue
		}
		clear(in[j:])
		return
	}
}

// occursElsewhere reports whether the text of line i is also the text of
// another line from line from on, numbers aside: the count of "3 Comments"
// under one post and "12 Comments" under the next are the same link.
func occursElsewhere(d *Doc, i, from int) bool {
	t := digitsAsZero(d.Info(i).Norm)
	for j := from; j < d.Len(); j++ {
		if j != i && digitsAsZero(d.Info(j).Norm) == t {
			return true
		}
	}
	return false
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// lexiconData is the generated lexicon, little-endian float32s.
//
//go:embed model_lexicon.bin
var lexiconData []byte

// defaultModel returns the generated model, built once; nil when the
// generated weights do not fit the feature layout or the lexicon its size
// (the classifier then falls back to its hand-set rules).
var defaultModel = sync.OnceValue(func() *lineModel {
	lex := decodeLexicon(lexiconData)
	if len(modelWeights) != numFeatures || len(modelMean) != numFeatures || len(modelScale) != numFeatures || lex == nil {
		return nil
	}
	return newLineModel(modelMean, modelScale, modelWeights, lex)
})

// plainModel returns the generated model without a lexicon, built once;
// nil when its weights do not fit the feature layout. It is for pages in
// the other languages the cleaner knows. The lexicon learnt English words
// from the English benchmark pages, and it hashes the words of another
// language into the slots of unrelated English ones, which, summed over a
// paragraph, pushed French prose of a scraped article below the threshold.
// On 30 article scrapes in German, French, Spanish, Italian and
// Portuguese, written for the test, F1 was 0.965 with the lexicon and
// 0.972 with this model.
var plainModel = sync.OnceValue(func() *lineModel {
	if len(modelPlainWeights) != numFeatures || len(modelPlainMean) != numFeatures || len(modelPlainScale) != numFeatures {
		return nil
	}
	return newLineModel(modelPlainMean, modelPlainScale, modelPlainWeights, nil)
})

// readsAsEnglish reports whether a page reads as English, or is too short
// to tell: whether a fifth or more of its function words are English ones
// that no other supported language shares. On the benchmark pages, which are
// English but for a few shop pages, that share is 0.4 or more on every
// English page with twenty function words and 0.05 or less on the pages in
// other languages.
func readsAsEnglish(d *Doc) bool {
	stop, english := 0, 0
	for i := range d.Len() {
		stop += d.Info(i).Stop
		english += d.Info(i).English
	}
	return stop < minLangStop || english*5 >= stop
}

// minLangStop is the number of function words from which readsAsEnglish
// tells a language.
const minLangStop = 20

// lineFeatures calls f with the feature vector of every kept non-blank
// line, in order. The vector is reused between calls. The dropped lines
// have features too, as the neighbours of kept ones, but no caller wants
// their own vectors: the model decides only the lines no rule dropped.
func lineFeatures(d *Doc, cf, smoothed []class, inRegion []bool, f func(i int, x []float64)) {
	n := d.Len()
	nb := make([]int, 0, n) // indexes of non-blank lines
	totalGood, pageWords := 0, 0
	for i := range n {
		li := &d.info[i]
		if li.Blank() {
			continue
		}
		nb = append(nb, i)
		pageWords += li.Words
		if smoothed[i] == classGood && d.Kept(i) {
			totalGood += li.Words
		}
	}
	if len(nb) == 0 {
		return
	}
	// What the neighbours' features take from each non-blank line, with
	// contextReach lines of page edge before the first and after the last,
	// so that every neighbour of a line has an entry. The values of a line
	// that the line's own features reuse are read from here too, and
	// running sums serve the window means.
	ctx := make([][contextWidth]float64, len(nb)+2*contextReach)
	edge := [contextWidth]float64{4: 1} // the page edge counts as a dropped line
	for e := range contextReach {
		ctx[e], ctx[len(ctx)-1-e] = edge, edge
	}
	dup := repeatedLines(d, nb)
	good := make([]bool, len(nb))
	cumGood := make([]float64, len(nb)+1)
	cumStop := make([]float64, len(nb)+1)
	for k, i := range nb {
		li := &d.info[i]
		good[k] = smoothed[i] == classGood && d.Kept(i)
		c := &ctx[k+contextReach]
		c[0] = log1pInt(li.Words)
		c[1] = li.StopShare()
		c[2] = b2f(li.Terminal)
		c[3] = b2f(good[k])
		c[4] = b2f(!d.Kept(i))
		cumGood[k+1] = cumGood[k] + c[3]
		cumStop[k+1] = cumStop[k] + c[1]
	}
	// Distance in lines to the nearest good line, from both sides.
	dist := make([]int, len(nb))
	last := -1 << 20
	for k := range nb {
		if good[k] {
			last = k
		}
		dist[k] = k - last
	}
	last = 1 << 20
	for k := len(nb) - 1; k >= 0; k-- {
		if good[k] {
			last = k
		}
		dist[k] = min(dist[k], last-k)
	}
	pageProse := float64(totalGood) / float64(max(pageWords, 1))
	pageLines := math.Log1p(float64(len(nb)))
	pageMean := math.Log1p(float64(pageWords) / float64(len(nb)))
	x := make([]float64, numFeatures)
	goodBefore := 0
	for k, i := range nb {
		li := &d.info[i]
		before := goodBefore
		if good[k] {
			goodBefore += li.Words
		}
		if !d.Kept(i) {
			continue
		}
		// Every feature is written below, in both arms of each branch:
		// clearing the vector first cost more than the few zeros.
		// TestLineFeaturesAllSet holds lineFeatures to that.
		words := float64(li.Words)
		own := &ctx[k+contextReach]
		logWords := own[0]
		x[fBias] = 1
		x[fLogWords] = logWords
		x[fLogChars] = log1pInt(li.runes)
		x[fStop] = own[1]
		x[fTerminal] = own[2]
		if li.Words > 0 {
			x[fCaps] = float64(li.Caps) / words
			x[fDigits] = float64(li.Digits) / words
		} else {
			x[fCaps], x[fDigits] = 0, 0
		}
		x[fEllipsis] = b2f(strings.HasSuffix(li.Trim, "...") || strings.HasSuffix(li.Trim, "…"))
		x[fBullet] = b2f(startsBullet(li.Trim))
		x[fNav] = b2f(hasNavMarks(li))
		x[fPos] = float64(k) / float64(len(nb))
		if totalGood > 0 {
			x[fProseBefore] = float64(before) / float64(totalGood)
			after := totalGood - before
			if good[k] {
				after -= li.Words
			}
			x[fProseAfter] = float64(after) / float64(totalGood)
		} else {
			x[fProseBefore], x[fProseAfter] = 0, 0
		}
		x[fDuplicate] = b2f(dup[k])
		x[fGood] = b2f(cf[i] == classGood)
		x[fNearGood] = b2f(cf[i] == classNearGood)
		x[fShort] = b2f(cf[i] == classShort)
		x[fSmoothed] = own[3]
		x[fRegion] = b2f(inRegion != nil && inRegion[i])
		x[fLinkish] = b2f(linkish.in(li, li.Trim))
		x[fColon] = b2f(strings.HasSuffix(li.Trim, ":"))
		x[fStopXWords] = x[fStop] * logWords
		x[fTermXWords] = x[fTerminal] * logWords
		x[fRegionXSmoothed] = x[fRegion] * x[fSmoothed]
		lo, hi := max(k-5, 0), min(k+5, len(nb)-1)
		cnt := float64(hi - lo + 1)
		x[fWindowSmoothed] = (cumGood[hi+1] - cumGood[lo]) / cnt
		x[fWindowStop] = (cumStop[hi+1] - cumStop[lo]) / cnt
		x[fPageProse], x[fPageLines], x[fPageMean] = pageProse, pageLines, pageMean
		x[fGoodDistance] = log1pInt(min(dist[k], 1000))
		for g, o := range contextOffsets {
			base := fContext + g*contextWidth
			*(*[contextWidth]float64)(x[base:]) = ctx[k+contextReach+o]
		}
		f(i, x)
	}
}

// repeatedLines reports, for each of the lines of d that lines lists,
// whether another of them has the same text. It finds them in a hash table
// of its own, of line numbers, where a map of the texts cost twice as much:
// the map hashes a text when it is counted and again when it is read, and
// a Go map's slots are larger and slower to set up.
func repeatedLines(d *Doc, lines []int) []bool {
	repeated := make([]bool, len(lines))
	// Open addressing with linear probing, in a table at most half full.
	table := make([]int32, 1<<bits.Len(uint(2*len(lines)))) // 1 + the index in lines of a text's first line; 0 for a free slot
	mask := uint64(len(table) - 1)
	seed := maphash.MakeSeed()
	for k, i := range lines {
		s := d.info[i].Trim
		for h := maphash.String(seed, s) & mask; ; h = (h + 1) & mask {
			first := table[h]
			if first == 0 {
				table[h] = int32(k + 1)
				break
			}
			if d.info[lines[first-1]].Trim == s {
				repeated[first-1], repeated[k] = true, true
				break
			}
		}
	}
	return repeated
}

// contextReach is the farthest of the contextOffsets.
const contextReach = 3

// linkish are the marks of a link or an address in a line.
var linkish = newNeedles("http", ".com", "@")

// log1pInt is math.Log1p of n, read from a table for the counts of words,
// characters and lines that most lines have: three logarithms a line were
// a fiftieth of the cleaner's time.
func log1pInt(n int) float64 {
	if n >= 0 && n < len(log1pTable) {
		return log1pTable[n]
	}
	return math.Log1p(float64(n))
}

var log1pTable = func() (t [1024]float64) {
	for n := range t {
		t[n] = math.Log1p(float64(n))
	}
	return t
}()

// startsBullet reports whether s starts like a list item.
func startsBullet(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	switch r {
	case '•', '·', '-', '*', '–', '—', '▪', '►', '✓', '✔', '→':
		return true
	}
	if r >= '0' && r <= '9' {
		rest := strings.TrimLeft(s[size:], "0123456789")
		return strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, ")")
	}
	return false
}

// navMarks are the separators of breadcrumbs and menus.
var navMarks = newNeedles("|", ">", "»", "›", " / ")

// hasNavMarks reports whether a line has the separators of breadcrumbs and
// menus.
func hasNavMarks(li *LineInfo) bool { return navMarks.in(li, li.Trim) }

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// digitsAsZero returns s with every run of ASCII digits read as one 0.
func digitsAsZero(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			b = append(b, c)
			continue
		}
		if i == 0 || s[i-1] < '0' || s[i-1] > '9' {
			b = append(b, '0')
		}
	}
	return string(b)
}
