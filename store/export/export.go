// Package export writes loaded articles for machines: JSON lines for jq and
// pipelines, or CSV for spreadsheets. Writers stream one article at a time
// and keep nothing, so an export's memory does not grow with the batch.
package export

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"dateline/store"
	"dateline/store/entity"
)

// Options choose what an export contains.
type Options struct {
	NoEntities bool // leave out the entities field
}

// Record is the JSON shape of one exported article. The field order is the
// documented order of the export format.
type Record struct {
	ID       string     `json:"id"`
	Path     string     `json:"path"`
	Index    *int       `json:"index,omitempty"`
	Title    string     `json:"title"`
	Source   string     `json:"source"`
	Author   string     `json:"author"`
	Date     string     `json:"date"`
	URL      string     `json:"url"`
	Place    string     `json:"place"`
	Lang     string     `json:"lang"`
	Words    int        `json:"words"`
	Text     string     `json:"text"`
	Stripped []Stripped `json:"stripped"`
	Entities *[]Entity  `json:"entities,omitempty"`
}

// Stripped is one line the cleaner removed, with its reason.
type Stripped struct {
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Entity is one entity of an article.
type Entity struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Count   int      `json:"count"`
	Aliases []string `json:"aliases"`
}

// NewRecord converts an article to its export record.
func NewRecord(a *store.Article, opts Options) Record {
	r := Record{
		ID:       a.ID,
		Path:     a.Path,
		Title:    a.Title,
		Source:   a.Source,
		Author:   a.Author,
		Date:     cmp.Or(a.DateISO, a.Date),
		URL:      a.URL,
		Place:    a.Place,
		Lang:     a.Lang,
		Words:    a.Words,
		Text:     a.Body,
		Stripped: []Stripped{},
	}
	if a.Index >= 0 {
		i := a.Index
		r.Index = &i
	}
	for _, l := range a.Clean.Lines {
		if !l.Kept() && strings.TrimSpace(l.Text) != "" {
			r.Stripped = append(r.Stripped, Stripped{Text: l.Text, Reason: l.Reason})
		}
	}
	if !opts.NoEntities {
		ents := make([]Entity, 0, len(a.Entities))
		for _, e := range a.Entities {
			ents = append(ents, fromEntity(e))
		}
		r.Entities = &ents
	}
	return r
}

func fromEntity(e entity.Entity) Entity {
	aliases := e.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	return Entity{Name: e.Name, Type: string(e.Type), Count: e.Count, Aliases: aliases}
}

// Writer writes articles in one format.
type Writer interface {
	Write(a *store.Article) error
	Flush() error
}

// NewWriter returns a writer for format "jsonl" or "csv".
func NewWriter(w io.Writer, format string, opts Options) (Writer, error) {
	switch format {
	case "jsonl", "json", "":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &jsonlWriter{enc: enc, opts: opts}, nil
	case "csv":
		return newCSVWriter(w, opts), nil
	}
	return nil, fmt.Errorf("unknown format %q (want jsonl or csv)", format)
}

type jsonlWriter struct {
	enc  *json.Encoder
	opts Options
}

func (j *jsonlWriter) Write(a *store.Article) error { return j.enc.Encode(NewRecord(a, j.opts)) }
func (j *jsonlWriter) Flush() error                 { return nil }

type csvWriter struct {
	w      *csv.Writer
	opts   Options
	header bool
}

func newCSVWriter(w io.Writer, opts Options) *csvWriter {
	return &csvWriter{w: csv.NewWriter(w), opts: opts}
}

// Write writes one row. CSV has no nesting, so stripped lines become a
// count and entities a "Name (TYPE) ×N" list separated by semicolons.
func (c *csvWriter) Write(a *store.Article) error {
	if !c.header {
		head := []string{"id", "path", "index", "title", "source", "author", "date", "url", "place", "lang", "words", "text", "stripped"}
		if !c.opts.NoEntities {
			head = append(head, "entities")
		}
		if err := c.w.Write(head); err != nil {
			return err
		}
		c.header = true
	}
	r := NewRecord(a, c.opts)
	index := ""
	if r.Index != nil {
		index = strconv.Itoa(*r.Index)
	}
	row := []string{r.ID, r.Path, index, r.Title, r.Source, r.Author, r.Date, r.URL, r.Place, r.Lang,
		strconv.Itoa(r.Words), r.Text, strconv.Itoa(len(r.Stripped))}
	if r.Entities != nil {
		var parts []string
		for _, e := range *r.Entities {
			parts = append(parts, fmt.Sprintf("%s (%s) ×%d", e.Name, e.Type, e.Count))
		}
		row = append(row, strings.Join(parts, "; "))
	}
	return c.w.Write(row)
}

func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
