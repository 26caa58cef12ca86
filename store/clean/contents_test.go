package clean

import (
	"strings"
	"testing"
)

func TestContents(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string // one character a line: k kept, x dropped
	}{
		{"entries that name later sections go, the sections stay",
			[]string{
				"Table of Contents",
				"1. Choosing a tent",
				"2. Packing the stove",
				"Choosing a tent",
				"A tent for two people should weigh under two kilos.",
				"Packing the stove",
				"Keep the fuel apart from the food.",
			},
			"xxxkkkk"},
		{"a list after the heading that names no later line stays",
			[]string{
				"In this article",
				"Ferries to the islands",
				"Trains along the coast",
				"The timetable changes in May.",
			},
			"xkkk"},
		{"entries stop at the first line with no later copy",
			[]string{
				"Contents",
				"Getting there",
				"Our editors tested the route twice this spring.",
				"Getting there",
			},
			"xxkk"},
		{"the word in a sentence is not a heading",
			[]string{
				"The contents of the report were leaked to the press on Friday.",
				"Getting there",
				"Getting there",
			},
			"kkk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(strings.Join(tt.lines, "\n"))
			Contents{}.Apply(d)
			var got strings.Builder
			for i := range d.Len() {
				if d.Kept(i) {
					got.WriteByte('k')
				} else {
					got.WriteByte('x')
				}
			}
			if got.String() != tt.want {
				t.Errorf("got %s, want %s", got.String(), tt.want)
			}
		})
	}
}

// TestContentsReasonInPipeline: in the whole pipeline a table of contents
// is dropped as one, heading included, so that the raw view says so.
func TestContentsReasonInPipeline(t *testing.T) {
	p := councilStory
	text := strings.Join([]string{p[0], "Table of Contents", "Schools", "Roads", "Schools", p[1], "Roads", p[3]}, "\n")
	r := New().Clean(text)
	for i := 1; i <= 3; i++ {
		if got := r.Lines[i].Reason; got != "table of contents" {
			t.Errorf("line %d %q: reason %q, want table of contents", i, r.Lines[i].Text, got)
		}
	}
	for _, i := range []int{0, 5, 7} {
		if !r.Lines[i].Kept() {
			t.Errorf("paragraph %d dropped: %s", i, r.Lines[i].Reason)
		}
	}
}
