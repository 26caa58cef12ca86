// Package store loads folders of scraped articles, cleans them, finds their
// entities and keeps the batch index the reader browses and filters.
package store

import (
	"strings"
	"sync/atomic"
	"time"

	"dateline/store/clean"
	"dateline/store/entity"
)

// Article is one loaded, cleaned and tagged article.
type Article struct {
	ID     string // stable: a hash of the raw bytes
	Path   string // the root given by the user joined with the file's relative path
	Index  int    // position within a multi-article file; -1 for a single-article file
	Title  string
	Source string // site name or agency, e.g. "IANS/EFE"
	Author string
	Date   string // as written in the article or its metadata, e.g. "Sep 17"
	// Published is Date parsed, when it holds a full date; zero otherwise.
	Published time.Time
	DateISO   string // Published in ISO 8601, as precise as the source; empty when not parsed
	Lang      string // "en" for English, "other" for other languages, "" when too short to tell
	Place     string // from the dateline, e.g. "Washington"
	URL       string
	Size      int64 // bytes in the file
	// Truncated is set when the file was larger than the loader reads and
	// only its beginning was loaded.
	Truncated bool
	Raw       string // the decoded text before cleaning
	Clean     clean.Result
	Body      string // the cleaned text, paragraphs separated by blank lines
	Words     int    // words in Body
	Entities  []entity.Entity

	folded       *searchText // title, source and body folded for matching
	foldedTitle  string      // Title folded, for sorting by title
	foldedSource string      // Source folded, for source: terms
	ents         []entRef    // Entities, compact and with their names folded
	meta         docMeta     // what the file said, before the text was read

	// slim is set on the light copy Slim makes: Raw, Clean.Lines, Body and
	// Entities are empty, and Loader.Full brings them back. The entities
	// stay in ents, without their mentions (see EntityList).
	slim bool
	// stripped and lines are Clean.Counts, kept so that a slim article
	// still sorts and filters by how much was stripped.
	stripped, lines int
	// batch holds the lines whose verdict the batch step changed, so that
	// Full can rebuild a revised article from the file's pre-batch result.
	batch []batchMark
}

// batchMark is a line whose verdict the batch step changed: its index among
// the raw lines, and its new code and reason (empty when it is kept).
type batchMark struct {
	line   int
	code   clean.Code
	reason string
}

// Slim returns a light copy of a for a reader that keeps a large batch in
// memory: it keeps the metadata, the entities (without their mentions'
// offsets, and in a compact form that EntityList reads), the counts and the
// search text, and drops the raw text, the cleaned lines and the body,
// which are most of an article's size. Loader.Full brings them back on
// demand. a itself is not changed.
func (a *Article) Slim() *Article { return a.slimWith(nil) }

// slimWith is Slim, sharing the entities' names through t.
func (a *Article) slimWith(t *nameTable) *Article {
	if a.slim {
		return a
	}
	b := *a
	b.stripped, b.lines = a.LineCounts()
	b.slim = true
	b.Raw, b.Body = "", ""
	b.Clean = clean.Result{}
	b.Entities = nil
	switch {
	case len(a.ents) != len(a.Entities):
		b.ents = refsOf(a.Entities, t)
	case t != nil:
		b.ents = shareRefs(a.ents, t)
	}
	// The metadata of a freshly built article is often cut from its raw
	// text, and a substring keeps the whole text alive: a slim article
	// that kept its title that way would keep the file it came from.
	for _, f := range []*string{&b.ID, &b.Title, &b.Source, &b.Author, &b.Date, &b.DateISO, &b.Lang, &b.Place, &b.URL, &b.meta.title, &b.meta.source, &b.meta.date, &b.foldedSource, &b.foldedTitle} {
		*f = strings.Clone(*f)
	}
	return &b
}

// Slimmed reports whether a is a light copy made by Slim, without its text.
func (a *Article) Slimmed() bool { return a.slim }

// LineCounts returns how many of the article's non-blank raw lines the
// cleaner stripped, and how many there are; it works on slim articles too.
func (a *Article) LineCounts() (stripped, total int) {
	if a.slim {
		return a.stripped, a.lines
	}
	return a.Clean.Counts()
}

// foldedEntity is one of an article's entities with its names folded once,
// so that matching entity terms over a whole batch on every keystroke does
// not fold the same names again and again.
type foldedEntity struct {
	typ     entity.Type
	name    string
	aliases []string
}

// docMeta is the metadata a file gave for an article, kept so that the
// article can be derived again from a new cleaning.
type docMeta struct {
	title, source, date string
	extracted           bool // the body came from an HTML extractor
}

// Prepare builds the article's search text from its title, source, body and
// entities. The loader calls it; code that builds or edits an Article by hand
// calls it again after changing those fields, or filters will not see the
// change.
//
// Runs of white space are collapsed to one space within each field, so that
// a quoted phrase matches across the line breaks of the scraped text; the
// fields stay apart on lines of their own, so no phrase spans two of them.
func (a *Article) Prepare() {
	a.foldedTitle = squashSpace(Fold(a.Title))
	a.foldedSource = squashSpace(Fold(a.Source))
	a.folded = newSearchText(a.foldedTitle + "\n" + a.foldedSource + "\n" + squashSpace(Fold(a.Body)))
	a.ents = refsOf(a.Entities, nil)
}

// SearchText returns the article's title, source and body, folded with Fold
// and with white space collapsed, one field per line. It is what text filters
// match against; it is empty until Prepare has run.
func (a *Article) SearchText() string { return a.folded.get() }

// searchText holds an article's search text, by far the largest part of a
// slim article: some 3.5 KB of an article's 4.5, so 350 MB at 100,000
// articles. An article read back from the pack borrows it from the mapped
// pack (see decodePackEntry), where it is the kernel's page cache rather
// than the reader's heap. An article built in this load has it on the heap
// until its pack is written; the loader then points it at the same bytes
// in the pack (see Loader.rebind). Articles are shared with the reader's
// goroutine by then, so the text sits behind an atomic pointer, and a copy
// of an article (Slim) shares its holder: the bytes are the same
// wherever they live.
type searchText struct {
	// p points at a string of its own, not at a field beside it: a
	// rebind must leave nothing here that keeps the old text alive, and
	// a field cleared while the reader's goroutine reads it would race.
	p atomic.Pointer[string]
}

// newSearchText holds s.
func newSearchText(s string) *searchText {
	t := &searchText{}
	t.p.Store(&s)
	return t
}

// get returns the text; an article never prepared has none.
func (t *searchText) get() string {
	if t == nil {
		return ""
	}
	return *t.p.Load()
}

// rebind points t at s, which must hold the same text, and reports
// whether it did. It compares the lengths and both ends, not the whole:
// enough to catch a text looked for in the wrong place, without reading
// hundreds of megabytes of a pack just written back into memory.
func (t *searchText) rebind(s string) bool {
	if t == nil {
		return false
	}
	old := t.get()
	const edge = 64
	if len(s) != len(old) || s[:min(edge, len(s))] != old[:min(edge, len(old))] || s[max(len(s)-edge, 0):] != old[max(len(old)-edge, 0):] {
		return false
	}
	t.p.Store(&s)
	return true
}

// SourceText returns the article's source folded with Fold, as Prepare left
// it.
func (a *Article) SourceText() string { return a.foldedSource }

// squashSpace collapses every run of white space to a single space.
func squashSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// foldEntity folds e's names.
func foldEntity(e entity.Entity) foldedEntity {
	fe := foldedEntity{typ: e.Type, name: Fold(e.Name)}
	for _, al := range e.Aliases {
		fe.aliases = append(fe.aliases, Fold(al))
	}
	return fe
}

// Skip is a file or item that was not loaded, and why.
type Skip struct {
	Path   string
	Reason string
}

// Update is one step of a streaming load: the articles and skips found since
// the previous update, and the progress so far.
type Update struct {
	Articles []*Article
	Skips    []Skip
	Found    int // files found so far: all of them once a quick listing is done
	// Revised holds new versions of articles sent earlier (same ID, path and
	// index), cleaned again once the whole batch was seen: lines repeated
	// across many articles of the batch are template and go.
	Revised []*Article
	// Removed holds articles sent earlier that are no longer in the batch.
	// A reopen shows the articles its cache holds before it looks at the
	// folder; a file found changed since then has its old articles
	// removed and its new ones in Articles, and a file gone has its
	// articles removed.
	Removed []*Article
	// Checking is set while a reopen checks the articles it showed from
	// its cache against the folder; Done counts the files checked.
	Checking bool
	Done     int  // files processed so far
	Finished bool // the walk and all work are done; no more updates follow
}

// carry returns the update that follows u: empty, with u's progress.
func (u Update) carry() Update {
	return Update{Found: u.Found, Done: u.Done, Checking: u.Checking}
}
