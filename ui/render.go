package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"

	"dateline/store"
	"dateline/store/clean"
	"dateline/store/entity"
)

// maxTextWidth caps the width article text is wrapped to. Lines much longer
// than this are tiring to read, so on a very wide terminal the article pane
// grows but the text keeps a comfortable measure.
const maxTextWidth = 110

// renderKey identifies one rendering of one article: the article, the wrap
// width, the view (clean or raw) and the Glamour style. Renderings are cached
// under it and a render message is current only if its key is the one the
// pane wants now.
type renderKey struct {
	id    string
	width int
	raw   bool
	style string
	marks string // the search terms highlighted, joined by NUL
	// entity is the names of the entity whose mentions are marked, joined
	// by NUL, and etype its type; n and N step through its mentions.
	entity string
	etype  entity.Type
	// back is the key that leaves the raw view, for its header.
	back string
}

// rendering is a finished rendering: the text and the lines with a search
// match on them, in order.
type rendering struct {
	content string
	matches []int
}

// renderedMsg carries a finished rendering back to the UI goroutine, and
// the text it was marked on when that was rendered too (see base).
type renderedMsg struct {
	key renderKey
	// gen is the pane's generation when the rendering was asked for: one
	// asked for before articles were revised under the same IDs holds
	// the old text and is never shown or kept. It is not part of the key,
	// so that renderings of articles that were not revised stay usable.
	gen int
	rendering
	base    string
	hasBase bool
}

// base is the key of k's text before any marks: what Glamour (or the raw
// view) makes of the article, which search terms and picked entities only
// mark up. Typing a query or moving through the sidebar changes the marks
// but not the base, which is kept apart so that they cost a marking pass,
// not reading the article back and rendering it again.
func (k renderKey) base() renderKey {
	k.marks, k.entity, k.etype = "", "", ""
	return k
}

// renderCmd renders article a for key k off the UI goroutine. Rendering
// Markdown with Glamour takes milliseconds per article, too long to do in
// Update or View without the reader stuttering while keys repeat. The
// search terms are marked afterwards, on the rendered lines, so that
// Markdown never sees them and wrapping cannot split a mark's escape codes.
//
// A slim article is read back whole first, which takes a cache read or, at
// worst, reading and cleaning its file again: work for here, not Update.
func renderCmd(a *store.Article, k renderKey, gen int, st styles, full FullFunc) tea.Cmd {
	return func() tea.Msg {
		var s string
		b, err := whole(full, a)
		switch {
		case err != nil:
			s = renderUnavailable(a, err, k.width, st)
		case k.raw:
			s = renderRaw(b, k.width, st, k.back)
		default:
			s = renderClean(b, k.width, k.style)
		}
		msg := markRendering(s, k, gen, st)
		msg.base, msg.hasBase = s, true
		return msg
	}
}

// markCmd marks up base, a rendering already made, for key k.
func markCmd(base string, k renderKey, gen int, st styles) tea.Cmd {
	return func() tea.Msg { return markRendering(base, k, gen, st) }
}

// markRendering marks k's search terms and entity in base.
func markRendering(base string, k renderKey, gen int, st styles) renderedMsg {
	var terms []string
	if k.marks != "" {
		terms = strings.Split(k.marks, "\x00")
	}
	s, lines := highlight(base, terms, st.match, false)
	if k.entity != "" {
		// While an entity is picked out, n and N step through its
		// mentions rather than the search matches.
		s, lines = highlight(s, strings.Split(k.entity, "\x00"), st.mention(k.etype), true)
	}
	return renderedMsg{key: k, gen: gen, rendering: rendering{content: s, matches: lines}}
}

// renderUnavailable is the pane for an article whose text could not be read
// back: its title, and why, in words that say what to do.
func renderUnavailable(a *store.Article, err error, width int, st styles) string {
	why := "its text could not be read back: " + err.Error()
	if errors.Is(err, store.ErrChanged) {
		why = "its file changed or was removed since the batch was loaded; open the batch again to see it as it is now"
	}
	return st.heading.Render(ansi.Wrap(articleTitle(a), width, "")) + "\n\n" + st.dim.Render(ansi.Wrap(sanitize(why), width, ""))
}

// renderClean renders the cleaned article as Markdown: a header with the
// title, the byline and what the cleaner did, then the body. Every piece of
// article text is escaped, so the text is shown as written and never read as
// markup. If Glamour fails the plain text is shown instead; an article is
// never left blank.
func renderClean(a *store.Article, width int, style string) string {
	md := articleMarkdown(a)
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err == nil {
		var out string
		if out, err = r.Render(md); err == nil {
			return strings.Trim(out, "\n")
		}
	}
	plain := articleHeader(a) + "\n\n" + sanitizeText(a.Body)
	return ansi.Wrap(plain, width, "") + "\n\n(" + sanitize(fmt.Sprintf("render failed: %v", err)) + ")"
}

// articleMarkdown builds the Markdown source for the clean view.
func articleMarkdown(a *store.Article) string {
	var b strings.Builder
	b.WriteString("# ")
	b.WriteString(escapeMarkdown(articleTitle(a)))
	b.WriteString("\n\n")
	if by := byline(a); by != "" {
		b.WriteString("*")
		b.WriteString(escapeMarkdown(by))
		b.WriteString("*\n\n")
	}
	// Each line of the header is a paragraph of its own: Glamour joins
	// the lines of a paragraph and does not keep hard line breaks.
	if a.Author != "" {
		b.WriteString("By " + escapeMarkdown(sanitize(a.Author)) + "\n\n")
	}
	if a.URL != "" {
		b.WriteString(escapeMarkdown(sanitize(a.URL)) + "\n\n")
	}
	b.WriteString(escapeMarkdown(cleanSummary(a)))
	for _, n := range articleNotes(a) {
		b.WriteString("\n\n**" + escapeMarkdown(n) + "**")
	}
	b.WriteString("\n\n---\n\n")
	for _, p := range paragraphs(sanitizeText(a.Body)) {
		b.WriteString(escapeMarkdown(p))
		b.WriteString("\n\n")
	}
	return b.String()
}

// articleHeader is the plain-text header: title, byline, author, URL,
// summary and notes.
func articleHeader(a *store.Article) string {
	lines := []string{articleTitle(a)}
	if by := byline(a); by != "" {
		lines = append(lines, by)
	}
	if a.Author != "" {
		lines = append(lines, "By "+sanitize(a.Author))
	}
	if a.URL != "" {
		lines = append(lines, sanitize(a.URL))
	}
	lines = append(lines, cleanSummary(a))
	return strings.Join(append(lines, articleNotes(a)...), "\n")
}

// articleNotes are warnings about the article shown in its header: a
// language other than English (the entity model reads English only), a page
// the cleaner stripped whole (a shop or index page, whose pane would
// otherwise end at the header with no word of why) and a file cut short by
// the loader's size limit.
func articleNotes(a *store.Article) []string {
	var notes []string
	if a.Lang == "other" {
		notes = append(notes, langMarker+" not in English: the entities may be unreliable")
	}
	if stripped, total := a.LineCounts(); total > 0 && stripped == total {
		notes = append(notes, "nothing is left after cleaning: the raw view shows the page's text and why each line went")
	}
	if a.Truncated {
		notes = append(notes, "truncated: the file is larger than the loader reads, and only its beginning is shown")
	}
	return notes
}

// byline is "source · place · date", leaving out what is unknown. The date
// is the ISO form when the loader parsed one, which says the year that
// dates as written in articles often leave out.
func byline(a *store.Article) string {
	var parts []string
	date := a.Date
	if a.DateISO != "" {
		date = a.DateISO
	}
	for _, s := range []string{a.Source, a.Place, date} {
		if s = strings.TrimSpace(sanitize(s)); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

// cleanSummary says how long the article is and how much the cleaner took
// out, e.g. "312 words · stripped 26 of 35 lines".
func cleanSummary(a *store.Article) string {
	stripped, total := a.LineCounts()
	return fmt.Sprintf("%s · stripped %d of %d lines", plural(a.Words, "word", "words"), stripped, total)
}

// paragraphs splits text at blank lines and joins the lines of each paragraph
// with spaces, dropping leading indentation that Markdown would otherwise take
// for a code block.
func paragraphs(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, ln := range strings.Split(text, "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" {
			flush()
			continue
		}
		cur = append(cur, ln)
	}
	flush()
	return out
}

// escapeMarkdown writes every ASCII punctuation character as a numeric
// character reference ("*" as "&#42;"). CommonMark reads a character
// reference as the literal character, never as markup, so "*", "#", "1.",
// "[x](y)", "<b>", "&amp;" and bare URLs in scraped text stay text.
//
// Backslash escapes would be the textbook way, but Glamour prints the
// backslash of most escapes as it is, while it does resolve character
// references. The backslash itself is the exception: Glamour drops a
// backslash that reaches it just before punctuation, however it was
// written, except when it was written as the escape "\\".
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x80 && isASCIIPunct(byte(r)):
			b.WriteString("&#")
			b.WriteString(strconv.Itoa(int(r)))
			b.WriteByte(';')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~')
}

// renderRaw renders every raw line of the article with what the cleaner did
// to it: kept lines as they are, stripped lines dimmed and struck through
// with the reason after them. It lets the user check the cleaner's work.
func renderRaw(a *store.Article, width int, st styles, back string) string {
	lines := a.Clean.Lines
	if len(lines) == 0 {
		// Nothing was cleaned (or the cleaner has not run): show the raw text.
		for _, s := range strings.Split(a.Raw, "\n") {
			lines = append(lines, clean.Line{Text: s})
		}
	}
	stripped, total := a.LineCounts()
	var b strings.Builder
	b.WriteString(st.heading.Render(ansi.Wrap("Raw · "+articleTitle(a), width, "")))
	b.WriteString("\n")
	b.WriteString(st.dim.Render(ansi.Wrap(fmt.Sprintf("%d lines, %d stripped (struck through) · %s for the clean view", total, stripped, back), width, "")))
	b.WriteString("\n\n")
	textW := max(width-2, 1)
	for i, ln := range lines {
		text := sanitize(ln.Text)
		if strings.TrimSpace(text) == "" {
			b.WriteString("\n")
			continue
		}
		wrapped := strings.Split(ansi.Wrap(text, textW, ""), "\n")
		if ln.Kept() {
			for _, w := range wrapped {
				b.WriteString("  " + w + "\n")
			}
			continue
		}
		for _, w := range wrapped {
			b.WriteString(st.reason.Render("✗ ") + st.stripped.Render(w) + "\n")
		}
		// A run of lines stripped for the same reason (a price list, a
		// share bar) gets the reason once, after its last line.
		if next, ok := nextNonBlank(lines, i); ok && !next.Kept() && next.Code == ln.Code && next.Reason == ln.Reason {
			continue
		}
		reason := sanitize(ln.Reason)
		if reason == "" {
			reason = sanitize(string(ln.Code))
		}
		// The reason hangs under the text, its wrapped lines aligned
		// after the arrow.
		for j, w := range strings.Split(ansi.Wrap(reason, max(textW-2, 1), ""), "\n") {
			lead := "  ↳ "
			if j > 0 {
				lead = "    "
			}
			b.WriteString(st.reason.Render(lead+w) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// nextNonBlank returns the first line after i with text on it.
func nextNonBlank(lines []clean.Line, i int) (clean.Line, bool) {
	for _, ln := range lines[i+1:] {
		if strings.TrimSpace(ln.Text) != "" {
			return ln, true
		}
	}
	return clean.Line{}, false
}
