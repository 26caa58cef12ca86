package clean

import (
	"strings"
	"testing"
)

// TestExtracted checks the cleaner for text an HTML extractor already
// reduced to the main content: it still cuts paywalls and agency trailers,
// but keeps the short content lines (prices, bylines, captions of a list)
// that the whole-page cleaner would drop.
func TestExtracted(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		keep, drop []string
	}{
		{
			name: "product page keeps its price and short lines",
			text: "Trail Runner 3\n\n$129.99\n\nLightweight.\n\nBreathable mesh upper.\n\nIn stock",
			keep: []string{"Trail Runner 3", "$129.99", "Lightweight.", "Breathable mesh upper.", "In stock"},
		},
		{
			name: "byline and contact stay, paywall goes",
			text: "By Jane Doe\n\nThe council voted on Tuesday to close the bridge for repairs that will take most of the summer, officials said.\n\n" +
				"Contact: press@example.org\n\nYou've reached your limit of free articles.\n\nSubscribe for $1 a week\n\nCancel anytime",
			keep: []string{"By Jane Doe", "The council voted", "Contact: press@example.org"},
			drop: []string{"You've reached your limit", "Subscribe for $1 a week", "Cancel anytime"},
		},
		{
			name: "agency trailer and advert label go",
			text: "Rescuers pulled two people from the rubble overnight, and the search went on into the morning, the agency said.\n\nAdvertisement\n\n--IANS/EFE",
			keep: []string{"Rescuers pulled two people"},
			drop: []string{"Advertisement", "--IANS/EFE"},
		},
		{
			// The extracted cleaner keeps placeholders, which product
			// pages show, but a cookie notice or a sign-up box with one
			// in it is still boilerplate.
			name: "a skipped rule does not shield a line from the others",
			text: "The council voted on Tuesday to close the bridge for repairs that will take most of the summer, officials said.\n\n" +
				"We use cookies on {{site_name}}. By continuing you accept our cookie policy.\n\nSubscribe to our newsletter __NEWSLETTER_FORM__",
			keep: []string{"The council voted"},
			drop: []string{"We use cookies", "Subscribe to our newsletter"},
		},
	}
	c := NewExtracted()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Clean(tt.text)
			for _, want := range tt.keep {
				if !lineKept(r, want) {
					t.Errorf("dropped %q; stripped:\n%s", want, strippedReport(r))
				}
			}
			for _, want := range tt.drop {
				if lineKept(r, want) {
					t.Errorf("kept %q; text:\n%s", want, r.Text())
				}
			}
		})
	}
}

// TestExtractedKeepsWhatDefaultDrops shows why the extracted cleaner exists:
// the whole-page cleaner judges a short extracted page as chrome.
func TestExtractedKeepsWhatDefaultDrops(t *testing.T) {
	text := "Opening hours\n\nMonday to Friday: 9am to 5pm\n\nSaturday: 10am to 2pm\n\nClosed on public holidays"
	ext := NewExtracted().Clean(text)
	if s, n := ext.Counts(); s != 0 {
		t.Errorf("extracted cleaner stripped %d of %d lines:\n%s", s, n, strippedReport(ext))
	}
	if s, _ := New().Clean(text).Counts(); s == 0 {
		t.Skip("the whole-page cleaner keeps this page too; the example no longer shows the difference")
	}
}

// lineKept reports whether a kept line of r starts with prefix.
func lineKept(r Result, prefix string) bool {
	for _, l := range r.Lines {
		if l.Kept() && strings.HasPrefix(strings.TrimSpace(l.Text), prefix) {
			return true
		}
	}
	return false
}
