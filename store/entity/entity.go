// Package entity finds the names of people, organisations, places and other
// things in article text, merges their aliases and ranks them by salience.
//
// The tagger (package internal/tagger) is an averaged structured perceptron
// over BILOU tags with Viterbi decoding, in two stages: the second sees what
// the first said about the same words elsewhere in the article. It is
// trained by ./train on openly licensed data only (see NOTICE.md) and
// embedded as model.bin. On top of its output, Extract applies article-level
// steps: agency credits in datelines and trailers ("(IANS/EFE)") as
// organisations, names after a title as people ("President Bashar
// al-Assad"), the type the annotated corpora agree on for known multi-word
// names and acronyms, places of up to four words read as organisations back
// to places ("the United States"), demonyms as MISC, no function words
// or title-case headings as names, one type per name within an article,
// repeats and surnames the tagger missed, and alias merging ("Kerry" into
// "John Kerry", "US" into "United States"). The store merges them across a
// batch (store.EntityIndex).
package entity

import (
	_ "embed"
	"fmt"
	"os"
	"sync"

	"dateline/store/entity/internal/tagger"
)

// Type is an entity type, by the CoNLL-2003 conventions.
type Type string

// The four entity types.
const (
	PER  Type = "PER"
	ORG  Type = "ORG"
	LOC  Type = "LOC"
	MISC Type = "MISC"
)

// typeOf maps a tagger type index to a Type.
var typeOf = [4]Type{PER, ORG, LOC, MISC}

// Mention is one occurrence of an entity in the body text, as byte offsets.
type Mention struct {
	Start, End int
}

// Entity is a named entity of one article, with its aliases merged.
type Entity struct {
	Name     string   // canonical (longest) name, e.g. "John Kerry"
	Type     Type     // PER, ORG, LOC or MISC
	Count    int      // mentions in title and body, aliases included
	Aliases  []string // other surface forms merged into Name, e.g. "Kerry"
	Salience float64  // in (0, 1], 1 for the article's most central entity
	Mentions []Mention
}

// Key identifies an entity across a batch, e.g. "PER:John Kerry".
func (e Entity) Key() string { return string(e.Type) + ":" + e.Name }

// Recognizer tags text with entities. It is safe for concurrent use: the
// model is read-only and each call takes its own decoder from a pool.
type Recognizer struct {
	model    *tagger.Model
	decoders sync.Pool
}

//go:embed model.bin
var modelData []byte

// loadEmbedded decodes the embedded model once per process; the result is
// read-only.
var loadEmbedded = sync.OnceValues(func() (*Recognizer, error) {
	return newRecognizer(modelData)
})

// Load returns the recognizer with the embedded model. The model is decoded
// on the first call only.
func Load() (*Recognizer, error) { return loadEmbedded() }

// LoadOwn returns a recognizer with the embedded model, decoded anew on
// every call. Unlike Load's, which lives as long as the process, it is the
// caller's, and goes when the caller lets go of it: a reader that tags a
// batch once can give its memory back when the batch is in.
func LoadOwn() (*Recognizer, error) { return newRecognizer(modelData) }

// LoadFile returns a recognizer with the model in the file at path, as
// written by the train command (for instance a research model trained on
// CoNLL-2003, which must not be embedded). Each call decodes the file anew.
func LoadFile(path string) (*Recognizer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load entity model: %w", err)
	}
	r, err := newRecognizer(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Open returns the recognizer with the model in the file at path, or the
// embedded one when path is empty. Commands that take an optional model
// file call it, so that the choice is made in one place.
func Open(path string) (*Recognizer, error) {
	if path == "" {
		return Load()
	}
	return LoadFile(path)
}

func newRecognizer(data []byte) (*Recognizer, error) {
	m, err := tagger.ReadModel(data)
	if err != nil {
		return nil, fmt.Errorf("load entity model: %w", err)
	}
	r := &Recognizer{model: m}
	r.decoders.New = func() any { return m.NewDecoder() }
	return r, nil
}

func (r *Recognizer) decoder() *tagger.Decoder { return r.decoders.Get().(*tagger.Decoder) }

func (r *Recognizer) release(d *tagger.Decoder) { r.decoders.Put(d) }
