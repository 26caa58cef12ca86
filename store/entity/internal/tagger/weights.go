package tagger

// maxStages bounds the stages a model file may declare: decoding sums a
// feature's weights in all stages into one array of 64, stage after stage.
const maxStages = 64 / NumTags

// weightIndex maps a feature hash to its weights in every stage of a model
// at once, and adds them up quickly.
//
// Decoding spends most of its time summing the weights of a token's
// features: some thirty features, each with a row of NumTags weights per
// stage. One table for all stages makes one look-up per feature serve them
// all, where a table per stage made one per stage. And the rows are packed
// three weights to a 64-bit word, each in a 21-bit lane and biased by
// 1<<15 to be non-negative, so that one 64-bit addition adds three weights:
// up to 32 rows can be summed that way before a lane could carry into the
// next (32 × 65535 < 1<<21), and then the lanes are unpacked, the bias
// taken off, into 32-bit sums. The sums are exact, and the same as adding
// the weights one by one.
type weightIndex struct {
	slots []wslot // open addressing with linear probing; key 0 is empty
	mask  uint64
	words int      // words per row
	rows  []uint64 // packed rows, all stages side by side, words each
}

// wslot is one feature of the index.
type wslot struct {
	key uint64 // tableKey of the feature hash
	row uint32 // the feature's row in rows
}

const (
	laneBits    = 21
	laneMask    = 1<<laneBits - 1
	lanesInWord = 64 / laneBits
	weightBias  = 1 << 15
	// maxPacked is how many rows the lanes can hold the sum of.
	maxPacked = laneMask / (2*weightBias - 1)
	// maxWords is the most words a row of maxStages stages takes.
	maxWords = (maxStages*NumTags + lanesInWord - 1) / lanesInWord
)

func tableKey(h uint64) uint64 {
	h = mix(h)
	if h == 0 {
		h = 1
	}
	return h
}

// newWeightIndex builds the index of the stages' features. Each stage's
// hashes must be distinct, and its weights present.
func newWeightIndex(stages []*stage) *weightIndex {
	// Sized for every stage's features, as if none were shared: an upper
	// bound that spares counting the distinct ones in a map, which made
	// loading a quarter slower (BenchmarkLoad).
	total := 0
	for _, s := range stages {
		total += len(s.hashes)
	}
	size := 16
	for size*5 < total*8 { // load factor at most 5/8
		size <<= 1
	}
	words := (len(stages)*NumTags + lanesInWord - 1) / lanesInWord
	x := &weightIndex{slots: make([]wslot, size), mask: uint64(size - 1), words: words}
	// First the slots, each feature's row numbered as it comes.
	n := 0
	for _, s := range stages {
		for _, h := range s.hashes {
			k := tableKey(h)
			if sl := x.probe(k, k&x.mask); sl.key == 0 {
				sl.key, sl.row = tableKey(h), uint32(n)
				n++
			}
		}
	}
	// Then the rows, all weights zero to begin with: a stage without the
	// feature adds nothing for it.
	var zero [maxWords]uint64
	for l := range len(stages) * NumTags {
		zero[l/lanesInWord] |= weightBias << (laneBits * (l % lanesInWord))
	}
	x.rows = make([]uint64, n*words)
	for r := range n {
		copy(x.rows[r*words:], zero[:words])
	}
	for si, s := range stages {
		for i, h := range s.hashes {
			k := tableKey(h)
			row := x.rows[int(x.probe(k, k&x.mask).row)*words:][:words]
			for t, w := range s.weights[i*NumTags : (i+1)*NumTags] {
				l := si*NumTags + t
				row[l/lanesInWord] += uint64(int64(w)) << (laneBits * (l % lanesInWord))
			}
		}
	}
	return x
}

// stageRow returns the weights of stage si for the feature h, and false
// when the index has no row for h.
func (x *weightIndex) stageRow(h uint64, si int) (w [NumTags]int16, ok bool) {
	r := x.row(h)
	if r < 0 {
		return w, false
	}
	row := x.rows[int(r)*x.words:][:x.words]
	for t := range w {
		l := si*NumTags + t
		lane := row[l/lanesInWord] >> (laneBits * (l % lanesInWord)) & laneMask
		w[t] = int16(int64(lane) - weightBias)
	}
	return w, true
}

// row returns the row of the feature h, or -1 if the index has none.
func (x *weightIndex) row(h uint64) int32 {
	k := tableKey(h)
	if sl := x.probe(k, k&x.mask); sl.key != 0 {
		return int32(sl.row)
	}
	return -1
}

// probe looks for key k from slot j on, and returns the slot that holds
// it or the empty one where it would go. The index is never full (see
// newWeightIndex), so there is always one or the other.
func (x *weightIndex) probe(k, j uint64) *wslot {
	for {
		sl := &x.slots[j]
		if sl.key == k || sl.key == 0 {
			return sl
		}
		j = (j + 1) & x.mask
	}
}

// packedSum is a sum of rows of the index in packed form, as add builds
// it.
type packedSum struct {
	w [maxWords]uint64
	n int // rows in w
}

// add adds the weights of the features hs to the packed sum ps, spilling
// it into acc (acc[s*NumTags+t] for stage s and tag t) whenever its lanes
// are full; what is still packed at the end reaches acc only through
// a last call to spill, which the caller makes. The look-ups are made in two
// passes over a batch of features: the first reads each feature's home
// slot, loads that do not depend on each other and so overlap when the
// slots are not in cache; the second adds the rows, and probes on only for
// the few features whose home slot held another.
func (x *weightIndex) add(hs []uint64, ps *packedSum, acc *[64]int32) {
	const batch = 16
	var keys, home, found [batch]uint64
	for len(hs) > 0 {
		n := min(len(hs), batch)
		for i := range n {
			k := tableKey(hs[i])
			j := k & x.mask
			keys[i], home[i], found[i] = k, j, x.slots[j].key
		}
		for i := range n {
			var sl *wslot
			switch found[i] {
			case keys[i]:
				sl = &x.slots[home[i]]
			case 0:
				continue
			default:
				if sl = x.probe(keys[i], (home[i]+1)&x.mask); sl.key == 0 {
					continue
				}
			}
			if ps.n == maxPacked {
				x.spill(ps, acc)
			}
			x.addPacked(sl.row, ps)
		}
		hs = hs[n:]
	}
}

// addRow adds row r (-1 for none) to the packed sum ps, first spilling
// it into acc if its lanes are full.
func (x *weightIndex) addRow(r int32, ps *packedSum, acc *[64]int32) {
	if r < 0 {
		return
	}
	if ps.n == maxPacked {
		x.spill(ps, acc)
	}
	x.addPacked(uint32(r), ps)
}

// addPacked adds row r to the packed sum ps, which must have room for it.
// It is apart from addRow so that it inlines into add's inner loop, as
// addRow with its spill does not: the call cost 2% more instructions per
// document.
func (x *weightIndex) addPacked(r uint32, ps *packedSum) {
	row := x.rows[int(r)*x.words:][:x.words]
	for w, v := range row {
		ps.w[w] += v
	}
	ps.n++
}

// spill adds the packed sum ps to acc and empties it.
func (x *weightIndex) spill(ps *packedSum, acc *[64]int32) {
	off := int32(ps.n * weightBias)
	for w := range x.words {
		v := ps.w[w]
		for l := range lanesInWord {
			acc[(w*lanesInWord+l)&63] += int32(v>>(laneBits*l)&laneMask) - off
		}
	}
	*ps = packedSum{}
}
