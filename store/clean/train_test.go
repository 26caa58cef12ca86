package clean

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"go/format"
	"hash/fnv"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"dateline/store/clean/score"
)

var train = flag.Bool("train", false, "train the line model on the benchmark pages and rewrite model_weights.go")

// benchPage is one benchmark page for training and evaluation.
type benchPage struct {
	id, typ, host string
	input, truth  string
}

// loadBench reads the benchmark pages, and skips the test when they are
// not there.
func loadBench(t testing.TB) []benchPage {
	t.Helper()
	if _, err := os.Stat(filepath.Join(*wcxbDir, "index.tsv")); err != nil {
		t.Skipf("benchmark data not available: %v", err)
	}
	return loadPages(t, *wcxbDir)
}

// loadPages reads the pages of a folder laid out as the benchmark is:
// index.tsv, and text/<id>.txt with text/<id>.truth.txt.
func loadPages(t testing.TB, dir string) []benchPage {
	t.Helper()
	idx, err := os.ReadFile(filepath.Join(dir, "index.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var out []benchPage
	for _, row := range strings.Split(string(idx), "\n")[1:] {
		cols := strings.Split(row, "\t")
		if len(cols) < 3 {
			continue
		}
		in, err := os.ReadFile(filepath.Join(dir, "text", cols[0]+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := os.ReadFile(filepath.Join(dir, "text", cols[0]+".truth.txt"))
		if err != nil {
			t.Fatal(err)
		}
		host := cols[1]
		if u, err := url.Parse(cols[1]); err == nil {
			host = strings.TrimPrefix(u.Hostname(), "www.")
		}
		out = append(out, benchPage{cols[0], cols[2], host, string(in), string(tr)})
	}
	return out
}

// withClassifier returns the default pipeline with cls as its classifier.
func withClassifier(cls Classifier) *Cleaner {
	steps := DefaultSteps()
	for i, s := range steps {
		if _, ok := s.(Classifier); ok {
			steps[i] = cls
		}
	}
	return NewWithSteps(steps...)
}

// example is one training row: the features and lexicon terms of a line
// still kept when the classifier runs, whether the line belongs to the main
// content, and how much it weighs.
type example struct {
	line   int
	x      []float32
	terms  []term
	label  float64
	weight float64
}

// term is one lexicon slot of a line and the weight it carries there.
type term struct {
	slot uint32
	v    float32
}

// pageData is a benchmark page prepared for training: the document as the
// classifier receives it, and one first-stage example per remaining line.
type pageData struct {
	page benchPage
	doc  *Doc
	rows []example
}

// labels tells, for each line of a page, whether it is main content. Each
// line is matched against the passages of the truth it could stand for: a
// line of five or more tokens wherever its tokens occur in the truth in
// order, a shorter one only where it is a whole line of the truth. The
// labels are then the heaviest chain of such matches (in tokens) that runs
// through the truth in page order, each passage claimed once. That is how
// the metric counts: a heading kept twice, as an entry of the table of
// contents and above its section, scores its second copy as a false
// positive, and so a line the truth has once is content only once. With
// every matching line labelled content, the tables of contents, repeated
// product names and teasers that repeat a heading of the text (3% of the
// content tokens) taught the model to keep them; in two-fold
// cross-validation these labels scored 0.827 and 0.822 against 0.824 and
// 0.821.
func labels(d *Doc, truth string) []float64 {
	full := " " + normSpace(truth) + " "
	cands := labelCandidates(d, truth, full)
	// A chain is a sequence of matches of increasing line whose passages do
	// not overlap. best[k] is the heaviest chain ending with cands[k];
	// prefix maxima over the end offsets of the passages, in a Fenwick
	// tree, find each link in logarithmic time. Candidates of one line are
	// all scored before any is added, so a chain takes a line once. Of two
	// chains of equal weight the later match wins: a heading that also
	// heads the table of contents belongs where its section follows it.
	size := len(full) + 1
	tree := make([]int, size+1) // heaviest chain ending at or before an offset
	arg := make([]int, size+1)  // the candidate that ends it
	for k := range arg {
		arg[k] = -1
	}
	heaviest := func(end int) (int, int) {
		w, at := 0, -1
		for p := end + 1; p > 0; p -= p & -p {
			if tree[p] > w {
				w, at = tree[p], arg[p]
			}
		}
		return w, at
	}
	best := make([]int, len(cands))
	prev := make([]int, len(cands))
	for lo := 0; lo < len(cands); {
		hi := lo
		for hi < len(cands) && cands[hi].line == cands[lo].line {
			hi++
		}
		for k := lo; k < hi; k++ {
			w, at := heaviest(cands[k].start)
			best[k], prev[k] = w+cands[k].weight, at
		}
		for k := lo; k < hi; k++ {
			for p := cands[k].end + 1; p <= size; p += p & -p {
				if best[k] >= tree[p] {
					tree[p], arg[p] = best[k], k
				}
			}
		}
		lo = hi
	}
	out := make([]float64, d.Len())
	_, at := heaviest(size - 1)
	for k := at; k >= 0; k = prev[k] {
		out[cands[k].line] = 1
	}
	return out
}

// labelMatch is a passage of the truth that a line of the page could stand
// for: byte offsets into the truth's tokens joined by spaces, and the
// line's weight in the chain.
type labelMatch struct{ line, start, end, weight int }

// labelCandidates lists the matches of every line of d in full, the truth
// reduced by normSpace and framed by spaces, in line order. A whole-line
// match of a short line weighs a token more than its length, so that among
// chains of equal length the one that takes headings where the truth has
// them wins.
func labelCandidates(d *Doc, truth, full string) []labelMatch {
	wholeLines := map[string][]int{}
	off := 0
	for _, l := range strings.Split(truth, "\n") {
		norm := normSpace(l)
		if norm == "" {
			continue
		}
		if k := strings.Index(full[off:], " "+norm+" "); k >= 0 {
			wholeLines[norm] = append(wholeLines[norm], off+k)
			off += k + len(norm) + 1
		}
	}
	var out []labelMatch
	for i := range d.Len() {
		li := d.Info(i)
		norm := normSpace(li.Trim)
		if norm == "" {
			continue
		}
		if li.Words < 5 {
			for _, at := range wholeLines[norm] {
				out = append(out, labelMatch{i, at, at + len(norm) + 1, li.Words + 1})
			}
			continue
		}
		pat := " " + norm + " "
		for from := 0; ; {
			k := strings.Index(full[from:], pat)
			if k < 0 {
				break
			}
			out = append(out, labelMatch{i, from + k, from + k + len(norm) + 1, li.Words})
			from += k + 1
		}
	}
	return out
}

// preparePage runs the pipeline up to the classifier on a page and builds
// its first-stage examples.
func preparePage(p benchPage) pageData {
	d := newDoc(p.input)
	for _, s := range DefaultSteps() {
		if _, ok := s.(Classifier); ok {
			break
		}
		s.Apply(d)
	}
	a := Classifier{}.analyse(d)
	lab := labels(d, p.truth)
	pd := pageData{page: p, doc: d}
	lineFeatures(d, a.cf, a.smoothed, a.inRegion, func(i int, x []float64) {
		if !d.Kept(i) {
			return
		}
		x32 := make([]float32, len(x))
		for j, v := range x {
			x32[j] = float32(v)
		}
		var terms []term
		lineLexicalTerms(d.Info(i), func(slot uint32, v float32) { terms = append(terms, term{slot, v}) })
		pd.rows = append(pd.rows, example{i, x32, terms, lab[i], float64(d.Info(i).Words + 1)})
	})
	normaliseWeights(pd.rows)
	return pd
}

// withoutTerms returns copies of rows without their lexicon terms, to train
// the model without a lexicon.
func withoutTerms(rows []example) []example {
	out := make([]example, len(rows))
	for i, r := range rows {
		r.terms = nil
		out[i] = r
	}
	return out
}

// normaliseWeights makes every page weigh the same, as in the metric.
func normaliseWeights(rows []example) {
	total := 0.0
	for _, r := range rows {
		total += r.weight
	}
	for i := range rows {
		rows[i].weight /= total
	}
}

// fit trains a logistic regression with Adam on full batches: the weights
// of the standardised features and the lexicon together.
func fit(rows []example, nf int) *lineModel {
	m := &lineModel{mean: make([]float64, nf), scale: make([]float64, nf), weights: make([]float64, nf)}
	lex := make([]float64, lexSize)
	var wsum float64
	for _, r := range rows {
		wsum += r.weight
		for j, v := range r.x {
			m.mean[j] += r.weight * float64(v)
		}
	}
	for j := range m.mean {
		m.mean[j] /= wsum
	}
	for _, r := range rows {
		for j, v := range r.x {
			dv := float64(v) - m.mean[j]
			m.scale[j] += r.weight * dv * dv
		}
	}
	for j := range m.scale {
		sd := math.Sqrt(m.scale[j] / wsum)
		if sd < 1e-9 {
			m.scale[j] = 0
			m.mean[j] = 0
		} else {
			m.scale[j] = 1 / sd
		}
	}
	m.mean[0], m.scale[0] = 0, 1 // feature 0 is the bias in both stages
	// The lexicon has far more weights than rows have features, yet a
	// light penalty on it did best in cross-validation (measured with the
	// neighbours' words as well and pages split by position): 1e-5 and
	// 3e-5 scored 0.831, 1e-4 0.828, 1e-3 0.823 and none 0.825.
	const (
		iters = 300
		lr    = 0.05
		l2    = 1e-4
		l2Lex = 3e-5
	)
	var adamW, adamLex adam
	grad := make([]float64, nf)
	lexGrad := make([]float64, lexSize)
	z := make([]float64, nf)
	for it := 1; it <= iters; it++ {
		clear(grad)
		clear(lexGrad)
		for _, r := range rows {
			for j, v := range r.x {
				z[j] = (float64(v) - m.mean[j]) * m.scale[j]
			}
			s := 0.0
			for j := range z {
				s += m.weights[j] * z[j]
			}
			for _, t := range r.terms {
				s += lex[t.slot] * float64(t.v)
			}
			p := 1 / (1 + math.Exp(-s))
			g := r.weight * (p - r.label)
			for j := range z {
				grad[j] += g * z[j]
			}
			for _, t := range r.terms {
				lexGrad[t.slot] += g * float64(t.v)
			}
		}
		adamW.step(m.weights, grad, wsum, l2, lr, it)
		adamLex.step(lex, lexGrad, wsum, l2Lex, lr, it)
	}
	m.lexicon = make([]float32, lexSize)
	for j, v := range lex {
		m.lexicon[j] = float32(v)
	}
	return newLineModel(m.mean, m.scale, m.weights, m.lexicon)
}

// adam holds the moment estimates of the Adam optimiser for one vector of
// weights.
type adam struct{ mom, vel []float64 }

// step moves w against grad/wsum plus an L2 penalty of l2, at iteration it
// (from 1).
func (a *adam) step(w, grad []float64, wsum, l2, lr float64, it int) {
	const b1, b2 = 0.9, 0.999
	if a.mom == nil {
		a.mom, a.vel = make([]float64, len(w)), make([]float64, len(w))
	}
	c1 := 1 - math.Pow(b1, float64(it))
	c2 := 1 - math.Pow(b2, float64(it))
	for j := range w {
		g := grad[j]/wsum + l2*w[j]
		a.mom[j] = b1*a.mom[j] + (1-b1)*g
		a.vel[j] = b2*a.vel[j] + (1-b2)*g*g
		w[j] -= lr * (a.mom[j] / c1) / (math.Sqrt(a.vel[j]/c2) + 1e-8)
	}
}

// evalPages scores a cleaner on pages, overall and on article pages.
func evalPages(c *Cleaner, pages []benchPage) (all, article score.Summary) {
	var ps, arts []score.Page
	for _, p := range pages {
		s := score.Compare(c.CleanText(p.input), p.truth)
		ps = append(ps, s)
		if p.typ == "article" {
			arts = append(arts, s)
		}
	}
	return score.Summarise(ps), score.Summarise(arts)
}

// TestTrainModel trains the line model. It first reports two-fold
// cross-validated scores (pages split by site, so that a model never scores a
// page it was trained on nor one of the same site, whose menus and footers
// it would know), then trains on all pages and rewrites model_weights.go
// and model_lexicon.bin.
func TestTrainModel(t *testing.T) {
	if !*train {
		t.Skip("set -train to train the line model")
	}
	pages := loadBench(t)
	data := make([]pageData, len(pages))
	for i, p := range pages {
		data[i] = preparePage(p)
	}
	noModel := withClassifier(Classifier{off: sigModel})
	var wg sync.WaitGroup
	for fold := range 2 {
		var rows, dense []example
		var heldPages []benchPage
		for _, pd := range data {
			if siteFold(pd.page.host) == fold {
				heldPages = append(heldPages, pd.page)
				continue
			}
			rows = append(rows, pd.rows...)
			dense = append(dense, withoutTerms(pd.rows)...)
		}
		wg.Go(func() {
			ball, bart := evalPages(noModel, heldPages)
			dall, dart := evalPages(withClassifier(Classifier{lm: fit(dense, numFeatures)}), heldPages)
			all, art := evalPages(withClassifier(Classifier{lm: fit(rows, numFeatures)}), heldPages)
			t.Logf("fold %d (%d held-out pages), all F1 / article F1: without model %.3f / %.3f | features only %.3f / %.3f | with lexicon %.4f (P %.3f R %.3f) / %.4f (P %.3f R %.3f)",
				fold, len(heldPages), ball.F1, bart.F1, dall.F1, dart.F1, all.F1, all.Precision, all.Recall, art.F1, art.Precision, art.Recall)
		})
	}
	wg.Wait()
	var rows, dense []example
	for _, pd := range data {
		rows = append(rows, pd.rows...)
		dense = append(dense, withoutTerms(pd.rows)...)
	}
	if *trainOnlyCV {
		return
	}
	m := fit(rows, numFeatures)
	plain := fit(dense, numFeatures)
	if err := writeWeights("model_weights.go", m, plain); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("model_lexicon.bin", encodeLexicon(m.lexicon), 0o644); err != nil {
		t.Fatal(err)
	}
}

// encodeLexicon is the inverse of decodeLexicon.
func encodeLexicon(lex []float32) []byte {
	b := make([]byte, 0, 4*len(lex))
	for _, v := range lex {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// siteFold puts every page of a site in the same of two folds.
func siteFold(host string) int {
	h := fnv.New32a()
	h.Write([]byte(host))
	return int(h.Sum32() % 2)
}

var trainOnlyCV = flag.Bool("cvonly", false, "with -train: report cross-validation, write nothing")

// writeWeights writes the weights of the model m and of the model without
// a lexicon, plain.
func writeWeights(path string, m, plain *lineModel) error {
	var b bytes.Buffer
	b.WriteString("// Code generated by go test -run TrainModel -train; DO NOT EDIT.\n\npackage clean\n\n")
	b.WriteString("// The line model's weights, trained on the wcxb-dev benchmark pages\n")
	b.WriteString("// (CC-BY-4.0, Murrough Foley), with its lexicon and without (modelPlain);\n")
	b.WriteString("// see model.go for the feature layout.\n")
	b.WriteString("var (\n")
	for _, v := range []struct {
		name string
		xs   []float64
	}{
		{"modelMean", m.mean}, {"modelScale", m.scale}, {"modelWeights", m.weights},
		{"modelPlainMean", plain.mean}, {"modelPlainScale", plain.scale}, {"modelPlainWeights", plain.weights},
	} {
		fmt.Fprintf(&b, "\t%s = []float64{", v.name)
		for j, x := range v.xs {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%.6g", x)
		}
		b.WriteString("}\n")
	}
	b.WriteString(")\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("format weights: %w", err)
	}
	return os.WriteFile(path, src, 0o644)
}

// normSpace reduces text to its tokens joined by single spaces, so lines
// and truth compare regardless of punctuation and white space.
func normSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }), " ")
}

// TestTrainingLabels checks that the training labels count a passage of the
// truth once, as the metric does.
func TestTrainingLabels(t *testing.T) {
	for _, tc := range []struct {
		name, page, truth string
		want              []float64
	}{
		{
			name:  "table of contents before the headings",
			page:  "Contents\nWhy it matters\nWhat to do\nWhy it matters\nThe reasons are many and they are all good ones.\nWhat to do\nStart early and keep at it every day.",
			truth: "Why it matters\n\nThe reasons are many and they are all good ones.\n\nWhat to do\n\nStart early and keep at it every day.",
			want:  []float64{0, 0, 0, 1, 1, 1, 1},
		},
		{
			name:  "a paragraph split over two lines",
			page:  "Menu\nThe council met on Monday to discuss the budget\nand voted to raise the tax by two percent.\nShare",
			truth: "The council met on Monday to discuss the budget and voted to raise the tax by two percent.",
			want:  []float64{0, 1, 1, 0},
		},
		{
			name:  "a short line is content only as a whole line of the truth",
			page:  "Share\nShare the road with cyclists, the mayor said on Friday.\nShare",
			truth: "Share the road with cyclists, the mayor said on Friday.",
			want:  []float64{0, 1, 0},
		},
		{
			name:  "a teaser repeating the first paragraph after the text",
			page:  "Floods hit the valley after three days of rain.\nRoads were closed and schools shut.\nFloods hit the valley after three days of rain.",
			truth: "Floods hit the valley after three days of rain.\n\nRoads were closed and schools shut.",
			want:  []float64{1, 1, 0},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := labels(newDoc(tc.page), tc.truth)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("labels = %v, want %v", got, tc.want)
			}
		})
	}
}
