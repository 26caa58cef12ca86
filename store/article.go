// Package store loads folders of scraped articles, cleans them, finds their
// entities and keeps the batch index the reader browses and filters.
package store

import (
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

	folded string // title, source and body folded for matching
}

// Prepare builds the article's search text from its title, source and body.
// The loader calls it; code that builds or edits an Article by hand calls it
// again after changing those fields, or text filters will not see the change.
func (a *Article) Prepare() {
	a.folded = Fold(a.Title + "\n" + a.Source + "\n" + a.Body)
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
	Found    int  // files found so far
	Done     int  // files processed so far
	Finished bool // the walk and all work are done; no more updates follow
}
