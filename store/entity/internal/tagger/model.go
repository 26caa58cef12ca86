package tagger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sync"
)

// magic opens every model file; the digits are the format version.
const magic = "DLNER09\n"

// Model is a trained tagger: one or more stages that share a gazetteer. The
// first stage tags a document with local features; each later stage sees,
// as extra features, what the stage before it said about the same words
// elsewhere in the document (a name keeps its type across an article). A
// Model is read-only once loaded and safe for concurrent use; decoding
// state lives in a Decoder. Its stages must not change once a decoder has
// been made.
type Model struct {
	gaz    *Gazetteer
	stages []*stage

	// tables serves decoding. It is built on first use, as Train
	// assembles models from stages; ReadModel builds it at once.
	tablesOnce sync.Once
	tables     *decodeTables
}

// decodeTables are what decoding reads that depends on the model alone.
// Every decoder of a model shares them, so that making a decoder costs
// little: pools drop their decoders at every collection and make new ones.
type decodeTables struct {
	index   *weightIndex      // the weights of every stage's features
	stacked []*stackedWeights // by stage: the stacked features' weights; nil for the first
	lat     []*lattice        // by stage: the transitions

	padStart, padEnd neighbour  // the neighbour features beyond a sentence
	padLeft          leftHashes // and the pair features' before it
}

// stage is one perceptron: feature weights quantised to int16 and tag
// transition weights.
type stage struct {
	scale float32                          // weight = int16 × scale
	trans [(NumTags + 1) * NumTags]float32 // row NumTags holds the start weights

	// hashes lists the features in the order Write writes them, and
	// weights their rows of NumTags weights in the same order until the
	// model's index holds them. Decoding reads the index; a model read
	// from a file then drops weights, which would cost every process
	// megabytes that only Write would read.
	hashes  []uint64
	weights []int16
}

// Gazetteer returns the model's gazetteer.
func (m *Model) Gazetteer() *Gazetteer { return m.gaz }

// NumFeatures reports how many features carry weights, over all stages.
func (m *Model) NumFeatures() int {
	n := 0
	for _, s := range m.stages {
		n += len(s.hashes)
	}
	return n
}

// decodeTables returns the model's decoding tables, building them on the
// first call.
func (m *Model) decodeTables() *decodeTables {
	m.tablesOnce.Do(func() {
		x := newWeightIndex(m.stages)
		t := &decodeTables{
			index:    x,
			stacked:  make([]*stackedWeights, len(m.stages)),
			padStart: newNeighbour(x, padStart),
			padEnd:   newNeighbour(x, padEnd),
			padLeft:  newLeftHashes(padStart, padStart),
		}
		for k, st := range m.stages {
			t.lat = append(t.lat, newLattice(&st.trans))
			if k > 0 {
				t.stacked[k] = newStackedWeights(x, k)
			}
		}
		m.tables = t
	})
	return m.tables
}

// canEnd reports whether a sentence may end on tag t: not inside a name.
func canEnd(t int) bool {
	return t == 0 || tagKind(t) == tagL || tagKind(t) == tagU
}

// In BILOU, a tag that opens nothing (O, B-, U-) may follow only a tag
// that leaves no name open (O, L-, U-), and I- or L- of a type only B- or
// I- of that type. Viterbi visits these pairs only, from fixed arrays;
// they are the pairs the test's allowed permits (TestLatticeFollowsBILOU).
var (
	closedPrev = [...]uint8{0, 9, 10, 11, 12, 13, 14, 15, 16} // O, L-, U-
	closedNext = [...]uint8{0, 1, 2, 3, 4, 13, 14, 15, 16}    // O, B-, U-
)

// lattice holds a stage's transition weights in the order Viterbi reads
// them.
type lattice struct {
	start [NumTags]float32 // from the sentence start; -Inf where not allowed
	// closed[j][k] is the weight from closedPrev[k] to closedNext[j].
	closed [len(closedNext)][len(closedPrev)]float32
	// open[t][0] holds the weights from B-t and I-t to I-t, open[t][1]
	// those from B-t and I-t to L-t.
	open [4][2][2]float32
}

func newLattice(trans *[(NumTags + 1) * NumTags]float32) *lattice {
	var l lattice
	negInf := float32(math.Inf(-1))
	for b := range NumTags {
		l.start[b] = negInf
	}
	for j, b := range closedNext {
		l.start[b] = trans[NumTags*NumTags+int(b)]
		for k, a := range closedPrev {
			l.closed[j][k] = trans[int(a)*NumTags+int(b)]
		}
	}
	for t := range 4 {
		for kind, b := range [2]int{tagI + t, tagL + t} {
			l.open[t][kind] = [2]float32{trans[(tagB+t)*NumTags+b], trans[(tagI+t)*NumTags+b]}
		}
	}
	return &l
}

// viterbi fills out with the best tag sequence for emission scores emit
// (n×NumTags) under transition weights trans. back is scratch of n×NumTags.
func viterbi(emit []float32, trans *[(NumTags + 1) * NumTags]float32, back []uint8, out []int) {
	newLattice(trans).viterbi(emit, back, out)
}

// viterbi fills out with the best tag sequence for emission scores emit
// (n×NumTags). back is scratch of n×NumTags. Of equal scores the first
// predecessor wins, in tag order.
func (l *lattice) viterbi(emit []float32, back []uint8, out []int) {
	n := len(out)
	if n == 0 {
		return
	}
	negInf := float32(math.Inf(-1))
	var cur, next [NumTags]float32
	for b := range NumTags {
		if l.start[b] == negInf {
			cur[b] = negInf
		} else {
			cur[b] = l.start[b] + emit[b]
		}
	}
	for i := 1; i < n; i++ {
		e := (*[NumTags]float32)(emit[i*NumTags:])
		bk := (*[NumTags]uint8)(back[i*NumTags:])
		var c [len(closedPrev)]float32
		for k, a := range closedPrev {
			c[k] = cur[a]
		}
		for j, b := range closedNext {
			// Unrolled: a loop over the predecessors took 40%
			// longer (BenchmarkViterbi).
			w := &l.closed[j]
			best, arg := negInf, uint8(0)
			if s := c[0] + w[0]; s > best {
				best, arg = s, closedPrev[0]
			}
			if s := c[1] + w[1]; s > best {
				best, arg = s, closedPrev[1]
			}
			if s := c[2] + w[2]; s > best {
				best, arg = s, closedPrev[2]
			}
			if s := c[3] + w[3]; s > best {
				best, arg = s, closedPrev[3]
			}
			if s := c[4] + w[4]; s > best {
				best, arg = s, closedPrev[4]
			}
			if s := c[5] + w[5]; s > best {
				best, arg = s, closedPrev[5]
			}
			if s := c[6] + w[6]; s > best {
				best, arg = s, closedPrev[6]
			}
			if s := c[7] + w[7]; s > best {
				best, arg = s, closedPrev[7]
			}
			if s := c[8] + w[8]; s > best {
				best, arg = s, closedPrev[8]
			}
			next[b] = best + e[b]
			bk[b] = arg
		}
		for t := range 4 {
			for kind, b := range [2]int{tagI + t, tagL + t} {
				w := &l.open[t][kind]
				best, arg := negInf, uint8(0)
				if s := cur[tagB+t] + w[0]; s > best {
					best, arg = s, uint8(tagB+t)
				}
				if s := cur[tagI+t] + w[1]; s > best {
					best, arg = s, uint8(tagI+t)
				}
				next[b] = best + e[b]
				bk[b] = arg
			}
		}
		cur = next
	}
	best, arg := negInf, 0
	for b := range NumTags {
		if canEnd(b) && cur[b] > best {
			best, arg = cur[b], b
		}
	}
	out[n-1] = arg
	for i := n - 1; i > 0; i-- {
		out[i-1] = int(back[i*NumTags+out[i]])
	}
}

// Decoder tags documents with a model. It holds scratch buffers and the
// words it has met, so each goroutine needs its own; decoders are cheap.
type Decoder struct {
	m *Model
	t *decodeTables // m's

	words map[string]*cachedWord
	buf   []byte

	// The current document: its tokens' words, sentence by sentence,
	// in flat arrays that the sentences slice.
	cws    [][]*cachedWord
	ws     [][]*word
	cwFlat []*cachedWord
	wFlat  []*word

	// The current sentence: its tokens' norms, short shapes and
	// gazetteer marks, and features (token i has feats[off[i]:off[i+1]]).
	norm, sshape  []string
	begin, inside []uint8
	feats         []uint64
	off           []int

	later []int32 // per token of the document, the later stages' sums of its first-stage features
	emit  []float32
	back  []uint8
}

// NewDecoder returns a decoder for m.
func (m *Model) NewDecoder() *Decoder {
	return &Decoder{m: m, t: m.decodeTables(), words: make(map[string]*cachedWord)}
}

// TagDoc returns the tag indices of every sentence of a document, running
// all the model's stages.
func (d *Decoder) TagDoc(sents [][]string) [][]int {
	d.docWords(sents)
	ds := newDocStats(d.ws)
	stages := d.m.stages
	// The first stage's features are all the later stages' too, and one
	// look-up gives a feature's weights in all of them: the first pass
	// sums them for every stage and keeps the later stages' sums for
	// their passes.
	stride := (len(stages) - 1) * NumTags
	d.later = grow(d.later, len(d.cwFlat)*stride)
	out := make([][]int, len(sents))
	tok := 0
	st := stages[0]
	for j, s := range sents {
		cws := d.cws[j]
		d.contextFeats(s, cws, ds)
		emit := d.emitBuf(len(s))
		for i, cw := range cws {
			var acc [64]int32
			ps := cw.own
			for p, nb := range d.neighbours(cws, i) {
				d.t.index.addRow(nb.rows[p], &ps, &acc)
			}
			d.t.index.add(d.feats[d.off[i]:d.off[i+1]], &ps, &acc)
			d.t.index.spill(&ps, &acc)
			for t := range NumTags {
				emit[i*NumTags+t] = float32(acc[t]) * st.scale
			}
			copy(d.later[(tok+i)*stride:(tok+i+1)*stride], acc[NumTags:])
		}
		out[j] = d.decode(d.t.lat[0], len(s))
		tok += len(s)
	}
	for k := 1; k < len(stages); k++ {
		st, sw := stages[k], d.t.stacked[k]
		prev := out
		ds = ds.withPredictions(d.ws, prev)
		out = make([][]int, len(sents))
		tok = 0
		for j, s := range sents {
			emit := d.emitBuf(len(s))
			for i, cw := range d.cws[j] {
				acc := (*[NumTags]int32)(d.later[(tok+i)*stride+(k-1)*NumTags:])
				sw.add(acc, cw, ds, prev[j], i)
				for t := range NumTags {
					emit[i*NumTags+t] = float32(acc[t]) * st.scale
				}
			}
			out[j] = d.decode(d.t.lat[k], len(s))
			tok += len(s)
		}
	}
	return out
}

// emitBuf returns the decoder's emission scores resized for n tokens.
func (d *Decoder) emitBuf(n int) []float32 {
	if cap(d.emit) < n*NumTags {
		d.emit = make([]float32, n*NumTags)
		d.back = make([]uint8, n*NumTags)
	}
	return d.emit[:n*NumTags]
}

// decode returns the best tags of a sentence of n tokens under a stage's
// transitions, from the emission scores in d.emit.
func (d *Decoder) decode(l *lattice, n int) []int {
	out := make([]int, n)
	if n > 0 {
		l.viterbi(d.emit[:n*NumTags], d.back[:n*NumTags], out)
	}
	return out
}

// appendSorted appends a hash-keyed table: its length, then each key and
// its value in key order.
func appendSorted[V any](buf []byte, m map[uint64]V, put func([]byte, V) []byte) []byte {
	keys := slices.Sorted(maps.Keys(m))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(keys)))
	for _, k := range keys {
		buf = binary.LittleEndian.AppendUint64(buf, k)
		buf = put(buf, m[k])
	}
	return buf
}

// Write writes the model in the binary format read by ReadModel: the
// gazetteer, then each stage. All integers are little-endian.
func (m *Model) Write(w io.Writer) error {
	var buf []byte
	buf = append(buf, magic...)
	buf = binary.LittleEndian.AppendUint32(buf, NumTags)
	// The gazetteer's tables in hash order, so that the same training gives
	// the same bytes.
	buf = appendSorted(buf, m.gaz.m, func(b []byte, v uint8) []byte { return append(b, v) })
	buf = appendSorted(buf, m.gaz.caps, func(b []byte, v uint8) []byte { return append(b, v) })
	buf = appendSorted(buf, m.gaz.clus, binary.LittleEndian.AppendUint16)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(m.stages)))
	for si, s := range m.stages {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(s.scale))
		for _, t := range s.trans {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(t))
		}
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(s.hashes)))
		for _, h := range s.hashes {
			buf = binary.LittleEndian.AppendUint64(buf, h)
		}
		if s.weights == nil {
			// The weights are in the index only.
			x := m.decodeTables().index
			for _, h := range s.hashes {
				row, ok := x.stageRow(h, si)
				if !ok {
					return fmt.Errorf("write model: feature %#x has no weights", h)
				}
				for _, v := range row {
					buf = binary.LittleEndian.AppendUint16(buf, uint16(v))
				}
			}
			continue
		}
		if len(s.weights) != len(s.hashes)*NumTags {
			return fmt.Errorf("write model: %d features but %d weights", len(s.hashes), len(s.weights))
		}
		for _, v := range s.weights {
			buf = binary.LittleEndian.AppendUint16(buf, uint16(v))
		}
	}
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

// ReadModel decodes a model written by Model.Write.
func ReadModel(data []byte) (*Model, error) { return readModel(data, false) }

// readModel is ReadModel; keepWeights keeps each stage's weights besides
// the index, for tests that decode the plain way.
func readModel(data []byte, keepWeights bool) (*Model, error) {
	r := reader{b: data}
	if string(r.next(len(magic))) != magic {
		return nil, errors.New("read model: not a dateline NER model of this version")
	}
	if nt := r.u32(); nt != NumTags {
		return nil, fmt.Errorf("read model: %d tags, want %d", nt, NumTags)
	}
	ng := int(r.u32())
	if r.err == nil && ng > len(r.b)/9 {
		r.err = io.ErrUnexpectedEOF
	}
	if r.err != nil {
		return nil, fmt.Errorf("read model header: %w", r.err)
	}
	m := &Model{gaz: &Gazetteer{m: make(map[uint64]uint8, ng)}}
	for i := 0; i < ng && r.err == nil; i++ {
		h := r.u64()
		m.gaz.m[h] = r.u8()
	}
	nc := int(r.u32())
	if r.err == nil && nc > len(r.b)/9 {
		r.err = io.ErrUnexpectedEOF
	}
	if r.err != nil {
		return nil, fmt.Errorf("read model gazetteer: %w", r.err)
	}
	m.gaz.caps = make(map[uint64]uint8, nc)
	for i := 0; i < nc && r.err == nil; i++ {
		h := r.u64()
		m.gaz.caps[h] = r.u8()
	}
	nk := int(r.u32())
	if r.err == nil && nk > len(r.b)/10 {
		r.err = io.ErrUnexpectedEOF
	}
	if r.err != nil {
		return nil, fmt.Errorf("read model clusters: %w", r.err)
	}
	m.gaz.clus = make(map[uint64]uint16, nk)
	for i := 0; i < nk && r.err == nil; i++ {
		h := r.u64()
		m.gaz.clus[h] = r.u16()
	}
	ns := int(r.u32())
	if r.err == nil && (ns < 1 || ns > maxStages) {
		return nil, fmt.Errorf("read model: %d stages", ns)
	}
	for i := 0; i < ns && r.err == nil; i++ {
		s := &stage{scale: math.Float32frombits(r.u32())}
		for j := range s.trans {
			s.trans[j] = math.Float32frombits(r.u32())
		}
		nf := int(r.u32())
		if r.err == nil && nf > len(r.b)/(8+2*NumTags) {
			r.err = io.ErrUnexpectedEOF
			break
		}
		s.hashes = make([]uint64, nf)
		for j := range s.hashes {
			s.hashes[j] = r.u64()
			// Write lists the features in increasing order. Holding
			// to it rules out a feature listed twice. The weight
			// index would add its rows into one, and that sum can
			// leave the 16 bits each lane of a packed row is budgeted
			// for, carrying into or borrowing from the next tag's
			// weights; nor could Write, which writes one row per
			// feature from the index, write the file back as read.
			if j > 0 && s.hashes[j] <= s.hashes[j-1] && r.err == nil {
				return nil, fmt.Errorf("read model: stage %d: feature hashes out of order at %d", i+1, j)
			}
		}
		raw := r.next(2 * nf * NumTags)
		if r.err != nil {
			break
		}
		s.weights = make([]int16, nf*NumTags)
		for j := range s.weights {
			s.weights[j] = int16(binary.LittleEndian.Uint16(raw[2*j:]))
		}
		m.stages = append(m.stages, s)
	}
	if r.err != nil {
		return nil, fmt.Errorf("read model: %w", r.err)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("read model: %d trailing bytes", len(r.b))
	}
	// Build the tables now, so that loading bears their cost rather than
	// the first document tagged; the index holds the weights from then on.
	m.decodeTables()
	if !keepWeights {
		for _, s := range m.stages {
			s.weights = nil
		}
	}
	return m, nil
}

// reader decodes little-endian values and remembers the first short read.
type reader struct {
	b   []byte
	err error
}

func (r *reader) next(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.err = io.ErrUnexpectedEOF
		// Enough zero bytes for the fixed-size readers below; the
		// caller checks err before using a longer read.
		return make([]byte, min(n, 8))
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) u8() uint8   { return r.next(1)[0] }
func (r *reader) u16() uint16 { return binary.LittleEndian.Uint16(r.next(2)) }
func (r *reader) u32() uint32 { return binary.LittleEndian.Uint32(r.next(4)) }
func (r *reader) u64() uint64 { return binary.LittleEndian.Uint64(r.next(8)) }
