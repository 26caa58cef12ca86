package entity

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"dateline/store/entity/internal/tagger"
)

// TagCoNLL reads a CoNLL-format file (the token in the first column,
// "-DOCSTART-" lines between documents, blank lines between sentences, other
// columns ignored) and writes every line back with the predicted IOB2 tag
// appended as a last column ("O" on -DOCSTART- lines, nothing on blank
// lines). The given tokens are tagged as they are, with the document-level
// features of their whole document. It stops with an error between two
// documents once ctx is done.
func (r *Recognizer) TagCoNLL(ctx context.Context, in io.Reader, out io.Writer) error {
	bw := bufio.NewWriter(out)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	var doc []string // lines of the current document
	dec := r.decoder()
	defer r.release(dec)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if isDocStart(line) {
			if err := tagDoc(ctx, dec, doc, bw); err != nil {
				return err
			}
			doc = doc[:0]
			if _, err := fmt.Fprintf(bw, "%s%sO\n", line, colSep(line)); err != nil {
				return fmt.Errorf("tag conll: %w", err)
			}
			continue
		}
		doc = append(doc, line)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("tag conll: line %d: %w", n, err)
	}
	if err := tagDoc(ctx, dec, doc, bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("tag conll: %w", err)
	}
	return nil
}

func isDocStart(line string) bool {
	f := strings.Fields(line)
	return len(f) > 0 && f[0] == "-DOCSTART-"
}

// colSep returns the column separator a line uses: a tab if it has one,
// else a space.
func colSep(line string) string {
	if strings.Contains(line, "\t") {
		return "\t"
	}
	return " "
}

// tagDoc tags the lines of one document and writes them with their tags,
// unless ctx is done.
func tagDoc(ctx context.Context, dec *tagger.Decoder, lines []string, w *bufio.Writer) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("tag conll: %w", err)
	}
	type sent struct{ from, to int } // line range
	var sents []sent
	var words [][]string
	start := -1
	for i := 0; i <= len(lines); i++ {
		blank := i == len(lines) || strings.TrimSpace(lines[i]) == ""
		switch {
		case !blank && start < 0:
			start = i
		case blank && start >= 0:
			ws := make([]string, 0, i-start)
			for _, l := range lines[start:i] {
				ws = append(ws, normToken(strings.Fields(l)[0]))
			}
			sents = append(sents, sent{start, i})
			words = append(words, ws)
			start = -1
		}
	}
	tags := make([]string, len(lines))
	for si, ts := range dec.TagDoc(words) {
		for j, t := range ts {
			tags[sents[si].from+j] = tagger.IOB2Name(t)
		}
	}
	for i, l := range lines {
		var err error
		if tags[i] == "" {
			_, err = fmt.Fprintln(w, l)
		} else {
			_, err = fmt.Fprintf(w, "%s%s%s\n", l, colSep(l), tags[i])
		}
		if err != nil {
			return fmt.Errorf("tag conll: %w", err)
		}
	}
	return nil
}

// Score is an entity-level evaluation, as conlleval computes it: a predicted
// name counts as correct when both its span and its type match a gold name.
type Score struct {
	s tagger.Score
}

// PRF returns precision, recall and F1 for names of type t, or over all
// types when t is "".
func (s Score) PRF(t Type) (p, r, f float64) {
	return s.s.PRF(slices.Index(typeOf[:], t))
}

// Gold returns how many gold names of type t (all types for "") were scored.
func (s Score) Gold(t Type) int {
	n := 0
	for i, g := range s.s.Gold {
		if t == "" || typeOf[i] == t {
			n += g
		}
	}
	return n
}

// String formats the score as a small table, overall and per type.
func (s Score) String() string { return s.s.String() }

// ScoreCoNLL tags a CoNLL-format file with gold tags in its last column
// (IOB1 or IOB2, types PER, ORG, LOC and MISC; other types count as no
// name) and scores the tagger against them, document by document as
// TagCoNLL tags them. The rules Extract applies after tagging are not part
// of this score. It stops with an error between two documents once ctx is
// done.
func (r *Recognizer) ScoreCoNLL(ctx context.Context, in io.Reader) (Score, error) {
	docs, err := tagger.ReadCoNLL(in, tagger.ReadOptions{TokenCol: 0, TagCol: -1})
	if err != nil {
		return Score{}, fmt.Errorf("score conll: %w", err)
	}
	dec := r.decoder()
	defer r.release(dec)
	var sc Score
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return Score{}, fmt.Errorf("score conll: %w", err)
		}
		words := d.Words()
		for _, ws := range words {
			for i, w := range ws {
				ws[i] = normToken(w)
			}
		}
		for i, tags := range dec.TagDoc(words) {
			sc.s.Add(d.Sents[i].Tags, tags)
		}
	}
	return sc, nil
}
