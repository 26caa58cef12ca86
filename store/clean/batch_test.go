package clean

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestBatch(t *testing.T) {
	wire := "The central bank raised its benchmark rate by a quarter point on Thursday, its third increase this year, and said further moves would depend on how quickly inflation cooled."
	places := []string{"", "Mill Road", "the library", "the fairground", "Elm Street", "the river park"}
	article := func(n int, extra ...string) string {
		lines := []string{
			"The Grant County Ledger — serving the valley since 1921",
			fmt.Sprintf("Council members voted on Tuesday to approve the new budget, which pays for repairs at %s and two new positions.", places[n]),
			fmt.Sprintf("The mayor said the plan for %s showed the council could still agree on the basics.", places[n]),
		}
		return strings.Join(append(lines, extra...), "\n")
	}
	docs := []string{
		article(1, wire, "Tip line: call 555-0100"),
		article(2, wire, "Tip line: call 555-0199"),
		article(3, wire),
		article(4, "Only two articles carry this line about the fair."),
		article(5, "Only two articles carry this line about the fair."),
	}
	stats := NewBatchStats()
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func() { defer wg.Done(); stats.Add(LineKeys(d)) }()
	}
	wg.Wait()
	if stats.Docs() != len(docs) {
		t.Fatalf("Docs() = %d", stats.Docs())
	}
	tests := []struct {
		line string
		want int
	}{
		{"The Grant County Ledger — serving the valley since 1921", 5},
		{"THE GRANT COUNTY LEDGER: serving the valley since 1922!", 5}, // case, digits and punctuation normalised
		{"Tip line: call 555-0100", 2},
		{"nothing like this", 0},
	}
	for _, tt := range tests {
		if got := stats.Count(tt.line); got != tt.want {
			t.Errorf("Count(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}

	c := NewWithSteps(Rules{}).WithBatch(stats)
	r := c.Clean(docs[0])
	want := map[string]Code{
		"The Grant County Ledger — serving the valley since 1921": CodeRepeated,
		wire:                      "", // syndicated prose is kept
		"Tip line: call 555-0100": "", // in only two articles
	}
	for _, l := range r.Lines {
		if code, ok := want[l.Text]; ok && l.Code != code {
			t.Errorf("%q: code %q, want %q", l.Text, l.Code, code)
		}
	}
	if !r.Lines[1].Kept() || !r.Lines[2].Kept() {
		t.Error("article sentences were dropped")
	}
	// Without stats the batch step does nothing.
	if got := (Batch{}).Name(); got != "batch" {
		t.Errorf("Name() = %q", got)
	}
	d := newDoc(docs[0])
	Batch{}.Apply(d)
	for i := range d.Len() {
		if !d.Kept(i) {
			t.Errorf("line %d dropped without stats", i)
		}
	}
}

// TestBatchSyndicated checks that the sentences of wire copy carried by
// several reports of a batch stay, long or short, while a template line that
// repeats among articles of their own goes.
func TestBatchSyndicated(t *testing.T) {
	wire := []string{
		"Rescue teams searched through the night for survivors after a landslide buried part of a mountain village early on Sunday, officials said.",
		"At least twelve houses were destroyed and more than forty people were taken to hospitals in the provincial capital, the regional governor told reporters.",
		"Police said the investigation was continuing.", // short: shared only because the story is
		"Heavy rain had fallen on the region for more than a week, and the weather service warned that further slides were possible in the coming days.",
	}
	promo := "Follow the Valley Ledger for more news every day." // a sentence, but template
	towns := []string{"Alder", "Birch", "Cedar", "Dunmore", "Elmstead", "Fernhill"}
	own := func(n int) string {
		return fmt.Sprintf("The %s school board met on Monday evening to discuss the new bus routes, which parents said would add twenty minutes to the morning trip for children in the hills.", towns[n])
	}
	var docs []string
	for n := range 4 {
		// Four outlets carry the agency story, each with its own headline.
		docs = append(docs, strings.Join(append([]string{"Landslide in " + towns[n]}, wire...), "\n"))
	}
	for n := range 6 {
		docs = append(docs, strings.Join([]string{own(n), "Board members in " + towns[n] + " will vote on the plan next month.", promo}, "\n"))
	}
	stats := NewBatchStats()
	for _, d := range docs {
		stats.Add(LineKeys(d))
	}
	c := NewWithSteps(Rules{}).WithBatch(stats)
	for _, l := range c.Clean(docs[0]).Lines {
		if !l.Kept() {
			t.Errorf("syndicated report lost %q (%s)", l.Text, l.Reason)
		}
	}
	r := c.Clean(docs[5])
	for _, l := range r.Lines {
		if l.Text == promo && l.Code != CodeRepeated {
			t.Errorf("template sentence %q: code %q, want %q", promo, l.Code, CodeRepeated)
		}
		if l.Text != promo && !l.Kept() {
			t.Errorf("article line dropped: %q (%s)", l.Text, l.Reason)
		}
	}
}

// TestBatchNeed checks the threshold of the batch step: batchMinDocs
// articles, or batchMinShare of the articles rounded up, whichever is more.
func TestBatchNeed(t *testing.T) {
	tests := []struct {
		docs, want int
	}{
		{0, 3},
		{1, 3},
		{300, 3},
		{301, 4},
		{400, 4},
		{401, 5},
		{1000, 10},
		{1001, 11},
		{100000, 1000},
		{100001, 1001},
	}
	for _, tt := range tests {
		stats := &BatchStats{docs: tt.docs, counts: map[uint64]int{}}
		if got := (Batch{Stats: stats}).Need(); got != tt.want {
			t.Errorf("Need() with %d articles = %d, want %d", tt.docs, got, tt.want)
		}
	}
}

// TestBatchStatsReaders checks that the read methods, which the revise pass
// calls once per line from every loader worker, do not wait for each other:
// each must return while another reader holds the lock.
func TestBatchStatsReaders(t *testing.T) {
	stats := NewBatchStats()
	keys := LineKeys("A slogan of the site\nAn article line")
	stats.Add(keys)
	stats.Add(keys[:1])
	tests := []struct {
		name string
		read func() int
		want int
	}{
		{"Count", func() int { return stats.Count("a SLOGAN of the site!") }, 2},
		{"Docs", stats.Docs, 2},
		{"Repeated", func() int {
			if stats.Repeated(keys[1:], 2) {
				return 1
			}
			return 0
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stats.mu.RLock()
			defer stats.mu.RUnlock()
			got := make(chan int, 1)
			go func() { got <- tt.read() }()
			select {
			case g := <-got:
				if g != tt.want {
					t.Errorf("%s = %d, want %d", tt.name, g, tt.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("%s waited for another reader", tt.name)
			}
		})
	}
}

// TestBatchShortLines checks the rule for short repeated lines: a heading
// that every review of a site has stays, while a menu of short items, which
// repeat as a run, goes, and so does a promo sentence on its own.
func TestBatchShortLines(t *testing.T) {
	menu := []string{"Gadgets", "Kitchen", "Audio"}
	promo := "Every Friday the Gadget Desk team picks the five best bargains of the week."
	products := []string{"Nimbus X2 kettle", "Aria 5 headphones", "Volt e-bike", "Lumen desk lamp", "Orbit robot vacuum"}
	review := func(n int) string {
		p := products[n]
		lines := append([]string{}, menu...)
		lines = append(lines,
			// Prices of one shape are one line to the batch's keys,
			// which read every digit as 0.
			fmt.Sprintf("$%d.99", 20+11*n),
			"Review: the "+p,
			fmt.Sprintf("We spent %d weeks with the %s to see whether it earns its price.", n+2, p),
			"Pros",
			fmt.Sprintf("The %s is quiet and well made.", p),
			"Cons",
			fmt.Sprintf("The %s costs more than its rivals.", p),
			promo,
		)
		return strings.Join(lines, "\n")
	}
	stats := NewBatchStats()
	var docs []string
	for n := range products {
		docs = append(docs, review(n))
		stats.Add(LineKeys(docs[n]))
	}
	r := NewWithSteps(Rules{}).WithBatch(stats).Clean(docs[0])
	tests := []struct {
		line string
		want Code
	}{
		{"Gadgets", CodeRepeated},
		{"Kitchen", CodeRepeated},
		{"Audio", CodeRepeated},
		{"$20.99", ""},
		{"Review: the Nimbus X2 kettle", ""},
		{"Pros", ""},
		{"Cons", ""},
		{"The Nimbus X2 kettle is quiet and well made.", ""},
		{promo, CodeRepeated},
	}
	for _, tt := range tests {
		found := false
		for _, l := range r.Lines {
			if l.Text == tt.line {
				found = true
				if l.Code != tt.want {
					t.Errorf("%q: code %q, want %q", tt.line, l.Code, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("%q is not a line of the article", tt.line)
		}
	}
}

// TestBatchAfterClassifier checks that the batch step runs right after the
// classifier, so that it only takes out what an article's own cleaning
// kept, and that an article with no kept line repeated in the batch is
// then cleaned exactly as without the step: the loader relies on that to
// pass such articles over (BatchStats.Repeated).
func TestBatchAfterClassifier(t *testing.T) {
	stats := NewBatchStats()
	var names []string
	for _, s := range New().WithBatch(stats).steps {
		names = append(names, s.Name())
	}
	at := slices.Index(names, "batch")
	if at < 1 || names[at-1] != "classifier" {
		t.Fatalf("steps %v: want batch right after classifier", names)
	}
	samples, err := filepath.Glob(filepath.Join("..", "..", "testdata", "samples", "*.txt"))
	if err != nil || len(samples) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	var docs []string
	for _, p := range samples {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	// Three copies of a page of site chrome around a short article, so
	// that the chrome repeats in the batch and the samples' lines do not.
	for n := range 3 {
		docs = append(docs, strings.Join([]string{
			"Menu", "Politics", "Sport", "Weather",
			fmt.Sprintf("The harbour ferry will run an hour later on %d weekdays this winter, the port authority said on Friday, after complaints from commuters.", n+2),
			"Share this article",
			"© The Harbour Herald. All rights reserved.",
		}, "\n"))
	}
	for _, d := range docs {
		stats.Add(LineKeys(d))
	}
	need := Batch{Stats: stats}.Need()
	plain, batch := New(), New().WithBatch(stats)
	changed := 0
	for i, d := range docs {
		first := plain.Clean(d)
		second := batch.Clean(d)
		if !stats.Repeated(LineKeys(first.Text()), need) {
			if !slices.Equal(first.Lines, second.Lines) {
				t.Errorf("doc %d: no kept line repeats, yet the batch step changed it", i)
			}
			continue
		}
		changed++
		for j, l := range second.Lines {
			if !first.Lines[j].Kept() && l != first.Lines[j] {
				t.Errorf("doc %d line %d: the batch step changed a line the cleaning had dropped: %+v -> %+v", i, j, first.Lines[j], l)
			}
		}
	}
	if changed == 0 {
		t.Error("no document had a kept line repeated: the test proves nothing")
	}
}

// TestBatchFigures checks that a line of figures alone is template only
// when most of the batch's articles show that very figure: the ranks and
// figures of one article's table repeat by chance, or by shape, in other
// articles next to their menus, while a site's phone number in every
// footer is template.
func TestBatchFigures(t *testing.T) {
	menu := []string{"News", "Sport", "Weather"}
	article := func(n int) string {
		lines := append([]string{}, menu...)
		lines = append(lines, "(555) 010-0199")
		lines = append(lines, fmt.Sprintf("Where the %s lives: the top towns", []string{"money", "youth", "growth", "old money", "music", "sport"}[n]))
		for rank := 1; rank <= 3; rank++ {
			lines = append(lines, fmt.Sprintf("%d.", rank), fmt.Sprintf("%d,%03d", 90-10*rank-n, 123+n), fmt.Sprintf("%.1f", 2.5+float64(n)/10))
		}
		lines = append(lines, "Contact", "About us")
		return strings.Join(lines, "\n")
	}
	stats := NewBatchStats()
	var docs []string
	for n := range 6 {
		docs = append(docs, article(n))
		stats.Add(LineKeys(docs[n]))
	}
	r := NewWithSteps(Rules{}).WithBatch(stats).Clean(docs[0])
	for _, l := range r.Lines {
		switch {
		case l.Text == "(555) 010-0199" || slices.Contains(menu, l.Text):
			if l.Code != CodeRepeated {
				t.Errorf("%q: code %q, want %q", l.Text, l.Code, CodeRepeated)
			}
		case strings.TrimLeft(l.Text, "0123456789.,") == "":
			if !l.Kept() {
				t.Errorf("%q of the table: code %q, want it kept", l.Text, l.Code)
			}
		}
	}
}
