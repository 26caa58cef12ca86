package tagger

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Sentence is a tokenised sentence with its gold tags (BILOU indices, see
// NumTags) when known.
type Sentence struct {
	Words []string
	Tags  []int
}

// Document is a sequence of sentences that share document-level features.
type Document struct {
	Sents []Sentence
}

// Words returns the tokens of every sentence.
func (d Document) Words() [][]string {
	out := make([][]string, len(d.Sents))
	for i, s := range d.Sents {
		out[i] = s.Words
	}
	return out
}

// ReadOptions says how to read one CoNLL-like file.
type ReadOptions struct {
	TokenCol int // column of the token, from 0
	TagCol   int // column of the tag; negative counts from the end (-1 = last)
	// MapType maps the file's entity type to PER, ORG, LOC or MISC; an
	// empty result makes the token O. Nil keeps the four CoNLL types.
	MapType func(string) string
}

// ReadCoNLL reads documents of one token per line, blank lines between
// sentences and "-DOCSTART-" lines between documents. Lines starting with
// "# " are comments. Tags may be IOB1, IOB2 or BIOES; they come back in the
// tagger's BILOU scheme. A file without -DOCSTART- lines is one document.
func ReadCoNLL(r io.Reader, opt ReadOptions) ([]Document, error) {
	var docs []Document
	var cur Document
	var sent Sentence
	flushSent := func() {
		if len(sent.Words) > 0 {
			toBILOU(sent.Tags)
			cur.Sents = append(cur.Sents, sent)
		}
		sent = Sentence{}
	}
	flushDoc := func() {
		flushSent()
		if len(cur.Sents) > 0 {
			docs = append(docs, cur)
		}
		cur = Document{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			flushSent()
			continue
		}
		if strings.HasPrefix(line, "# ") || line == "#" {
			continue
		}
		cols := strings.Fields(line)
		if cols[0] == "-DOCSTART-" {
			flushDoc()
			continue
		}
		if opt.TokenCol >= len(cols) {
			return nil, fmt.Errorf("line %d: no column %d", n, opt.TokenCol)
		}
		tc := opt.TagCol
		if tc < 0 {
			tc += len(cols)
		}
		tag := 0
		if tc >= 0 && tc < len(cols) && tc != opt.TokenCol {
			tag = parseTag(cols[tc], opt.MapType)
		}
		sent.Words = append(sent.Words, cols[opt.TokenCol])
		sent.Tags = append(sent.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", n, err)
	}
	flushDoc()
	return docs, nil
}

// parseTag turns "B-X", "I-X", "E-X", "S-X" or "O" into a B- or I- index,
// mapping X with mapType. toBILOU sorts out the rest.
func parseTag(s string, mapType func(string) string) int {
	prefix, typ, ok := strings.Cut(s, "-")
	if !ok {
		return 0
	}
	if mapType != nil {
		typ = mapType(typ)
	}
	t := -1
	for i, n := range TypeNames {
		if n == typ {
			t = i
		}
	}
	if t < 0 {
		return 0
	}
	switch prefix {
	case "B", "S":
		return tagB + t
	case "I", "E", "L":
		return tagI + t
	}
	return 0
}

// toBILOU rewrites B-/I- tags, read as IOB1 or IOB2 (an I- that does not
// continue a name of its type begins one), in the BILOU scheme.
func toBILOU(tags []int) {
	for i := 0; i < len(tags); {
		if tags[i] == 0 {
			i++
			continue
		}
		typ := tagType(tags[i])
		j := i + 1
		for j < len(tags) && tags[j] == tagI+typ {
			j++
		}
		if j == i+1 {
			tags[i] = tagU + typ
		} else {
			tags[i] = tagB + typ
			for k := i + 1; k < j-1; k++ {
				tags[k] = tagI + typ
			}
			tags[j-1] = tagL + typ
		}
		i = j
	}
}

// Chunk is an entity span over tokens [Start, End) of type Type (index into
// TypeNames).
type Chunk struct {
	Start, End, Type int
}

// Chunks returns the entity spans of a BILOU tag sequence. Decoded
// sequences are always well formed; for others, any tag that does not
// continue a name begins one.
func Chunks(tags []int) []Chunk {
	var out []Chunk
	for i := 0; i < len(tags); i++ {
		t := tags[i]
		if t <= 0 || t >= NumTags {
			continue
		}
		typ := tagType(t)
		j := i + 1
		if tagKind(t) != tagU && tagKind(t) != tagL {
			for j < len(tags) && tags[j] == tagI+typ {
				j++
			}
			if j < len(tags) && tags[j] == tagL+typ {
				j++
			}
		}
		out = append(out, Chunk{i, j, typ})
		i = j - 1
	}
	return out
}

// Score counts entity-level matches, as conlleval does: an entity is correct
// when its span and type both match.
type Score struct {
	Correct, Predicted, Gold [4]int
}

// Add scores one sentence.
func (s *Score) Add(gold, pred []int) {
	g := Chunks(gold)
	p := Chunks(pred)
	set := make(map[Chunk]bool, len(g))
	for _, c := range g {
		set[c] = true
		s.Gold[c.Type]++
	}
	for _, c := range p {
		s.Predicted[c.Type]++
		if set[c] {
			s.Correct[c.Type]++
		}
	}
}

// PRF returns precision, recall and F1 for type t, or overall when t < 0.
func (s *Score) PRF(t int) (p, r, f float64) {
	var c, pr, g int
	for i := 0; i < 4; i++ {
		if t < 0 || t == i {
			c += s.Correct[i]
			pr += s.Predicted[i]
			g += s.Gold[i]
		}
	}
	if pr > 0 {
		p = float64(c) / float64(pr)
	}
	if g > 0 {
		r = float64(c) / float64(g)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// String formats the score as a small conlleval-style table.
func (s *Score) String() string {
	var b strings.Builder
	p, r, f := s.PRF(-1)
	fmt.Fprintf(&b, "overall  P %.4f  R %.4f  F1 %.4f\n", p, r, f)
	for t, n := range TypeNames {
		p, r, f := s.PRF(t)
		fmt.Fprintf(&b, "%-8s P %.4f  R %.4f  F1 %.4f  (gold %d)\n", n, p, r, f, s.Gold[t])
	}
	return b.String()
}

// SetChunk writes the BILOU tags of chunk c into tags, over tokens
// [c.Start, c.End); a negative c.Type writes O.
func SetChunk(tags []int, c Chunk) {
	for i := c.Start; i < c.End; i++ {
		switch {
		case c.Type < 0:
			tags[i] = 0
		case c.End-c.Start == 1:
			tags[i] = tagU + c.Type
		case i == c.Start:
			tags[i] = tagB + c.Type
		case i == c.End-1:
			tags[i] = tagL + c.Type
		default:
			tags[i] = tagI + c.Type
		}
	}
}
