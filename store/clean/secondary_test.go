package clean

import (
	"strings"
	"testing"
)

func TestSecondary(t *testing.T) {
	// Three long paragraphs of article prose, about 210 tokens.
	para := "The harbour authority said on Friday that the new breakwater would be finished before the winter storms, after two years of delays that had left the fishing fleet exposed and cost the town much of its summer trade. " +
		"Engineers had to change the design when surveys found the seabed softer than expected, and the contractor brought in a larger crane to set the concrete blocks, which weigh forty tonnes each."
	article := []string{para, para + " It was the second change this year.", para + " The mayor welcomed the news."}
	blurb := "A look at how the town's ferry service recovered after the pandemic, with new routes to the islands and a timetable that finally suits commuters, and what it means for visitors this summer."
	tests := []struct {
		name     string
		lines    []string
		wantFrom int   // index of the first dropped line; -1 when nothing is dropped
		dropped  []int // lines an earlier step dropped already
	}{
		{"related stories after the article", append(append([]string{}, article...), "Related articles", "Ferry routes return", blurb), 3, nil},
		{"a reading list after the article", append(append([]string{}, article...), "You may like to read:", "Ferry routes return", blurb), 3, nil},
		{"an explore-more box after the article", append(append([]string{}, article...), "Explore more", "Ferry routes return", blurb), 3, nil},
		{"latest articles after the article", append(append([]string{}, article...), "Latest Articles", "Ferry routes return", blurb), 3, nil},
		{"related resources after the article", append(append([]string{}, article...), "Related Resources", "Ferry routes return", blurb), 3, nil},
		{"a shop's recommendations after a review", append(append([]string{}, article...), "You'll also love", "Ferry routes return", blurb), 3, nil},
		{"the sources of a health article", append(append([]string{}, article...), "Article Sources", "Ferry routes return", blurb), 3, nil},
		{"more reviews after a review", append(append([]string{}, article...), "See more reviews", "Ferry routes return", blurb), 3, nil},
		{"author bio after the article", append(append([]string{}, article...), "About the author", "Jane Doe covers the coast for the paper and has written about harbours for a decade."), 3, nil},
		{"an author's name over her bio", append(append([]string{}, article...), "Karina Cohen", "Karina Cohen is the owner of a cleaning company in Denver and writes about running a small business."), 3, nil},
		{"About and the name over his bio", append(append([]string{}, article...), "About Amar Hussain", "Amar is an avid traveler who has spent thirteen years testing luggage."), 3, nil},
		{"a credential after the name", append(append([]string{}, article...), "Brian Stormont, CFP®", "Brian Stormont is a fee-only financial advisor who began his career in 1998."), 3, nil},
		{"a product named over its description is no bio", append(append([]string{}, article...), "Accruent EMS", "Accruent EMS is a comprehensive event management system for large venues."), -1, nil},
		{"a place named over its description is no bio", append(append([]string{}, article...), "The Bleu Garten", "The Bleu Garten was the first food truck park in the city and is still the best."), -1, nil},
		{"a list of people, each over a paragraph", append(append([]string{}, article...), "Stella McCartney", "Stella McCartney is a pioneer of sustainable luxury fashion and has been for years.", "Eileen Fisher", "Eileen Fisher is known for timeless clothes made to last and to be mended."), -1, nil},
		{"a writer's bio closing the article", append(append([]string{}, article...), "Lisa Jennings is a veteran restaurant industry reporter and editor who covers the fast-casual sector, independent restaurants and the chains that compete with them across the country.", "She lives in Los Angeles."), 3, nil},
		{"a bio with a title and a possessive post", append(append([]string{}, article...), "Dr. Summer Hale is Yeti's head of research, where she studies how the gear that people take to the mountains wears out over the years."), 3, nil},
		{"a company's closing blurb is no writer's bio", append(append([]string{}, article...), "Budlong is dedicated to empowering clients with expert plumbing engineering services."), -1, nil},
		{"a paragraph about a person with the article going on", append(append([]string{}, article...), "Jane Doe is the harbour's director and has run it since 2019, through two storms and a strike.", para), -1, nil},
		{"heading before enough prose", append([]string{"Related", "Ferry routes return"}, article...), -1, nil},
		{"a box of links inside the story, which goes on", append(append([]string{}, article...), "Also read:", "Ferry routes return", para), -1, nil},
		{"the same heading over teasers only", append(append([]string{}, article...), "Also read:", "Ferry routes return", "Harbour gets a new crane", "Bus fares fall in spring"), 3, nil},
		{"aside inside the article", append(append([]string{article[0], "See also", "Ferry routes return"}, article[1:]...), article...), -1, nil},
		// Teasers as long as the article, which the classifier dropped
		// already, do not make the section look like more of it.
		{"long teasers dropped already", append(append([]string{}, article...), append([]string{"Related articles"}, article...)...), 3, []int{4, 5, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(strings.Join(tt.lines, "\n"))
			for _, i := range tt.dropped {
				d.Drop(i, CodeBoiler, "dropped by an earlier step")
			}
			Secondary{}.Apply(d)
			for i := range d.Len() {
				wantDrop := tt.wantFrom >= 0 && i >= tt.wantFrom
				if got := !d.Kept(i); got != wantDrop {
					t.Errorf("line %d %.40q: dropped %v, want %v", i, d.Line(i).Text, got, wantDrop)
				}
			}
		})
	}
}
