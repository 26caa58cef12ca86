package tagger

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWeightIndexLooksUpEveryFeature checks the index against the stages
// it was built from: every feature's row in every stage, no row for a
// feature no stage has, and packed sums equal to the weights added one by
// one. The tables are small and full enough that many features sit past
// their home slot, so the probing is exercised too.
func TestWeightIndexLooksUpEveryFeature(t *testing.T) {
	tests := []struct {
		name     string
		features []int // per stage
		shared   int   // features every stage has
	}{
		{"one stage, a few", []int{3}, 0},
		{"one stage, crowded", []int{200}, 0},
		{"two stages, some shared", []int{150, 90}, 40},
		{"three stages, more than a packed sum holds", []int{40, 40, 40}, 40},
	}
	for _, tt := range tests {
		r := rand.New(rand.NewPCG(uint64(len(tt.name)), 7))
		var stages []*stage
		want := map[uint64][]int16{} // per feature: its weights in all stages, zero where absent
		next := uint64(0)
		for si, n := range tt.features {
			st := &stage{scale: 1}
			for i := range n {
				h := uint64(i + 1) // the shared ones
				if i >= tt.shared {
					next++
					h = next<<32 | uint64(si)
				}
				st.hashes = append(st.hashes, h)
				if want[h] == nil {
					want[h] = make([]int16, len(tt.features)*NumTags)
				}
				for range NumTags {
					st.weights = append(st.weights, int16(r.IntN(1<<16)-1<<15))
				}
			}
			stages = append(stages, st)
		}
		for si, st := range stages {
			for i, h := range st.hashes {
				copy(want[h][si*NumTags:(si+1)*NumTags], st.weights[i*NumTags:])
			}
		}
		x := newWeightIndex(stages)

		displaced := 0
		var hs []uint64
		var sum [64]int32
		for h, w := range want {
			k := tableKey(h)
			if x.slots[k&x.mask].key != k {
				displaced++
			}
			for si := range stages {
				got, ok := x.stageRow(h, si)
				if !ok {
					t.Fatalf("%s: feature %#x has no row", tt.name, h)
				}
				if [NumTags]int16(w[si*NumTags:]) != got {
					t.Fatalf("%s: feature %#x stage %d: weights %v, want %v", tt.name, h, si, got, w[si*NumTags:(si+1)*NumTags])
				}
			}
			hs = append(hs, h)
			for l, v := range w {
				sum[l] += int32(v)
			}
		}
		if len(want) > 20 && displaced == 0 {
			t.Errorf("%s: no feature sits past its home slot; the test does not probe", tt.name)
		}
		// No stage has a hash with bit 62 set.
		absent := []uint64{1 << 62, 1<<62 | 1, 1<<62 | 12345}
		for _, h := range absent {
			if r := x.row(h); r != -1 {
				t.Errorf("%s: absent feature %#x has row %d", tt.name, h, r)
			}
		}
		// Absent features among the present ones add nothing.
		hs = append(hs, absent...)
		var ps packedSum
		var acc [64]int32
		x.add(hs, &ps, &acc)
		x.spill(&ps, &acc)
		// Lanes past the stages' are padding, and hold no sum.
		lanes := len(stages) * NumTags
		if !slices.Equal(acc[:lanes], sum[:lanes]) {
			t.Errorf("%s: packed sum %v, want %v", tt.name, acc[:lanes], sum[:lanes])
		}
	}
}
