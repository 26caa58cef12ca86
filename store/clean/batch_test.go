package clean

import (
	"fmt"
	"strings"
	"sync"
	"testing"
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
		go func() { defer wg.Done(); stats.Observe(d) }()
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
