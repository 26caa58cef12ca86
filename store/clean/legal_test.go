package clean

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// legalSection is six lines of a terms of use, each with two legal terms.
var legalSection = []string{
	"Allbirds expressly disclaims any warranty, express or implied, to the fullest extent permitted by law.",
	"Allbirds shall not be liable to you for any damages arising from your use of the Platform.",
	"You agree to indemnify and hold harmless Allbirds and its officers from any claim by a third party.",
	"These Terms shall be governed by the laws of the State of California, without limitation.",
	"Any dispute shall be resolved by binding arbitration in accordance with the rules of the AAA.",
	"You agree that you will not infringe the intellectual property of Allbirds or of others.",
}

// description is a product's details, which the line model doubts.
var description = []string{
	"THE DETAILS",
	"A true original, our Wool Runner combines soft Merino wool with cloud-like comfort.",
	"WASH & CARE",
	"This shoe is washing machine approved.",
}

// legalWeights returns a Doc of the lines and block weights that favour
// the legal lines over the others, as the line model does.
func legalWeights(lines []string) (*Doc, []float64) {
	d := newDoc(strings.Join(lines, "\n"))
	w := make([]float64, d.Len())
	for i := range w {
		w[i] = 2
		if isLegal(d.Info(i)) {
			w[i] = 20
		}
	}
	return d, w
}

func TestIsLegal(t *testing.T) {
	for _, s := range legalSection {
		if !isLegal(newDoc(s).Info(0)) {
			t.Errorf("isLegal(%q) = false", s)
		}
	}
	for _, s := range []string{
		"Read our Privacy Policy to learn more.",
		"The court ruled that the company was liable for the damage.",
		"This shoe is washing machine approved.",
	} {
		if isLegal(newDoc(s).Info(0)) {
			t.Errorf("isLegal(%q) = true", s)
		}
	}
}

func TestWallLegalText(t *testing.T) {
	// The terms of use after a product's details are walled off, and the
	// details become the block.
	d, w := legalWeights(append(slices.Clone(description), legalSection...))
	wallLegalText(d, w)
	in, _ := blocks(w)
	for i := range in {
		if want := i < len(description); in[i] != want {
			t.Errorf("line %d %q: in block = %v, want %v", i, d.Info(i).Trim, in[i], want)
		}
	}

	// Legal text with no content before it is the page's subject, and the
	// weights stay as they were.
	d, w = legalWeights(append(slices.Clone(legalSection), description...))
	was := slices.Clone(w)
	wallLegalText(d, w)
	if !slices.Equal(w, was) {
		t.Errorf("legal text at the top of the page: weights changed to %v", w)
	}

	// Too few legal lines make no section.
	d, w = legalWeights(append(slices.Clone(description), legalSection[:minLegalLines-1]...))
	was = slices.Clone(w)
	wallLegalText(d, w)
	if !slices.Equal(w, was) {
		t.Errorf("%d legal lines: weights changed to %v", minLegalLines-1, w)
	}
}

// TestLegalNewsKept checks that a news report on a court case, whose
// paragraphs are full of legal terms down to its last, loses none of them:
// the legal section of such a page is the article, and its sentences run
// on from the text before them.
func TestLegalNewsKept(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "legal_news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	legal := 0
	r := New().Clean(string(raw))
	for i, l := range r.Lines {
		if i >= len(lines) {
			break
		}
		isArticle := i >= 6 && i <= 19 // from the headline to the last paragraph
		if isArticle && isLegal(measured(l.Text)) {
			legal++
		}
		if isArticle && !l.Kept() {
			t.Errorf("line %d dropped (%s): %q", i, l.Reason, l.Text)
		}
	}
	if legal < minLegalLines {
		t.Fatalf("the report has %d legal lines, want at least %d for the test to mean anything", legal, minLegalLines)
	}
}

// isLegalTextRef is isLegalText the slow way: every term tried at every
// character that starts a word.
func isLegalTextRef(s string) bool {
	found := map[string]bool{}
	prevWord := false
	for i, r := range s {
		word := isWordRune(r)
		if word && !prevWord {
			for _, t := range legalTerms {
				if hasPrefixFold(s[i:], t) {
					found[t] = true
				}
			}
		}
		prevWord = word
	}
	return len(found) >= 2
}

func FuzzIsLegalText(f *testing.F) {
	for _, s := range append(slices.Clone(legalSection), "Shall NOT be LIABLE", "é liable herein", "xliable herein", "\xffliable herein") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := isLegalTextRef(s)
		if got := legalIndex().isLegalText(s); got != want {
			t.Fatalf("isLegalText(%q) = %v, reference %v", s, got, want)
		}
		// The phrase scan finds the same terms in the Norm of a line of
		// ASCII, whose lower-casing adds no letter.
		li := measure(s)
		if !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) && li.Words <= normMaxWords {
			if got := isLegal(&li); got != want {
				t.Fatalf("isLegal(%q) = %v from the phrase scan, reference %v", s, got, want)
			}
		}
	})
}

// TestLegalShopWalled checks a shop page whose terms of use, six clauses of
// well-formed prose, follow the product's details: the details are the
// text, and the terms go with the reason that says why.
func TestLegalShopWalled(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "legal_shop.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := New().Clean(string(raw))
	for _, l := range r.Lines {
		switch {
		case strings.HasPrefix(l.Text, "A sturdy runner"), strings.HasPrefix(l.Text, "Recycled polyester"):
			if !l.Kept() {
				t.Errorf("the product's details dropped (%s): %q", l.Reason, l.Text)
			}
		case strings.HasPrefix(l.Text, "The Company"), strings.HasPrefix(l.Text, "You agree"):
			if l.Kept() || l.Reason != reasonLegal {
				t.Errorf("a clause of the terms: kept %v, reason %q; want it dropped as legal text: %q", l.Kept(), l.Reason, l.Text)
			}
		}
	}
}
