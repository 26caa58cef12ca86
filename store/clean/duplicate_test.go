package clean

import (
	"strings"
	"testing"
)

func TestDuplicate(t *testing.T) {
	para := "The committee will publish its findings in the spring, a spokeswoman said on Monday."
	tests := []struct {
		name      string
		lines     []string
		dropped   []int // lines an earlier step dropped (a teaser above the article)
		wantDrops []int // indexes of the lines Duplicate drops
	}{
		{"second copy of a paragraph", []string{para, "Other text follows here in the article body.", para}, nil, []int{2}},
		{"short repeated cells stay", []string{"Yes", "No", "Yes", "No"}, nil, nil},
		{"the copy of a dropped teaser stays", []string{para, para}, []int{0}, nil},
		{"three copies keep the first", []string{para, para, para}, nil, []int{1, 2}},
		{"a sentence that opens the paragraph after it", []string{"What is an everyday shoe?", "", "What is an everyday shoe? Well, it is the one you wear without thinking about it."}, nil, []int{0}},
		{"a heading that opens its paragraph stays", []string{"KNIME Analytics Platform", "KNIME Analytics Platform is an open-source platform for data analytics."}, nil, nil},
		{"a sentence over a dropped paragraph stays", []string{"The plan was approved.", "The plan was approved. It takes effect in May."}, []int{1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(strings.Join(tt.lines, "\n"))
			for _, i := range tt.dropped {
				d.Drop(i, CodeBoiler, "teaser")
			}
			Duplicate{}.Apply(d)
			var got []int
			for i := range d.Len() {
				if d.Line(i).Code == CodeDuplicate {
					got = append(got, i)
				}
			}
			if len(got) != len(tt.wantDrops) {
				t.Fatalf("dropped lines %v, want %v", got, tt.wantDrops)
			}
			for k := range got {
				if got[k] != tt.wantDrops[k] {
					t.Fatalf("dropped lines %v, want %v", got, tt.wantDrops)
				}
			}
		})
	}
}

// TestCleanDropsDuplicateParagraph checks the whole pipeline: an article
// whose dump holds its lead paragraph twice shows it once.
func TestCleanDropsDuplicateParagraph(t *testing.T) {
	lead := "Flood water reached the old town square on Sunday night, and the mayor asked residents of the lower streets to leave their homes before morning."
	text := lead + "\n" + lead + "\nEngineers said the river would peak on Tuesday, when more rain is expected in the hills above the town and the reservoirs are already full.\nThe council opened two schools as shelters and said buses would run through the night for anyone who needed help to reach them."
	r := New().Clean(text)
	if !r.Lines[0].Kept() {
		t.Errorf("first copy dropped: %s", r.Lines[0].Reason)
	}
	if r.Lines[1].Code != CodeDuplicate {
		t.Errorf("second copy: code %q, want %q", r.Lines[1].Code, CodeDuplicate)
	}
}
