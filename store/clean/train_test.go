package clean

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dateline/store/clean/score"
)

var train = flag.Bool("train", false, "train the line model on the benchmark pages and rewrite model_weights.go")

// benchPage is one benchmark page for training and evaluation.
type benchPage struct {
	id, typ      string
	input, truth string
}

func loadBench(t testing.TB) []benchPage {
	t.Helper()
	idx, err := os.ReadFile(filepath.Join(*wcxbDir, "index.tsv"))
	if err != nil {
		t.Skipf("benchmark data not available: %v", err)
	}
	var out []benchPage
	for _, row := range strings.Split(string(idx), "\n")[1:] {
		cols := strings.Split(row, "\t")
		if len(cols) < 3 {
			continue
		}
		in, err := os.ReadFile(filepath.Join(*wcxbDir, "text", cols[0]+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := os.ReadFile(filepath.Join(*wcxbDir, "text", cols[0]+".truth.txt"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, benchPage{cols[0], cols[2], string(in), string(tr)})
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

// example is one training row: the features of a line still kept when the
// classifier runs, whether the line belongs to the main content, and how much
// it weighs.
type example struct {
	line   int
	x      []float32
	label  float64
	weight float64
}

// pageData is a benchmark page prepared for training: the document as the
// classifier receives it, and one first-stage example per remaining line.
type pageData struct {
	page benchPage
	doc  *Doc
	rows []example
}

// labels tells, for each line of a page, whether it is main content: a line
// of five or more tokens when its tokens occur in the truth in order; a
// shorter line only when it is a whole line of the truth.
func labels(d *Doc, truth string) []float64 {
	truthTokens := " " + normSpace(truth) + " "
	truthLines := map[string]bool{}
	for _, l := range strings.Split(truth, "\n") {
		truthLines[normSpace(l)] = true
	}
	out := make([]float64, d.Len())
	for i := range out {
		li := d.Info(i)
		norm := normSpace(li.Trim)
		if (li.Words >= 5 && strings.Contains(truthTokens, " "+norm+" ")) || truthLines[norm] {
			out[i] = 1
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
		pd.rows = append(pd.rows, example{i, x32, lab[i], float64(d.Info(i).Words + 1)})
	})
	normaliseWeights(pd.rows)
	return pd
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

// fit trains a logistic regression with Adam on full batches.
func fit(rows []example, nf int) *lineModel {
	m := &lineModel{mean: make([]float64, nf), scale: make([]float64, nf), weights: make([]float64, nf)}
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
	const (
		iters = 300
		lr    = 0.05
		l2    = 1e-4
		b1    = 0.9
		b2    = 0.999
	)
	mom, vel := make([]float64, nf), make([]float64, nf)
	grad := make([]float64, nf)
	z := make([]float64, nf)
	for it := 1; it <= iters; it++ {
		clear(grad)
		for _, r := range rows {
			for j, v := range r.x {
				z[j] = (float64(v) - m.mean[j]) * m.scale[j]
			}
			s := 0.0
			for j := range z {
				s += m.weights[j] * z[j]
			}
			p := 1 / (1 + math.Exp(-s))
			g := r.weight * (p - r.label)
			for j := range z {
				grad[j] += g * z[j]
			}
		}
		for j := range grad {
			grad[j] = grad[j]/wsum + l2*m.weights[j]
			mom[j] = b1*mom[j] + (1-b1)*grad[j]
			vel[j] = b2*vel[j] + (1-b2)*grad[j]*grad[j]
			mh := mom[j] / (1 - math.Pow(b1, float64(it)))
			vh := vel[j] / (1 - math.Pow(b2, float64(it)))
			m.weights[j] -= lr * mh / (math.Sqrt(vh) + 1e-8)
		}
	}
	return m
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
// cross-validated scores (pages split by position; a model never scores a
// page it was trained on), then trains on all pages and rewrites
// model_weights.go.
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
	for fold := range 2 {
		var rows []example
		var heldPages []benchPage
		for i, pd := range data {
			if i%2 == fold {
				heldPages = append(heldPages, pd.page)
			} else {
				rows = append(rows, pd.rows...)
			}
		}
		ball, bart := evalPages(noModel, heldPages)
		m := fit(rows, numFeatures)
		all, art := evalPages(withClassifier(Classifier{lm: m}), heldPages)
		t.Logf("fold %d (%d held-out pages): without model all F1 %.3f, article %.3f | with model all F1 %.3f (P %.3f R %.3f), article %.3f (P %.3f R %.3f)",
			fold, len(heldPages), ball.F1, bart.F1, all.F1, all.Precision, all.Recall, art.F1, art.Precision, art.Recall)
	}
	var rows []example
	for _, pd := range data {
		rows = append(rows, pd.rows...)
	}
	if *trainOnlyCV {
		return
	}
	m := fit(rows, numFeatures)
	if err := writeWeights("model_weights.go", m); err != nil {
		t.Fatal(err)
	}
}

var trainOnlyCV = flag.Bool("cvonly", false, "with -train: report cross-validation, write nothing")

func writeWeights(path string, m1 *lineModel) error {
	var b bytes.Buffer
	b.WriteString("// Code generated by go test -run TrainModel -train; DO NOT EDIT.\n\npackage clean\n\n")
	b.WriteString("// The line model's weights, trained on the wcxb-dev benchmark pages\n")
	b.WriteString("// (CC-BY-4.0, Murrough Foley); see model.go for the feature layout.\n")
	b.WriteString("var (\n")
	for _, v := range []struct {
		name string
		xs   []float64
	}{
		{"modelMean", m1.mean}, {"modelScale", m1.scale}, {"modelWeights", m1.weights},
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
