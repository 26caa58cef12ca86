package tagger

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// refTagDoc tags a document the plain way that Decoder.TagDoc is a faster
// form of: each stage featurises every sentence in full, as training does,
// looks each feature up in a map of its own rows, adds the weights one by
// one and runs Viterbi over every pair of tags that BILOU allows.
func refTagDoc(m *Model, sents [][]string) [][]int {
	ds := NewDocStats(sents)
	fz := NewFeaturizer(m.gaz)
	var out [][]int
	for k, st := range m.stages {
		rows := make(map[uint64]int, len(st.hashes))
		for i, h := range st.hashes {
			rows[h] = i
		}
		prev := out
		if k > 0 {
			ds = ds.WithPredictions(sents, prev)
		}
		out = make([][]int, len(sents))
		for j, s := range sents {
			var p []int
			if k > 0 {
				p = prev[j]
			}
			fz.Sentence(s, ds, p)
			emit := make([]float32, len(s)*NumTags)
			for i := range s {
				var acc [NumTags]int32
				for _, h := range fz.Feats[fz.Off[i]:fz.Off[i+1]] {
					if r, ok := rows[h]; ok {
						for t := range acc {
							acc[t] += int32(st.weights[r*NumTags+t])
						}
					}
				}
				for t := range acc {
					emit[i*NumTags+t] = float32(acc[t]) * st.scale
				}
			}
			out[j] = refViterbi(emit, &st.trans, len(s))
		}
	}
	return out
}

// allowed reports whether tag b may follow tag a (a == NumTags is the
// sentence start) in the BILOU scheme: I- and L- continue a B- or I- of
// their type; O, B- and U- may not interrupt one. It is the specification
// that the decoder's lattice is checked against (TestLatticeFollowsBILOU).
func allowed(a, b int) bool {
	open := a != NumTags && a != 0 && (tagKind(a) == tagB || tagKind(a) == tagI)
	if b == 0 {
		return !open
	}
	switch tagKind(b) {
	case tagI, tagL:
		return open && tagType(a) == tagType(b)
	}
	return !open
}

// refViterbi is Viterbi over all pairs of tags that allowed permits; of
// equal scores the first predecessor wins.
func refViterbi(emit []float32, trans *[(NumTags + 1) * NumTags]float32, n int) []int {
	out := make([]int, n)
	if n == 0 {
		return out
	}
	negInf := float32(math.Inf(-1))
	back := make([]int, n*NumTags)
	var cur [NumTags]float32
	for b := range NumTags {
		cur[b] = negInf
		if allowed(NumTags, b) {
			cur[b] = trans[NumTags*NumTags+b] + emit[b]
		}
	}
	for i := 1; i < n; i++ {
		var next [NumTags]float32
		for b := range NumTags {
			best, arg := negInf, 0
			for a := range NumTags {
				if !allowed(a, b) {
					continue
				}
				if s := cur[a] + trans[a*NumTags+b]; s > best {
					best, arg = s, a
				}
			}
			next[b] = best + emit[i*NumTags+b]
			back[i*NumTags+b] = arg
		}
		cur = next
	}
	best := negInf
	for b := range NumTags {
		if canEnd(b) && cur[b] > best {
			best, out[n-1] = cur[b], b
		}
	}
	for i := n - 1; i > 0; i-- {
		out[i-1] = back[i*NumTags+out[i]]
	}
	return out
}

// embeddedModel reads the model that package entity embeds, keeping the
// stages' weights for refTagDoc.
func embeddedModel(t testing.TB) *Model {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "model.bin"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := readModel(data, true)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// testDocs returns documents to tag: the two sample articles of package
// entity, split into sentences at full stops, the tiny training set, and
// odd input.
func testDocs(t *testing.T) [][][]string {
	t.Helper()
	var docs [][][]string
	for _, name := range []string{"kerry_lavrov.txt", "kerry_military_talks.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		var doc [][]string
		for _, s := range strings.SplitAfter(string(b), ". ") {
			doc = append(doc, strings.Fields(s))
		}
		docs = append(docs, doc)
	}
	for _, d := range readTiny(t) {
		docs = append(docs, d.Words())
	}
	docs = append(docs, [][]string{
		{},
		{"WASHINGTON", "(", "Reuters", ")", "-", "UN", "UN", "UN"},
		{"Ünïcödé", "ÉTATS-UNIS", "1996-08-22", "\xff\xfe", "al-Assad", "O'Brien", "U.S.", "x"},
		strings.Fields(strings.Repeat("Kerry Lavrov Moscow said ", 60)),
	})
	return docs
}

// TestTagDocMatchesReference checks that the decoder's shortcuts (one
// index for all stages, packed sums, local features summed once for all
// stages, Viterbi over fixed arrays) tag exactly as the plain reference
// does, with the embedded model and with its first stage alone.
func TestTagDocMatchesReference(t *testing.T) {
	full := embeddedModel(t)
	models := map[string]*Model{
		"two stages":  full,
		"first stage": {gaz: full.gaz, stages: full.stages[:1]},
	}
	for name, m := range models {
		dec := m.NewDecoder()
		for i, doc := range testDocs(t) {
			got, want := dec.TagDoc(doc), refTagDoc(m, doc)
			for j := range want {
				if !slices.Equal(got[j], want[j]) {
					t.Errorf("%s: document %d sentence %d %q:\ngot  %v\nwant %v", name, i, j, doc[j], got[j], want[j])
				}
			}
		}
	}
}

// TestLatticeFollowsBILOU checks that the pairs of tags Viterbi visits are
// exactly those allowed permits.
func TestLatticeFollowsBILOU(t *testing.T) {
	visited := map[[2]int]bool{}
	for _, b := range closedNext {
		for _, a := range closedPrev {
			visited[[2]int{int(a), int(b)}] = true
		}
	}
	for ty := range 4 {
		for _, b := range []int{tagI + ty, tagL + ty} {
			visited[[2]int{tagB + ty, b}] = true
			visited[[2]int{tagI + ty, b}] = true
		}
	}
	for a := range NumTags {
		for b := range NumTags {
			if visited[[2]int{a, b}] != allowed(a, b) {
				t.Errorf("%s -> %s: visited %v, allowed %v", IOB2Name(a), IOB2Name(b), visited[[2]int{a, b}], allowed(a, b))
			}
		}
	}
}

// TestDecoderFeaturesMatchSentence checks that the features the decoder
// splits into those of the word alone, cached, and those of its context
// are together exactly those Featurizer.Sentence gives for training, and
// that its table of stacked features' weights gives the sum of the
// weights of those appendStacked gives.
func TestDecoderFeaturesMatchSentence(t *testing.T) {
	m := embeddedModel(t)
	dec := m.NewDecoder()
	fz := NewFeaturizer(m.gaz)
	for di, doc := range testDocs(t) {
		// Twice, so that the second time every word comes from the cache.
		for range 2 {
			dec.docWords(doc)
			ds := newDocStats(dec.ws)
			tags := make([][]int, len(doc))
			for j, s := range doc {
				dec.contextFeats(s, dec.cws[j], ds)
				fz.Sentence(s, ds, nil)
				tags[j] = make([]int, len(s))
				for i, cw := range dec.cws[j] {
					tags[j][i] = (di + i) % NumTags
					long, _, _ := shapes(cw.text, nil)
					got := cw.ownFeats(slices.Clone(dec.feats[dec.off[i]:dec.off[i+1]]), long)
					for k, nb := range dec.neighbours(dec.cws[j], i) {
						got = append(got, nb.feats[k])
					}
					want := slices.Clone(fz.Feats[fz.Off[i]:fz.Off[i+1]])
					slices.Sort(got)
					slices.Sort(want)
					if !slices.Equal(got, want) {
						t.Fatalf("document %d sentence %d token %q: %d features, want %d", di, j, s[i], len(got), len(want))
					}
				}
			}
			ds = ds.withPredictions(dec.ws, tags)
			for j, s := range doc {
				for i, cw := range dec.cws[j] {
					var got, want [NumTags]int32
					dec.t.stacked[1].add(&got, cw, ds, tags[j], i)
					for _, h := range appendStacked(nil, s, i, ds, tags[j]) {
						w, _ := dec.t.index.stageRow(h, 1)
						for t := range w {
							want[t] += int32(w[t])
						}
					}
					if got != want {
						t.Fatalf("document %d sentence %d token %q: stacked weights %v, want %v", di, j, s[i], got, want)
					}
				}
			}
		}
	}
}

// BenchmarkViterbi decodes a sentence of 40 tokens with the embedded
// model's second-stage transitions and made-up emission scores.
func BenchmarkViterbi(b *testing.B) {
	m := embeddedModel(b)
	l := newLattice(&m.stages[len(m.stages)-1].trans)
	const n = 40
	r := rand.New(rand.NewPCG(1, 2))
	emit := make([]float32, n*NumTags)
	for i := range emit {
		emit[i] = float32(r.NormFloat64() * 2)
	}
	back, out := make([]uint8, n*NumTags), make([]int, n)
	for b.Loop() {
		l.viterbi(emit, back, out)
	}
}

// TestLookupPhraseMatchesLookup checks LookupPhrase's hashing of ASCII
// phrases in place against Lookup of the lower-cased words.
func TestLookupPhraseMatchesLookup(t *testing.T) {
	g := embeddedModel(t).Gazetteer()
	phrases := []string{"", "  ", "Russia", "RUSSIAN", "South African", "south\tafrican",
		" United  States ", "New\nZealand", "Côte d'Ivoire", "SÃO PAULO", "a b c d e f",
		"United States of America", "Islamic State", "x", "Ｒussia", "New York City Council Hall"}
	for _, p := range phrases {
		if got, want := g.LookupPhrase(p), g.Lookup(strings.Fields(strings.ToLower(p))); got != want {
			t.Errorf("LookupPhrase(%q) = %d, want %d", p, got, want)
		}
	}
}

// TestDecoderKeepsNoLongWords: a long token (a URL, a line with no spaces)
// is tagged as the reference tags it, but the decoder's word cache, which
// a pooled decoder keeps between documents, does not hold it.
func TestDecoderKeepsNoLongWords(t *testing.T) {
	m := embeddedModel(t)
	dec := m.NewDecoder()
	long := "https://example.com/" + strings.Repeat("a", 100_000)
	doc := [][]string{{"Kerry", "posted", long, "on", "Tuesday", "."}}
	got, want := dec.TagDoc(doc), refTagDoc(m, doc)
	if !slices.Equal(got[0], want[0]) {
		t.Errorf("tags %v, want %v", got[0], want[0])
	}
	for w := range dec.words {
		if len(w) > maxCachedWordLen {
			t.Errorf("the decoder keeps a word of %d bytes", len(w))
		}
	}
	if dec.words["Kerry"] == nil {
		t.Error("the decoder keeps no ordinary word either")
	}
}

// TestDecoderLetsTextGo: the words a document is tagged with are cut from
// an article's text; once another document is tagged, nothing the decoder
// keeps (its cache or its scratch) may still point into that text, or a
// pooled decoder would hold a whole article.
func TestDecoderLetsTextGo(t *testing.T) {
	m := embeddedModel(t)
	dec := m.NewDecoder()
	// The URL is the fifth word, past the end of the second document,
	// whose words overwrite the scratch only as far as they reach.
	text := "On Tuesday Kerry posted https://example.com/" + strings.Repeat("x", 300) + " ." + strings.Repeat(" more", 100_000)
	dec.TagDoc([][]string{strings.Fields(text)[:6]})
	dec.TagDoc([][]string{{"Lavrov", "spoke", "."}})
	start := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	within := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return len(s) > 0 && p >= start && p < start+uintptr(len(text))
	}
	var held []string
	for w, cw := range dec.words {
		held = append(held, w, cw.text, cw.norm, cw.lower)
	}
	for _, cw := range dec.cwFlat[:cap(dec.cwFlat)] {
		if cw != nil {
			held = append(held, cw.text, cw.norm, cw.lower)
		}
	}
	held = append(held, dec.norm[:cap(dec.norm)]...)
	for _, s := range held {
		if within(s) {
			t.Fatalf("the decoder still holds %q from the first document's text", s[:min(len(s), 40)])
		}
	}
}
