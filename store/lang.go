package store

import "strings"

// englishFunctionWords are among the most frequent English words and rare in
// other languages written in Latin script. A two-way "English or not"
// decision needs nothing more, so dateline does without a language-ID model.
// The map is filled once here and only read afterwards.
var englishFunctionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and of to in is was that for on with as by at from it
		he she they his her their this be are were has have had not but which who said would will`) {
		m[w] = true
	}
	return m
}()

// DetectLang returns "en" when text reads as English, "other" when it is
// long enough to tell and does not, and "" when it is too short to tell.
func DetectLang(text string) string {
	words, hits := 0, 0
	// FieldsSeq, not Fields: the loop stops after 400 words, and a long
	// article need not be split whole for that.
	for w := range strings.FieldsSeq(text) {
		w = strings.ToLower(strings.Trim(w, `.,;:!?"'()[]“”‘’«»-—`))
		if w == "" {
			continue
		}
		words++
		if englishFunctionWords[w] {
			hits++
		}
		if words >= 400 {
			break
		}
	}
	if words < 12 {
		return ""
	}
	// Running English prose has a function-word share of 35–50%; French or
	// German text scores under 5% on these words.
	if hits*100 >= words*15 {
		return "en"
	}
	return "other"
}
