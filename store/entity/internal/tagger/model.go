package tagger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
)

// magic opens every model file; the digits are the format version.
const magic = "DLNER09\n"

// maxStages bounds the stages a model file may declare.
const maxStages = 4

// Model is a trained tagger: one or more stages that share a gazetteer. The
// first stage tags a document with local features; each later stage sees,
// as extra features, what the stage before it said about the same words
// elsewhere in the document (a name keeps its type across an article). A
// Model is read-only once loaded and safe for concurrent use; decoding
// state lives in a Decoder.
type Model struct {
	gaz    *Gazetteer
	stages []*stage
}

// stage is one perceptron: feature weights quantised to int16 and tag
// transition weights.
type stage struct {
	scale float32                          // weight = int16 × scale
	trans [(NumTags + 1) * NumTags]float32 // row NumTags holds the start weights

	// An open-addressing hash table from feature hash to weights; slots
	// with key 0 are empty. Keeping the weights in the slot costs one
	// cache miss per feature instead of three.
	table []slot
	mask  uint64
	// hashes lists the features in the order Write writes them. Their
	// weights live in the table only: a second copy would cost every
	// process several megabytes that only Write would read.
	hashes []uint64
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

type slot struct {
	key uint64
	w   [NumTags]int16
}

func tableKey(h uint64) uint64 {
	h = mix(h)
	if h == 0 {
		h = 1
	}
	return h
}

// prepare builds the look-up table of the stage's features; row fills in
// the weights of the feature s.hashes[i]. The hashes must be distinct, or
// the table would hold rows that lookup never reaches.
func (s *stage) prepare(row func(i int, w *[NumTags]int16)) {
	size := 16
	for size*5 < len(s.hashes)*8 { // load factor at most 5/8
		size <<= 1
	}
	s.table = make([]slot, size)
	s.mask = uint64(size - 1)
	for i, h := range s.hashes {
		k := tableKey(h)
		for j := k & s.mask; ; j = (j + 1) & s.mask {
			if s.table[j].key == 0 {
				s.table[j].key = k
				row(i, &s.table[j].w)
				break
			}
		}
	}
}

// lookup returns the weights of a feature, or nil.
func (s *stage) lookup(h uint64) *[NumTags]int16 {
	k := tableKey(h)
	return s.probe(k, k&s.mask)
}

// probe looks for key k from slot j on.
func (s *stage) probe(k, j uint64) *[NumTags]int16 {
	for ; ; j = (j + 1) & s.mask {
		sl := &s.table[j]
		switch sl.key {
		case k:
			return &sl.w
		case 0:
			return nil
		}
	}
}

// addWeights adds the weights of the features hs to acc. The table is
// several times larger than the CPU's caches, so most look-ups wait on
// memory. They are made in two passes over a batch of features: the first
// reads each feature's home slot, loads that do not depend on each other
// and so overlap; the second adds the weights, from slots now in cache,
// and probes on only for the few features whose home slot held another.
// The sums are of integers, so the order changes nothing.
func (s *stage) addWeights(hs []uint64, acc *[NumTags]int32) {
	const batch = 16
	var keys, home, found [batch]uint64
	for len(hs) > 0 {
		n := min(len(hs), batch)
		for i := range n {
			k := tableKey(hs[i])
			j := k & s.mask
			keys[i], home[i], found[i] = k, j, s.table[j].key
		}
		for i := range n {
			var w *[NumTags]int16
			switch found[i] {
			case keys[i]:
				w = &s.table[home[i]].w
			case 0:
			default:
				w = s.probe(keys[i], (home[i]+1)&s.mask)
			}
			if w != nil {
				for t := range acc {
					acc[t] += int32(w[t])
				}
			}
		}
		hs = hs[n:]
	}
}

// allowed reports whether tag b may follow tag a (a == NumTags is the
// sentence start) in the BILOU scheme: I- and L- continue a B- or I- of
// their type; O, B- and U- may not interrupt one.
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

// canEnd reports whether a sentence may end on tag t: not inside a name.
func canEnd(t int) bool {
	return t == 0 || tagKind(t) == tagL || tagKind(t) == tagU
}

// predecessors lists, for each tag, the tags that may precede it; most
// pairs are forbidden in BILOU, so Viterbi only visits these.
var predecessors = func() (p [NumTags][]uint8) {
	for b := 0; b < NumTags; b++ {
		for a := 0; a < NumTags; a++ {
			if allowed(a, b) {
				p[b] = append(p[b], uint8(a))
			}
		}
	}
	return p
}()

// viterbi fills out with the best tag sequence for emission scores emit
// (n×NumTags) under transition weights trans. back is scratch of n×NumTags.
func viterbi(emit []float32, trans *[(NumTags + 1) * NumTags]float32, back []uint8, out []int) {
	n := len(out)
	if n == 0 {
		return
	}
	negInf := float32(math.Inf(-1))
	var cur, next [NumTags]float32
	for b := 0; b < NumTags; b++ {
		if allowed(NumTags, b) {
			cur[b] = trans[NumTags*NumTags+b] + emit[b]
		} else {
			cur[b] = negInf
		}
	}
	for i := 1; i < n; i++ {
		e := emit[i*NumTags : i*NumTags+NumTags]
		bk := back[i*NumTags : i*NumTags+NumTags]
		for b := 0; b < NumTags; b++ {
			best, arg := negInf, uint8(0)
			for _, a := range predecessors[b] {
				if s := cur[a] + trans[int(a)*NumTags+b]; s > best {
					best, arg = s, a
				}
			}
			next[b] = best + e[b]
			bk[b] = arg
		}
		cur = next
	}
	best, arg := negInf, 0
	for b := 0; b < NumTags; b++ {
		if canEnd(b) && cur[b] > best {
			best, arg = cur[b], b
		}
	}
	out[n-1] = arg
	for i := n - 1; i > 0; i-- {
		out[i-1] = int(back[i*NumTags+out[i]])
	}
}

// Decoder tags documents with a model. It holds scratch buffers, so each
// goroutine needs its own; decoders are cheap.
type Decoder struct {
	m    *Model
	fz   *Featurizer
	emit []float32
	back []uint8
}

// NewDecoder returns a decoder for m.
func (m *Model) NewDecoder() *Decoder {
	return &Decoder{m: m, fz: NewFeaturizer(m.gaz)}
}

// TagDoc returns the tag indices of every sentence of a document, running
// all the model's stages.
func (d *Decoder) TagDoc(sents [][]string) [][]int {
	ds := NewDocStats(sents)
	// The local features are the same for every stage: compute them once.
	base := make([][]uint64, len(sents))
	offs := make([][]int, len(sents))
	for j, s := range sents {
		d.fz.Sentence(s, ds, nil)
		base[j] = slices.Clone(d.fz.Feats)
		offs[j] = slices.Clone(d.fz.Off)
	}
	var out [][]int
	for i, st := range d.m.stages {
		prev := out
		if i > 0 {
			ds = ds.WithPredictions(sents, prev)
		}
		out = make([][]int, len(sents))
		for j, s := range sents {
			var ef []uint64
			var efOff []int
			if i > 0 {
				d.fz.Stacked(s, ds, prev[j])
				ef, efOff = d.fz.Feats, d.fz.Off
			}
			out[j] = d.tag(st, base[j], offs[j], ef, efOff)
		}
	}
	return out
}

// tag decodes one sentence with one stage from its local features and,
// for later stages, the stacked ones.
func (d *Decoder) tag(st *stage, feats []uint64, off []int, extra []uint64, extraOff []int) []int {
	n := len(off) - 1
	out := make([]int, n)
	if n <= 0 {
		return out
	}
	if cap(d.emit) < n*NumTags {
		d.emit = make([]float32, n*NumTags)
		d.back = make([]uint8, n*NumTags)
	}
	emit := d.emit[:n*NumTags]
	for i := 0; i < n; i++ {
		var acc [NumTags]int32
		st.addWeights(feats[off[i]:off[i+1]], &acc)
		if extra != nil {
			st.addWeights(extra[extraOff[i]:extraOff[i+1]], &acc)
		}
		for t := range acc {
			emit[i*NumTags+t] = float32(acc[t]) * st.scale
		}
	}
	viterbi(emit, &st.trans, d.back[:n*NumTags], out)
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
	for _, s := range m.stages {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(s.scale))
		for _, t := range s.trans {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(t))
		}
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(s.hashes)))
		for _, h := range s.hashes {
			buf = binary.LittleEndian.AppendUint64(buf, h)
		}
		for _, h := range s.hashes {
			row := s.lookup(h)
			if row == nil {
				return fmt.Errorf("write model: feature %#x has no weights", h)
			}
			for _, v := range row {
				buf = binary.LittleEndian.AppendUint16(buf, uint16(v))
			}
		}
	}
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

// ReadModel decodes a model written by Model.Write.
func ReadModel(data []byte) (*Model, error) {
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
			// to it rules out a feature listed twice: lookup would
			// only ever reach its first row, and Write would give
			// that row back twice.
			if j > 0 && s.hashes[j] <= s.hashes[j-1] && r.err == nil {
				return nil, fmt.Errorf("read model: stage %d: feature hashes out of order at %d", i+1, j)
			}
		}
		raw := r.next(2 * nf * NumTags)
		if r.err != nil {
			break
		}
		// The weights are decoded in one sequential pass first and copied
		// into the table from there: decoding each row as the table takes
		// it made loading about 70% slower (BenchmarkLoad). The decoded
		// copy is garbage once the table holds it.
		weights := make([]int16, nf*NumTags)
		for j := range weights {
			weights[j] = int16(binary.LittleEndian.Uint16(raw[2*j:]))
		}
		s.prepare(func(row int, w *[NumTags]int16) {
			copy(w[:], weights[row*NumTags:])
		})
		m.stages = append(m.stages, s)
	}
	if r.err != nil {
		return nil, fmt.Errorf("read model: %w", r.err)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("read model: %d trailing bytes", len(r.b))
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
