package clean

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// page is a small web page dump as a naive scraper hands it over: a menu, the
// article, a related-stories block and a footer, one block per line.
var page = []string{
	"Home",
	"World",
	"Business",
	"Opinion",
	"Sport",
	"Culture",
	"Search",
	"Aid convoy reaches northern villages after weeks of delay",
	"A convoy of 40 trucks carrying food and medicine reached villages in the north of the province on Saturday, the first aid to arrive since the bridge at Kessel was destroyed in early March.",
	"Local officials said the supplies would last about two weeks and that more than 12,000 people had been cut off from the regional hospital since the bridge collapsed.",
	"Background",
	"The bridge was the only crossing strong enough for heavy trucks, and engineers have warned that a temporary replacement will not be ready before the rainy season begins in June.",
	"“We have been waiting for this since the winter,” said Maria Okafor, a teacher in the village of Drem, who said families had been sharing what little flour was left.",
	"The United Nations said it would send a second convoy next week if the road remained open and the weather held.",
	"More from World",
	"Floods close ports along the coast",
	"Election results delayed in capital",
	"Markets rally on trade deal hopes",
	"About us",
	"Contact",
	"Careers",
	"Terms",
}

func TestClassifierPage(t *testing.T) {
	r := New().Clean(strings.Join(page, "\n"))
	kept := map[string]bool{}
	for _, l := range r.Lines {
		if l.Kept() {
			kept[l.Text] = true
		} else if l.Reason == "" {
			t.Errorf("%q dropped without a reason", l.Text)
		}
	}
	for _, l := range page[8:14] {
		if l != "Background" && !kept[l] {
			t.Errorf("article paragraph dropped: %q", l)
		}
	}
	for _, l := range append(append([]string{}, page[:7]...), page[14:]...) {
		if kept[l] {
			t.Errorf("boilerplate kept: %q", l)
		}
	}
}

func TestClassifierShortPage(t *testing.T) {
	// Cleaning must not empty a short article that is all there is.
	tests := []struct{ text, want string }{
		{"The meeting is moved to Thursday at 10 a.m. in room 4, because the hall is being repainted.", ""},
		{"Fighting resumed on Monday, officials said.\n", "Fighting resumed on Monday, officials said."},
		{"The mayor of São Paulo opened a café on Monday.", ""},
		{"Home\nNews\nFighting resumed on Monday, officials said.\nShare on Facebook", "Fighting resumed on Monday, officials said."},
		// A headline on the first line stays: the reader makes it the title.
		{"Ceasefire collapses in Aleppo\nFighting resumed on Monday, officials said.\n", "Ceasefire collapses in Aleppo\n\nFighting resumed on Monday, officials said."},
		{"Café society in São Paulo\nThe mayor of São Paulo opened a café on Monday.", "Café society in São Paulo\n\nThe mayor of São Paulo opened a café on Monday."},
	}
	for _, tt := range tests {
		want := tt.want
		if want == "" {
			want = tt.text
		}
		if got := New().Clean(tt.text).Text(); got != want {
			t.Errorf("Clean(%q).Text() = %q, want %q", tt.text, got, want)
		}
	}
}

func TestClassifierSignalsOff(t *testing.T) {
	// Every combination of switched-off signals still yields one decision
	// per line, each dropped line with a reason.
	text := strings.Join(page, "\n")
	for off := signal(0); off < sigModel<<1; off++ {
		r := NewWithSteps(Classifier{off: off}).Clean(text)
		if len(r.Lines) != len(page) {
			t.Fatalf("off=%b: %d lines", off, len(r.Lines))
		}
		for _, l := range r.Lines {
			if !l.Kept() && l.Reason == "" {
				t.Errorf("off=%b: %q dropped without a reason", off, l.Text)
			}
		}
	}
}

func TestPhrases(t *testing.T) {
	// "|" is a phrase of one byte: its head is that byte followed by
	// anything, or by nothing at the end of a line.
	s := newPhraseSet([]string{"read more", "(photo", "|"})
	x := newPhraseIndex(map[phraseID][]string{phStop: {"read more", "(photo"}, phCopyright: {"© copyright"}, phScript: {"|"}, phAppeal: {"été indien", "naïve art"}}, nil)
	tests := []struct {
		norm     string
		prefix   bool       // phraseSet.hasPrefix
		wantScan phraseMask // phraseIndex.scan
	}{
		{"read more: the story", true, 1 << phStop},
		{"you should read more books", false, 1 << phStop},
		{"(photo: ap)", true, 1 << phStop},
		{"text © copyright 2024", false, 1 << phCopyright},
		{"bread more", false, 0},
		{"news | sport", false, 1 << phScript},
		{"| news", true, 1 << phScript},
		{"news |", false, 1 << phScript},
		{"|", true, 1 << phScript},
		{"r", false, 0},
		{"un été indien", false, 1 << phAppeal},
		{"the naïve art of", false, 1 << phAppeal},
		{"la fête", false, 0},
		{"", false, 0},
	}
	for _, tt := range tests {
		if got := s.hasPrefix(tt.norm); got != tt.prefix {
			t.Errorf("hasPrefix(%q) = %v", tt.norm, got)
		}
		if got := x.scan(tt.norm); got != tt.wantScan {
			t.Errorf("scan(%q) = %b, want %b", tt.norm, got, tt.wantScan)
		}
	}
}

func TestGeneratedModelFits(t *testing.T) {
	// A change to the feature layout without retraining would silently turn
	// the model off; fail instead.
	if defaultModel() == nil || plainModel() == nil {
		t.Fatalf("model_weights.go does not fit the %d features of model.go: run go test -run TrainModel -train", numFeatures)
	}
}

func TestReadsAsEnglish(t *testing.T) {
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"en", "The government said on Wednesday that the plan would cost about 40 billion euros by 2030, and that the opposition had been consulted on it before the vote.", true},
		{"de", "Die Bundesregierung hat am Mittwoch ein neues Klimapaket vorgestellt, das nach Angaben des Ministeriums bis 2030 rund 40 Milliarden Euro kosten soll und von der Opposition kritisiert wird.", false},
		{"fr", "Le gouvernement a présenté mercredi un nouveau plan pour le climat, qui devrait coûter environ 40 milliards d'euros d'ici 2030 selon le ministère, et que l'opposition a jugé insuffisant.", false},
		{"es", "El Gobierno presentó el miércoles un nuevo plan climático que costará unos 40.000 millones de euros hasta 2030, según el ministerio, y que la oposición calificó de insuficiente.", false},
		{"it", "Il governo ha presentato mercoledì un nuovo piano per il clima che costerà circa 40 miliardi di euro entro il 2030, secondo il ministero, e che l'opposizione ha definito insufficiente.", false},
		{"pt", "O governo apresentou na quarta-feira um novo plano climático que deve custar cerca de 40 bilhões de euros até 2030, segundo o ministério, e que a oposição considerou insuficiente.", false},
		// Too few function words to tell: the default, English.
		{"short", "Le plan", true},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			// Two paragraphs hold enough function words to tell.
			if got := readsAsEnglish(newDoc(tt.text + "\n" + tt.text)); got != tt.want {
				t.Errorf("readsAsEnglish = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestScrapeLines checks what the cleaner keeps of lines of the news
// scrapes in testdata/languages around the lines the rules drop:
//   - mx13: an article's standfirst, the paragraph under its headline, when
//     the byline and date stand between it and the body;
//   - ml06: the paragraph after a newsletter box between two paragraphs of
//     the story;
//   - ml15: the headline of an article file that opens with a paywall
//     meter and has a byline and a dateline between the headline and the
//     text;
//   - ml05: the headline of an article file with the author's name alone
//     on a line between bylines under it;
//   - mx02: the headline of a news page, under the page's menu and over
//     its standfirst, which the text leaves out and the Headline step
//     gives as the title.
func TestScrapeLines(t *testing.T) {
	type line struct {
		prefix string
		kept   bool
	}
	tests := []struct {
		file     string
		lines    []line
		headline string // the start of Result.Headline; "" to leave it unchecked
	}{
		{"mx13", []line{{"El Ayuntamiento atribuye la demora", true}}, "Las obras del casco antiguo"},
		{"ml06", []line{{"Zum Newsletter anmelden", false}, {"Für die Stadt ist das Festival", true}}, ""},
		{"ml15", []line{
			{"Te quedan 2 artículos gratuitos", false},
			{"Las cooperativas de la Loma prevén", true},
			{"Redacción / EFE", false},
			{"Úbeda, 14 oct 2026", false},
			{"Las cooperativas oleícolas", true},
		}, ""},
		{"ml05", []line{{"Nach dem Borkenkäfer: Wie im Harz", true}, {"Birgit Sommerfeld", false}}, ""},
		{"mx02", []line{{"Lautertal", false}, {"Verkehrsverbund erhöht Abo-Preise", false}}, "Verkehrsverbund erhöht Abo-Preise"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "languages", "text", tt.file+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			r := New().Clean(string(b))
			for _, w := range tt.lines {
				i := slices.IndexFunc(r.Lines, func(l Line) bool { return strings.HasPrefix(l.Text, w.prefix) })
				if i < 0 {
					t.Errorf("no line starts with %q", w.prefix)
					continue
				}
				if l := r.Lines[i]; l.Kept() != w.kept {
					t.Errorf("%q kept %v (%s), want %v", l.Text, l.Kept(), l.Reason, w.kept)
				}
			}
			if h := r.Headline(); tt.headline != "" && !strings.HasPrefix(h, tt.headline) {
				t.Errorf("headline %q, want one starting %q", h, tt.headline)
			}
		})
	}
}

// scanRef is phraseIndex.scan the slow way: every phrase of x tried at
// every character where a word starts or that is not part of a word, and
// every phrase of its openings at the start of the line.
func scanRef(x *phraseIndex, norm string) phraseMask {
	var m phraseMask
	for _, p := range x.openings.entries {
		if norm != "" && firstWord(p.text) == firstWord(norm) && strings.HasPrefix(norm, p.text) {
			m |= 1 << p.id
		}
	}
	prevWord := false
	for i, r := range norm {
		word := isWordRune(r)
		if !prevWord || !word {
			rest := norm[i:]
			for _, p := range x.entries {
				if firstWord(p.text) == firstWord(rest) && strings.HasPrefix(rest, p.text) {
					m |= 1 << p.id
				}
			}
		}
		prevWord = word
	}
	return m
}

// FuzzPhraseSet holds phraseSet.hasPrefix, with its buckets by head key
// and the first word it requires whole, to a plain test of every phrase.
func FuzzPhraseSet(f *testing.F) {
	lists := [][]string{linkLabels, relatedPrefixes, newsletterStarts, retailButtons, {"read more", "(photo", "|", "we", "you", ""}}
	var sets []phraseSet
	for _, l := range lists {
		sets = append(sets, newPhraseSet(l))
	}
	for _, s := range []string{"read more: the story", "| news", "x: share", "you’ve", "your story", "wet", "we’re", "weé", "more from ", "related articles", "yo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		norm := normalise(s)
		for k, set := range sets {
			want := slices.ContainsFunc(lists[k], func(p string) bool {
				return norm != "" && firstWord(p) == firstWord(norm) && strings.HasPrefix(norm, p)
			})
			if got := set.hasPrefix(norm); got != want {
				t.Fatalf("set %d: hasPrefix(%q) = %v, reference %v", k, norm, got, want)
			}
		}
	})
}

// FuzzPhraseScan holds the phrase index, with its head filter and its
// quick pass over words, to the slow search on any normalised line.
func FuzzPhraseScan(f *testing.F) {
	for _, s := range []string{"read more: the story", "text © copyright 2024", "we use cookies to", "sign up for our newsletter", "né à paris | photo", "you agree that it shall not be liable", "édition abonnés", "réservé aux abonnés"} {
		f.Add(s)
	}
	for _, s := range []string{"Photo: AP", "Read more: the story", "Advertisement - Story continues below", "x: @desk", "photo gallery", "readmore"} {
		f.Add(s)
	}
	x := phrases()
	f.Fuzz(func(t *testing.T, s string) {
		norm := normalise(s)
		// The legal terms scan finds too are FuzzIsLegalText's to check.
		if got, want := x.scan(norm)&^(1<<phLegal), scanRef(x, norm); got != want {
			t.Fatalf("scan(%q) = %b, reference %b", norm, got, want)
		}
	})
}

// TestEitherHeads holds the phrase scan's first look at a word's key to the
// two it stands for: a key either holds is one that the phrases' heads or
// the legal terms' heads hold, and no other.
func TestEitherHeads(t *testing.T) {
	x := phrases()
	for k := range 1 << 16 {
		k := uint16(k)
		if got, want := x.either.hasBit(k), x.heads.hasBit(k) || x.legal.heads.hasBit(k); got != want {
			t.Fatalf("either holds key %d: %v, the two sets: %v", k, got, want)
		}
	}
}

// TestByteKind holds the phrase scan's kinds of bytes to what they stand
// for: an idle byte is ASCII, in no word and the start of no phrase.
func TestByteKind(t *testing.T) {
	x := phrases()
	for c := range 256 {
		want := byteRune
		switch {
		case c >= utf8.RuneSelf:
		case asciiWord[c]:
			want = byteWord
		case x.starts[c]:
			want = byteMark
		default:
			want = byteIdle
		}
		if x.kind[c] != want {
			t.Errorf("kind[%#x] = %d, want %d", c, x.kind[c], want)
		}
	}
}

// TestContextReach holds contextReach to the farthest of the
// contextOffsets: lineFeatures pads the page by that many lines on either
// side and reads a neighbour's features without a bounds test of its own.
func TestContextReach(t *testing.T) {
	reach := 0
	for _, o := range contextOffsets {
		reach = max(reach, o, -o)
	}
	if reach != contextReach {
		t.Errorf("contextReach = %d, the offsets reach %d", contextReach, reach)
	}
}
