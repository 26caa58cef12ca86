package tagger

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// ClusterOptions controls how word clusters are learned from unlabelled
// text.
type ClusterOptions struct {
	Fine, Coarse int    // number of clusters at each granularity, at most 255
	MinCount     int    // words seen fewer times get no cluster
	Contexts     int    // the most frequent words that serve as contexts
	Iters        int    // k-means passes
	Seed         uint64 // picks the initial centroids, reproducibly
}

// Clusters groups the words of paras by the words around them, so that the
// tagger can generalise from a name it saw in training to words used alike
// ("Reuters" and "Xinhua", "Ministry" and "Commission"). Brown clustering
// is the usual choice, but its exact form is slow on a vocabulary this size
// and no maintained Go package implements it; spherical k-means over the
// counts of the neighbouring words is simple, deterministic and quick. It
// returns, for each word in its written form, coarse<<8 | fine with both
// counted from 1.
func Clusters(paras [][]string, opt ClusterOptions) map[string]uint16 {
	count := map[string]int{}
	ctxCount := map[string]int{}
	for _, p := range paras {
		for _, w := range p {
			count[w]++
			ctxCount[normWord(w)]++
		}
	}
	byCount := func(m map[string]int) []string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int {
			if m[a] != m[b] {
				return m[b] - m[a]
			}
			return strings.Compare(a, b)
		})
		return keys
	}
	ctxWords := byCount(ctxCount)
	ctxWords = ctxWords[:min(len(ctxWords), opt.Contexts)]
	ctxID := make(map[string]int, len(ctxWords))
	for i, w := range ctxWords {
		ctxID[w] = i
	}
	dim := 4 * (len(ctxWords) + 1)
	var vocab []string
	for _, w := range byCount(count) {
		if count[w] < opt.MinCount {
			break
		}
		vocab = append(vocab, w)
	}
	if len(vocab) == 0 {
		return nil
	}
	vid := make(map[string]int, len(vocab))
	for i, w := range vocab {
		vid[w] = i
	}
	ctx := make([]map[int32]float32, len(vocab))
	for i := range ctx {
		ctx[i] = map[int32]float32{}
	}
	for _, p := range paras {
		for i, w := range p {
			v, ok := vid[w]
			if !ok {
				continue
			}
			for k, d := range [4]int{-2, -1, 1, 2} {
				j := i + d
				c := len(ctxWords) // padding or a rare word
				if j >= 0 && j < len(p) {
					if id, ok := ctxID[normWord(p[j])]; ok {
						c = id
					}
				}
				ctx[v][int32(k*(len(ctxWords)+1)+c)]++
			}
		}
	}
	vecs := make([]sparse, len(vocab))
	for i, m := range ctx {
		vecs[i] = newSparse(m)
	}
	fine := kmeans(vecs, dim, opt.Fine, opt.Iters, opt.Seed)
	coarse := kmeans(vecs, dim, opt.Coarse, opt.Iters, opt.Seed+1)
	out := make(map[string]uint16, len(vocab))
	for i, w := range vocab {
		out[w] = uint16(coarse[i]+1)<<8 | uint16(fine[i]+1)
	}
	return out
}

// sparse is a unit-length vector of square-rooted counts, which keeps the
// most frequent contexts from dominating.
type sparse struct {
	idx []int32
	val []float32
}

func newSparse(m map[int32]float32) sparse {
	var s sparse
	for k := range m {
		s.idx = append(s.idx, k)
	}
	slices.Sort(s.idx)
	var norm float64
	for _, k := range s.idx {
		v := float32(math.Sqrt(float64(m[k])))
		s.val = append(s.val, v)
		norm += float64(v) * float64(v)
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range s.val {
			s.val[i] *= inv
		}
	}
	return s
}

// kmeans assigns each vector to one of k clusters by cosine similarity.
func kmeans(vecs []sparse, dim, k, iters int, seed uint64) []int {
	k = min(k, len(vecs))
	rng := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	cent := make([][]float32, k)
	for c, i := range rng.Perm(len(vecs))[:k] {
		cent[c] = make([]float32, dim)
		for j, x := range vecs[i].idx {
			cent[c][x] = vecs[i].val[j]
		}
	}
	assign := make([]int, len(vecs))
	for it := 0; it < iters; it++ {
		for i, v := range vecs {
			best, arg := float32(math.Inf(-1)), 0
			for c, ce := range cent {
				var dot float32
				for j, x := range v.idx {
					dot += ce[x] * v.val[j]
				}
				if dot > best {
					best, arg = dot, c
				}
			}
			assign[i] = arg
		}
		sums := make([][]float32, k)
		for i, v := range vecs {
			c := assign[i]
			if sums[c] == nil {
				sums[c] = make([]float32, dim)
			}
			for j, x := range v.idx {
				sums[c][x] += v.val[j]
			}
		}
		for c, s := range sums {
			if s == nil {
				continue // an empty cluster keeps its centroid
			}
			var norm float64
			for _, x := range s {
				norm += float64(x) * float64(x)
			}
			if norm > 0 {
				inv := float32(1 / math.Sqrt(norm))
				for j := range s {
					s[j] *= inv
				}
			}
			cent[c] = s
		}
	}
	return assign
}
