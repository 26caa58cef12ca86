package clean

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultSteps returns the steps New uses, in order. Specific, explainable
// steps come first so a dropped line carries the most precise reason; the
// statistical line classifier runs over what is left; the steps after it
// (interface labels, tables of contents, secondary sections, duplicated
// paragraphs) need to know what it kept, or, for the first two, take lines
// out of what it kept without changing the blocks it found.
func DefaultSteps() []Step {
	return []Step{
		StopMarker{},
		Trailer{},
		Rules{},
		Comments{},
		Classifier{},
		Labels{},
		Contents{},
		Secondary{},
		Duplicate{},
		Fragments{},
		Headline{},
	}
}

// ExtractedSteps returns the steps NewExtracted uses: the paywall cut, agency
// trailers, the phrase rules and the removal of duplicated paragraphs,
// without the line classifier and the comments cut, and without the rules
// whose lines an extractor keeps for good reason (prices on product pages,
// contact links, bylines and dates) or that misfire on extracted markup
// (template braces in code samples). On the benchmark's HTML pages, every
// step left out here lowered the score of go-trafilatura's output.
func ExtractedSteps() []Step {
	return []Step{
		StopMarker{},
		Trailer{},
		Rules{Skip: []Code{CodePrice, CodeLink, CodeByline, CodeTemplate}},
		Duplicate{},
	}
}

// ---------------------------------------------------------------------------
// Stop marker

// StopMarker finds a paywall or "end of article" marker and drops it together
// with everything after it, provided what follows is not article prose (a
// subscription pitch, price list or feature list). When prose does follow,
// the marker sat in the middle of a page, so only the marker line goes.
type StopMarker struct{}

// Name implements Step.
func (StopMarker) Name() string { return "stop-marker" }

// stopPhrases open a paywall block. They are matched against the normalised
// line, which must be short: a sentence in an article that quotes one of
// these phrases is longer than the banners.
var stopPhrases = []string{
	"you've reached your limit",
	"you have reached your limit",
	"you've reached your free article limit",
	"you have reached your free article limit",
	"you've read all your free articles",
	"you have read all your free articles",
	"free articles this month",
	"subscribe to read the full story",
	"subscribe to continue reading",
	"subscribe to read the full article",
	"subscribe now to continue reading",
	"to continue reading this article",
	"to continue reading, subscribe",
	"this article is for subscribers only",
	"this content is for subscribers only",
	"this story is available exclusively to",
	"already a subscriber? log in",
	"already a subscriber? sign in",
	"already subscribed? log in",
	"already subscribed? sign in",
	"create a free account to continue reading",
	"sign in to continue reading",
	"log in to continue reading",
	"unlock this article",
	"the rest of this article is for subscribers",
	// French
	"vous avez atteint la limite",
	"réservé aux abonnés",
	"réservée aux abonnés",
	"réservés aux abonnés",
	"réservées aux abonnés",
	"de cet article à lire",
	"de cet article à découvrir",
	"pour lire la suite, abonnez",
	"connectez-vous pour lire",
	"lire la suite de cet article",
	"abonnez-vous pour lire",
	"abonnez-vous pour continuer",
	"déjà abonné ?",
	"déjà abonné?",
	"déjà abonnée ?",
	"déjà abonnée?",
	// Spanish
	"has alcanzado el límite",
	"exclusivo para suscriptores",
	"exclusiva para suscriptores",
	"solo para suscriptores",
	"sólo para suscriptores",
	"suscríbete para seguir leyendo",
	"suscríbete para continuar leyendo",
	"suscríbete para leer",
	"para seguir leyendo, suscr",
	"regístrate para seguir leyendo",
	"inicia sesión para seguir leyendo",
	"ya eres suscriptor",
	"ya soy suscriptor",
	// German
	"exklusiv für abonnenten",
	"nur für abonnenten",
	"für abonnenten verfügbar",
	"nur mit abo",
	"weiterlesen mit",
	"jetzt weiterlesen",
	"um weiterzulesen",
	"sie haben ihr kontingent",
	"sie haben das limit",
	"bereits abonnent",
	"bereits abonniert",
	"sie haben bereits ein abo",
	"vollständig zu lesen",
	"schon registriert?",
	"bereits registriert?",
	// Portuguese
	"você atingiu o limite",
	"atingiu o limite de",
	"exclusivo para assinantes",
	"exclusiva para assinantes",
	"restrito a assinantes",
	"restrito para assinantes",
	"para continuar lendo, assine",
	"para continuar a ler, assine",
	"faça login para continuar",
	"assine para continuar",
	"assine para ler",
	"já é assinante",
	"já sou assinante",
	// Italian
	"hai raggiunto il limite",
	"riservato agli abbonati",
	"riservata agli abbonati",
	"riservati agli abbonati",
	"riservate agli abbonati",
	"per continuare a leggere, abbonati",
	"accedi per continuare a leggere",
	"abbonati per continuare",
	"abbonati per leggere",
	"sei già abbonato",
	"sei già abbonata",
	"hai già un abbonamento",
	"continua a leggere questo articolo",
}

// isStopMarker reports whether li looks like a paywall banner line.
func isStopMarker(li *LineInfo) bool {
	if li.Words == 0 || li.Words > 20 {
		return false
	}
	return li.Phrases.has(phStop)
}

// isProse reports whether a line reads like a paragraph of an article: long
// enough, built from function words, and ending like a sentence.
func isProse(li *LineInfo) bool {
	return li.Words >= 20 && li.Terminal && li.StopShare() >= 0.25
}

// Apply implements Step.
func (StopMarker) Apply(d *Doc) {
	for i := 0; i < d.Len(); i++ {
		if !d.Kept(i) || !isStopMarker(d.Info(i)) {
			continue
		}
		if !proseFollows(d, i+1) {
			for j := i; j < d.Len(); j++ {
				d.Drop(j, CodePaywall, "paywall: cut from the subscription banner to the end")
			}
			return
		}
		d.Drop(i, CodePaywall, "paywall banner")
	}
}

// proseFollows reports whether any line from start on is article prose that
// no phrase rule claims.
func proseFollows(d *Doc, start int) bool {
	for j := start; j < d.Len(); j++ {
		li := d.Info(j)
		if isProse(li) {
			if _, _, ok := matchRule(li, rules); !ok {
				return true
			}
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Agency trailer and desk code

// Trailer drops agency credit lines such as "--IANS/EFE" or "(AFP)" and
// records the credit, drops reporting/editing credits such as "(Reporting by
// Jane Doe; Editing by John Smith)", and drops agency desk codes such as
// "ml/" or "vg/pcj" that wire copy leaves behind.
type Trailer struct{}

// Name implements Step.
func (Trailer) Name() string { return "trailer" }

var (
	// agencyDash is a line that is only a dash-led credit: "--IANS/EFE", "— Reuters".
	agencyDash = regexp.MustCompile(`^(?:-{1,3}|–|—)\s*([\p{Lu}][\p{L}.]{0,20}(?:\s*[/&,]\s*[\p{Lu}][\p{L}.]{0,20}){0,4})\s*$`)
	// agencyParen is a line that is only a bracketed credit: "(AFP)", "(IANS/EFE)".
	agencyParen = regexp.MustCompile(`^\(\s*([\p{Lu}][\p{L}.]{0,20}(?:\s*[/&,]\s*[\p{Lu}][\p{L}.]{0,20}){0,4})\s*\)$`)
	// reportingCredit is a Reuters-style staff credit.
	reportingCredit = regexp.MustCompile(`^\(?\s*(?:additional )?(?:` + strings.Join(reportingWords, "|") + `) by\b`)
	// deskCode is a short lower-case code with a slash: "ml/", "ml/sd", "vg/pcj/".
	// Lines made of function words ("and/or") are not codes; Apply checks that.
	deskCode = regexp.MustCompile(`^[a-z]{1,4}/(?:[a-z]{1,4}/?){0,3}$`)
)

// knownAgencies are agencies whose name is not all capitals, so the all-caps
// test of isAgencyName would miss them.
var knownAgencies = newLabelSet(
	"reuters", "xinhua", "bernama", "yonhap", "kyodo",
	"bloomberg", "interfax", "anadolu", "agencias", "agencies",
	"sputnik", "tass", "ansa", "dpa", "efe", "lusa", "pti",
)

// isAgencyName reports whether every part of a credit such as "IANS/EFE" is
// an agency: all capitals (IANS, AFP, AP) or a known agency name.
func isAgencyName(credit string) bool {
	parts := strings.FieldsFunc(credit, func(r rune) bool { return r == '/' || r == '&' || r == ',' || r == ' ' })
	if len(parts) == 0 {
		return false
	}
	for _, p := range parts {
		p = strings.Trim(p, ".")
		if knownAgencies.has(strings.ToLower(p)) {
			continue
		}
		if len(p) < 2 || len(p) > 8 || strings.ToUpper(p) != p {
			return false
		}
	}
	return true
}

// reportingWords are the verbs of a staff credit, which reportingCredit
// opens with.
var reportingWords = []string{"reporting", "writing", "editing", "compiled", "produced", "edited", "written"}

// reportingOpenings are what reportingCredit opens with after its bracket
// and spaces: "additional ", or a verb of reportingWords and " by". As a
// phrase set they cost a line one look at a bit, where comparing the line
// with each verb in turn cost a hundred instructions or more.
var reportingOpenings = func() phraseSet {
	phrases := []string{"additional "}
	for _, w := range reportingWords {
		phrases = append(phrases, w+" by")
	}
	return newPhraseSet(phrases)
}()

// mayBeReportingCredit is a cheap test for reportingCredit: whether norm
// opens, after a bracket and the spaces of \s, with one of
// reportingOpenings. The expression was asked of nearly every line.
func mayBeReportingCredit(norm string) bool {
	s := strings.TrimPrefix(norm, "(")
	for s != "" && isRESpace(s[0]) {
		s = s[1:] // by hand: TrimLeft builds its set of bytes on every call
	}
	return reportingOpenings.hasPrefix(s)
}

// Apply implements Step.
func (Trailer) Apply(d *Doc) {
	for i := 0; i < d.Len(); i++ {
		li := d.Info(i)
		if !d.Kept(i) || li.Words == 0 || li.Words > 40 {
			continue
		}
		// Each credit pattern is anchored on its opening character, so the
		// first rune picks the one pattern that can match.
		var re *regexp.Regexp
		switch r, _ := utf8.DecodeRuneInString(li.Trim); r {
		case '-', '–', '—':
			re = agencyDash
		case '(':
			re = agencyParen
		}
		if re != nil {
			if m := re.FindStringSubmatch(li.Trim); m != nil && isAgencyName(m[1]) {
				credit := strings.Join(strings.Fields(m[1]), " ")
				d.SetCredit(credit)
				d.Drop(i, CodeCredit, "agency credit: "+credit)
				continue
			}
		}
		if mayBeReportingCredit(li.Norm) && reportingCredit.MatchString(li.Norm) {
			d.Drop(i, CodeCredit, "reporting and editing credit")
			continue
		}
		if li.Words <= 4 && li.Stop == 0 && li.bytes.has('/') && deskCode.MatchString(li.Trim) {
			d.Drop(i, CodeDesk, "agency desk code")
		}
	}
}

// ---------------------------------------------------------------------------
// Reader comments

// Comments drops the reader-comment section that follows an article: from a
// heading such as "109 Comments" or "Leave a Reply" to the end, once enough
// article prose has come before it. Comments are prose, so without this step
// they would pass for article text. The customer reviews under a product or
// a service are cut alike, from a heading such as "Customer Reviews" when a
// rating or a review follows it. On wcxb-dev this raised six shop pages
// (0613 from 0.30 to 0.72) and changed no other, 0.8434 to 0.8439. A
// thread of moderated comments ("Re: Jobs  (Score:3, Insightful)") is cut
// from its controls even without such a heading (see moderatedCut).
type Comments struct{}

// Name implements Step.
func (Comments) Name() string { return "comments" }

// commentsMinProse is how many tokens of prose must precede a comments
// heading; earlier headings belong to page chrome (a "Comments" menu item).
const commentsMinProse = 200

var (
	commentHeading = regexp.MustCompile(`^(?:\d+\s+)?(?:comments?|responses?|replies|reactions|thoughts? on\b.*|kommentare?|commentaires?|comentarios?|commenti|comentários?)(?:\s*\(\d+\))?\s*:?$`)
	commentPhrases = newLabelSet(
		"leave a reply", "leave a comment", "reader interactions", "join the discussion",
		"join the conversation", "post a comment", "add a comment", "comments are closed",
		"show comments", "view comments", "load comments", "discussion",
		"reader comments", "conversation", "write a comment", "submit a comment",
		"cancel reply", "what do you think?", "have your say",
	)
	// commentSectionHeading matches further headings that open a comments
	// section: counts with a qualifier ("124 Reader Comments"), the
	// trackback list and comment pager of blog software, and a reply
	// form's heading run together with its cancel link.
	commentSectionHeading = regexp.MustCompile(`^(?:\d+\s+)?(?:reader comments|comments navigation|trackbacks|pingbacks|leave a (?:reply|comment) cancel reply|discussion about this (?:post|article|story))$`)
	// commentsOnTitle matches the count-and-title heading of a blog's
	// comments, of any length: "6 thoughts on “…”", "One reply to “…”".
	// The title in quotes ends the line, which a sentence about comments
	// does not.
	commentsOnTitle = regexp.MustCompile(`^(?:\d+|one) (?:comments?|repl(?:y|ies)|responses?|thoughts?) (?:on|to) ["“'‘].*["”'’]$`)
)

// mayBeCommentsOnTitle is a cheap test for commentsOnTitle: whether s
// opens with a count (see afterCount) and the stem of one of the
// expression's nouns after it. opensComments asks the expression of
// every long line after the article, nearly all of them prose.
func mayBeCommentsOnTitle(s string) bool {
	rest := afterCount(s)
	if len(rest) == len(s) {
		return false // no count
	}
	return strings.HasPrefix(rest, "comment") || strings.HasPrefix(rest, "repl") ||
		strings.HasPrefix(rest, "respons") || strings.HasPrefix(rest, "thought")
}

// commentOpenings are the words that each heading the patterns of
// opensComments match opens with after its count (see afterCount), in
// every form the patterns allow, since a phrase's first word is whole. A
// search of the line for words the headings hold, which it replaced, cost
// a few hundred instructions on each of the many short lines after an
// article.
var commentOpenings = newPhraseSet([]string{
	"comment", "comments", "response", "responses", "reply", "replies", "reactions", "thought", "thoughts",
	"kommentar", "kommentare", "commentaire", "commentaires", "comentario", "comentarios", "commenti",
	"comentário", "comentários", "reader comments", "trackbacks", "pingbacks", "leave a ", "discussion about ",
})

// afterCount returns s without the count a comment heading may open with:
// a figure and the spaces after it, or "one ".
func afterCount(s string) string {
	i := skipDigits(s, 0)
	if i == 0 {
		return strings.TrimPrefix(s, "one ")
	}
	for i < len(s) && isRESpace(s[i]) {
		i++
	}
	return s[i:]
}

// opensComments reports whether li is a heading that opens a reader-comment
// section, in any of the forms the Comments step or commentSectionHeading
// know.
func opensComments(li *LineInfo) bool {
	if li.Words == 0 || li.Words > 40 {
		return false
	}
	n := headingText(li)
	if li.Words > 12 {
		// Blog software heads its comments with the count and the post's
		// title ("15 Replies to “Open-sourcing …”"), as long as the title.
		return mayBeCommentsOnTitle(n) && commentsOnTitle.MatchString(n)
	}
	if commentPhrases.has(n) {
		return true
	}
	// The classifier asks this of every line after the article, most of
	// them menu items; the words every heading of the patterns opens with
	// rule out nearly all of them before the regular expressions run.
	if !commentOpenings.hasPrefix(afterCount(n)) {
		return false
	}
	return commentHeading.MatchString(n) || commentSectionHeading.MatchString(n) || mayBeCommentsOnTitle(n) && commentsOnTitle.MatchString(n)
}

// reviewHeadings open the customer reviews under a product or a service,
// which are to its description what reader comments are to an article.
// Some of them also head a page's own testimonials, so they cut only where
// opensReviews finds the marks of a review after them.
var reviewHeadings = newLabelSet(
	"customer reviews", "product reviews", "ratings & reviews", "ratings and reviews",
	"write a review", "leave a review", "what others are saying", "share your thoughts!",
	"reviews",
)

// reviewMark matches what a review or a review summary shows: a rating
// ("4.8 out of 5", "5 stars", "rate this product"), its date ("Reviewed
// 06/08/2024") or its author's standing ("verified buyer").
var reviewMark = regexp.MustCompile(`\b[0-5](?:\.\d)? out of 5\b|\b[1-5] ?stars?\b|\bstar reviews?\b|\brate this\b|\breviewed\b|\bverified (?:owner|buyer|purchase|customer|reviewer)\b|\bfound this helpful\b`)

// reviewWords are words that every match of reviewMark holds. The lines
// after a review heading, which reviewMark is asked of, are most often
// prose, and the expression, unanchored, cost tens of thousands of
// instructions on each.
var reviewWords = newNeedles("out of 5", "star", "rate this", "reviewed", "verified", "found this helpful")

// opensReviews reports whether line i heads the customer reviews of a
// product or a service: a review heading with a rating or a review in the
// threadLook lines after it.
func opensReviews(d *Doc, i int) bool {
	li := d.Info(i)
	if li.Words > 4 || !reviewHeadings.has(headingText(li)) {
		return false
	}
	return followedBy(d, i, func(li *LineInfo) bool {
		return li.Norm != "" && reviewWords.in(li, li.Norm) && reviewMark.MatchString(li.Norm) || isByline(li)
	})
}

// headingText is a heading's normalised text without the marks around it,
// as the tables of comment and secondary-section headings hold it.
func headingText(li *LineInfo) string { return trimMarks(li.Norm, headingMarks) }

// sectionWords are comment headings that are also the headings of an
// article's own sections: a report's "Reactions", a paper's "Discussion".
var sectionWords = newLabelSet(
	"discussion", "conversation", "reaction", "reactions",
	"response", "responses", "replies",
)

// namesSection reports whether the line, a heading opensComments accepts,
// is one an article may give a section of its own, which only what comes
// after it tells from a comment thread's (see threadFollows).
func namesSection(li *LineInfo) bool {
	n := headingText(li)
	return sectionWords.has(n) || strings.HasPrefix(n, "thoughts on ") || strings.HasPrefix(n, "thought on ")
}

// threadLook is how many lines after a heading threadFollows reads.
const threadLook = 8

// threadFollows reports whether the lines just after line i look like a
// comment thread: a "Reply" link, a date or byline line, or another
// comments heading. Prose before a heading is no evidence for a word that
// also heads a report's own sections: a story tells of the "Reactions"
// after 200 words as a blog shows its readers' after 200.
func threadFollows(d *Doc, i int) bool {
	return followedBy(d, i, func(li *LineInfo) bool {
		return isInterfaceLabel(li) || isByline(li) || opensComments(li)
	})
}

// followedBy reports whether one of the threadLook lines after line i
// matches.
func followedBy(d *Doc, i int, match func(*LineInfo) bool) bool {
	for j := i + 1; j < min(d.Len(), i+1+threadLook); j++ {
		if match(d.Info(j)) {
			return true
		}
	}
	return false
}

// Apply implements Step. A heading that recurs further down, its counts
// aside, is no cut: it is the "Add a comment" link or the "3 Comments"
// count under every post of a question-and-answer page or a forum thread,
// where the answers and replies are the text. The last of them still cuts,
// as the thread ends there. On the benchmark's 113 forum pages this raised
// F1 from 0.718 to 0.741, and on the 105 articles it cuts F1 stayed 0.938.
func (Comments) Apply(d *Doc) {
	at, reason := headingCut(d), "reader comments: cut from the comments heading to the end"
	if m := moderatedCut(d); m >= 0 && (at < 0 || m < at) {
		at, reason = m, "reader comments: cut from the moderated comment thread to the end"
	}
	if at < 0 {
		return
	}
	for j := at; j < d.Len(); j++ {
		d.Drop(j, CodeComments, reason)
	}
}

// headingCut returns the line of the heading that opens the comments, or
// -1.
func headingCut(d *Doc) int {
	prose := 0
	for i := 0; i < d.Len(); i++ {
		li := d.Info(i)
		if isProse(li) {
			prose += li.Words
			continue
		}
		if prose < commentsMinProse {
			continue
		}
		cuts := opensComments(li) && (!namesSection(li) || threadFollows(d, i)) || opensReviews(d, i)
		if cuts && !occursElsewhere(d, i, i+1) {
			return i
		}
	}
	return -1
}

// moderatedComment matches the header of a comment on a site that runs
// Slash or its kind, where readers moderate each comment: "Re: Guaranteed
// jobs?  (Score:2)", "What could go wrong?  (Score:3, Interesting)". Such a
// thread has no heading of its own that opensComments knows; its controls
// ("Load All Comments", "Score: 5 4 3 …") come just before it.
var moderatedComment = regexp.MustCompile(`\(score:\s*-?\d+(?:,\s*[\pL ]+)?\)$`)

// moderatedLook is how many lines before the first moderated comment
// moderatedCut searches for the thread's controls.
const moderatedLook = 40

// moderatedCut returns where a thread of moderated comments that follows
// an article starts, or -1: the first line of its controls that names the
// comments, or else its first comment header. It needs two headers, so that
// one quoted header is no cut, and article prose before them.
func moderatedCut(d *Doc) int {
	prose, first := 0, -1
	for i := 0; i < d.Len(); i++ {
		li := d.Info(i)
		if isProse(li) {
			prose += li.Words
			continue
		}
		if prose < commentsMinProse || li.Words > 24 || !strings.Contains(li.Norm, "(score:") || !moderatedComment.MatchString(li.Norm) {
			continue
		}
		if first < 0 {
			first = i
			continue
		}
		start := first
		for j := max(first-moderatedLook, 0); j < first; j++ {
			if lj := d.Info(j); lj.Words <= 12 && strings.Contains(lj.Norm, "comments") {
				start = j
				break
			}
		}
		return start
	}
	return -1
}

// ---------------------------------------------------------------------------
// Duplicates

// Duplicate drops a line that repeats, word for word, a line kept earlier in
// the same text. Page dumps often hold a paragraph twice (a teaser and the
// article, a mobile and a desktop copy, a pull quote), and the reader should
// show it once. It runs after the classifier so that the copies still count
// as context there, and it leaves short lines alone: a table of "Yes" and
// "No" cells repeats legitimately. A sentence that the paragraph after it
// opens with goes too (see opensNext).
type Duplicate struct{}

// Name implements Step.
func (Duplicate) Name() string { return "duplicate" }

// duplicateMinWords is the shortest line, in tokens, that Duplicate drops.
// On the benchmark pages, 6 did better than 3 or 12 (documentation and
// forum pages repeat short lines that are content).
const duplicateMinWords = 6

// Apply implements Step.
func (Duplicate) Apply(d *Doc) {
	// The set is sized for its lines up front: growing it from empty
	// cost more than the lookups. A line is added and looked up in one
	// step, as the set's size tells whether it was there.
	n := 0
	for i := range d.Len() {
		if d.Kept(i) && d.Info(i).Words >= duplicateMinWords {
			n++
		}
	}
	seen := make(map[string]struct{}, n)
	for i := range d.Len() {
		li := d.Info(i)
		if !d.Kept(i) || li.Words < duplicateMinWords {
			continue
		}
		before := len(seen)
		seen[li.Trim] = struct{}{}
		if len(seen) == before {
			d.Drop(i, CodeDuplicate, "repeats a line kept earlier in the text")
		}
	}
	// A heading that opens its paragraph ("Apache Spark" over "Apache Spark
	// is …") is no copy; a sentence is.
	for i := range d.Len() {
		if li := d.Info(i); d.Kept(i) && li.Words >= 3 && li.Terminal && opensNext(d, i) {
			d.Drop(i, CodeDuplicate, "repeats the opening of the paragraph after it")
		}
	}
}

// opensNext reports whether the next non-blank line after line i is kept
// and starts with the whole of line i: a thread's title that is its first
// post's first sentence, or a question of a folded FAQ that its answer
// repeats ("What is an everyday shoe?" over "What is an everyday shoe?
// Well, …"). The reader would show the sentence twice.
func opensNext(d *Doc, i int) bool {
	j := nextNonBlank(d, i, 1)
	if j < 0 || !d.Kept(j) {
		return false
	}
	this, next := d.Info(i).Trim, d.Info(j).Trim
	return len(next) > len(this) && strings.HasPrefix(next, this)
}

// ---------------------------------------------------------------------------
// Secondary sections

// Secondary drops a secondary section that closes a page: from a heading
// such as "Related articles", "You may also like" or "About the author" to
// the end, once enough article prose came before it. The teasers and bios
// under such headings are prose, so the classifier can take them for more of
// the article. A heading followed by more prose than half of what came
// before sits inside the article (a "See also" aside), and nothing is cut;
// nor is it when a paragraph of the story follows closely on a heading that
// news sites also put over a box of links in mid-story ("Also read:", see
// asideInText).
// An author's name over a bio that starts with it ("Karina Cohen" over
// "Karina Cohen is the owner of …") heads such a section too, when it is the
// page's one name over a description of it (see onlyAuthorBio). On
// wcxb-dev that cut six bios and one that the truth keeps, 0.8445 to 0.8447.
// A bio with no heading over it closes the article as well: a paragraph
// among the page's last, that opens with a person's name and a trade
// ("Lisa Jennings is a veteran restaurant industry reporter …", see
// isAuthorBio); that cut 20 bios, 2 of them kept by their truths, 0.8470
// to 0.8471.
// It runs after the classifier, so it counts only prose that was kept.
type Secondary struct{}

// Name implements Step.
func (Secondary) Name() string { return "secondary" }

// secondaryMinProse is how many tokens of kept prose must precede a
// secondary-section heading.
const secondaryMinProse = 200

// secondaryHeadings open a section of material other than the article, in
// normalised form without surrounding punctuation. Many also stand in the
// related-story rule's tables (relatedPrefixes, relatedLabels), which drop
// one teaser line that starts with them; this list is kept apart on
// purpose: a heading here cuts everything after it, so it holds only
// whole headings that open such a section, and leaves out the rule's
// looser entries ("more", "next", "continue reading", "click here for").
var secondaryHeadings = newLabelSet(
	"related", "related articles", "related posts", "related stories", "related content",
	"related reading", "you may also like", "you might also like", "you may also be interested in",
	"you might be interested in", "recommended", "recommended for you", "recommended articles",
	"recommended stories", "more stories", "more articles", "more news", "latest news",
	"latest posts", "recent posts", "recent articles", "popular posts", "popular articles",
	"most popular", "most read", "trending", "trending now", "read next", "up next",
	"read more", "more to read", "about the author", "about the authors", "about author",
	"testimonials", "what our customers say", "what our clients say", "similar posts",
	"similar articles", "keep reading", "further reading", "don't miss", "editor's picks",
	"top stories", "also read", "see also", "you may like to read", "you may also like to read",
	"explore more", "latest articles", "recent stories", "recommended content", "recommended reading", "more like this",
	"articles similaires", "à lire aussi", "lire aussi", "noticias relacionadas",
	"artículos relacionados", "te puede interesar", "das könnte sie auch interessieren",
	"mehr zum thema", "notícias relacionadas", "leia também", "articoli correlati",
	"leggi anche",
	// Further English headings of related links, a page's sources and its
	// author's credentials.
	"related insights", "related pages", "related services", "related tags",
	"related resources", "related topics", "related products", "related guides",
	"related threads", "related questions", "related links", "related news",
	"related post", "related article", "related videos",
	"you might like", "you'll also love", "you may also enjoy", "you might also enjoy",
	"this might be interesting to you", "the latest from the blog", "more videos",
	"recommended posts", "article sources", "similar seminars", "about our expert",
	"how we reviewed this article", "learn more about our editorial process", "full bio",
	"see more reviews", "load earlier comments", "rights & permissions",
)

// asideHeadings are the secondary headings that news sites also put over a
// box of one or two links in the middle of a story, after which the story
// goes on.
var asideHeadings = newLabelSet(
	"see also", "also read", "read more", "related", "lire aussi", "à lire aussi",
	"leia também", "leggi anche", "mehr zum thema", "te puede interesar",
)

// asideLook is how many lines after an aside heading asideInText reads: the
// heading's links and the first line of the story after them.
const asideLook = 3

// asideInText reports whether line i, a secondary heading, heads a box of
// links inside the story: one that news sites also use so, with a
// paragraph of the story within asideLook lines after it.
func asideInText(d *Doc, i int) bool {
	if !asideHeadings.has(headingText(d.Info(i))) {
		return false
	}
	for j, seen := i+1, 0; j < d.Len() && seen < asideLook; j++ {
		li := d.Info(j)
		if li.Blank() {
			continue
		}
		seen++
		if d.Kept(j) && isProse(li) {
			return true
		}
	}
	return false
}

// isSecondaryHeading reports whether li is a short line that opens a
// secondary section.
func isSecondaryHeading(li *LineInfo) bool {
	if li.Words == 0 || li.Words > 8 {
		return false
	}
	n := headingText(li)
	return secondaryHeadings.has(n) || strings.HasPrefix(n, "more from ")
}

// Apply implements Step.
func (Secondary) Apply(d *Doc) {
	// keptAfter[i] is the kept prose from line i to the end: before and
	// after a heading are weighed alike, on what the classifier kept, so
	// that teasers it dropped already cannot make a section look like
	// more of the article.
	keptAfter := make([]int, d.Len()+1)
	for i := d.Len() - 1; i >= 0; i-- {
		keptAfter[i] = keptAfter[i+1]
		if li := d.Info(i); isProse(li) && d.Kept(i) {
			keptAfter[i] += li.Words
		}
	}
	bio := onlyAuthorBio(d)
	for i := range d.Len() {
		li := d.Info(i)
		before := keptAfter[0] - keptAfter[i]
		if before < secondaryMinProse {
			continue
		}
		if isProse(li) {
			// A bio without a heading over it: the page's last
			// paragraphs, the first of them introducing a writer.
			if !d.Kept(i) || keptAfter[i+1] > bioMaxAfter || !isAuthorBio(li) {
				continue
			}
		} else if !(isSecondaryHeading(li) || i == bio) || keptAfter[i+1] > before/2 || asideInText(d, i) {
			continue
		}
		for j := i; j < d.Len(); j++ {
			d.Drop(j, CodeRelated, "secondary section after the article: related stories, author bio or testimonials")
		}
		return
	}
}

// ---------------------------------------------------------------------------
// Interface labels

// Labels drops the lines that are only the text of a button, a form field
// or a widget ("Learn more", "First name", "Copy link") among the lines the
// classifier kept. Such lines sit inside the stretch of the page the
// classifier keeps whole, between the paragraphs of an article. It runs after
// the classifier rather than among the rules: a line the rules drop weighs
// against the block around it, and on short pages of lists and products the
// block search then found different blocks, losing far more text than the
// labels are worth; here a label is only taken out of what was kept.
//
// The furniture of a thread goes here too, for the same reason: the headers,
// footers and member cards of forum posts, the controls that count and sort
// them, and, on a question-and-answer site, the comments signed under each
// post (see dropSignedComments). On wcxb-dev the comments, badges and
// controls of the 12 Stack Exchange pages raised them all (0566 0.614 to
// 0.805) and the whole set 0.8472 to 0.8479, each page alone.
type Labels struct{}

// Name implements Step.
func (Labels) Name() string { return "labels" }

// Apply implements Step.
func (Labels) Apply(d *Doc) {
	for i := range d.Len() {
		li := d.Info(i)
		if !d.Kept(i) || li.Words == 0 || li.Words > widgetMaxWords {
			continue
		}
		switch {
		case li.Words <= 12 && isInterfaceLabel(li):
			d.Drop(i, CodeBoiler, "button or form label")
		case isRatingWidget(li):
			d.Drop(i, CodeBoiler, "rating widget")
		case isScriptNotice(li):
			d.Drop(i, CodeBoiler, "notice about the browser or JavaScript")
		case isAffiliateNotice(li):
			d.Drop(i, CodeBoiler, "affiliate disclosure")
		case isWidgetError(li):
			d.Drop(i, CodeBoiler, "error message of a page widget")
		case isPostHeader(li):
			d.Drop(i, CodeByline, "post header: who posted, when, and the post's number")
		case isPostFooter(li):
			d.Drop(i, CodeByline, "post footer: the writer's rank, the readers' reactions or the last edit")
		case isRecordID(li):
			d.Drop(i, CodeBoiler, "the site's record number for the page")
		case isReputationLine(li):
			d.Drop(i, CodeByline, "the writer's reputation and badges")
			if j := nextNonBlank(d, i, -1); j >= 0 && d.Info(j).Words <= 4 && !d.Info(j).Terminal {
				d.Drop(j, CodeByline, "the writer's name over the reputation and badges")
			}
		case mayBeThreadControl(li) && threadControls.MatchString(li.Norm), threadNotices.has(strings.TrimSuffix(li.Norm, ".")):
			d.Drop(i, CodeBoiler, "the controls of a thread")
		}
	}
	dropSignedComments(d)
	dropBackToTop(d)
	dropVotes(d)
}

// dropVotes drops the vote counts of a question-and-answer thread: on a page
// whose writers' cards show reputation and badges, a line that is a number
// alone, between lines that are not, is the score over a question or an
// answer. Elsewhere such a line may be a table's cell, which is why only
// those pages lose them; and the numbers of a program's output, shown in a
// post, come in runs.
func dropVotes(d *Doc) {
	if !d.anyInfo(isReputationLine) {
		return
	}
	countAt := func(j int) bool { return j >= 0 && isCount(d.Info(j)) }
	for i := range d.Len() {
		if d.Kept(i) && isCount(d.Info(i)) && !countAt(nextNonBlank(d, i, -1)) && !countAt(nextNonBlank(d, i, 1)) {
			d.Drop(i, CodeBoiler, "the votes of a post")
		}
	}
}

// dropBackToTop drops the "Top" links that a forum engine puts under every
// post, when the page holds two or more: one "Top" alone may be a heading.
func dropBackToTop(d *Doc) {
	var tops []int
	for i := range d.Len() {
		if li := d.Info(i); li.Words == 1 && li.Norm == "top" {
			tops = append(tops, i)
		}
	}
	if len(tops) < 2 {
		return
	}
	for _, i := range tops {
		d.Drop(i, CodeBoiler, "the controls of a thread")
	}
}

// reputationBadges is the line under a writer's name on a question-and-answer
// site of the Stack Exchange kind: the reputation, then the count of each
// badge, run together by the dump ("23.8k1414 gold badges8888 silver
// badges124124 bronze badges").
var reputationBadges = regexp.MustCompile(`^[\d.,]+k?\d*\s*(?:\d+ (?:gold|silver|bronze) badges?\s*)+$`)

// isReputationLine reports whether li is a writer's reputation and badges
// (see reputationBadges).
func isReputationLine(li *LineInfo) bool {
	return li.Digits > 0 && strings.Contains(li.Norm, " badge") && reputationBadges.MatchString(li.Norm)
}

// threadControls are the lines around the posts of a thread that count,
// sort and link them, as question-and-answer sites and the common forum
// engines print them: "Viewed 11k times", "11 Answers", "Sorted by: Reset
// to default", "Highest score (default)", "Show 1 more comment"; "Reply
// With Quote 0", "View Forum Posts", "Jump to Latest", "6.3K views 23
// replies 14 participants last post by …", "Not open for further
// replies.", "Views : 7,909"; and the labels of a member's card ("Join
// Date", "Native Language"), whose values are too various to know.
var threadControls = regexp.MustCompile(`^(?:viewed [\d.,]+k? times|\d+ answers?(?: \d+)?|sorted by:.*|(?:highest score|date modified|date created|trending)(?: \([^)]*\))+|\|?\s*show \d+ more comments?` +
	`|reply with quote(?:\s+\d+)?|\d+ reply|view (?:profile|forum posts|forum threads)|visit homepage|jump to latest|show more replies|discussion starter` +
	`|not open for further replies\.?|sort by\s+oldest first|oldest first newest first.*|views\s*:\s*[\d.,]+k?|[\d.,]+k? views\s+[\d.,]+k? repl(?:y|ies)\b.*` +
	`|join date|member type|native language|home country|current location)$`)

// threadNotices are the notices of forum engines that stand alone on their
// lines, looked up whole, without their closing full stop: their first
// words ("you", "this", "link") open too many lines for threadControls to
// be asked of them all.
var threadNotices = newLabelSet(
	"link to post", "link to comment", "you must log in or register to reply here",
	"this topic has been deleted. only users with topic management privileges can see it",
)

// threadControlWords are the first words of the lines threadControls
// matches; a figure may open one too.
var threadControlWords = newLabelSet(
	"viewed", "sorted", "highest", "date", "trending", "show", "|",
	"reply", "view", "visit", "jump", "discussion", "not", "sort",
	"oldest", "views", "join", "member", "native", "home", "current",
)

// mayBeThreadControl is a cheap test that Labels runs on every short kept
// line before threadControls.
func mayBeThreadControl(li *LineInfo) bool {
	if li.Words > 16 || li.Norm == "" {
		return false
	}
	if isDigit(li.Norm[0]) {
		return mayBeCountControl(li.Norm)
	}
	return threadControlWords.has(firstWord(li.Norm))
}

// mayBeCountControl is mayBeThreadControl's test of a line that opens with
// a figure: whether the figure, with its separators and a "k", goes on with
// " answer", " reply" or " views", as each form of threadControls that
// opens with one does. The numbered headings of lists and the percentages
// of tables were nearly all the lines that came to the expression.
func mayBeCountControl(s string) bool {
	i := 0
	for i < len(s) && (isDigit(s[i]) || s[i] == '.' || s[i] == ',') {
		i++
	}
	if i < len(s) && s[i] == 'k' {
		i++
	}
	rest := s[i:]
	return strings.HasPrefix(rest, " answer") || strings.HasPrefix(rest, " reply") || strings.HasPrefix(rest, " views")
}

// dropSignedComments drops the comments under the posts of a question and
// answer site: each is one line of text, then its writer's name, then the
// name again after a dash ("Kyung Lee" over "– Kyung Lee"), and perhaps a
// line of its votes above. The question and the answers are the page's
// text; the comments, like a news story's, are readers' remarks on it, and
// the sites show them in small print under each post. A comment cannot
// hold a line break, so the text is the one line over the name.
func dropSignedComments(d *Doc) {
	for i := range d.Len() {
		name, ok := strings.CutPrefix(d.Info(i).Trim, "– ")
		if !ok || name == "" {
			continue
		}
		j := nextNonBlank(d, i, -1)
		if j < 0 || d.Info(j).Trim != name {
			continue
		}
		k := nextNonBlank(d, j, -1)
		for _, x := range []int{i, j, k} {
			if x >= 0 {
				d.Drop(x, CodeComments, "a reader's comment under a post, signed with the writer's name")
			}
		}
		if v := nextNonBlank(d, k, -1); k >= 0 && v >= 0 && isCount(d.Info(v)) {
			d.Drop(v, CodeComments, "the votes of a comment under a post")
		}
	}
}

// postAgo and postClock are the time a forum post or comment was written,
// as its header gives it: "11 hours ago"; "Feb 24, 2006 07:07pm",
// "12-01-2024, 04:23 AM", or a member's "Joined: Thu Aug 27, 2020 2:37 pm".
var (
	postAgo   = regexp.MustCompile(`\b(?:\d+|an?)\s+(?:sec|second|min|minute|hr|hour|day|week|month|yr|year)s?\s+ago\b`)
	postClock = regexp.MustCompile(`\b` + EnglishMonth + `\s+\d{1,2},?\s+\d{4},?\s+(?:at\s+)?\d{1,2}:\d{2}` +
		`|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?\s+\d{1,2}:\d{2}|\b\d{4}-\d{2}-\d{2}[ t]\d{2}:\d{2}|^joined:`)
)

// cardCountWords are the words a count on a member's card opens with (see
// memberCard): a cheap test for lines that start with a figure, which are
// many.
var cardCountWords = newNeedles("post", "message", "like", "point", "reputation")

// hasFourDigits reports whether s holds a run of four ASCII digits.
// mayBePostClock is a cheap test for postClock: whether s opens with
// "joined:" or holds a clock time's colon, a digit before it and two after,
// as every other form does. Most lines with a colon and a figure that came
// to the expression are headings and figures ("Average GPA: 3.6").
func mayBePostClock(s string) bool {
	if strings.HasPrefix(s, "joined:") {
		return true
	}
	for i := 1; i+2 < len(s); i++ {
		if s[i] == ':' && isDigit(s[i-1]) && isDigit(s[i+1]) && isDigit(s[i+2]) {
			return true
		}
	}
	return false
}

func hasFourDigits(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if run++; run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// postNumber is a line that is only a post's number in its thread: "#17".
var postNumber = regexp.MustCompile(`^#\d+$`)

// memberCard is a line of the card beside a forum post that tells about its
// writer: "Joined", "Posts: 1,204", "3.4k reputation", "12 posts · Joined
// 2019", "Registered: 2011-03-02", "Offline".
var memberCard = regexp.MustCompile(`^(?:(?:joined|messages|posts|member|members|reaction score|points|reputation|likes|registered|online|offline|author stats)(?::?\s*[\d.,-]+k?)?` +
	`|[\d.,]+k?\s+(?:posts|messages|likes?|points|reputation)(?:\s*·\s*joined\s+\d+)?)$`)

// memberWords are the first words of the lines memberCard matches that do
// not start with a number.
var memberWords = newLabelSet(
	"joined", "messages", "posts", "member", "members", "reaction",
	"points", "reputation", "likes", "registered", "online", "offline",
	"author",
)

// isPostHeader matches the line over a forum post or comment that says who
// wrote it and when ("peccavi    January 11, 2025, 3:50am   10", "scvalex 1
// year ago", "#8"): the thread's text is the posts, and its headers break it
// into pieces. A quote's attribution ("7 hours ago, gguillotte said:") is
// part of the post; a line that ends like a sentence is one that mentions a
// time; and quotes, angle brackets, braces and equals signs belong to code.
func isPostHeader(li *LineInfo) bool {
	if li.Words > 14 || li.Terminal || li.Norm == "" {
		return false
	}
	// Cheap tests first: Labels asks this of every short kept line.
	if c := li.Norm[0]; c == '#' && postNumber.MatchString(li.Norm) ||
		(c >= '0' && c <= '9' && li.Words <= 6 && cardCountWords.in(li, li.Norm) || memberWords.has(firstWord(li.Norm))) && memberCard.MatchString(li.Norm) {
		return true
	}
	ago := strings.Contains(li.Norm, " ago")
	clock := li.Digits > 0 && strings.IndexByte(li.Norm, ':') >= 0
	if !ago && !clock {
		return false
	}
	n := strings.TrimRight(li.Norm, " ")
	if strings.HasSuffix(n, ":") && !strings.HasPrefix(n, "joined:") || strings.ContainsAny(n, `"'=<>{}`) {
		return false
	}
	// A time said as "ago" also ends titles ("How the web looked 20 years
	// ago"), which hold more than one function word; a header holds the
	// writer's name and the time. A date with its clock time ("Commented
	// May 29, 2016 at 20:51", where "may" and "at" are function words)
	// is a header's alone.
	if ago && li.Stop <= 1 && postAgo.MatchString(n) {
		return true
	}
	if !clock || li.Stop > 3 {
		return false
	}
	if !strings.ContainsAny(n, "-/.") && !hasFourDigits(n) && !strings.HasPrefix(n, "joined:") {
		return false // every form of postClock holds a year or a date's separators
	}
	if !mayBePostClock(n) {
		return false
	}
	m := postClock.FindStringIndex(n)
	// A time with seconds and milliseconds ("15:10:26,618") opens a line
	// of a log shown in the text.
	return m != nil && !logTime.MatchString(n[m[1]:])
}

// postFooter matches what a forum prints around a post besides its header:
// the writer's rank ("Full Member", "7+ Year Member"), the readers'
// reactions ("Reactions: fieldterrain922, pnomes and celia17") and the
// last edit ("Last edited by DevOpsUser on 12. Sep 2024, 11:14, edited 4
// times in total.", "Edited October 30, 2025 by El Patron").
var postFooter = regexp.MustCompile(`^(?:(?:\d+\+? years?|new|full|senior|junior|active|well-known|established|veteran|respected|registered|supporting|premium|gold|silver|bronze|platinum) member` +
	`|reactions?: \S.*|last edited by \S+ on \S*\d.*|edited (?:` + EnglishMonth + `\s+\d{1,2},?\s+\d{4}|\d{1,2}\.? \w+\.? \d{4}|\d+ (?:minutes?|hours?|days?) ago).* by \S.*)$`)

// isPostFooter reports whether li is a forum post's rank, reactions or edit
// notice (see postFooter).
func isPostFooter(li *LineInfo) bool {
	if li.Words > 20 || li.Norm == "" {
		return false
	}
	switch firstWord(li.Norm) {
	case "reactions", "reaction", "last", "edited":
	default:
		if !strings.HasSuffix(li.Norm, " member") {
			return false
		}
	}
	return postFooter.MatchString(li.Norm)
}

// recordID is a site's number for a page with its label: "180426081
// story", "ID 4471209". A product's code ("UPC: 722325006016") or a
// count ("103812 commits") is no such label.
var recordID = regexp.MustCompile(`^(?:\d{6,} (?:story|post|article|thread|topic|entry)|(?:id|story id|post id|article id):? \d{6,})$`)

// isRecordID reports whether li is only a site's record number for the
// page, with its label (see recordID).
func isRecordID(li *LineInfo) bool {
	return li.Words <= 3 && li.Digits == 1 && recordID.MatchString(li.Norm)
}

// logTime is what follows the minutes of a log line's timestamp.
var logTime = regexp.MustCompile(`^:\d{2}[,.]\d`)

// widgetMaxWords is the longest line, in tokens, that Labels tests.
const widgetMaxWords = 40

// ratingWidget matches the lines of the widgets that ask a reader to rate
// a page ("Was this article helpful?", "Click on a star to rate it!") and
// report the result ("Average rating 4.5 / 5. Vote count: 12").
var ratingWidget = regexp.MustCompile(`^(?:was this (?:article|page|post|guide|answer|information) (?:helpful|useful)\??` +
	`|did you find this (?:article|page|post) (?:helpful|useful)\??|how (?:useful|helpful) was this (?:post|article|page)\??` +
	`|click on a star to rate it!?|submit rating|rate this (?:article|post|page)|average rating [\d.]+ ?/ ?\d+\.? ?vote count:? ?\d+` +
	`|no votes so far!? be the first to rate this post\.?|we are sorry that this post was not useful for you!?` +
	`|let us improve this post!?|tell us how we can improve this post\??|how are we doing\??|give us feedback on this page\.?` +
	`|number of reviews: ?[\d,]+)$`)

// ratingOpenings are the openings of the alternatives of ratingWidget, as
// far as each is fixed, and every line it matches starts with one. Many
// lines of prose open with the first word of one ("how", "we", "no"), and
// on each of those the expression cost some thousands of instructions.
// TestExpressionGuards holds the openings to the expression.
var ratingOpenings = newPhraseSet([]string{
	"was this ", "did you find this ", "how useful was this ", "how helpful was this ",
	"click on a star to rate it", "submit rating", "rate this ", "average rating ",
	"no votes so far", "we are sorry that this post was not useful for you",
	"let us improve this post", "tell us how we can improve this post", "how are we doing",
	"give us feedback on this page", "number of reviews:",
})

func isRatingWidget(li *LineInfo) bool {
	return ratingOpenings.hasPrefix(li.Norm) && ratingWidget.MatchString(li.Norm)
}

// scriptNotice matches what a page shows a browser without JavaScript or
// without support for an element: text that was never meant for a reader
// whose browser runs the page.
//
// The notice is the whole line or starts it: a sentence of news about
// browsers or JavaScript ("The bank's new app requires JavaScript, which
// ...") mentions the same words further in.
var scriptNotice = regexp.MustCompile(`^(?:notice: |sadly, |sorry, |please )?(?:(?:you (?:must|need to|have to|should) )?(?:enable|turn on) javascript|(?:this \w+(?: \w+)? )?requires? javascript|javascript (?:is )?(?:required|disabled|must be enabled|is not enabled)|your browser (?:does not|doesn't) support|upgrade to a (?:modern|newer) browser|you are using an (?:out of date|outdated|unsupported) browser|you should upgrade or use an alternative browser)`)

// scriptWords are to scriptNotice what affiliateWords are to
// affiliateNotice.
var scriptWords = []string{"javascript", "browser"}

func isScriptNotice(li *LineInfo) bool {
	return li.Phrases.has(phScript) && scriptNotice.MatchString(li.Norm)
}

// widgetError matches the message a page's widget shows when it fails: a
// form, a store finder, a cart or a session ("Oops! Looks like we're having
// trouble connecting to our server.", "We're sorry, your request can't be
// completed right now."). The site speaks in its own voice, "oops" or
// "we're sorry", and names the failure. A forum post's "Sorry, I missed
// the bit about …" does neither, and a quoted apology ("We're sorry for
// the disruption," the airline said) names no failure of the page.
var widgetError = regexp.MustCompile(`^(?:oops|we're sorry|we are sorry)\b.*\b(?:try again|went wrong|expired|trouble connecting|not available|could not be (?:found|loaded|completed)|couldn't (?:find|load)|can't be completed|did not find|must be signed in)`)

// isWidgetError reports whether li is a widget's error message (see
// widgetError).
func isWidgetError(li *LineInfo) bool {
	n := li.Norm
	if !strings.HasPrefix(n, "oops") && !strings.HasPrefix(n, "we're sorry") && !strings.HasPrefix(n, "we are sorry") {
		return false
	}
	return widgetError.MatchString(n)
}

// affiliateNotice matches the disclosure a page prints about its affiliate
// links, in the forms that speak about the page itself or its publisher:
// an article about affiliate marketing mentions the links without saying
// that it earns from them. A disclosure says the page "may" earn: without
// it, quoted speech ("We earn a commission on each house we sell," the
// agent said) would match, and "at no extra cost to you" alone is as
// common in consumer news.
var affiliateNotice = regexp.MustCompile(`\b(?:may contain|contains?|uses?|may use) (?:some )?affiliate links|\blinks (?:in|on) this (?:article|post|page|site) are affiliate|^\W*affiliate links are used` +
	`|\bmay (?:earn|receive|get|make) (?:a |an )?(?:small )?(?:affiliate )?(?:commissions?|compensation|a share of sales)` +
	`|\b(?:we|i) earn (?:a )?(?:small )?commissions? (?:from|on|through|when)|\bsupported by commissions from` +
	`|as an amazon associate|earns? from qualifying purchases` +
	`|when you (?:buy|purchase|shop|click) (?:something )?through (?:links|our links|the links)` +
	`|(?:buying|purchases made) through (?:links|our links)`)

// affiliateWords are searched in every line as it is measured; each
// alternative of affiliateNotice holds one as whole words (the phrase
// index matches whole words only, hence "commissions" beside
// "commission"), so most lines never meet the regular expression.
var affiliateWords = []string{
	"affiliate", "commission", "commissions", "compensation", "share of sales", "amazon associate",
	"qualifying purchases", "through links", "through our links", "through the links",
}

// affiliateMarks hold a phrase of each alternative of affiliateNotice. The
// words of affiliateWords are found in prose too ("affiliate marketing",
// "workers' compensation"), on long lines that cost the expression tens of
// thousands of instructions each.
var affiliateMarks = newNeedles("affiliate links", "are affiliate", "may earn", "may receive", "may get", "may make",
	"we earn", "i earn", "supported by commissions", "amazon associate", "qualifying purchases",
	"through links", "through our links", "through the links")

func isAffiliateNotice(li *LineInfo) bool {
	return li.Phrases.has(phAffiliate) && affiliateMarks.in(li, li.Norm) && affiliateNotice.MatchString(li.Norm)
}

// ---------------------------------------------------------------------------
// Table of contents

// Contents drops a table of contents: a heading such as "Table of Contents"
// or "In this article", and the entries after it that name a section
// further down. The entries repeat the article's own headings, so the reader
// would see every heading twice; the headings themselves stay where they
// are. An entry is recognised only by the later copy of its text, so a list
// after such a heading that is not a table of contents is left alone.
type Contents struct{}

// Name implements Step.
func (Contents) Name() string { return "contents" }

// contentsHeadings open a table of contents, in normalised form without
// surrounding punctuation.
var contentsHeadings = newLabelSet(
	"table of contents", "contents", "in this article", "in this post", "in this guide",
	"on this page", "jump to", "jump to section", "article contents", "quick links",
	"what's in this article", "skip to section", "inhaltsverzeichnis", "inhalt",
	"sommaire", "table des matières", "índice", "contenido", "contenidos",
	"indice", "sumário", "conteúdo",
)

// contentsMaxWords is the longest line, in tokens, taken for an entry.
const contentsMaxWords = 20

// Apply implements Step.
func (Contents) Apply(d *Doc) {
	var last map[string]int // the last line each short line's entry key occurs on
	for i := range d.Len() {
		li := d.Info(i)
		if li.Words == 0 || li.Words > 6 || !contentsHeadings.has(trimMarks(li.Norm, contentsMarks)) {
			continue
		}
		d.Drop(i, CodeBoiler, "table of contents")
		if last == nil {
			// The map is sized for every line up front: growing it from
			// empty, on a page of many short lines, cost more than the
			// entries.
			last = make(map[string]int, d.Len())
			for j := range d.Len() {
				if lj := d.Info(j); lj.Words > 0 && lj.Words <= contentsMaxWords {
					last[entryKey(lj.Norm)] = j
				}
			}
		}
		for j := i + 1; j < d.Len(); j++ {
			lj := d.Info(j)
			if lj.Blank() {
				continue
			}
			if lj.Words == 0 || lj.Words > contentsMaxWords || last[entryKey(lj.Norm)] <= j {
				break
			}
			d.Drop(j, CodeBoiler, "table of contents")
		}
	}
}

// entryKey is the text of a table-of-contents entry or heading without its
// numbering, bullet or closing punctuation: "1. Getting started" and
// "Getting started:" have the same key.
func entryKey(norm string) string {
	k := strings.TrimLeft(norm, "0123456789.)-–—•·*#→► \t")
	return strings.TrimRight(k, " .:")
}

// bioMaxAfter is the most kept prose, in tokens, that may follow a bio
// paragraph for isAuthorBio to close the article there: a second paragraph
// of the bio, or a line of thanks.
const bioMaxAfter = 40

// authorBio matches the opening of a writer's bio: a name of one to four
// words, with a title or a credential perhaps ("Dr. Charles Patterson",
// "Angela Holliday-Bell, MD"), then "is a", "is the", "is Yeti's" or "was
// a", and within a dozen words a trade or a post ("freelance travel
// writer", "head of economics research", "VP of Marketing"). The name's
// words are checked apart, with personNameWord: a company's "About" blurb
// ("Budlong is dedicated to …", "Airalo is an eSIM store") names no trade.
var authorBio = regexp.MustCompile(`(?i)^(?:dr\.? )?((?:\S+ ){0,3}\S+?)(?:, [^,]{2,20})? (?:is|was) (?:a|an|the|\S+['’]s) (?:\S+ ){0,12}?(?:[a-z-]*writer|editor|reporter|journalist|author|contributor|columnist|correspondent|(?:co-)?founder|ceo|cto|cfo|vp|vice president|president|director|manager|executive|analyst|specialist|expert|consultant|coach|physician|researcher|professor|lecturer|strategist|marketer|photographer|communicator|attorney|lawyer|dietitian|nutritionist|therapist|head of)\b`)

// isAuthorBio reports whether li opens a writer's bio (see authorBio).
func isAuthorBio(li *LineInfo) bool {
	if !bioOpening.MatchString(li.Trim) {
		return false
	}
	m := authorBio.FindStringSubmatch(li.Trim)
	if m == nil {
		return false
	}
	for _, w := range strings.Fields(m[1]) {
		if !personNameWord(w) {
			return false
		}
	}
	return true
}

// bioOpening is a cheap test that isAuthorBio runs on every paragraph
// before its full pattern: " is " or " was " among the first six words.
var bioOpening = regexp.MustCompile(`^(?:\S+ ){1,5}(?:is|was) `)

// bioVerb matches the opening of a short description after its subject's
// name: "… is the owner of", "… has spent", "… holds a".
var bioVerb = regexp.MustCompile(`^(?:is|was|has|holds|serves|joined|leads|writes|covers|works)\b`)

// namesDescribed returns the name that line i stands over when the next line
// describes it: two to four capitalised words, after "About" perhaps, with
// the next line starting with the name, or its first word, and a verb
// ("Karina Cohen" over "Karina Cohen is the owner of …", "Apache Spark"
// over "Apache Spark is a unified analytics engine …"). It returns nil for
// any other line.
func namesDescribed(d *Doc, i int) []string {
	li := d.Info(i)
	if li.Terminal || li.Words < 2 || li.Words > 6 || li.Digits > 0 {
		return nil
	}
	name := strings.TrimPrefix(li.Trim, "About ")
	if c := strings.IndexByte(name, ','); c > 0 {
		name = name[:c] // "Brian Stormont, CFP®"
	}
	// The next line is tested first, on the name's first word: this is
	// asked of every short line of a page, menus and all.
	first, _, _ := strings.Cut(name, " ")
	j := nextNonBlank(d, i, 1)
	if j < 0 || d.Info(j).Words < 8 || !strings.HasPrefix(d.Info(j).Trim, first+" ") {
		return nil
	}
	words := strings.Fields(name)
	if len(words) < 2 || len(words) > 4 {
		return nil
	}
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return nil
		}
	}
	next := d.Info(j).Trim
	for _, subject := range []string{name, words[0]} {
		if rest, ok := strings.CutPrefix(next, subject+" "); ok && bioVerb.MatchString(rest) {
			return words
		}
	}
	return nil
}

// onlyAuthorBio returns the line of the name over the page's one author
// biography, or -1: the one line namesDescribed accepts, naming a person. A
// page with two or more such pairs is a list of people, products or places,
// each named over a paragraph about it, and none of them is a bio.
func onlyAuthorBio(d *Doc) int {
	at := -1
	var name []string
	for i := range d.Len() {
		if words := namesDescribed(d, i); words != nil {
			if at >= 0 {
				return -1
			}
			at, name = i, words
		}
	}
	if at < 0 || !slices.ContainsFunc(name, func(w string) bool { return !personNameWord(w) }) {
		return at
	}
	return -1
}

// personNameWord reports whether w could be a word of a person's name: a
// capital and then small letters ("Karina", "Holliday-Bell"), and no
// function word ("The Bleu Garten") or acronym ("Accruent EMS"), which
// name a place or a product in a list.
func personNameWord(w string) bool {
	if isFunctionWord(w) {
		return false
	}
	for k, r := range w {
		switch {
		case k == 0 && !unicode.IsUpper(r):
			return false
		case k > 0 && unicode.IsUpper(r) && w[k-1] != '-' && w[k-1] != '\'' && w[k-1] != 'c':
			return false // "McCartney" and "O'Brien" aside, capitals inside a word mark a brand
		case !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '.':
			return false
		}
	}
	return true
}

// isCount reports whether li is a number and nothing else ("5", "1,024",
// "-3").
func isCount(li *LineInfo) bool {
	return li.Words > 0 && li.Words == li.Digits && strings.Trim(li.Trim, "-0123456789,.") == ""
}
