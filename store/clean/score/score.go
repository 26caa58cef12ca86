// Package score measures a boilerplate cleaner against pages with known main
// content. The metric is the one of the scrapinghub
// article-extraction-benchmark: word 4-gram (shingle) precision and recall per
// page, averaged over pages, and F1 of the two averages.
package score

import (
	"unicode"
)

// Tokens splits text into maximal runs of letters, numbers and underscore,
// the tokens of Python's re.findall(r'\w+', text), case kept.
func Tokens(text string) []string {
	var out []string
	start := -1
	for i, r := range text {
		if r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

// shingleSep joins the tokens of a shingle into one map key; it cannot occur
// inside a token.
const shingleSep = "\x00"

// Shingles counts every run of four consecutive tokens of text. A text of one
// to three tokens gives one shorter shingle; an empty text gives none.
func Shingles(text string) map[string]int {
	toks := Tokens(text)
	m := make(map[string]int, len(toks))
	if len(toks) == 0 {
		return m
	}
	const n = 4
	if len(toks) < n {
		m[join(toks)]++
		return m
	}
	for i := 0; i+n <= len(toks); i++ {
		m[join(toks[i:i+n])]++
	}
	return m
}

func join(toks []string) string {
	size := len(toks) - 1
	for _, t := range toks {
		size += len(t)
	}
	b := make([]byte, 0, size)
	for i, t := range toks {
		if i > 0 {
			b = append(b, shingleSep...)
		}
		b = append(b, t...)
	}
	return string(b)
}

// Page is the score of one page.
type Page struct {
	ID   string
	Type string
	// TP, FP and FN are shingle counts normalised to sum to 1, so that every
	// page weighs the same in the averages.
	TP, FP, FN float64
}

// HasPrediction reports whether the prediction had any token; only such
// pages enter the mean precision.
func (p Page) HasPrediction() bool { return p.TP+p.FP > 0 }

// HasTruth reports whether the truth had any token; only such pages enter
// the mean recall.
func (p Page) HasTruth() bool { return p.TP+p.FN > 0 }

// Precision is tp/(tp+fp), or 1 when there is nothing to get wrong.
func (p Page) Precision() float64 {
	if p.FP == 0 && p.FN == 0 {
		return 1
	}
	if p.TP+p.FP == 0 {
		return 0
	}
	return p.TP / (p.TP + p.FP)
}

// Recall is tp/(tp+fn), or 1 when there is nothing to get wrong.
func (p Page) Recall() float64 {
	if p.FP == 0 && p.FN == 0 {
		return 1
	}
	if p.TP+p.FN == 0 {
		return 0
	}
	return p.TP / (p.TP + p.FN)
}

// F1 is the harmonic mean of the page's precision and recall.
func (p Page) F1() float64 { return f1(p.Precision(), p.Recall()) }

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Compare scores a prediction against the truth of one page.
func Compare(prediction, truth string) Page {
	pred, gold := Shingles(prediction), Shingles(truth)
	var tp, fp, fn int
	for s, n := range pred {
		g := gold[s]
		tp += min(n, g)
		fp += max(n-g, 0)
	}
	for s, g := range gold {
		fn += max(g-pred[s], 0)
	}
	var p Page
	if sum := float64(tp + fp + fn); sum > 0 {
		p.TP, p.FP, p.FN = float64(tp)/sum, float64(fp)/sum, float64(fn)/sum
	}
	return p
}

// Summary is the aggregate score of a set of pages.
type Summary struct {
	Pages     int
	Precision float64 // mean page precision over pages with a non-empty prediction
	Recall    float64 // mean page recall over pages with a non-empty truth
	F1        float64 // harmonic mean of Precision and Recall
}

// Summarise aggregates page scores as the benchmark does.
func Summarise(pages []Page) Summary {
	var s Summary
	var np, nr int
	for _, p := range pages {
		s.Pages++
		if p.HasPrediction() {
			s.Precision += p.Precision()
			np++
		}
		if p.HasTruth() {
			s.Recall += p.Recall()
			nr++
		}
	}
	if np > 0 {
		s.Precision /= float64(np)
	}
	if nr > 0 {
		s.Recall /= float64(nr)
	}
	s.F1 = f1(s.Precision, s.Recall)
	return s
}
