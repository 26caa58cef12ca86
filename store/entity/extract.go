package entity

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"dateline/store/entity/internal/tagger"
)

// source is the title or the body of an article, tokenised.
type source struct {
	text  string
	toks  []Token
	title bool
}

// span is a tagged entity over tokens [t0, t1) of one source.
type span struct {
	src    int // index into the sources: 0 title, 1 body
	t0, t1 int
	typ    Type
}

const (
	srcTitle = 0
	srcBody  = 1
)

// Extract returns the entities of an article, most salient first. Mention
// offsets index into body; Count also includes mentions in title.
func (r *Recognizer) Extract(title, body string) []Entity {
	srcs := []source{
		{text: title, toks: Tokenize(title), title: true},
		{text: body, toks: Tokenize(body)},
	}
	return r.resolve(srcs, r.tag(srcs))
}

// resolve turns the tagger's spans into entities: the article-level steps
// that follow tagging.
func (r *Recognizer) resolve(srcs []source, spans []span) []Entity {
	spans = creditSpans(srcs, spans)
	spans = titledPeople(srcs, spans)
	spans = r.knownNames(srcs, spans)
	spans = r.placesAsPlaces(srcs, spans)
	spans = r.demonyms(srcs, spans)
	spans = dropJunk(srcs, spans)
	spans = dropHeadings(srcs, spans)
	spans = unifyTypes(srcs, spans)
	spans = r.propagate(srcs, spans)
	return rank(srcs, mergeAliases(srcs, spans))
}

// tag runs the sequence tagger over every sentence of the sources, with the
// document-level features of the whole article.
func (r *Recognizer) tag(srcs []source) []span {
	type sent struct {
		src, base int
		words     []string
	}
	var sents []sent
	var all [][]string
	for si, s := range srcs {
		base := 0
		for _, ss := range sentences(s.toks) {
			words := tokenNorms(ss)
			sents = append(sents, sent{si, base, words})
			all = append(all, words)
			base += len(ss)
		}
	}
	dec := r.decoder()
	tags := dec.TagDoc(all)
	r.release(dec)
	var spans []span
	for i, s := range sents {
		for _, c := range tagger.Chunks(tags[i]) {
			spans = append(spans, span{s.src, s.base + c.Start, s.base + c.End, typeOf[c.Type]})
		}
	}
	return spans
}

// surface returns the text of a span with runs of white space made single
// spaces.
func surface(srcs []source, sp span) string {
	s := srcs[sp.src]
	raw := s.text[s.toks[sp.t0].Start:s.toks[sp.t1-1].End]
	if !strings.ContainsAny(raw, "\n\r\t  ") {
		return raw
	}
	return strings.Join(strings.Fields(raw), " ")
}

// normsOf returns the tagger forms of a span's tokens.
func normsOf(srcs []source, sp span) []string {
	return tokenNorms(srcs[sp.src].toks[sp.t0:sp.t1])
}

// replaceSpans removes the spans that overlap any of add and appends add.
// It marks the tokens add covers instead of comparing every pair, so that
// it stays linear on long texts.
func replaceSpans(srcs []source, spans, add []span) []span {
	if len(add) == 0 {
		return spans
	}
	covered := coverage(srcs, add, func(span) bool { return true })
	out := spans[:0:0]
	for _, sp := range spans {
		if !covered.any(sp) {
			out = append(out, sp)
		}
	}
	return append(out, add...)
}

// cover marks, per source, the tokens some spans cover.
type cover [][]bool

func coverage(srcs []source, spans []span, keep func(span) bool) cover {
	c := make(cover, len(srcs))
	for i, s := range srcs {
		c[i] = make([]bool, len(s.toks))
	}
	for _, sp := range spans {
		if keep(sp) {
			for i := sp.t0; i < sp.t1; i++ {
				c[sp.src][i] = true
			}
		}
	}
	return c
}

// any reports whether any token of sp is covered.
func (c cover) any(sp span) bool {
	for i := sp.t0; i < sp.t1; i++ {
		if c[sp.src][i] {
			return true
		}
	}
	return false
}

// creditSpans marks news-agency credits as organisations. Wire copy names
// its agencies in the dateline, "Washington, Sep 17 (IANS/EFE)", and in a
// trailer paragraph, "--IANS/EFE"; the tagger, trained on text without
// either, cannot know that these capitalised codes are agencies.
func creditSpans(srcs []source, spans []span) []span {
	toks := srcs[srcBody].toks
	var add []span
	// The dateline: a parenthesised credit among the first tokens of the
	// first paragraph.
	for i := 0; i < len(toks) && i < 15; i++ {
		if i > 0 && toks[i].Break {
			break
		}
		if toks[i].Norm != "(" {
			continue
		}
		if names, ok := creditList(toks, i+1, ")"); ok {
			add = append(add, names...)
			break
		}
	}
	// Trailers: a paragraph that is a dash run and a credit.
	for i, t := range toks {
		if (i == 0 || t.Break) && isDashRun(t.Norm) {
			if names, ok := creditList(toks, i+1, ""); ok {
				add = append(add, names...)
			}
		}
	}
	return replaceSpans(srcs, spans, add)
}

// creditList parses agency codes separated by slashes from token i up to a
// closing token (or, when closer is "", the end of the paragraph).
func creditList(toks []Token, i int, closer string) ([]span, bool) {
	var names []span
	for ; i < len(toks); i++ {
		t := toks[i]
		if closer == "" && t.Break {
			break
		}
		if t.Norm == closer {
			return names, len(names) > 0
		}
		wantName := len(names) == 0 || toks[i-1].Norm == "/"
		switch {
		case wantName && isCreditWord(t.Text):
			names = append(names, span{srcBody, i, i + 1, ORG})
		case !wantName && t.Norm == "/":
		default:
			return nil, false
		}
	}
	return names, closer == "" && len(names) > 0
}

// isCreditWord reports whether a token looks like an agency code or name:
// letters only, capitalised, 2 to 12 bytes ("IANS", "EFE", "Reuters").
func isCreditWord(w string) bool {
	if len(w) < 2 || len(w) > 12 || !isCapitalised(w) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func isDashRun(s string) bool {
	return s != "" && strings.Trim(s, "-—–") == ""
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// demonyms types nationality words ("Russian", "Russians") as MISC, as the
// CoNLL conventions do, and adds those the tagger missed. Words that are
// also places ("Djibouti") keep the tagger's decision.
func (r *Recognizer) demonyms(srcs []source, spans []span) []span {
	g := r.model.Gazetteer()
	// Demonyms of more than one word ("South African", "New Zealander")
	// are tagged as whole spans, often as places: they are MISC.
	for i, sp := range spans {
		if n := sp.t1 - sp.t0; n < 2 || n > 3 {
			continue
		}
		if g.IsDemonym(strings.Join(normsOf(srcs, sp), " ")) {
			spans[i].typ = MISC
		}
	}
	var add []span
	for si, s := range srcs {
		for i, t := range s.toks {
			if isCapitalised(t.Text) && g.IsDemonym(t.Norm) {
				add = append(add, span{si, i, i + 1, MISC})
			}
		}
	}
	// A demonym inside a longer name ("Russian Federation", "Syrian Arab
	// Army") belongs to that name.
	inLonger := coverage(srcs, spans, func(sp span) bool { return sp.t1-sp.t0 > 1 })
	add = slices.DeleteFunc(add, inLonger.any)
	return replaceSpans(srcs, spans, add)
}

// roleWords are the titles and roles that stand before a person's name:
// "President Bashar al-Assad", "his counterpart Maite Nkoana-Mashabane".
var roleWords = map[string]bool{}

// "General" and "Major" are left out: "General Assembly" and "Major League"
// are not people.
func init() {
	for _, w := range strings.Fields(`president minister secretary senator governor chancellor king queen
		prince princess pope gen. colonel col. lieutenant lt. maj. captain capt. sergeant sgt.
		mr. mrs. ms. dr. mr mrs ms dr sir counterpart spokesman spokeswoman spokesperson envoy ambassador
		premier leader chairman chairwoman director commander mayor judge`) {
		roleWords[w] = true
	}
}

// titledPeople marks the capitalised words that follow a title or role as a
// person: "President Bashar al-Assad", "counterpart Maite
// Nkoana-Mashabane". The tagger, trained on little news text, often misses
// names with unfamiliar parts ("al-Assad") that this context makes plain.
// The name is one to four words, each capitalised or a particle joined to a
// capitalised word. A name the tagger found in full keeps its own span
// and type only if it does not overlap; the title's context wins.
func titledPeople(srcs []source, spans []span) []span {
	var add []span
	for si, s := range srcs {
		for i := 0; i+1 < len(s.toks); i++ {
			if !hasLower(roleWords, s.toks[i].Norm) {
				continue
			}
			j := i + 1
			for j < len(s.toks) && j-i <= 4 && !s.toks[j].Break && personWord(s.toks[j].Norm) {
				j++
			}
			if j > i+1 && !hasLower(functionWords, s.toks[i+1].Norm) && !hasLower(headingWords, s.toks[i+1].Norm) {
				add = append(add, span{si, i + 1, j, PER})
				i = j - 1
			}
		}
	}
	return replaceSpans(srcs, spans, add)
}

// personWord reports whether a token can be part of a person's name after
// a title: capitalised and with letters, or a lower-case particle joined to
// a capitalised word ("al-Assad").
func personWord(w string) bool {
	if isCapitalised(w) {
		return len(w) > 1 && strings.IndexFunc(w, unicode.IsLower) >= 0
	}
	for _, p := range particles {
		if len(w) > len(p) && strings.EqualFold(w[:len(p)], p) && isCapitalised(w[len(p):]) {
			return true
		}
	}
	return false
}

// placesAsPlaces types as places the organisations of up to four words
// that the gazetteer knows only as places and the annotated corpora do not
// know as organisations: "support for Damascus" or "the United States is
// making preparations" name a government by its place, and CoNLL, like a
// reader scanning the sidebar, calls them places.
func (r *Recognizer) placesAsPlaces(srcs []source, spans []span) []span {
	g := r.model.Gazetteer()
	for i, sp := range spans {
		if sp.t1-sp.t0 > 4 || sp.typ != ORG {
			continue
		}
		c := g.LookupPhrase(strings.Join(normsOf(srcs, sp), " "))
		if c&tagger.GazLOC != 0 && c&(tagger.GazORG|tagger.GazFN|tagger.GazPER) == 0 {
			spans[i].typ = LOC
		}
	}
	return spans
}

// knownNames gives a multi-word name the type that the annotated corpora
// behind the gazetteer agree on. The tagger learnt from 1990s news and is
// unsure of names it saw few times: it may read "Islamic State" as a
// place, while the corpora only ever annotate it as an organisation.
// One-word names other than acronyms ("UN") and names the corpora give
// several types are left to the tagger.
func (r *Recognizer) knownNames(srcs []source, spans []span) []span {
	g := r.model.Gazetteer()
	for i, sp := range spans {
		norms := normsOf(srcs, sp)
		if sp.t1-sp.t0 < 2 && !isAcronym(strings.ReplaceAll(norms[0], ".", "")) {
			continue
		}
		for j, w := range norms {
			norms[j] = strings.ToLower(w)
		}
		if t, ok := g.AnnotatedType(norms); ok {
			spans[i].typ = typeOf[t]
		}
	}
	return spans
}

// functionWords are never entities on their own; the tagger sometimes takes
// a capitalised one at the start of a sentence or a headline for a name.
var functionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the in on at of for to from by with as and or but nor
		if so yet this that these those it its he she they we you i his her their our
		my your who whom whose which what when where why how there here then than
		not no all any some each every both either neither one after before during
		under over about into through while since until also just only even
		mr mrs ms dr`) {
		functionWords[w] = true
	}
}

// dropJunk removes spans that cannot be names: no letters, no capital letter,
// or a lone function word.
func dropJunk(srcs []source, spans []span) []span {
	return slices.DeleteFunc(spans, func(sp span) bool {
		text := surface(srcs, sp)
		hasUpper := false
		for _, r := range text {
			if unicode.IsUpper(r) {
				hasUpper = true
				break
			}
		}
		if !hasUpper {
			return true
		}
		return sp.t1-sp.t0 == 1 && hasLower(functionWords, text)
	})
}

// headingWords are words that title-case headings capitalise but names
// almost never contain: verbs of being and having, modals, pronouns and
// question words. Prepositions and articles are not among them, since names
// have those too ("Bank of America", "The Obesity Society").
var headingWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`is are was were be been being has have had do does did
		will would can could should may might must shall isn't aren't wasn't don't doesn't
		can't won't says said gets get got makes make how why what when where which who
		you your we our my me it its this that these those they them their he she his her
		not no than then just also still now here there very more most`) {
		headingWords[w] = true
	}
}

// dropHeadings removes spans that are title-case headings rather than
// names, such as "Artificial Intelligence Has Strong Showing": web pages
// capitalise every word of a heading, which the news-wire training text
// never does, so the tagger takes such headings for organisation names. A
// span of three or more words that capitalises a heading word after its
// first word is such a heading.
func dropHeadings(srcs []source, spans []span) []span {
	return slices.DeleteFunc(spans, func(sp span) bool {
		if sp.t1-sp.t0 < 3 {
			return false
		}
		for _, t := range srcs[sp.src].toks[sp.t0+1 : sp.t1] {
			if isCapitalised(t.Norm) && hasLower(headingWords, t.Norm) {
				return true
			}
		}
		return false
	})
}

// nameKey is how mentions of the same name compare within an article: case,
// full stops and a leading "the" do not matter ("U.S." is "US").
func nameKey(norms []string) string {
	var buf [64]byte
	b := buf[:0]
	for i, w := range norms {
		if !tagger.IsASCII(w) {
			s := strings.ToLower(strings.Join(norms, " "))
			s = strings.TrimPrefix(s, "the ")
			return strings.ReplaceAll(s, ".", "")
		}
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendLowerASCII(b, w)
	}
	// In that order: "t.he x" keeps its "the".
	b = bytes.TrimPrefix(b, []byte("the "))
	out := b[:0]
	for _, c := range b {
		if c != '.' {
			out = append(out, c)
		}
	}
	return string(out)
}

// unifyTypes gives every mention of a name the type most of its mentions
// have, so that a name keeps one type across an article. Ties go to the
// first mention.
func unifyTypes(srcs []source, spans []span) []span {
	type tally struct {
		n     [4]int
		first Type
	}
	tallies := map[string]*tally{}
	keys := make([]string, len(spans))
	for i, sp := range spans {
		k := nameKey(normsOf(srcs, sp))
		keys[i] = k
		t := tallies[k]
		if t == nil {
			t = &tally{first: sp.typ}
			tallies[k] = t
		}
		t.n[slices.Index(typeOf[:], sp.typ)]++
	}
	for i := range spans {
		t := tallies[keys[i]]
		best := t.first
		bn := t.n[slices.Index(typeOf[:], best)]
		for ti, n := range t.n {
			if n > bn {
				best, bn = typeOf[ti], n
			}
		}
		spans[i].typ = best
	}
	return spans
}

// particles are the lower-case prefixes of surnames: "Assad" is short for
// "al-Assad".
var particles = []string{"al-", "el-", "ad-", "as-", "ar-", "ash-", "at-", "ibn-", "bin-", "de-", "van-", "von-"}

// surnames returns the short forms a multi-word person's name is referred
// to by later: its last word, and that word without a particle.
func surnames(norms []string) []string {
	if len(norms) < 2 {
		return nil
	}
	last := norms[len(norms)-1]
	out := []string{last}
	for _, p := range particles {
		if len(last) > len(p) && strings.EqualFold(last[:len(p)], p) {
			out = append(out, last[len(p):])
		}
	}
	return out
}

// propagate tags repeats of names the tagger found elsewhere in the article
// but missed here (often at the start of a sentence), and the surnames of
// people: once "John Kerry" is known, a lone "Kerry" is him.
func (r *Recognizer) propagate(srcs []source, spans []span) []span {
	g := r.model.Gazetteer()
	type pattern struct {
		norms []string
		typ   Type
	}
	byFirst := map[string][]pattern{}
	seen := map[string]bool{}
	addPattern := func(norms []string, typ Type) {
		k := strings.Join(norms, "\x00")
		if seen[k] || !isCapitalised(norms[0]) {
			return
		}
		seen[k] = true
		byFirst[norms[0]] = append(byFirst[norms[0]], pattern{norms, typ})
	}
	surnameOf := map[string]bool{}
	for _, sp := range spans {
		norms := normsOf(srcs, sp)
		if sp.typ == PER {
			for _, s := range surnames(norms) {
				if isCapitalised(s) {
					addPattern([]string{s}, PER)
					surnameOf[s] = true
				}
			}
		}
	}
	// A tagged lone surname of a person named in full is that person,
	// whatever type the tagger gave it, unless it is a known place read as
	// one ("Washington" beside "George Washington").
	for i, sp := range spans {
		if sp.t1-sp.t0 != 1 || !surnameOf[srcs[sp.src].toks[sp.t0].Norm] {
			continue
		}
		if sp.typ == LOC && g.LookupPhrase(srcs[sp.src].toks[sp.t0].Norm)&tagger.GazLOC != 0 {
			continue
		}
		spans[i].typ = PER
	}
	for _, sp := range spans {
		addPattern(normsOf(srcs, sp), sp.typ)
	}
	// An acronym of a name the article gives in full is that name ("US"
	// once "United States" is tagged): the tagger, unsure of a lone
	// acronym at the start of a sentence, may leave it out, and the alias
	// would be lost. Forms tagged on their own were added first and win.
	// People are left out: a person's initials are rarely how news names
	// them, and would find any capitalised pair of letters ("BS" beside
	// "Bob Smith"), which no alias merges back into the person.
	for _, sp := range spans {
		if sp.typ == PER {
			continue
		}
		if norms := normsOf(srcs, sp); len(norms) >= 2 {
			if a := initials(norms); isAcronym(a) {
				addPattern([]string{a}, sp.typ)
			}
		}
	}
	for _, ps := range byFirst {
		// Longest first, so "Islamic State" wins over "Islamic".
		slices.SortFunc(ps, func(a, b pattern) int { return len(b.norms) - len(a.norms) })
	}
	var add []span
	all := coverage(srcs, spans, func(span) bool { return true })
	for si, s := range srcs {
		covered := all[si]
		for i := 0; i < len(s.toks); i++ {
			if covered[i] {
				continue
			}
		next:
			for _, p := range byFirst[s.toks[i].Norm] {
				if i+len(p.norms) > len(s.toks) {
					continue
				}
				for j, w := range p.norms {
					if covered[i+j] || s.toks[i+j].Norm != w {
						continue next
					}
				}
				add = append(add, span{si, i, i + len(p.norms), p.typ})
				i += len(p.norms) - 1
				break
			}
		}
	}
	return append(spans, add...)
}

// group is one entity being assembled from its mentions.
type group struct {
	typ      Type
	forms    map[string]int // surface form → mentions
	order    []string       // forms in order of first mention
	norms    [][]string     // tokens of each form, parallel to order
	count    int
	inTitle  bool
	paras    map[int]bool // body paragraphs with a mention
	first    int          // byte offset of the first body mention; -1 if none
	mentions []Mention
	parent   *group // set when merged into another group
}

func (g *group) root() *group {
	for g.parent != nil {
		g = g.parent
	}
	return g
}

// mergeAliases groups mentions by name, then merges short forms into the
// full names they stand for: surnames into people ("Kerry" into "John
// Kerry") and acronyms into names ("US" into "United States", "IS" into
// "Islamic State").
func mergeAliases(srcs []source, spans []span) []*group {
	slices.SortFunc(spans, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.src, b.src), cmp.Compare(a.t0, b.t0))
	})
	// para numbers the body's paragraphs, token by token.
	para := make([]int, len(srcs[srcBody].toks))
	for i, t := range srcs[srcBody].toks {
		if i > 0 {
			para[i] = para[i-1]
			if t.Break {
				para[i]++
			}
		}
	}
	byKey := map[string]*group{}
	var groups []*group
	for _, sp := range spans {
		norms := normsOf(srcs, sp)
		k := string(sp.typ) + ":" + nameKey(norms)
		g := byKey[k]
		if g == nil {
			g = &group{typ: sp.typ, forms: map[string]int{}, paras: map[int]bool{}, first: -1}
			byKey[k] = g
			groups = append(groups, g)
		}
		form := surface(srcs, sp)
		if g.forms[form] == 0 {
			g.order = append(g.order, form)
			g.norms = append(g.norms, norms)
		}
		g.forms[form]++
		g.count++
		if sp.src == srcTitle {
			g.inTitle = true
			continue
		}
		s := srcs[sp.src]
		m := Mention{s.toks[sp.t0].Start, s.toks[sp.t1-1].End}
		if g.first < 0 {
			g.first = m.Start
		}
		g.mentions = append(g.mentions, m)
		g.paras[para[sp.t0]] = true
	}
	for _, g := range groups {
		if target := aliasTarget(g, groups); target != nil {
			g.parent = target
		}
	}
	var out []*group
	for _, g := range groups {
		r := g.root()
		if r == g {
			out = append(out, g)
			continue
		}
		for _, f := range g.order {
			if r.forms[f] == 0 {
				r.order = append(r.order, f)
				r.norms = append(r.norms, g.norms[slices.Index(g.order, f)])
			}
			r.forms[f] += g.forms[f]
		}
		r.count += g.count
		r.inTitle = r.inTitle || g.inTitle
		if g.first >= 0 && (r.first < 0 || g.first < r.first) {
			r.first = g.first
		}
		r.mentions = append(r.mentions, g.mentions...)
		for p := range g.paras {
			r.paras[p] = true
		}
	}
	return out
}

// aliasTarget returns the one longer group that g is a short form of, or nil
// when there is none or the short form is ambiguous. An acronym may join a
// name of another type when no name of its own type fits: the tagger often
// reads "US" in "US Secretary of State" as an organisation.
func aliasTarget(g *group, groups []*group) *group {
	short := g.norms[0]
	if len(short) != 1 {
		return nil
	}
	w := strings.ReplaceAll(short[0], ".", "")
	match := func(o *group, crossType bool) bool {
		// A plural nationality is the nationality: "Russians" is "Russian".
		if g.typ == MISC && o.typ == MISC && !crossType && len(w) > 3 && strings.HasSuffix(w, "s") &&
			slices.ContainsFunc(o.norms, func(n []string) bool { return len(n) == 1 && n[0] == w[:len(w)-1] }) {
			return true
		}
		if o == g || len(longest(o)) < 2 {
			return false
		}
		switch {
		case g.typ == PER && o.typ == PER:
			return slices.Contains(surnames(longest(o)), w)
		case isAcronym(w) && (g.typ == o.typ) != crossType:
			return initials(longest(o)) == w
		}
		return false
	}
	for _, crossType := range []bool{false, true} {
		var found *group
		for _, o := range groups {
			if !match(o, crossType) {
				continue
			}
			if found != nil && found.root() != o.root() {
				return nil
			}
			found = o
		}
		if found != nil {
			return found
		}
	}
	return nil
}

// longest returns the tokens of the group's longest form.
func longest(g *group) []string {
	best := g.norms[0]
	for _, n := range g.norms[1:] {
		if len(n) > len(best) {
			best = n
		}
	}
	return best
}

func isAcronym(w string) bool {
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	for _, r := range w {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// initials returns the capital initials of the capitalised words of a name:
// "United States" gives "US", "Bank of England" "BE".
func initials(norms []string) string {
	var b strings.Builder
	for _, w := range norms {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// rank turns groups into entities ordered by salience: how often the entity
// is mentioned, in how many paragraphs (an article's subject recurs
// throughout, a passing reference clusters), whether the title names it, and
// how early the body does.
func rank(srcs []source, groups []*group) []Entity {
	bodyLen := len(srcs[srcBody].text)
	out := make([]Entity, 0, len(groups))
	for _, g := range groups {
		name := canonical(g)
		e := Entity{Name: name, Type: g.typ, Count: g.count, Mentions: g.mentions}
		for _, f := range g.order {
			if f != name {
				e.Aliases = append(e.Aliases, f)
			}
		}
		slices.SortFunc(e.Mentions, func(a, b Mention) int { return cmp.Compare(a.Start, b.Start) })
		e.Salience = math.Log1p(float64(g.count)) + math.Log1p(float64(len(g.paras)))
		if g.inTitle {
			e.Salience++
		}
		if g.first >= 0 && bodyLen > 0 {
			e.Salience += 0.5 * (1 - float64(g.first)/float64(bodyLen))
		}
		// Nationality words mostly qualify other nouns ("Russian
		// warplanes"); an article is seldom about one, however often it
		// uses it.
		if g.typ == MISC {
			e.Salience *= 0.8
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b Entity) int {
		return cmp.Or(cmp.Compare(b.Salience, a.Salience), cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name))
	})
	// Scale to (0, 1], the most salient entity at 1, so that the reader can
	// show salience as a bar without knowing the formula.
	if len(out) > 0 && out[0].Salience > 0 {
		top := out[0].Salience
		for i := range out {
			out[i].Salience /= top
		}
	}
	return out
}

// canonical picks the name to show: the form with the most words, then the
// longest, then the most frequent.
func canonical(g *group) string {
	// A plural nationality is shown as its singular: "Russian", not
	// "Russians".
	plural := func(f string) bool {
		return g.typ == MISC && strings.HasSuffix(f, "s") && g.forms[f[:len(f)-1]] > 0
	}
	best := 0
	for i := 1; i < len(g.order); i++ {
		a, b := g.order[i], g.order[best]
		if plural(a) != plural(b) {
			if plural(b) {
				best = i
			}
			continue
		}
		na, nb := len(g.norms[i]), len(g.norms[best])
		if na > nb || na == nb && (len(a) > len(b) || len(a) == len(b) && g.forms[a] > g.forms[b]) {
			best = i
		}
	}
	return g.order[best]
}
