package clean

import (
	"encoding/binary"
	"math"
	"unicode"
	"unicode/utf8"
)

// The lexicon is the line model's knowledge of words. The measurements of a
// line (length, function words, punctuation, neighbours) cannot tell "Sign
// in", "Add to cart" or "Privacy Policy" from a short heading of the text,
// but the words can, in any layout. Each word of a line adds a learned
// weight to the line's log-odds, and its first word a second one. Words are
// hashed into a fixed table (the hashing trick of Weinberger et al., 2009),
// so there is no vocabulary to store and a word never seen in training
// weighs nothing.
//
// With the pages of a site held out together, the lexicon raised the
// two-fold cross-validated F1 of the text cleaner on the benchmark pages
// from 0.816 to 0.823. Trained on all of them, the same pages score 0.836
// instead of 0.817, but that figure counts what the lexicon remembers of
// the very pages it is scored on.
//
// The words of the neighbouring lines were tried too and left out: they
// added 0.0015 to the cross-validated F1, but a footer's "Privacy" or
// "Contact" then outweighed the last paragraph of an article just above it.

// lexBits is the size of the lexicon's hash table as a power of two. In
// cross-validation a table of 2^14 weights scored as well as tables of 2^16
// to 2^20, and 64 KiB stay in the processor's cache.
const lexBits = 14

// lexSize is the number of weights in the lexicon.
const lexSize = 1 << lexBits

// Lexicon namespaces: a word of the line, and the line's first word.
const (
	nsWord = iota
	nsFirst
)

// wordless is the hash that stands for a line without word characters,
// such as a row of bullets or a lone "|".
const wordless uint64 = 0x5d1f_3c2a_9b47_e0c1

// lineTerms calls f with the hash of each word of a line, normalised to
// lower case with every digit read as 0, the weight the word carries (one
// over the square root of the line's word count, so that the words of a
// long paragraph do not outweigh its measurements), and whether it is the line's first word.
// A line without words gives wordless once, with weight 1.
func lineTerms(li *LineInfo, f func(h uint64, v float32, first bool)) {
	if li.Words == 0 {
		f(wordless, 1, false)
		return
	}
	v := float32(1 / math.Sqrt(float64(li.Words)))
	first := true
	for tok := range tokens(li.Trim) {
		f(wordHash(tok), v, first)
		first = false
	}
}

// FNV-1a's 64-bit parameters.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// wordHash is FNV-1a over the normalised bytes of a token.
func wordHash(tok string) uint64 { return prefixHash(tok, len(tok)) }

// prefixHash is wordHash of the first n runes of tok.
func prefixHash(tok string, n int) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(tok) && n > 0; n-- {
		if c := tok[i]; c < utf8.RuneSelf {
			h = (h ^ uint64(normalASCII(c))) * fnvPrime
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(tok[i:])
		i += size
		h = hashRune(h, r)
	}
	return h
}

// lexByte is normalASCII of each ASCII word byte, and 0 for every other
// byte: one lookup tells measureWords whether a byte goes on a word and what
// it hashes as.
var lexByte = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		if asciiWord[c] {
			t[c] = normalASCII(byte(c))
		}
	}
	return t
}()

// normalASCII lower-cases an ASCII letter and reads a digit as 0.
func normalASCII(c byte) byte {
	switch {
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A'
	case '1' <= c && c <= '9':
		return '0'
	}
	return c
}

// hashRune adds a non-ASCII rune of a word to an FNV-1a hash: a digit as
// 0, anything else in lower case.
func hashRune(h uint64, r rune) uint64 {
	if unicode.IsDigit(r) {
		return (h ^ '0') * fnvPrime
	}
	var buf [utf8.UTFMax]byte
	for _, b := range utf8.AppendRune(buf[:0], unicode.ToLower(r)) {
		h = (h ^ uint64(b)) * fnvPrime
	}
	return h
}

// lexSlot places a word hash of namespace ns in the lexicon.
func lexSlot(ns int, h uint64) uint32 {
	x := h ^ uint64(ns+1)*0x9e3779b97f4a7c15
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	return uint32(x) & (lexSize - 1)
}

// lineLexicalTerms calls f with the lexicon slot and weight of every term
// of a line: each of its words, and its first word again.
func lineLexicalTerms(li *LineInfo, f func(slot uint32, v float32)) {
	lineTerms(li, func(h uint64, v float32, first bool) {
		f(lexSlot(nsWord, h), v)
		if first {
			f(lexSlot(nsFirst, h), 1)
		}
	})
}

// lexicalSum is the sum of lex over the terms lineLexicalTerms gives for
// li, added in the same order (TestLexicalSumMatchesTerms holds it to
// that). It runs on every kept line of every article, so it takes the
// lexicon slots of the words that measureWords found on its pass over the
// line, rather than tokenise the line again: a pass of its own over the
// bytes of every kept line cost seven per cent of BenchmarkCleanWCXB's
// instructions. The weight v of a word is known only once the line's words
// are counted, which is why measureWords keeps the slots and not a sum. A
// slot takes two bytes where a word's hash took eight: the array of a
// document's hashes, cleared when it was made, was larger than its text.
func lexicalSum(li *LineInfo, lex []float32) float32 {
	if li.Words == 0 {
		return lex[lexSlot(nsWord, wordless)]
	}
	v := float32(1 / math.Sqrt(float64(li.Words)))
	var sum float32
	for k, slot := range li.slots {
		sum += lex[slot] * v
		if k == 0 {
			sum += lex[li.firstSlot]
		}
	}
	return sum
}

// decodeLexicon reads a lexicon stored as little-endian float32s; nil when
// the data is not a whole lexicon.
func decodeLexicon(b []byte) []float32 {
	if len(b) != 4*lexSize {
		return nil
	}
	lex := make([]float32, lexSize)
	for i := range lex {
		lex[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return lex
}
