package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"dateline/store/entity/internal/tagger"
)

// Token is a word or punctuation mark of raw text with its byte offsets.
type Token struct {
	Text       string // exactly text[Start:End]
	Start, End int
	// Norm is the form the tagger sees: curly quotes become straight ones,
	// as in the training data.
	Norm string
	// Break is set on the first token after a blank line (a paragraph
	// break), which always ends a sentence.
	Break bool
}

// abbreviations keep their full stop, so that "Mr. Kerry" and "Sept. 17" do
// not end a sentence. Single capital letters ("John F. Kennedy") and dotted
// acronyms ("U.S.", "a.m.") are handled by shape, not by this list.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "cmdr": true, "adm": true,
	"maj": true, "sen": true, "rep": true, "gov": true, "rev": true, "hon": true,
	"pres": true, "st": true, "jr": true, "sr": true, "inc": true, "corp": true,
	"co": true, "ltd": true, "bros": true, "vs": true, "jan": true, "feb": true,
	"mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "mt": true, "ft": true,
	"dept": true, "univ": true, "approx": true, "etc": true,
}

// clitics split off a word after an apostrophe, as in the CoNLL data:
// "Moscow's" is "Moscow" and "'s".
var clitics = map[string]bool{"s": true, "re": true, "ve": true, "ll": true, "d": true, "m": true}

// maxTokenGuess bounds the tokens Tokenize makes room for at first: the
// tokens of some 100 KB of English.
const maxTokenGuess = 1 << 14

// Tokenize splits text into tokens with byte offsets. Words keep inner
// hyphens ("al-Assad", "Nkoana-Mashabane"), inner apostrophes ("O'Brien"),
// dotted acronyms ("U.S.") and number punctuation ("7.6", "220,000");
// possessives and clitics are split off ("Moscow", "'s"); every other
// punctuation mark is a token of its own ("IANS", "/", "EFE"), except that
// runs of dots or dashes stay together ("...", "--"). Invalid UTF-8 is kept
// inside tokens byte for byte, so offsets always index text.
func Tokenize(text string) []Token {
	// News text has a token every six bytes or so: room for that saves
	// the copies of growing the slice. The guess is capped, since text
	// with few spaces (Chinese, say) has far fewer tokens, and a long
	// file is better grown than reserved for at once.
	toks := make([]Token, 0, min(len(text)/6+1, maxTokenGuess))
	newlines := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			if r == '\n' {
				newlines++
			}
			i += size
			continue
		}
		var end int
		if isWordRune(r) {
			end = scanWord(text, i)
		} else {
			end = scanPunct(text, i, r, size)
		}
		toks = appendWord(toks, text, i, end, newlines >= 2)
		newlines = 0
		i = end
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == utf8.RuneError
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// runeAt decodes the rune at byte offset i, or returns -1 at the end.
func runeAt(text string, i int) (rune, int) {
	if i >= len(text) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(text[i:])
}

// scanWord returns the end of the word starting at start.
func scanWord(text string, start int) int {
	if end, ok := scanDotted(text, start); ok {
		return end
	}
	i := start
	var prev rune
	for i < len(text) {
		r, size := runeAt(text, i)
		if isWordRune(r) {
			prev = r
			i += size
			continue
		}
		next, nsize := runeAt(text, i+size)
		switch {
		case isHyphen(r) && isWordRune(next) && isWordRune(prev):
			// al-Assad, US-Russia, 1996-08-22
		case (r == '.' || r == ',') && unicode.IsDigit(prev) && unicode.IsDigit(next):
			// 7.6, 220,000
		case r == '&' && unicode.IsUpper(prev) && unicode.IsUpper(next):
			// AT&T
		case isApostrophe(r) && unicode.IsLetter(next):
			j := i + size
			for j < len(text) {
				c, cs := runeAt(text, j)
				if !unicode.IsLetter(c) {
					break
				}
				j += cs
			}
			tail := text[i+size : j]
			if hasLower(clitics, tail) {
				return i
			}
			if (tail == "t" || tail == "T") && (prev == 'n' || prev == 'N') && i-1 > start {
				return i - 1 // "do" + "n't"
			}
		default:
			if r == '.' && isAbbreviation(text[start:i]) {
				return i + 1
			}
			return i
		}
		prev = next
		i += size + nsize
	}
	return i
}

// isAbbreviation reports whether word followed by a full stop is an
// abbreviation that keeps it: a known abbreviation or a single capital
// letter, an initial.
func isAbbreviation(word string) bool {
	if hasLower(abbreviations, word) {
		return true
	}
	r, size := utf8.DecodeRuneInString(word)
	return size == len(word) && unicode.IsUpper(r)
}

// scanDotted matches acronyms written with full stops, such as "U.S.",
// "U.N." and "a.m.": single letters each followed by a full stop, at least
// two of them.
func scanDotted(text string, start int) (int, bool) {
	i, n := start, 0
	for {
		r, size := runeAt(text, i)
		if !unicode.IsLetter(r) {
			break
		}
		dot, _ := runeAt(text, i+size)
		if dot != '.' {
			break
		}
		after, _ := runeAt(text, i+size+1)
		if isWordRune(after) && !(unicode.IsLetter(after) && followedByDot(text, i+size+1)) {
			break
		}
		i += size + 1
		n++
	}
	return i, n >= 2
}

func followedByDot(text string, i int) bool {
	_, size := runeAt(text, i)
	r, _ := runeAt(text, i+size)
	return r == '.'
}

// scanPunct returns the end of the punctuation token starting at start.
func scanPunct(text string, start int, r rune, size int) int {
	// A clitic after a closing apostrophe that is not part of a word, as in
	// "countries' " is just the apostrophe; "'s" at a word start (after a
	// split) is handled here too.
	if isApostrophe(r) {
		j := start + size
		for j < len(text) {
			c, cs := runeAt(text, j)
			if !unicode.IsLetter(c) {
				break
			}
			j += cs
		}
		if j > start+size && hasLower(clitics, text[start+size:j]) {
			return j
		}
		if j > start+size && strings.EqualFold(text[start+size:j], "t") {
			return j
		}
		return start + size
	}
	if r == '.' || isHyphen(r) || r == '…' {
		i := start + size
		for i < len(text) {
			c, cs := runeAt(text, i)
			if c != r {
				break
			}
			i += cs
		}
		return i
	}
	return start + size
}

// appendWord appends the token text[start:end] with its tagger form; brk
// marks it as the first token of a paragraph.
func appendWord(toks []Token, text string, start, end int, brk bool) []Token {
	t := Token{Text: text[start:end], Start: start, End: end, Break: brk}
	t.Norm = normToken(t.Text)
	return append(toks, t)
}

// normToken maps typographic quotes to the plain ones of the training data.
func normToken(s string) string {
	// The marks it replaces are all outside ASCII, as most tokens are not:
	// a byte scan rules them out sooner than ContainsAny.
	if tagger.IsASCII(s) || !strings.ContainsAny(s, "‘’“”„«»ʼ‐‑") {
		return s
	}
	return quoteReplacer.Replace(s)
}

// hasLower reports whether set holds the lower case of w, as
// set[strings.ToLower(w)] does, without allocating for short ASCII words:
// some sets are consulted for every token.
func hasLower(set map[string]bool, w string) bool {
	var buf [32]byte
	if len(w) > len(buf) || !tagger.IsASCII(w) {
		return set[strings.ToLower(w)]
	}
	return set[string(appendLowerASCII(buf[:0], w))]
}

// appendLowerASCII appends s to dst with its ASCII capitals lower-cased:
// strings.ToLower of an ASCII s, into a buffer the caller owns.
func appendLowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

var quoteReplacer = strings.NewReplacer("‘", "'", "’", "'", "ʼ", "'", "“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`, "‐", "-", "‑", "-")

// tokenNorms returns the tagger forms (Token.Norm) of toks.
func tokenNorms(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Norm
	}
	return out
}

// sentences groups tokens into sentences: a sentence ends at a paragraph
// break, or after a full stop, question or exclamation mark (and any closing
// quotes or brackets) when the next token does not start in lower case.
func sentences(toks []Token) [][]Token {
	var out [][]Token
	start := 0
	for i := 0; i < len(toks); i++ {
		if i > start && toks[i].Break {
			out = append(out, toks[start:i])
			start = i
		}
		if !isFinal(toks[i].Norm) {
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j].Break && isCloser(toks[j].Norm) {
			j++
		}
		if j < len(toks) && !toks[j].Break && startsLower(toks[j].Norm) {
			continue
		}
		out = append(out, toks[start:j])
		start = j
		i = j - 1
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

func isFinal(s string) bool {
	return s == "." || s == "?" || s == "!" || strings.HasPrefix(s, "..") || s == "…" || s == "?!" || s == "!?"
}

func isCloser(s string) bool { return s == `"` || s == "'" || s == ")" || s == "]" }

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r) || r == ',' || r == ';'
}
