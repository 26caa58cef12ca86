// Package dateparser stands in for github.com/markusmobius/go-dateparser,
// which go-htmldate imports for its extensive date search.
//
// dateline runs go-trafilatura with HtmlDateMode Fast, so go-htmldate never
// calls the date parser; its fast path reads dates from meta tags, JSON-LD,
// URLs and time elements without it. Linking the real package still cost
// every start of the reader about 180 ms of package initialisation, which
// compiles the regular expressions of some 200 locales, and kept 32 MB of
// them live for the whole session. The go.mod of dateline replaces the
// module with this one, which declares only the names go-htmldate uses and
// parses nothing.
package dateparser

import (
	"errors"
	"time"
)

// ErrNotLinked is what Parse returns: the extensive search is not built in.
var ErrNotLinked = errors.New("dateparser: the extensive date search is not linked into dateline")

// ParserType names one of the parsers the real package would try.
type ParserType uint8

// The parser types go-htmldate asks for.
const (
	CustomFormat ParserType = iota + 1
	AbsoluteTime
)

// PreferredDateSource tells the real package how to complete partial dates.
type PreferredDateSource uint8

// Past completes a partial date with the most recent match.
const Past PreferredDateSource = 1

// Configuration holds the settings go-htmldate passes to Parse.
type Configuration struct {
	PreferredDateSource PreferredDateSource
	StrictParsing       bool
}

// Date is a parse result; go-htmldate reads only its Time.
type Date struct {
	Time time.Time
}

// Parser is configured by go-htmldate with the parser types to try.
type Parser struct {
	ParserTypes []ParserType
}

// Parse finds no date: it returns the zero Date and ErrNotLinked, which
// go-htmldate treats as "no date found" should it ever be called.
func (p *Parser) Parse(cfg *Configuration, s string, formats ...string) (Date, error) {
	return Date{}, ErrNotLinked
}
