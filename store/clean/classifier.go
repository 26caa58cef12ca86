package clean

// Classifier judges the lines no rule claimed, in three layers:
//
//  1. in the manner of jusText (Pomikálek, 2011), adapted from HTML blocks
//     to lines of text, each line is classed on its own (good prose,
//     near-good, short, or bad) from its length, function-word density and
//     sentence punctuation; short and near-good lines then take the class of
//     their context, so a short line between paragraphs stays while runs of
//     menu items at the edges go, and headings that lead into content stay;
//  2. the blocks of content are found as the heaviest runs of lines (a
//     maximum-subarray search over per-line weights), so the article is one
//     or a few contiguous stretches;
//  3. a small learned model (logistic regression over the line's signals,
//     its neighbours' and the first two layers' verdicts, and the line's
//     words) weighs each line,
//     and the block search over those weights makes the final decision,
//     keeping everything from the first block it finds to the last, unless
//     a comments heading lies between them (see cutAtComments).
//
// The zero value is the tuned default.
type Classifier struct {
	off signal     // signals switched off, for the ablation table in the tests
	lm  *lineModel // a model under training; nil means the generated one
}

// signal is a bit set of classifier features that can be switched off.
type signal uint

const (
	sigContext  signal = 1 << iota // context smoothing of short and near-good lines
	sigHeadings                    // keep headings that lead into content
	sigTerminal                    // sentence punctuation promotes a line
	sigRegion                      // keep only the densest regions of content
	sigModel                       // the learned line model makes the final decision
)

// Name implements Step.
func (Classifier) Name() string { return "classifier" }

// class is a jusText paragraph class.
type class uint8

const (
	classBad class = iota
	classShort
	classNearGood
	classGood
)

// Thresholds, in runes and function-word shares. jusText's defaults (70/200
// characters, 0.30/0.32) assume full per-language stopword lists of a few
// hundred words; the lists here are shorter, so the shares are lower.
const (
	lengthLow    = 70
	lengthHigh   = 200
	stopLow      = 0.22
	stopHigh     = 0.28
	headingReach = 200 // characters of following text in which a heading must meet good content
)

// Apply implements Step.
func (c Classifier) Apply(d *Doc) {
	if d.Len() == 0 {
		return
	}
	a := c.analyse(d)
	var legal []bool // the lines of a legal section the model walled off
	if c.off&sigModel == 0 {
		legal = c.model(d, a)
	}
	keepSentencesIfEmpty(d, a.final)
	keepAdjacentSentences(d, a.final)
	keepLeadHeadline(d, a.final)
	for i := range d.Len() {
		switch {
		case a.final[i] == classGood || !d.Kept(i):
		case legal != nil && legal[i]:
			d.Drop(i, CodeBoiler, reasonLegal)
		default:
			d.Drop(i, CodeBoiler, reasonFor(d.Info(i), a.cf[i]))
		}
	}
}

// keepSentencesIfEmpty keeps the lines that read as sentences when the
// classifier would keep nothing at all. Context needs content to work from:
// a brief of one or two short sentences has no prose-like neighbours and
// would otherwise vanish, and an article the reader cannot see is worse than
// a stray line of boilerplate.
func keepSentencesIfEmpty(d *Doc, final []class) {
	for i, k := range final {
		if k == classGood && d.Kept(i) && !d.Info(i).Blank() {
			return
		}
	}
	for i := range final {
		if li := d.Info(i); d.Kept(i) && li.Terminal && li.Words >= 3 {
			final[i] = classGood
		}
	}
}

// keepAdjacentSentences extends every kept stretch of lines over the
// following and preceding lines that read as sentences of the text, up to
// the first line that does not. The model learned from whole web pages,
// where the lines after an article are footer; in an article file the
// article runs to the end, and its closing sentences must not be lost. On
// the benchmark pages this costs nothing: what follows an article there is
// rarely a run of plain sentences. It looks through the interruptions the
// rules dropped, as through blank lines.
func keepAdjacentSentences(d *Doc, final []class) {
	// continues reports whether line i can extend a kept stretch. It is
	// named apart from the package's isSentence because it asks for a kept
	// line and uses looser thresholds.
	continues := func(i int) bool {
		li := d.Info(i)
		return d.Kept(i) && li.Terminal && li.Words >= 4 && li.StopShare() >= 0.15
	}
	extend := func(from, dir int) {
		for j := from + dir; j >= 0 && j < len(final); j += dir {
			if d.Info(j).Blank() || interrupts(d.Line(j).Code) {
				continue
			}
			if final[j] == classGood || !continues(j) {
				return
			}
			final[j] = classGood
		}
	}
	n := len(final)
	kept := make([]bool, n)
	for i := range n {
		kept[i] = final[i] == classGood && d.Kept(i) && !d.Info(i).Blank()
	}
	for i := range n {
		if kept[i] {
			extend(i, +1)
			extend(i, -1)
		}
	}
}

// keepLeadHeadline keeps the first line of the text when it reads as a
// headline and the article follows it closely, the way scrapers write an
// article file: the reader shows it as the title. Between the headline and
// the text there may be lines the rules dropped (a byline, a date, a photo
// credit) and, up to headlineReach of them, short lines the classifier
// dropped (the author's name alone, a label such as "Abonnés"); lines the
// rules dropped before the headline, such as a paywall meter or a
// breadcrumb, are passed over too. On a whole-page dump the first line is a
// menu item and what follows is not kept, so nothing changes.
func keepLeadHeadline(d *Doc, final []class) {
	first, short := -1, 0
	for i := range d.Len() {
		li := d.Info(i)
		if li.Blank() || !d.Kept(i) {
			continue
		}
		switch {
		case first < 0:
			first = i
		case final[i] == classGood:
			if li := d.Info(first); !li.Terminal && li.Words >= 2 && li.Words <= 25 {
				final[first] = classGood
			}
			return
		case li.Words <= headlineShort && short < headlineReach:
			short++
		default:
			return
		}
	}
}

// headlineShort is the most tokens of a line between a headline and its
// text that keepLeadHeadline passes over, and headlineReach how many such
// lines it passes over.
const (
	headlineShort = 3
	headlineReach = 2
)

// analysis is what the classifier works out about the lines of a document.
type analysis struct {
	cf       []class // context-free class of each line
	smoothed []class // class after jusText smoothing and heading rescue
	inRegion []bool  // inside a block of content; nil when regions are off
	final    []class // the decision so far: classGood lines are kept
}

// analyse classes the lines, smooths the classes and finds the blocks of
// content; without the model, final is the decision.
func (c Classifier) analyse(d *Doc) analysis {
	n := d.Len()
	// Context-free classes. Blank lines carry no evidence and are skipped by
	// the neighbour search of smooth.
	cf := make([]class, n)
	heading := make([]bool, n)
	for i := range n {
		cf[i], heading[i] = c.classify(d, i)
	}
	final := append([]class(nil), cf...)
	if c.off&sigHeadings == 0 {
		c.promoteHeadings(d, cf, heading, final)
	}
	if c.off&sigContext == 0 {
		smooth(d, final)
	} else {
		for i, k := range final {
			switch k {
			case classShort:
				final[i] = classBad
			case classNearGood:
				final[i] = classGood
			}
		}
	}
	if c.off&sigHeadings == 0 {
		c.keepHeadings(d, cf, heading, final)
	}
	a := analysis{cf: cf, smoothed: append([]class(nil), final...), final: final}
	if c.off&sigRegion == 0 {
		a.inRegion = c.regions(d, cf, final)
	}
	return a
}

// classify gives line i its context-free class and says whether it could be
// a heading.
func (c Classifier) classify(d *Doc, i int) (class, bool) {
	li := d.Info(i)
	if !d.Kept(i) || li.Words == 0 {
		return classBad, false
	}
	chars := li.runes
	isHeading := chars < lengthHigh && !li.Terminal && li.Words >= 2
	stop := li.StopShare()
	if chars < lengthLow {
		if c.off&sigTerminal == 0 && li.Terminal && li.Words >= 6 && stop >= stopHigh {
			return classNearGood, false
		}
		return classShort, isHeading
	}
	if stop >= stopHigh {
		if chars > lengthHigh || (c.off&sigTerminal == 0 && li.Terminal) {
			return classGood, false
		}
		return classNearGood, isHeading
	}
	if stop >= stopLow {
		return classNearGood, isHeading
	}
	return classBad, isHeading
}

// promoteHeadings lifts short heading-like lines followed closely by good
// content to near-good, so smoothing does not swallow them (jusText's
// heading pre-pass).
func (c Classifier) promoteHeadings(d *Doc, cf []class, heading []bool, final []class) {
	for i := range final {
		if heading[i] && final[i] == classShort && goodFollows(d, cf, i) {
			final[i] = classNearGood
		}
	}
}

// keepHeadings restores heading-like lines that smoothing dropped when good
// content follows within reach (jusText's heading post-pass).
func (c Classifier) keepHeadings(d *Doc, cf []class, heading []bool, final []class) {
	for i := range final {
		if heading[i] && final[i] == classBad && cf[i] != classBad && goodFollows(d, final, i) {
			final[i] = classGood
		}
	}
}

// goodFollows reports whether a good line starts within headingReach
// characters after line i.
func goodFollows(d *Doc, cls []class, i int) bool {
	dist := 0
	for j := i + 1; j < len(cls) && dist <= headingReach; j++ {
		if cls[j] == classGood {
			return true
		}
		dist += len(d.Info(j).Trim)
	}
	return false
}

// smooth resolves short and near-good lines from their neighbours, as
// jusText does.
func smooth(d *Doc, cls []class) {
	n := len(cls)
	// Short lines first, judged against the original neighbours.
	prevStrict, prevAny := nearest(d, cls, -1)
	nextStrict, nextAny := nearest(d, cls, +1)
	newCls := append([]class(nil), cls...)
	for i, k := range cls {
		if k != classShort || d.Info(i).Blank() {
			continue
		}
		prev, next := prevStrict[i], nextStrict[i]
		switch {
		case prev == classGood && next == classGood:
			newCls[i] = classGood
		case prev == classBad && next == classBad:
			newCls[i] = classBad
		case prev == classBad:
			if prevAny[i] == classNearGood {
				newCls[i] = classGood
			} else {
				newCls[i] = classBad
			}
		case next == classBad:
			if nextAny[i] == classNearGood {
				newCls[i] = classGood
			} else {
				newCls[i] = classBad
			}
		default:
			newCls[i] = classGood
		}
	}
	copy(cls, newCls)
	// Then near-good lines: good unless both sides are bad.
	prevStrict, _ = nearest(d, cls, -1)
	nextStrict, _ = nearest(d, cls, +1)
	for i := range n {
		if cls[i] != classNearGood {
			continue
		}
		if prevStrict[i] == classBad && nextStrict[i] == classBad {
			newCls[i] = classBad
		} else {
			newCls[i] = classGood
		}
	}
	copy(cls, newCls)
}

// nearest returns, for every line, the class of the nearest non-blank line
// before it (dir -1) or after it (dir +1) that is good or bad (strict), and
// that is good, bad or near-good (any); short lines are looked through, and
// the edges of the document count as bad. One pass each way keeps smoothing
// linear in long runs of short lines such as menus.
func nearest(d *Doc, cls []class, dir int) (strict, anyClass []class) {
	n := len(cls)
	strict, anyClass = make([]class, n), make([]class, n)
	lastStrict, lastAny := classBad, classBad
	start, end := 0, n
	if dir > 0 {
		start, end = n-1, -1
	}
	step := -dir
	for i := start; i != end; i += step {
		strict[i], anyClass[i] = lastStrict, lastAny
		if d.Info(i).Blank() {
			continue
		}
		switch cls[i] {
		case classGood, classBad:
			lastStrict, lastAny = cls[i], cls[i]
		case classNearGood:
			lastAny = classNearGood
		}
	}
	return strict, anyClass
}

// The reasons the classifier gives for the lines it drops.
const (
	reasonOutsideProse = "prose outside the main text"
	reasonOutsideShort = "short line outside the main text"
	reasonFewStop      = "few function words: menu, label or list"
	reasonNotProse     = "not article prose"
	reasonLegal        = "legal text beside the article: terms, policy or fine print"
)

// reasonFor explains a classifier drop in words, from the line's
// context-free class.
func reasonFor(li *LineInfo, cf class) string {
	switch cf {
	case classGood, classNearGood:
		return reasonOutsideProse
	case classShort:
		return reasonOutsideShort
	}
	if li.Words > 0 && li.StopShare() < stopLow {
		return reasonFewStop
	}
	return reasonNotProse
}

// droppedByClassifier reports whether the classifier, and not a rule,
// dropped l.
func droppedByClassifier(l Line) bool {
	if l.Code != CodeBoiler {
		return false
	}
	switch l.Reason {
	case reasonOutsideProse, reasonOutsideShort, reasonFewStop, reasonNotProse, reasonLegal:
		return true
	}
	return false
}

// Region weights: how much a line of each context-free class counts for or
// against the block it is in, per token. The evaluation showed the result
// barely moves when these change by a factor of two.
const (
	regionGood     = 1.0
	regionNearGood = 0.5
	regionShort    = -1.0 // per line, not per token: menus are runs of short lines
	regionBad      = -1.0
	regionDropped  = -1.0 // a line a rule already dropped
	regionMinShare = 0.10 // a further block must weigh this share of the main one
)

// regions finds the main block of content as the run of lines with the
// largest total weight (the maximum subarray, as in Finn et al.'s Body Text
// Extraction), then further blocks on either side while they weigh enough.
// Lines outside every block become bad; lines inside a block that no rule
// dropped become good, whatever their own class, so headings, captions and
// list items of the text stay. It returns which lines are in a block.
func (c Classifier) regions(d *Doc, cf, final []class) []bool {
	n := len(cf)
	w := make([]float64, n)
	for i := range n {
		li := d.Info(i)
		switch {
		case li.Words == 0:
		case !d.Kept(i):
			w[i] = regionDropped * float64(li.Words)
		case cf[i] == classGood:
			w[i] = regionGood * float64(li.Words)
		case cf[i] == classNearGood:
			w[i] = regionNearGood * float64(li.Words)
		case cf[i] == classShort:
			w[i] = regionShort
		default:
			w[i] = regionBad * float64(li.Words)
		}
	}
	in, _ := blocks(w)
	for i := range n {
		switch {
		case !in[i]:
			final[i] = classBad
		case d.Kept(i):
			final[i] = classGood
		}
	}
	return in
}

// blocks marks the lines of the heaviest run of w, the main block, and of
// further runs on either side that weigh at least regionMinShare of it. It
// also returns where the main block ends, which cutAtComments needs; with
// no block at all, that is 0.
func blocks(w []float64) (in []bool, mainHi int) {
	n := len(w)
	in = make([]bool, n)
	lo, hi, best := maxSpan(w, 0, n)
	if best <= 0 {
		return in, 0
	}
	spans := [][2]int{{lo, hi}}
	todo := [][2]int{{0, lo}, {hi, n}}
	for len(todo) > 0 {
		seg := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		a, b, s := maxSpan(w, seg[0], seg[1])
		if s <= 0 || s < regionMinShare*best {
			continue
		}
		spans = append(spans, [2]int{a, b})
		todo = append(todo, [2]int{seg[0], a}, [2]int{b, seg[1]})
	}
	for _, sp := range spans {
		for i := sp[0]; i < sp[1]; i++ {
			in[i] = true
		}
	}
	return in, hi
}

// maxSpan returns the half-open run [lo, hi) of w[from:to] with the largest
// sum, and the sum (Kadane's algorithm).
func maxSpan(w []float64, from, to int) (lo, hi int, best float64) {
	cur, start := 0.0, from
	lo, hi = from, from
	for i := from; i < to; i++ {
		if cur <= 0 {
			cur, start = 0, i
		}
		cur += w[i]
		if cur > best {
			best, lo, hi = cur, start, i+1
		}
	}
	return lo, hi, best
}

// interrupts reports whether code is that of a line that interrupts an
// article's text: an advert label, a photo credit, a newsletter box between
// two paragraphs. It is a switch rather than a set: keepAdjacentSentences
// asks it of every line it passes, and a map lookup there was a fiftieth
// of the classifier's time.
//
// keepAdjacentSentences looks through them: on the foreign-language scrapes
// of testdata/languages, a "Zum Newsletter anmelden" box cost ml06 its last
// paragraph, and F1 there rose from 0.949 to 0.951 (wcxb-dev 0.8382 and
// 0.8381, no change). Looking through the other rules' lines as well cost
// wcxb-dev 0.0005: a share row or a byline more often ends an article.
func interrupts(code Code) bool {
	switch code {
	case CodeAdvert, CodePhoto, CodeNewsletter:
		return true
	}
	return false
}
