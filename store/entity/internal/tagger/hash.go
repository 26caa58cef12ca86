// Package tagger is the statistical core of the entity recognizer: feature
// extraction, an averaged structured perceptron over BILOU tags, Viterbi
// decoding, the compact model format and CoNLL reading and scoring. It knows
// nothing of articles; package entity builds on it and the train command
// drives it.
package tagger

// Features are identified by a 64-bit FNV-1a hash of a template number and the
// strings it combines. Hashing instead of keeping feature strings keeps the
// model small and lets the hot path build features without allocating; at 64
// bits the chance of two of a few hundred thousand features colliding is
// negligible.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hbyte(h uint64, b byte) uint64 {
	h ^= uint64(b)
	h *= fnvPrime
	return h
}

func hstr(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// tmpl starts the hash of a feature of template id.
func tmpl(id byte) uint64 { return hbyte(fnvOffset, id) }

// sep separates two strings inside one feature so that ("ab","c") and
// ("a","bc") differ.
func sep(h uint64) uint64 { return hbyte(h, 0x1f) }

// mix finalises a hash so that its low bits, used to index the feature table,
// are well distributed.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
