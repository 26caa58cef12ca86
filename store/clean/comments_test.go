package clean

import (
	"slices"
	"strings"
	"testing"
)

func TestOpensComments(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Comments", true},
		{"12 Comments", true},
		{"124 Reader Comments", true},
		{"3 Responses to “How to build a garden bench”", true},
		{"17 thoughts on “Ten easy wood projects”", true},
		{"Leave a Reply Cancel reply", true},
		{"Trackbacks", true},
		{"Comments navigation", true},
		{"Kommentare (4)", true},
		{"42 Comments on “Our week on the canal boat”", true},
		{"1 Comment on \"Why the bridge closed\"", true},
		{"Leave a Comment Cancel reply", true},
		{"Discussion about this post", true},
		{"15 Replies to “Open-sourcing the design files”", true},
		// Blog software prints the whole title, however long.
		{"15 Replies to “Open-sourcing CORE One CAD Files Under the New Open Community License (OCL)”", true},
		{"One thought on “Ten easy wood projects for a long weekend in the garden shed”", true},
		// Prose and headings that merely mention comments are not section headings.
		{"Readers sent us hundreds of comments about the new timetable last week.", false},
		{"Comments policy and community guidelines for our readers", false},
		{"Reader survey", false},
		{"Discussion about the budget dragged on past midnight.", false},
		{"300 comments on the plan were received by Friday.", false},
		{"12 responses to the consultation came from farmers.", false},
		{"12 replies on the consultation came from farmers.", false},
		{"300 comments on “the plan” were received by Friday, and the council will answer each of them.", false},
		{"The minister said that there were 300 comments on “the plan” and that all of them would be answered.", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := opensComments(newDoc(tt.line).Info(0)); got != tt.want {
			t.Errorf("opensComments(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestCutAtComments(t *testing.T) {
	// Each case is a page of lines with the weight the line model gave
	// them: positive lines form the blocks, negative ones the gaps.
	type line struct {
		text string
		w    float64
	}
	prose := line{"The council approved the plan on Monday after a long debate.", 20}
	doubt := line{"Thanks, this was a useful read for our own project.", 3}
	chrome := line{"Reply", -4}
	tests := []struct {
		name  string
		lines []line
		want  string // the blocks after the cut, one character a line: # in, . out
	}{
		{"comments heading after the article cuts the thread",
			[]line{prose, prose, chrome, {"24 Reader Comments", -4}, chrome, doubt, chrome, doubt},
			"##......"},
		{"reply form heading after the article",
			[]line{prose, prose, chrome, {"Leave a Reply Cancel reply", -4}, doubt},
			"##..."},
		{"a heading inside the main block is part of the article",
			[]line{prose, {"Comments", -4}, prose, chrome, doubt},
			"#.#.#"},
		{"a word that heads an article's own section is no cut",
			[]line{prose, prose, chrome, {"Reactions", -4}, doubt},
			"##..#"},
		{"a heading inside a later block stays",
			[]line{prose, prose, chrome, chrome, chrome, {"Comments", 2}, doubt},
			"##...##"},
		{"a heading before the main block is a menu item",
			[]line{doubt, {"Comments", -4}, prose, prose},
			"#.##"},
		{"a heading that recurs marks each post, not a section",
			[]line{prose, {"Add a comment", -4}, doubt, {"Add a comment", -4}, doubt},
			"#.#.#"},
		{"no heading: nothing changes",
			[]line{prose, chrome, doubt},
			"#.#"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			texts := make([]string, len(tt.lines))
			w := make([]float64, len(tt.lines))
			for i, l := range tt.lines {
				texts[i], w[i] = l.text, l.w
			}
			d := newDoc(strings.Join(texts, "\n"))
			// Every positive line stands for a block of its own, and the
			// heaviest run is the main block, as the block search has it.
			in := make([]bool, len(w))
			for i, v := range w {
				in[i] = v > 0
			}
			_, mainHi, _ := maxSpan(w, 0, len(w))
			cutAtComments(d, in, mainHi)
			if got := mask(in); got != tt.want {
				t.Errorf("blocks %s, want %s", got, tt.want)
			}
		})
	}
}

// TestCommentsStep checks the Comments step on its own: after enough
// article prose, every heading that opensComments accepts cuts the page
// there, the long ones that quote a post's title included.
func TestCommentsStep(t *testing.T) {
	prose := "The council approved the plan on Monday after a long debate about the cost of the new bridge, and the mayor said that work would begin in the spring."
	article := slices.Repeat([]string{prose}, 8) // well over commentsMinProse words
	comment := "I walk across the old bridge every day and I am glad that they are finally going to replace it."
	tests := []struct {
		name    string
		heading string
		article []string
		want    string   // one character a line of the article, heading and tail: # kept, . dropped
		tail    []string // the lines after the heading; nil for one comment
	}{
		{"a short heading", "12 Comments", article, "########..", nil},
		{"a reply form heading", "Leave a Reply Cancel reply", article, "########..", nil},
		{"a heading of ten words quoting the title", "3 Responses to “The council approves the plan for the new bridge”", article, "########..", nil},
		{"too little prose before the heading: a menu item", "Comments", article[:1], "###", nil},
		{"prose about comments is no heading", "Readers sent us hundreds of comments about the new timetable last week.", article, "##########", nil},
		{"a report's own section", "Reactions", article, "###########", []string{prose, prose}},
		{"a section word over a thread", "Discussion", article, "########.....", []string{"Mary Smith", "March 3, 2024 at 9:15 am", comment, "Reply"}},
		{"a link under every post cuts after the last", "Add a comment", article, "##########..", []string{prose, "Add a comment", "Your Answer"}},
		{"a count under every post cuts after the last", "3 Comments", article, "##########..", []string{prose, "12 Comments", "Your Answer"}},
		{"customer reviews under a product", "Customer Reviews", article, "########....", []string{"4.8 out of 5 stars", "Sturdy and easy to fit", comment}},
		{"a review form and reviews", "Write a Review", article, "########....", []string{"Exemplary product and highly efficient service.", "John Warren Reviewed 06/08/2024", comment}},
		{"a moderated thread cuts from its controls", "Post  Load All Comments", article, "########.......",
			[]string{"Score:", "5", "Re: The bridge  (Score:2)", comment, "What about the budget?  (Score:3, Insightful)", comment}},
		{"one moderated header is no thread", "Re: The bridge  (Score:2)", article, "##########", nil},
		{"a service page's own testimonials", "Customer reviews", article, "###########", []string{"What our customers say about us", comment}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tail := tt.tail
			if tail == nil {
				tail = []string{comment}
			}
			lines := slices.Concat(tt.article, []string{tt.heading}, tail)
			d := newDoc(strings.Join(lines, "\n"))
			Comments{}.Apply(d)
			if got := keptMask(d); got != tt.want {
				t.Errorf("kept %s, want %s", got, tt.want)
			}
		})
	}
}

// TestCleanDropsThreadAfterShortArticle checks the whole pipeline on a blog
// post too short for the Comments step: the readers' comments that the line
// model keeps as blocks of their own must not be joined to the post.
func TestCleanDropsThreadAfterShortArticle(t *testing.T) {
	post := []string{
		"Ten Easy Shelf Projects",
		"My sister and I spent a rainy weekend in the garage building shelves from the offcuts of last year's deck, and most of them turned out better than the ones we bought.",
		"The simplest one needs a single plank, two brackets and an hour of your time, and it is the one I would start with if you have never held a drill before.",
		"Let us know in the comments which one you build first, and send us a photo of it when it is on the wall.",
	}
	thread := []string{
		"Share this:",
		"Pinterest",
		"Facebook",
		"Filed Under: Woodworking",
		"« Painted Flower Pots",
		"Spring Wreath Ideas »",
		"Comments",
		"Maria says",
		"March 3, 2024 at 9:15 am",
		"I built the plank shelf on Sunday and it was so much easier than I expected, thank you for the clear pictures and the list of tools.",
		"Reply",
		"Tom says",
		"March 5, 2024 at 6:40 pm",
		"We tried the corner shelf in our kitchen and it holds all of our cookbooks now, although I had to buy longer screws than the ones in the list.",
		"Reply",
		"Leave a Reply Cancel reply",
		"Name *",
		"Email *",
		"Post Comment",
	}
	r := New().Clean(strings.Join(append(append([]string{}, post...), thread...), "\n"))
	for i, l := range r.Lines {
		if i < len(post) && i > 0 && !l.Kept() {
			t.Errorf("post line dropped (%s): %q", l.Reason, l.Text)
		}
		if i >= len(post) && l.Kept() {
			t.Errorf("comment thread line kept: %q", l.Text)
		}
	}
}
