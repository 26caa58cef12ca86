package clean

import (
	"strings"
	"testing"
)

func TestLabels(t *testing.T) {
	tests := []struct {
		line string
		want Code // "" means kept
	}{
		// calls to action
		{"Learn more", CodeBoiler},
		{"LEARN MORE →", CodeBoiler},
		{"Get started for free", CodeBoiler},
		{"Book a demo", CodeBoiler},
		{"Add to cart", CodeBoiler},
		// form fields
		{"First name", CodeBoiler},
		{"Email (Required)", CodeBoiler},
		{"Your name *", CodeBoiler},
		{"Leave this field blank", CodeBoiler},
		{"Δ", CodeBoiler},
		// widgets and list controls
		{"Like Loading...", CodeBoiler},
		{"Copy link", CodeBoiler},
		{"Sort by:", CodeBoiler},
		// review, deal and related-story boxes
		{"Jump to Review", CodeBoiler},
		{"Check Price at Amazon", CodeBoiler},
		{"Check price at REI", CodeBoiler},
		{"See it at Amazon", CodeBoiler},
		{"Price comparison from Backmarket", CodeBoiler},
		{"Related Article", CodeBoiler},
		// audio players
		{"Listen to this article", CodeBoiler},
		{"Ascolta l'articolo", CodeBoiler},
		{"Écouter cet article", CodeBoiler},
		// The same words in a sentence or a longer heading stay.
		{"Learn more about how the council spends its budget in our explainer.", ""},
		{"Students can get started with a free trial of the software before term begins.", ""},
		{"Table of contents for the 1911 edition", ""},
		{"Reply to the minister", ""},
		{"Check price tags before you reach the till, the regulator advised.", ""},
		{"See it at the Tate Modern before the exhibition closes in the spring", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			d := newDoc(tt.line)
			Labels{}.Apply(d)
			if got := d.Line(0).Code; got != tt.want {
				t.Errorf("code = %q, want %q (reason %q)", got, tt.want, d.Line(0).Reason)
			}
		})
	}
}

// councilStory is four paragraphs of a news story, for tests that put
// lines among real prose and run the whole pipeline.
var councilStory = [4]string{
	"The council approved the new budget on Monday after a debate that lasted most of the afternoon, and the mayor said the money would go to schools and roads.",
	"Teachers' unions welcomed the decision, saying that the extra funds would pay for the repairs that several of the older buildings have needed for years.",
	"Opposition members had asked for more time to read the figures, but the vote went ahead with a majority of four, the third budget vote of the year.",
	"The mayor is expected to present the plan for the roads to the transport committee next month, when the first contracts will be put out to tender.",
}

// TestLabelsInPipeline checks that a label between two paragraphs the
// classifier keeps is taken out of the article, and the paragraphs stay.
func TestLabelsInPipeline(t *testing.T) {
	p := councilStory
	text := strings.Join([]string{p[0], p[1], "Learn more", p[2], p[3]}, "\n")
	r := New().Clean(text)
	if r.Lines[2].Kept() {
		t.Errorf("label kept: %q", r.Lines[2].Text)
	}
	for _, i := range []int{0, 1, 3, 4} {
		if !r.Lines[i].Kept() {
			t.Errorf("paragraph %d dropped: %s", i, r.Lines[i].Reason)
		}
	}
}

// TestLabelsWidgetsAndNotices: rating widgets, notices for browsers
// without JavaScript and affiliate disclosures are dropped with their
// reason; news sentences with the same words are kept.
func TestLabelsWidgetsAndNotices(t *testing.T) {
	const postHeader = "post header: who posted, when, and the post's number"
	const postFooter = "post footer: the writer's rank, the readers' reactions or the last edit"
	tests := []struct {
		line string
		want string // the reason, "" when kept
	}{
		// rating widgets
		{"Was this article helpful?", "rating widget"},
		{"Click on a star to rate it!", "rating widget"},
		{"Average rating 4.2 / 5. Vote count: 37", "rating widget"},
		{"No votes so far! Be the first to rate this post.", "rating widget"},
		{"Was this article helpful to the committee, the chairman asked, before moving on to the next item?", ""},
		{"Analysts rate this article of the treaty as the most important for farmers.", ""},
		{"How are we doing?", "rating widget"},
		{"Give us feedback on this page.", "rating widget"},
		{"Number of reviews:196", "rating widget"},
		{"How are we doing on the climate goals, the minister asked the panel.", ""},
		// notices for browsers without JavaScript
		{"Please enable JavaScript to view this site.", "notice about the browser or JavaScript"},
		{"Notice: JavaScript is required for this content.", "notice about the browser or JavaScript"},
		{"Your browser does not support the video tag.", "notice about the browser or JavaScript"},
		{"Sadly, this site requires JavaScript.", "notice about the browser or JavaScript"},
		{"You are using an out of date browser. It may not display this or other websites correctly.", "notice about the browser or JavaScript"},
		{"You should upgrade or use an alternative browser.", "notice about the browser or JavaScript"},
		{"Sorry, your browser doesn’t support embedded videos.", "notice about the browser or JavaScript"},
		{"The team rewrote the checkout page in JavaScript last year to make it faster on phones.", ""},
		// News about browsers and JavaScript names the same words further in.
		{"The bank's new app requires JavaScript, which security researchers say leaves older phones exposed.", ""},
		{"Users who turn on JavaScript in the settings will see the old layout again, the company said.", ""},
		{"Officials told staff to upgrade to a newer browser after the flaw was disclosed on Tuesday.", ""},
		{"If your browser does not support the new standard, the site will fall back to the old one, Google said.", ""},
		// affiliate disclosures
		{"This post may contain affiliate links. If you buy something, we may earn a small commission at no extra cost to you.", "affiliate disclosure"},
		{"As an Amazon Associate I earn from qualifying purchases.", "affiliate disclosure"},
		{"When you buy through links on our site, we may earn a commission.", "affiliate disclosure"},
		{"Bloggers who join an affiliate programme are paid a commission on each sale, the survey found.", ""},
		{"Disclosure: We may earn commissions from links on this page.", "affiliate disclosure"},
		{"If you buy something from a Verge link, Vox Media may earn a commission. See our ethics statement.", "affiliate disclosure"},
		{"Editorial Note: Talk Android may contain affiliate links on some articles.", "affiliate disclosure"},
		{"Some of the links in this article are affiliate ones.", "affiliate disclosure"},
		{"We earn commissions from links on our site, enabling us to deliver independent reviews.", "affiliate disclosure"},
		{"SeniorLiving.org is supported by commissions from providers listed on our site.", "affiliate disclosure"},
		{"I use this liquid castile soap or this natural dish soap, just in case you were wondering (both are affiliate links).", ""},
		{"The agents earn a commission of about 3% on each house they sell in the county.", ""},
		// Place names that end in "we" or "i", quoted speech and consumer news.
		{"Farmers in Malawi receive compensation for crops lost to the floods, the ministry said.", ""},
		{"Families in Zimbabwe receive compensation from the fund, officials said.", ""},
		{"\"We earn a commission of about 3% on each house we sell,\" the agent said.", ""},
		{"Your energy supplier must fit a smart meter at no extra cost to you, the regulator said.", ""},
		// a widget's error messages
		{"Oops! Looks like we're having trouble connecting to our server.", "error message of a page widget"},
		{"We're sorry, your request can't be completed right now. Please try again later.", "error message of a page widget"},
		{"Oops, we detected that your session has expired after a period of inactivity. Please enter your address to start again!", "error message of a page widget"},
		{"\"We're sorry for the disruption this caused our passengers,\" the airline said.", ""},
		{"Sorry, I missed the bit about needing meat. Please try again with the recipe below.", ""},
		// forum post headers
		{"peccavi    January 11, 2025, 3:50am   10", postHeader},
		{"jhounshell | Feb 24, 2006 07:07pm | #8", postHeader},
		{"12-09-2024, 10:13 AM   #16", postHeader},
		{"scvalex 1 year ago", postHeader},
		{"Commented May 29, 2016 at 20:51", postHeader},
		{"Fitzg | Posted in General Discussion on February 24, 2006 02:01am", postHeader},
		{"1 point by rbanffy 17 minutes ago  | hide | past | discuss", postHeader},
		{"Joined: Mon Dec 18, 2017 9:28 pm", postHeader},
		{"#17", postHeader},
		{"Posts: 1,204", postHeader},
		{"3.4k reputation", postHeader},
		{"12 posts · Joined 2019", postHeader},
		{"Joined", postHeader},
		{"Members of the committee", ""},
		// a site's record number for the page
		{"180426081 story", "the site's record number for the page"},
		{"Story ID: 4471209", "the site's record number for the page"},
		{"UPC: 722325006016", ""},
		{"103812 commits", ""},
		// forum post footers
		{"Full Member", postFooter},
		{"7+ Year Member", postFooter},
		{"Well-known member", postFooter},
		{"Reactions: fieldterrain922, pnomes and celia17", postFooter},
		{"Last edited by DevOpsUser on 12. Sep 2024, 11:14, edited 4 times in total.", postFooter},
		{"Edited October 30, 2025 by El Patron (see edit history)", postFooter},
		{"Edited by Jane Smith", ""},
		{"Reactions to the budget were mixed, the mayor said.", ""},
		{"She became a full member of the union in 1998.", ""},
		{"The council's newest member", ""},
		// a question-and-answer thread's user cards and controls
		{"23.8k1414 gold badges8888 silver badges124124 bronze badges", "the writer's reputation and badges"},
		{"19311 silver badge66 bronze badges", "the writer's reputation and badges"},
		{"Viewed 11k times", "the controls of a thread"},
		{"11 Answers 11", "the controls of a thread"},
		{"Sorted by:   Reset to default", "the controls of a thread"},
		{"Highest score (default)", "the controls of a thread"},
		{"|   Show 1 more comment", "the controls of a thread"},
		{"Reply With Quote       0", "the controls of a thread"},
		{"View Forum Posts", "the controls of a thread"},
		{"6.3K views    23 replies    14 participants    last post by ggery Sep 26, 2024", "the controls of a thread"},
		{"Not open for further replies.", "the controls of a thread"},
		{"Native Language", "the controls of a thread"},
		{"You must log in or register to reply here.", "the controls of a thread"},
		{"This topic has been deleted. Only users with topic management privileges can see it.", "the controls of a thread"},
		{"Link to post", "the controls of a thread"},
		{"Link to comment", "the controls of a thread"},
		{"You must log in to the portal to file a claim, the agency said.", ""},
		{"The post drew 6,300 views and 23 replies in a day.", ""},
		{"Register Now", "button or form label"},
		{"The team won 3 gold medals and 2 silver badges.", ""},
		{"Viewed from the hills, the town looks small.", ""},
		// the buttons of threads and product grids
		{"Reply    Quote    Like", "button or form label"},
		{"Improve this answer", "button or form label"},
		{"Add a comment  |", "button or form label"},
		{"+ More Info", "button or form label"},
		{"Compare", "button or form label"},
		{"Compare the two plans before you sign.", ""},
		{"More sharing options...", "button or form label"},
		{"Thank you! Your submission has been received!", "button or form label"},
		{"Instagram", ""},
		{"Opens in a new window", "button or form label"},
		{"Open in a new tab", "button or form label"},
		{"The museum opens in a new building next spring.", ""},
		// A quote's attribution, a headline, a sentence, a log line and
		// code that hold a time are no post headers.
		{"7 hours ago, gguillotte said:", ""},
		{"How the web looked 20 years ago", ""},
		{"The mill closed 40 years ago.", ""},
		{"The vote was set for Jan 12, 2025 at 10:30 in the council chamber, the clerk said.", ""},
		{"2005-03-19 15:10:26,618 - simple_example - DEBUG - debug message", ""},
		{"WHERE created_at < '2024-06-15 10:30:00'", ""},
		{"Section #2 of the bill", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			d := newDoc(tt.line)
			Labels{}.Apply(d)
			if got := d.Line(0).Reason; got != tt.want {
				t.Errorf("reason = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSignedComments checks that the comments under the posts of a
// question-and-answer thread go, each a line of text over its writer's
// name and the name again after a dash, with the line of its votes, while
// the answer above them and a quoted line that starts with a dash stay.
func TestSignedComments(t *testing.T) {
	lines := []string{
		"Try Ctrl+Tab, that should do it in every version of Explorer since Windows 7.",
		"Edward J Beckett",
		"1,06911 gold badge1010 silver badges1515 bronze badges",
		"5",
		"wow. this worked. never would have thought.",
		"n611x007",
		"– n611x007",
		"Does not work in Windows 10.",
		"RashaMatt",
		"– RashaMatt",
		"The minister put it plainly:",
		"– We will not back down.",
	}
	d := newDoc(strings.Join(lines, "\n"))
	Labels{}.Apply(d)
	if got, want := keptMask(d), "#.........##"; got != want {
		t.Errorf("kept lines %s, want %s", got, want)
	}
}

// TestBackToTop checks that a forum's "Top" link under each post goes when
// the page has more than one, and that a lone "Top" stays: it may head a
// list.
func TestBackToTop(t *testing.T) {
	post := "I had the same problem after the upgrade and rolling back to the beta fixed it for me."
	for _, tt := range []struct {
		lines []string
		want  string
	}{
		{[]string{post, "Top", post + " Twice.", "Top"}, "#.#."},
		{[]string{"Top", post}, "##"},
	} {
		d := newDoc(strings.Join(tt.lines, "\n"))
		Labels{}.Apply(d)
		if got := keptMask(d); got != tt.want {
			t.Errorf("%q: kept %s, want %s", tt.lines, got, tt.want)
		}
	}
}

// TestVotes checks that on a question-and-answer page the score over each
// post goes, while the numbers a post shows as a program's output, which
// come in runs, stay; and that a page without the writers' reputation
// lines keeps its lines of a number alone.
func TestVotes(t *testing.T) {
	body := "I expected the loop to print its numbers in turn, but it printed them all at the end of the run."
	qa := []string{
		"135", body, "0", "1", "2", "asked Jan 4, 2024 at 11:30", "jldugger",
		"14.6k2020 gold badges8383 silver badges131131 bronze badges",
		"32", "Redundancy protects you against your hardware failing, not against your own mistakes.",
	}
	for _, tt := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"a question-and-answer thread", qa, ".####....#"},
		{"a page without reputation lines", append([]string{"135", body}, qa[2:5]...), "#####"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(strings.Join(tt.lines, "\n"))
			Labels{}.Apply(d)
			if got := keptMask(d); got != tt.want {
				t.Errorf("kept %s, want %s", got, tt.want)
			}
		})
	}
}
