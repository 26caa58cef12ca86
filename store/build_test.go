package store

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"dateline/store/clean"
)

func TestBuildSamplesMetadata(t *testing.T) {
	l, err := NewLoader(Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file, title, place, date, source string
		words                            int
	}{
		{
			file:  "000_c00316c9557538f9.txt",
			title: "US Secretary of State John Kerry told his Russian counterpart, Sergei Lavrov, on…",
		},
		{
			file:   "004_483bb8dd12a1da44.txt",
			title:  "US Secretary of State John Kerry said on Wednesday that the Russian government had…",
			place:  "Washington",
			date:   "Sep 17",
			source: "IANS/EFE",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "samples", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			arts, skips := l.Build(tt.file, data)
			if len(arts) != 1 {
				t.Fatalf("built %d articles, skips %v", len(arts), skips)
			}
			a := arts[0]
			if a.Title != tt.title || a.Place != tt.place || a.Date != tt.date || a.Source != tt.source {
				t.Errorf("got title %q place %q date %q source %q\nwant title %q place %q date %q source %q",
					a.Title, a.Place, a.Date, a.Source, tt.title, tt.place, tt.date, tt.source)
			}
			if len(a.ID) != 16 {
				t.Errorf("ID %q is not a 16-digit hash", a.ID)
			}
			if a.Words == 0 || a.Words != len(strings.Fields(a.Body)) {
				t.Errorf("Words = %d for a body of %d words", a.Words, len(strings.Fields(a.Body)))
			}
		})
	}
}

func TestDatelineAndTitle(t *testing.T) {
	tests := []struct {
		in                  string
		place, date, source string
		rest                string
	}{
		{"Washington, Sep 17 (IANS/EFE) US Secretary said.", "Washington", "Sep 17", "IANS/EFE", "US Secretary said."},
		{"LONDON (Reuters) - Britain's economy grew.", "London", "", "Reuters", "Britain's economy grew."},
		{"NEW YORK, March 3, 2024 (AP) — Stocks fell.", "New York", "March 3, 2024", "AP", "Stocks fell."},
		{"The report (PDF) was published on Monday.", "", "", "", "The report (PDF) was published on Monday."},
		{"Kerry spoke with Lavrov by telephone.", "", "", "", "Kerry spoke with Lavrov by telephone."},
	}
	for _, tt := range tests {
		d, rest := parseDateline(tt.in)
		if d.place != tt.place || d.date != tt.date || d.source != tt.source || rest != tt.rest {
			t.Errorf("parseDateline(%q) = %+v, %q; want {%s %s %s}, %q", tt.in, d, rest, tt.place, tt.date, tt.source, tt.rest)
		}
	}

	titles := []struct{ in, want string }{
		{"Short one. Then more.", "Short one."},
		{"The U.S. and Russia agreed. Talks follow.", "The U.S. and Russia agreed."},
		{"Mr. Smith went to Washington on a rainy day in the spring of that year, and nobody there knew who he was at all.", "Mr. Smith went to Washington on a rainy day in the spring of that year, and nobody there…"},
	}
	for _, tt := range titles {
		if got := firstSentence(tt.in, maxTitle); got != tt.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBuildHeadlineFirstLine(t *testing.T) {
	l, err := NewLoader(Options{})
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := l.Build("x.txt", []byte("Ceasefire collapses in Aleppo\nFighting resumed on Monday, officials said.\n"))
	a := arts[0]
	if a.Title != "Ceasefire collapses in Aleppo" || a.Body != "Fighting resumed on Monday, officials said." {
		t.Errorf("title %q body %q: the headline line should become the title and leave the body", a.Title, a.Body)
	}
}

// TestBuildTitleSkipsFigures checks that a text opening with a line of
// figures alone (a question's vote count on a scraped thread) is not
// titled with it: the title comes from the first paragraph with words.
func TestBuildTitleSkipsFigures(t *testing.T) {
	l, err := NewLoader(Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The cleaned text as the cleaner left a scraped question: its vote
	// count kept over its body.
	cr := clean.Result{Lines: []clean.Line{
		{Text: "135"},
		{Text: "When someone mentions RAID in a conversation about backups, someone declares that RAID is not a backup. Why not?"},
	}}
	var a Article
	l.deriveText(&a, cr)
	if !strings.HasPrefix(a.Title, "When someone mentions RAID") {
		t.Errorf("title %q: want the first sentence of the first paragraph with words", a.Title)
	}
}

// TestBuildTitleFromPageHeadline checks the title of a whole-page dump:
// the headline the cleaner found above the text, though it is not in the
// body, unless the file gives a title of its own.
func TestBuildTitleFromPageHeadline(t *testing.T) {
	l, err := NewLoader(Options{})
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join("clean", "testdata", "languages", "text", "mx29.txt"))
	if err != nil {
		t.Fatal(err)
	}
	const headline = "Campolindense vence clássico e garante vaga na final do Estadual"
	arts, _ := l.Build("mx29.txt", page)
	if a := arts[0]; a.Title != headline || strings.Contains(a.Body, headline) || !strings.HasPrefix(a.Body, "O Campolindense está na final") {
		t.Errorf("title %q, body starting %q: want the headline as the title and the text, without it, as the body", a.Title, firstSentence(a.Body, 40))
	}
	doc, err := json.Marshal(map[string]string{"title": "Campolindense reach the final", "text": string(page)})
	if err != nil {
		t.Fatal(err)
	}
	arts, _ = l.Build("mx29.json", doc)
	if a := arts[0]; a.Title != "Campolindense reach the final" {
		t.Errorf("title %q: the file's own title should win", a.Title)
	}
}

// TestSearchText checks what Prepare leaves for text filters: title, source
// and body, folded (case and accents) and with white space collapsed.
func TestSearchText(t *testing.T) {
	a := &Article{Title: "Kerry in Aleppo", Source: "EFE", Body: "Señor Kerry\n  met Lavrov."}
	a.Prepare()
	tests := []struct {
		text string
		want bool
	}{
		{"aleppo", true}, {"kerry in aleppo", true}, {"senor kerry met", true}, {"efe", true}, {"moscow", false}, {"aleppo efe", false},
	}
	for _, tt := range tests {
		if got := strings.Contains(a.SearchText(), tt.text); got != tt.want {
			t.Errorf("search text %q contains %q = %v, want %v", a.SearchText(), tt.text, got, tt.want)
		}
	}
}

// FuzzBuild feeds arbitrary bytes through decoding, cleaning and metadata
// parsing: whatever a scraper wrote, building an article must not panic and
// must yield valid UTF-8.
func FuzzBuild(f *testing.F) {
	for _, name := range []string{"000_c00316c9557538f9.txt", "004_483bb8dd12a1da44.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "samples", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("\xff\xfeH\x00i\x00"))
	f.Add([]byte("LONDON (Reuters) - \x1b]0;pwned\x07 text\r\nmore\rlines"))
	f.Add([]byte("Caf\xe9"))
	l, err := NewLoader(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		arts, skips := l.Build("fuzz.txt", data)
		if len(arts) == 0 && len(skips) == 0 {
			t.Fatal("rejected without a reason")
		}
		for _, a := range arts {
			checkArticle(t, a)
		}
	})
}

func checkArticle(t *testing.T, a *Article) {
	t.Helper()
	for _, s := range []string{a.Title, a.Body, a.Raw, a.Source, a.Place} {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 in %q", s)
		}
	}
	if strings.Contains(a.Raw, "\r") {
		t.Fatal("carriage return left in text")
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, iso string }{
		{"2024-03-05", "2024-03-05"},
		{"2024-02-11 09:15:00", "2024-02-11T09:15:00"},
		{"2024-03-09T10:00:00+01:00", "2024-03-09T10:00:00+01:00"},
		{"Wed, 06 Mar 2024 14:00:00 +0000", "2024-03-06T14:00:00Z"},
		{"March 2, 2024", "2024-03-02"},
		{"Sept 17, 2015", "2015-09-17"},
		{"17 September 2015", "2015-09-17"},
		{"Sep 17", ""},
		{"yesterday", ""},
	}
	for _, tt := range tests {
		_, iso, ok := ParseDate(tt.in)
		if iso != tt.iso || ok != (tt.iso != "") {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, iso, ok, tt.iso)
		}
	}
}

// TestBuildDatelineUnderHeadline checks that wire copy under its headline
// gives the headline as the title and still its place, date and agency,
// which open the paragraph after it.
func TestBuildDatelineUnderHeadline(t *testing.T) {
	l, err := NewLoader(Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := "Kerry urges Moscow to rein in separatists\n" +
		"By Jane Doe\n" +
		"Washington, Sep 17 (IANS) US Secretary of State John Kerry said on Wednesday that the Russian government had to use its influence over the separatists in eastern Ukraine to end the fighting before the winter.\n" +
		"Kerry made the remarks after a meeting with his Ukrainian counterpart at the State Department, where the two discussed the ceasefire and the aid that Washington has promised to Kiev.\n" +
		"The talks came a day after the parliament in Kiev passed a law that grants the rebel regions a limited form of self-rule for three years.\n"
	arts, skips := l.Build("wire.txt", []byte(text))
	if len(arts) != 1 {
		t.Fatalf("built %d articles, skips %v", len(arts), skips)
	}
	a := arts[0]
	if a.Title != "Kerry urges Moscow to rein in separatists" || a.Place != "Washington" || a.Date != "Sep 17" || a.Source != "IANS" {
		t.Errorf("got title %q place %q date %q source %q", a.Title, a.Place, a.Date, a.Source)
	}
}
