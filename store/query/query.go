// Package query parses and evaluates the reader's filter language, typed in
// the "/" prompt:
//
//	kerry aleppo             every word must occur in the title, source or body
//	"military talks"         a phrase, matched across line breaks
//	-opinion                 a minus excludes: the term must not match
//	entity:"Sergei Lavrov"   the article mentions the entity, under any alias
//	@Lavrov  @"John Kerry"   the same, shorter
//	person:Kerry  org:"White House"  place:Aleppo  other:Olympics
//	                         an entity of that type only
//	source:reuters           the source contains the word
//	lang:en  lang:other  lang:unknown
//	after:2016-09-01  before:2016-10   published on or after / before the
//	                         start of that day, month or year
//	is:unread  is:read  is:starred
//	stripped:>50%            the cleaner removed more than half the lines;
//	                         also >=, <, <=, = and a plain share such as 0.5
//
// Matching is case- and accent-insensitive. All terms must match. A word
// with a colon that does not start with a known field ("10:30", "http://x")
// is an ordinary word. Parse reports the first problem with its position,
// so the prompt can point at it.
package query

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dateline/store/entity"
)

// Kind is what a term tests.
type Kind int

// The kinds of term.
const (
	Word     Kind = iota // a word in the title, source or body
	Phrase               // a quoted phrase in the title, source or body
	Entity               // a named entity, optionally of one type
	Source               // a word in the source
	Lang                 // the detected language
	After                // published on or after a date
	Before               // published before a date
	Is                   // read state: read, unread, starred
	Stripped             // share of lines the cleaner stripped
)

// Op compares a number in a stripped: term.
type Op string

// The comparisons.
const (
	OpGT Op = ">"
	OpGE Op = ">="
	OpLT Op = "<"
	OpLE Op = "<="
	OpEQ Op = "="
)

// Term is one condition of a query.
type Term struct {
	Kind Kind
	Neg  bool // the term was written with a leading "-"
	// Value is the term's text without field name and quotes, e.g.
	// "Sergei Lavrov" for entity:"Sergei Lavrov", "unread" for is:unread.
	Value string
	// Type restricts an Entity term to one type; empty for any type.
	Type entity.Type
	// Date is the start of the day, month or year of an After or Before
	// term, in UTC.
	Date time.Time
	// Op and Share are the comparison of a Stripped term, Share in [0, 1].
	Op    Op
	Share float64
	// Pos and End are the byte offsets of the term in the query text.
	Pos, End int
}

// Query is a parsed filter. The zero Query matches everything.
type Query struct {
	Text  string // as typed
	Terms []Term
}

// Empty reports whether the query has no terms and so matches everything.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// Error is a parse error at a byte offset of the query text.
type Error struct {
	Pos int    // byte offset of the problem in the query text
	Msg string // what is wrong, e.g. `unknown state "foo"`
}

// Error implements error; the column counts characters from 1.
func (e *Error) Error() string { return fmt.Sprintf("column %d: %s", e.Pos+1, e.Msg) }

// Column returns the 1-based character column of the error in text.
func (e *Error) Column(text string) int {
	if e.Pos > len(text) {
		return utf8.RuneCountInString(text) + 1
	}
	return utf8.RuneCountInString(text[:e.Pos]) + 1
}

// fields maps field names to the kind of term they start and, for entity
// fields, the entity type.
var fields = map[string]struct {
	kind Kind
	typ  entity.Type
}{
	"entity":   {Entity, ""},
	"person":   {Entity, entity.PER},
	"org":      {Entity, entity.ORG},
	"place":    {Entity, entity.LOC},
	"other":    {Entity, entity.MISC},
	"source":   {Source, ""},
	"lang":     {Lang, ""},
	"after":    {After, ""},
	"before":   {Before, ""},
	"is":       {Is, ""},
	"stripped": {Stripped, ""},
}

// EntityField reports whether name (entity, person, org, place, other; in
// any case) starts an entity term, and the type it restricts the term to
// (empty for entity:), so that completion knows the fields the parser does.
func EntityField(name string) (entity.Type, bool) {
	f, ok := fields[strings.ToLower(name)]
	if !ok || f.kind != Entity {
		return "", false
	}
	return f.typ, true
}

// Parse parses a query. On error it returns the terms parsed before the
// problem and an *Error.
func Parse(text string) (Query, error) {
	p := parser{src: text}
	q := Query{Text: text}
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			return q, nil
		}
		t, err := p.term()
		if err != nil {
			return q, err
		}
		q.Terms = append(q.Terms, t)
	}
}

type parser struct {
	src string
	pos int
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		p.pos += n
	}
}

func (p *parser) errorf(pos int, format string, args ...any) error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// term parses one term: an optional "-", then a phrase, an @entity, a
// field:value or a word.
func (p *parser) term() (Term, error) {
	start := p.pos
	t := Term{Pos: start}
	if p.src[p.pos] == '-' {
		t.Neg = true
		p.pos++
		if p.pos >= len(p.src) || p.atSpace() {
			return t, p.errorf(start, `"-" must be followed by a term to exclude`)
		}
	}
	switch {
	case p.src[p.pos] == '"':
		s, err := p.quoted()
		if err != nil {
			return t, err
		}
		t.Kind, t.Value = Phrase, s
	case p.src[p.pos] == '@':
		at := p.pos
		p.pos++
		s, err := p.value()
		if err != nil {
			return t, err
		}
		if s == "" {
			return t, p.errorf(at, `"@" must be followed by a name, e.g. @Lavrov`)
		}
		t.Kind, t.Value = Entity, s
	default:
		if err := p.fieldOrWord(&t); err != nil {
			return t, err
		}
	}
	t.End = p.pos
	if t.Value == "" && t.Kind == Word {
		// Only a stray character the word reader stops at could get here;
		// a quoted phrase may be empty ("") and then matches everything,
		// like an empty search.
		return t, p.errorf(start, "empty term")
	}
	return t, nil
}

func (p *parser) atSpace() bool {
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return unicode.IsSpace(r)
}

// fieldOrWord parses field:value, or a plain word when the text before the
// colon is not a field name.
func (p *parser) fieldOrWord(t *Term) error {
	wordStart := p.pos
	for i := p.pos; i < len(p.src); {
		r, n := utf8.DecodeRuneInString(p.src[i:])
		if r == ':' {
			name := strings.ToLower(p.src[wordStart:i])
			f, ok := fields[name]
			if !ok {
				break
			}
			valPos := i + 1
			p.pos = valPos
			s, err := p.value()
			if err != nil {
				return err
			}
			if s == "" {
				return p.errorf(valPos, "%s: needs a value%s", name, example(f.kind))
			}
			t.Kind, t.Type, t.Value = f.kind, f.typ, s
			return p.check(t, valPos)
		}
		if unicode.IsSpace(r) || r == '"' {
			break
		}
		i += n
	}
	p.pos = wordStart
	t.Kind, t.Value = Word, p.bare()
	return nil
}

// example suggests a value for a field that was left empty.
func example(k Kind) string {
	switch k {
	case Entity:
		return `, e.g. person:"John Kerry"`
	case Source:
		return ", e.g. source:reuters"
	case Lang:
		return ": en, other or unknown"
	case After, Before:
		return ", a date such as 2016-09-28"
	case Is:
		return ": read, unread or starred"
	case Stripped:
		return ", e.g. stripped:>50%"
	}
	return ""
}

// value parses a quoted string or a bare word.
func (p *parser) value() (string, error) {
	if p.pos < len(p.src) && p.src[p.pos] == '"' {
		return p.quoted()
	}
	return p.bare(), nil
}

// bare reads up to the next space or quote.
func (p *parser) bare() string {
	start := p.pos
	for p.pos < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		if unicode.IsSpace(r) || r == '"' {
			break
		}
		p.pos += n
	}
	return p.src[start:p.pos]
}

// quoted reads a double-quoted string. There are no escapes: a phrase with
// a double quote in it can be searched for as words.
func (p *parser) quoted() (string, error) {
	open := p.pos
	p.pos++
	end := strings.IndexByte(p.src[p.pos:], '"')
	if end < 0 {
		p.pos = len(p.src)
		return "", p.errorf(open, "unclosed quote")
	}
	s := p.src[p.pos : p.pos+end]
	p.pos += end + 1
	return strings.TrimSpace(s), nil
}

// check validates the value of a field term and fills in what it means.
func (p *parser) check(t *Term, valPos int) error {
	switch t.Kind {
	case Lang:
		v := strings.ToLower(t.Value)
		switch v {
		case "en", "english":
			t.Value = "en"
		case "other":
			t.Value = "other"
		case "unknown", "none":
			t.Value = ""
		default:
			return p.errorf(valPos, "lang: is en, other or unknown, not %q", t.Value)
		}
	case Is:
		v := strings.ToLower(t.Value)
		switch v {
		case "read", "unread", "starred":
			t.Value = v
		default:
			return p.errorf(valPos, "is: is read, unread or starred, not %q", t.Value)
		}
	case After, Before:
		d, ok := parseDate(t.Value)
		if !ok {
			return p.errorf(valPos, "%q is not a date: write 2016, 2016-09 or 2016-09-28", t.Value)
		}
		t.Date = d
	case Stripped:
		op, share, err := parseShare(t.Value)
		if err != "" {
			return p.errorf(valPos, "stripped: %s", err)
		}
		t.Op, t.Share = op, share
	}
	return nil
}

// parseDate reads a year, a year and month, or a full date.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) != len(layout) {
			continue
		}
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// parseShare reads a comparison such as ">50%", "<=0.25" or "30%". A bare
// number means "at least".
func parseShare(s string) (Op, float64, string) {
	op := OpGE
	for _, o := range []Op{OpGE, OpLE, OpGT, OpLT, OpEQ} {
		if rest, ok := strings.CutPrefix(s, string(o)); ok {
			op, s = o, rest
			break
		}
	}
	pct := strings.HasSuffix(s, "%")
	s = strings.TrimSuffix(s, "%")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v { // v != v: NaN
		return "", 0, "write a share such as >50% or <=0.2"
	}
	if pct || v > 1 {
		v /= 100
	}
	if v < 0 || v > 1 {
		return "", 0, "the share must be between 0% and 100%"
	}
	return op, v, ""
}
