// Package clean strips boilerplate from article text. It works as a pipeline
// of steps over the lines of an article; every line a step drops carries a
// reason code and a short reason a person can read, so the reader can show
// what was removed and why.
package clean

import "strings"

// Code is a machine-readable reason for dropping a line.
type Code string

// Reason codes recorded by the default pipeline. A step may use its own codes;
// these are the ones the reader knows how to label.
const (
	CodePaywall    Code = "paywall"     // a paywall or stop marker and everything it cuts off
	CodeCredit     Code = "credit"      // an agency trailer or a reporting/editing credit
	CodeDesk       Code = "desk-code"   // an agency desk code or stray fragment such as "ml/"
	CodeCookie     Code = "cookie"      // a cookie or consent notice
	CodeAdvert     Code = "advert"      // an advertisement label
	CodeShare      Code = "share"       // share buttons
	CodePhoto      Code = "photo"       // a photo or image credit
	CodeRelated    Code = "related"     // "Read more", related-story teasers
	CodeNewsletter Code = "newsletter"  // a newsletter or sign-up prompt
	CodeAppeal     Code = "appeal"      // a plea for donations, members or paying subscribers
	CodeCopyright  Code = "copyright"   // a copyright or rights notice
	CodePrice      Code = "price"       // a subscription price or price-list fragment
	CodeTemplate   Code = "template"    // an unfilled template placeholder
	CodeLink       Code = "link"        // a bare URL, e-mail address or social handle
	CodeBoiler     Code = "boilerplate" // low-content text (menus, labels) found by the line classifier
	CodeByline     Code = "byline"      // an author, date or reading-time line
	CodeComments   Code = "comments"    // the reader-comment section after an article
	CodeRepeated   Code = "repeated"    // a line that repeats across many articles of the batch
	CodeDuplicate  Code = "duplicate"   // a second copy of a line already kept in the same article
	CodeNoArticle  Code = "no-article"  // the fragments left of a page that holds no article
)

// Line is one line of the raw article text and what the cleaner decided.
type Line struct {
	Text   string
	Code   Code   // empty when the line is kept
	Reason string // a short human-readable reason; empty when kept
}

// Kept reports whether the line survives cleaning.
func (l Line) Kept() bool { return l.Code == "" }

// Blank reports whether the line has no text: white space and invisible
// format characters only, as the cleaner reads it. Such a line is never
// stripped, so it counts as kept, and a caller looking for the text's lines
// should pass it over.
func (l Line) Blank() bool { return trimLine(l.Text) == "" }

// Result is the outcome of cleaning one article.
type Result struct {
	Lines  []Line
	Credit string // agency credit found in a trailer such as "--IANS/EFE", as "IANS/EFE"
}

// Text returns the kept lines as paragraphs separated by blank lines.
func (r Result) Text() string {
	var b strings.Builder
	for _, l := range r.Lines {
		t := trimLine(l.Text)
		if !l.Kept() || t == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(t)
	}
	return b.String()
}

// Headline returns the line a Headline step marked as the article's
// headline, and "" when it marked none.
func (r Result) Headline() string {
	for _, l := range r.Lines {
		if l.Code == CodeHeadline {
			return trimLine(l.Text)
		}
	}
	return ""
}

// Counts returns how many non-blank lines were stripped and how many non-blank lines there were.
func (r Result) Counts() (stripped, total int) {
	for _, l := range r.Lines {
		if trimLine(l.Text) == "" {
			continue
		}
		total++
		if !l.Kept() {
			stripped++
		}
	}
	return stripped, total
}

// Cleaner runs the cleaning pipeline. The zero value is not usable; call New.
// A Cleaner holds only its list of steps, which never change after
// construction, so one Cleaner may be shared by any number of goroutines.
type Cleaner struct {
	steps []Step
}

// New returns a cleaner with the default pipeline, for text that may still
// hold the whole page: menus, teasers and footers as well as the article.
func New() *Cleaner { return NewWithSteps(DefaultSteps()...) }

// NewExtracted returns a cleaner for text that an HTML extractor (such as
// go-trafilatura) already reduced to the main content. It runs only the
// high-precision steps of ExtractedSteps: the extractor has removed the page
// chrome, and the line classifier, trained on whole-page dumps, would cut
// real content from text that no longer looks like a page.
func NewExtracted() *Cleaner { return NewWithSteps(ExtractedSteps()...) }

// NewWithSteps returns a cleaner that runs exactly the given steps, in order.
// It exists so callers (and the evaluation) can measure or extend the
// pipeline; the steps must be safe for concurrent use.
func NewWithSteps(steps ...Step) *Cleaner {
	return &Cleaner{steps: append([]Step(nil), steps...)}
}

// Clean splits text into lines and runs the pipeline over them. The result
// has exactly one Line per input line, in order, so a reader can show the raw
// text with the stripped lines marked.
func (c *Cleaner) Clean(text string) Result {
	d := newDoc(text)
	for _, s := range c.steps {
		s.Apply(d)
	}
	return Result{Lines: d.lines, Credit: d.credit}
}

// CleanText is Clean followed by Result.Text, in the shape evaluation code wants.
func (c *Cleaner) CleanText(text string) string { return c.Clean(text).Text() }
