package tagger

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
)

// TrainOptions controls training.
type TrainOptions struct {
	Epochs   int     // passes over the training data
	Seed     uint64  // shuffles the sentence order each epoch, reproducibly
	MinCount int     // features seen fewer times in training are dropped
	Prune    float64 // after training, features whose largest averaged weight is smaller in magnitude are dropped
	Stages   int     // 1, or 2 for a second stage that sees the first stage's tags across the document
	Folds    int     // for two stages: the first stage tags the training data by this many folds
	Gaz      *Gazetteer
	Dev      []Document // scored after every epoch when not empty
	Log      io.Writer  // progress; may be nil
}

func (o TrainOptions) logf(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format, args...)
	}
}

// Train fits the model's stages on docs and returns it quantised and
// pruned.
//
// The second stage learns from the first stage's tags of the training data.
// Were those tags made by a first stage trained on the same documents, they
// would be nearly perfect and the second stage would learn to trust them
// blindly; so they come from models trained on the other folds, as they
// would on unseen text.
func Train(ctx context.Context, docs []Document, opt TrainOptions) (*Model, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.Folds < 2 {
		opt.Folds = 5
	}
	gaz := opt.Gaz
	if gaz == nil {
		gaz = NewGazetteer()
	}
	opt.logf("stage 1\n")
	st1, err := trainStage(ctx, gaz, docs, nil, opt.Dev, nil, opt)
	if err != nil {
		return nil, err
	}
	m := &Model{gaz: gaz, stages: []*stage{st1}}
	if opt.Stages < 2 {
		return m, nil
	}
	preds := make([][][]int, len(docs))
	quiet := opt
	quiet.Log = nil
	for k := 0; k < opt.Folds; k++ {
		var rest []Document
		for i, d := range docs {
			if i%opt.Folds != k {
				rest = append(rest, d)
			}
		}
		st, err := trainStage(ctx, gaz, rest, nil, nil, nil, quiet)
		if err != nil {
			return nil, err
		}
		dec := (&Model{gaz: gaz, stages: []*stage{st}}).NewDecoder()
		for i, d := range docs {
			if i%opt.Folds == k {
				preds[i] = dec.TagDoc(d.Words())
			}
		}
		opt.logf("fold %d tagged\n", k+1)
	}
	dec := m.NewDecoder()
	devPreds := make([][][]int, len(opt.Dev))
	for i, d := range opt.Dev {
		devPreds[i] = dec.TagDoc(d.Words())
	}
	opt.logf("stage 2\n")
	st2, err := trainStage(ctx, gaz, docs, preds, opt.Dev, devPreds, opt)
	if err != nil {
		return nil, err
	}
	// A new model, not m with a stage appended: m's index, built for its
	// decoder above, holds the first stage only.
	return &Model{gaz: gaz, stages: []*stage{st1, st2}}, nil
}

// encoded is a sentence with its features mapped to weight rows.
type encoded struct {
	ids  []int32 // flat; -1 for a feature not in the dictionary
	off  []int32
	gold []int
}

type trainer struct {
	dict   map[uint64]int32
	hashes []uint64
	w, u   []float32 // weights and the step-weighted sums used for averaging
	tw, tu [(NumTags + 1) * NumTags]float32
	c      float32
}

// featurize computes the features of every sentence of docs; preds, when
// not nil, holds an earlier stage's tags of each document.
func featurize(gaz *Gazetteer, docs []Document, preds [][][]int, visit func(feats []uint64, off []int, gold []int)) {
	fz := NewFeaturizer(gaz)
	for di, d := range docs {
		words := d.Words()
		ds := NewDocStats(words)
		if preds != nil {
			ds = ds.WithPredictions(words, preds[di])
		}
		for si, s := range d.Sents {
			var prev []int
			if preds != nil {
				prev = preds[di][si]
			}
			fz.Sentence(s.Words, ds, prev)
			visit(fz.Feats, fz.Off, s.Tags)
		}
	}
}

func toOff32(off []int) []int32 {
	out := make([]int32, len(off))
	for i, o := range off {
		out[i] = int32(o)
	}
	return out
}

// trainStage fits one averaged structured perceptron.
func trainStage(ctx context.Context, gaz *Gazetteer, docs []Document, preds [][][]int, devDocs []Document, devPreds [][][]int, opt TrainOptions) (*stage, error) {
	counts := make(map[uint64]int32)
	type raw struct {
		feats []uint64
		off   []int32
		gold  []int
	}
	var raws []raw
	featurize(gaz, docs, preds, func(feats []uint64, off []int, gold []int) {
		for _, h := range feats {
			counts[h]++
		}
		raws = append(raws, raw{slices.Clone(feats), toOff32(off), gold})
	})
	tr := &trainer{dict: make(map[uint64]int32)}
	for h, c := range counts {
		if int(c) >= opt.MinCount {
			tr.hashes = append(tr.hashes, h)
		}
	}
	// Map iteration order is random; sorting the rows by hash makes
	// training and the written model reproducible.
	slices.Sort(tr.hashes)
	for i, h := range tr.hashes {
		tr.dict[h] = int32(i)
	}
	opt.logf("features: %d (min count %d), sentences: %d\n", len(tr.hashes), opt.MinCount, len(raws))
	train := make([]encoded, len(raws))
	for i, r := range raws {
		train[i] = tr.encode(r.feats, r.off, r.gold)
	}
	var dev []encoded
	if len(devDocs) > 0 {
		featurize(gaz, devDocs, devPreds, func(feats []uint64, off []int, gold []int) {
			dev = append(dev, tr.encode(feats, toOff32(off), gold))
		})
	}
	tr.w = make([]float32, len(tr.hashes)*NumTags)
	tr.u = make([]float32, len(tr.hashes)*NumTags)
	tr.c = 1
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	var emit []float32
	var back []uint8
	var pred []int
	for ep := 1; ep <= opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for k, si := range order {
			if k%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			s := &train[si]
			emit, back, pred = tr.decode(s, tr.w, &tr.tw, emit, back, pred)
			for i := range s.gold {
				if pred[i] != s.gold[i] {
					errs++
				}
			}
			tr.update(s, pred)
			tr.c++
		}
		msg := fmt.Sprintf("epoch %d: token errors %d", ep, errs)
		if len(dev) > 0 {
			avg, tavg := tr.averaged()
			var sc Score
			for i := range dev {
				emit, back, pred = tr.decode(&dev[i], avg, &tavg, emit, back, pred)
				sc.Add(dev[i].gold, pred)
			}
			_, _, f := sc.PRF(-1)
			msg += fmt.Sprintf(", dev F1 %.4f", f)
		}
		opt.logf("%s\n", msg)
	}
	avg, tavg := tr.averaged()
	return tr.quantise(avg, &tavg, opt), nil
}

func (tr *trainer) encode(feats []uint64, off []int32, gold []int) encoded {
	e := encoded{ids: make([]int32, len(feats)), off: off, gold: gold}
	for i, h := range feats {
		id, ok := tr.dict[h]
		if !ok {
			id = -1
		}
		e.ids[i] = id
	}
	return e
}

func (tr *trainer) decode(s *encoded, w []float32, trans *[(NumTags + 1) * NumTags]float32, emit []float32, back []uint8, pred []int) ([]float32, []uint8, []int) {
	n := len(s.gold)
	if cap(emit) < n*NumTags {
		emit = make([]float32, n*NumTags)
		back = make([]uint8, n*NumTags)
	}
	if cap(pred) < n {
		pred = make([]int, n)
	}
	emit, back, pred = emit[:n*NumTags], back[:n*NumTags], pred[:n]
	for i := 0; i < n; i++ {
		var acc [NumTags]float32
		for _, id := range s.ids[s.off[i]:s.off[i+1]] {
			if id < 0 {
				continue
			}
			row := w[int(id)*NumTags : int(id)*NumTags+NumTags]
			for t := range acc {
				acc[t] += row[t]
			}
		}
		copy(emit[i*NumTags:], acc[:])
	}
	viterbi(emit, trans, back, pred)
	return emit, back, pred
}

// update applies the perceptron step for one sentence: reward the gold
// structure and penalise the predicted one where they differ. u collects
// each change times the step number, so that the average over all steps is
// w - u/c at the end without touching every weight at every step.
func (tr *trainer) update(s *encoded, pred []int) {
	prevG, prevP := NumTags, NumTags
	for i, g := range s.gold {
		p := pred[i]
		if g != p {
			for _, id := range s.ids[s.off[i]:s.off[i+1]] {
				if id < 0 {
					continue
				}
				b := int(id) * NumTags
				tr.w[b+g]++
				tr.u[b+g] += tr.c
				tr.w[b+p]--
				tr.u[b+p] -= tr.c
			}
		}
		if g != p || prevG != prevP {
			tr.tw[prevG*NumTags+g]++
			tr.tu[prevG*NumTags+g] += tr.c
			tr.tw[prevP*NumTags+p]--
			tr.tu[prevP*NumTags+p] -= tr.c
		}
		prevG, prevP = g, p
	}
}

func (tr *trainer) averaged() ([]float32, [(NumTags + 1) * NumTags]float32) {
	avg := make([]float32, len(tr.w))
	for i := range avg {
		avg[i] = tr.w[i] - tr.u[i]/tr.c
	}
	var tavg [(NumTags + 1) * NumTags]float32
	for i := range tavg {
		tavg[i] = tr.tw[i] - tr.tu[i]/tr.c
	}
	return avg, tavg
}

// quantise drops weak features and stores the rest as int16 with one scale.
// The rounding error, at most half of max|w|/32767, is far below the margins
// the perceptron decides by.
func (tr *trainer) quantise(avg []float32, tavg *[(NumTags + 1) * NumTags]float32, opt TrainOptions) *stage {
	var maxAbs float64
	for _, v := range avg {
		maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	scale := maxAbs / 32767
	st := &stage{scale: float32(scale), trans: *tavg}
	var weights []int16
	for f, h := range tr.hashes {
		row := avg[f*NumTags : f*NumTags+NumTags]
		var big float64
		for _, v := range row {
			big = math.Max(big, math.Abs(float64(v)))
		}
		if big < opt.Prune || big < scale {
			continue
		}
		st.hashes = append(st.hashes, h)
		for _, v := range row {
			weights = append(weights, int16(math.Round(float64(v)/scale)))
		}
	}
	st.weights = weights
	return st
}
