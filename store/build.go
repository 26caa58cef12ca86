package store

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dateline/store/clean"
	"dateline/store/format"
)

// maxTitle is the longest title, in runes, taken from a first sentence.
const maxTitle = 90

// Build turns the bytes of one article file into articles: one for a text,
// Markdown or HTML file, one per object for JSON and JSON lines. Items that
// could not be read are returned as skips; a file that yields nothing at all
// returns no articles and one skip with the reason.
func (l *Loader) Build(path string, data []byte) ([]*Article, []Skip) {
	return l.buildDocs(path, data, true)
}

// buildText is Build without the entities or the search text: the articles
// as the batch step starts from (see Loader.original).
func (l *Loader) buildText(path string, data []byte) ([]*Article, []Skip) {
	return l.buildDocs(path, data, false)
}

// buildDocs is Build, with the articles tagged and prepared if tag is set.
func (l *Loader) buildDocs(path string, data []byte, tag bool) ([]*Article, []Skip) {
	docs, probs, err := format.Read(path, data)
	if err != nil {
		return nil, []Skip{{Path: path, Reason: err.Error()}}
	}
	if tag && l.recognizer != nil {
		if _, err := l.recognizer(); err != nil {
			return nil, []Skip{{Path: path, Reason: err.Error()}}
		}
	}
	var skips []Skip
	for _, p := range probs {
		skips = append(skips, Skip{Path: path, Reason: p.Reason})
	}
	sum := sha256.Sum256(data)
	arts := make([]*Article, 0, len(docs))
	for _, d := range docs {
		id := hex.EncodeToString(sum[:8])
		if d.Index >= 0 {
			// Items of one file share its bytes; their own text tells them apart.
			s := sha256.Sum256([]byte(d.Title + "\x00" + d.URL + "\x00" + d.Body))
			id = hex.EncodeToString(s[:8])
		}
		arts = append(arts, l.article(path, id, d, tag))
	}
	return arts, skips
}

// article cleans one document and fills in the metadata the file did not
// give, and with tag set its entities and search text.
func (l *Loader) article(path, id string, d format.Doc, tag bool) *Article {
	if l.rawOnly {
		return &Article{ID: id, Path: path, Index: d.Index, Raw: d.Body}
	}
	a := &Article{
		ID:     id,
		Path:   path,
		Index:  d.Index,
		Author: d.Author,
		URL:    d.URL,
		Raw:    d.Body,
		meta:   docMeta{title: d.Title, source: d.Source, date: d.Date, extracted: d.Extracted},
	}
	cr := l.cleanerFor(a.meta.extracted, l.opts.Batch).Clean(d.Body)
	if !tag {
		l.deriveText(a, cr)
		return a
	}
	l.derive(a, cr)
	return a
}

// cleanerFor picks the cleaner for a document, with batch statistics when
// stats is not nil.
func (l *Loader) cleanerFor(extracted bool, stats *clean.BatchStats) *clean.Cleaner {
	c := l.cleaner
	if extracted {
		// An HTML extractor already kept only the main content; the
		// whole-page cleaner would cut real text from it.
		c = l.extracted
	}
	if stats != nil {
		c = c.WithBatch(stats)
	}
	return c
}

// derive sets everything that follows from the cleaned text: title, body,
// dateline, source, date, words, language, entities and search text.
// Metadata the file gave wins over what the text suggests.
func (l *Loader) derive(a *Article, cr clean.Result) {
	l.deriveText(a, cr)
	l.tag(a)
	a.Prepare()
}

// deriveText is the part of derive that needs no entity model: everything
// but the entities and the search text, which Prepare makes after them.
func (l *Loader) deriveText(a *Article, cr clean.Result) {
	a.Clean = cr
	a.Title, a.Source, a.Date = a.meta.title, a.meta.source, a.meta.date
	body := a.Clean.Text()
	head, rest, _ := strings.Cut(body, "\n\n")
	dl, lead := parseDateline(head)
	if dl == (dateline{}) && looksLikeHeadline(head) {
		// Wire copy under its headline: the dateline opens the paragraph
		// after it.
		next, _, _ := strings.Cut(rest, "\n\n")
		dl, _ = parseDateline(next)
	}
	a.Place = dl.place
	a.Date = cmp.Or(a.Date, dl.date)
	if a.Date == "" {
		a.Date = bylineDate(cr)
	}
	a.Source = cmp.Or(a.Source, dl.source, a.Clean.Credit)
	headline := cr.Headline()
	switch {
	case a.Title != "":
		// A title from metadata often opens the body too; show it once.
		if strings.EqualFold(strings.TrimSpace(head), a.Title) && strings.TrimSpace(rest) != "" {
			body = rest
		}
	case headline != "":
		// On a page dump the cleaner found the headline above the text
		// and left it out of the body.
		a.Title = headline
	case looksLikeHeadline(head) && strings.TrimSpace(rest) != "":
		// A Markdown heading's marks are not part of the title.
		a.Title, body = strings.TrimSpace(strings.TrimLeft(head, "#")), rest
	default:
		a.Title = firstSentence(firstWorded(lead, rest), maxTitle)
	}
	a.Published, a.DateISO = time.Time{}, ""
	if t, iso, ok := ParseDate(a.Date); ok {
		a.Published, a.DateISO = t, iso
	}
	a.Body = body
	a.Words = len(strings.Fields(body))
	a.Lang = DetectLang(body)
}

// tag finds a's entities in its title and body.
func (l *Loader) tag(a *Article) {
	if l.recognizer == nil {
		return
	}
	// Build has reported a model that does not load, file by file; a
	// revision of an article read back from the cache may be the first to
	// ask, and it keeps the entities it had.
	if rec, err := l.recognizer(); err == nil {
		a.Entities = rec.Extract(a.Title, a.Body)
	}
}

// revise cleans a again with the batch's statistics. It returns a new
// article when that strips more, and nil when nothing changes. a itself is
// not touched: the UI may be reading it.
func (l *Loader) revise(a *Article, stats *clean.BatchStats) *Article {
	cr := l.cleanerFor(a.meta.extracted, stats).Clean(a.Raw)
	if sameKept(cr, a.Clean) {
		return nil
	}
	b := *a
	b.batch = marksBetween(a.Clean, cr)
	l.derive(&b, cr)
	return &b
}

// sameKept reports whether two cleanings keep the same lines.
func sameKept(x, y clean.Result) bool {
	if len(x.Lines) != len(y.Lines) {
		return false
	}
	for i := range x.Lines {
		if x.Lines[i].Kept() != y.Lines[i].Kept() {
			return false
		}
	}
	return true
}

type dateline struct{ place, date, source string }

// datelineRE matches the opening of wire copy: a place in capitals or title
// case, an optional date, and the agency in brackets, then an optional dash:
// "Washington, Sep 17 (IANS/EFE) ...", "LONDON (Reuters) - ...".
var datelineRE = regexp.MustCompile(`^([\p{Lu}][\p{L}.'’ -]{1,40}?)` +
	`(?:,\s*((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?))?` +
	`\s*\(([^()]{2,40})\)\s*(?:[-–—:]+\s*)?`)

// parseDateline splits a leading dateline off the first paragraph. It
// returns what it found and the rest of the paragraph.
func parseDateline(p string) (dateline, string) {
	m := datelineRE.FindStringSubmatchIndex(p)
	if m == nil {
		return dateline{}, p
	}
	place := strings.TrimSpace(p[m[2]:m[3]])
	// A place is a few capitalised words; "The report (PDF)" is not one.
	for _, w := range strings.Fields(place) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return dateline{}, p
		}
	}
	d := dateline{place: titleCase(place), source: strings.TrimSpace(p[m[6]:m[7]])}
	if m[4] >= 0 {
		d.date = p[m[4]:m[5]]
	}
	return d, p[m[1]:]
}

// titleCase turns an all-capitals place such as "NEW YORK" into "New York"
// and leaves mixed case alone.
func titleCase(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}

// looksLikeHeadline reports whether a first line reads as a headline: short,
// and not ending like a sentence.
func looksLikeHeadline(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" || strings.Contains(line, "\n") {
		return false
	}
	words := len(strings.Fields(line))
	if words > 20 || utf8.RuneCountInString(line) > 150 || !hasLetter(line) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".,;:", last)
}

// hasLetter reports whether s holds a letter: a line of figures alone (a
// post's vote count, a price) titles nothing.
func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// firstWorded returns lead if it holds a letter, or else the first
// paragraph of rest that does, or "" when none does.
func firstWorded(lead, rest string) string {
	if hasLetter(lead) {
		return lead
	}
	for p := range strings.SplitSeq(rest, "\n\n") {
		if hasLetter(p) {
			return p
		}
	}
	return ""
}

// firstSentence returns the first sentence of p, cut at a word boundary to
// at most max runes with an ellipsis.
func firstSentence(p string, max int) string {
	p = strings.Join(strings.Fields(p), " ")
	end := len(p)
	for i := 0; i+2 < len(p); i++ {
		if (p[i] == '.' || p[i] == '!' || p[i] == '?') && p[i+1] == ' ' && isSentenceEnd(p[:i], p[i+2:]) {
			end = i + 1
			break
		}
	}
	s := p[:end]
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut := 0
	for i := range s {
		if utf8.RuneCountInString(s[:i]) > max-1 {
			break
		}
		if s[i] == ' ' {
			cut = i
		}
	}
	if cut == 0 {
		cut = len(string([]rune(s)[:max-1]))
	}
	return strings.TrimRight(s[:cut], " ,;:-") + "…"
}

// isSentenceEnd decides whether a full stop ends a sentence: the next word
// starts with a capital and the word before is not an abbreviation such as
// "U.S." or "Mr".
func isSentenceEnd(before, after string) bool {
	r, _ := utf8.DecodeRuneInString(after)
	if !unicode.IsUpper(r) && r != '"' && r != '“' {
		return false
	}
	word := before[strings.LastIndexByte(before, ' ')+1:]
	if strings.Contains(word, ".") || len(word) <= 2 {
		return false
	}
	switch word {
	case "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "St", "Jr", "Sr", "Inc", "Corp", "Ltd", "Co":
		return false
	}
	return true
}
