package store

import (
	"slices"
	"testing"
	"time"

	"dateline/store/clean"
)

// TestParseDateZoneAbbreviation checks that a zone abbreviation Go cannot
// look up is not read as UTC: "22:30 EDT" is 02:30Z the next day, and
// calling it 22:30Z would be four hours off. Such a time is kept without a
// zone, whatever zone the machine is in.
func TestParseDateZoneAbbreviation(t *testing.T) {
	tests := []struct {
		name string
		in   string
		iso  string
	}{
		{"unknown abbreviation", "Sat, 17 Sep 2016 22:30:00 EDT", "2016-09-17T22:30:00"},
		{"another one", "Sat, 17 Sep 2016 22:30:00 PST", "2016-09-17T22:30:00"},
		{"RFC 850 with an abbreviation", "Saturday, 17-Sep-16 22:30:00 EDT", "2016-09-17T22:30:00"},
		{"UTC", "Sat, 17 Sep 2016 22:30:00 UTC", "2016-09-17T22:30:00Z"},
		{"GMT", "Sat, 17 Sep 2016 22:30:00 GMT", "2016-09-17T22:30:00Z"},
		{"GMT with an offset", "Sat, 17 Sep 2016 22:30:00 GMT+3", "2016-09-17T22:30:00"},
		{"numeric offset", "Sat, 17 Sep 2016 22:30:00 -0400", "2016-09-17T22:30:00-04:00"},
		{"numeric zero offset", "Sat, 17 Sep 2016 22:30:00 +0000", "2016-09-17T22:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, iso, ok := ParseDate(tt.in)
			if !ok || iso != tt.iso {
				t.Fatalf("ParseDate(%q) = %q, %v; want %q", tt.in, iso, ok, tt.iso)
			}
			// The time agrees with the ISO form: a zone-less one carries
			// its wall clock in UTC, as the layouts without a zone give.
			want, err := time.Parse(time.RFC3339, tt.iso)
			if err != nil {
				want, err = time.Parse("2006-01-02T15:04:05", tt.iso)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("ParseDate(%q) time = %v, want %v", tt.in, got, want)
			}
		})
	}
}

// TestParseDateCoveredLayouts checks that the layouts dropped from
// dateLayouts, because a layout with a one-digit day reads the same dates,
// lose nothing: every input they matched still parses, to the same time and
// the same ISO form.
func TestParseDateCoveredLayouts(t *testing.T) {
	tests := []struct {
		layout string // the dropped layout, which the input must match
		in     string
		iso    string
	}{
		{time.RFC1123Z, "Wed, 06 Mar 2024 14:00:00 +0000", "2024-03-06T14:00:00Z"},
		{time.RFC1123Z, "Wed, 06 Mar 2024 14:00:00 +0530", "2024-03-06T14:00:00+05:30"},
		{time.RFC1123Z, "Sat, 17 Sep 2016 22:30:00 -0400", "2016-09-17T22:30:00-04:00"},
		{time.RFC1123, "Wed, 06 Mar 2024 14:00:00 GMT", "2024-03-06T14:00:00Z"},
		{time.RFC1123, "Wed, 06 Mar 2024 14:00:00 UTC", "2024-03-06T14:00:00Z"},
		{time.RFC1123, "Sat, 17 Sep 2016 22:30:00 EDT", "2016-09-17T22:30:00"},
		{"02 Jan 2006", "06 Mar 2024", "2024-03-06"},
		{"02 Jan 2006", "17 Sep 2016", "2016-09-17"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			old, err := time.ParseInLocation(tt.layout, tt.in, time.UTC)
			if err != nil {
				t.Fatalf("the case does not exercise %q: %v", tt.layout, err)
			}
			got, iso, ok := ParseDate(tt.in)
			if !ok || iso != tt.iso {
				t.Fatalf("ParseDate(%q) = %q, %v; want %q", tt.in, iso, ok, tt.iso)
			}
			// A known zone gives the same instant as the dropped layout;
			// an unknown abbreviation is kept as the same wall clock.
			if _, offset := old.Zone(); offset != 0 || iso[len(iso)-1] == 'Z' || len(iso) == len("2006-01-02") {
				if !got.Equal(old) {
					t.Errorf("ParseDate(%q) = %v, the dropped layout gave %v", tt.in, got, old)
				}
			} else if got.Format(time.DateTime) != old.Format(time.DateTime) {
				t.Errorf("ParseDate(%q) wall clock %v, the dropped layout gave %v", tt.in, got, old)
			}
		})
	}
}

// TestBylineDate checks which date of a cleaned page becomes the article's:
// the first one a byline near the text's start writes out.
func TestBylineDate(t *testing.T) {
	byline := func(s string) clean.Line {
		return clean.Line{Text: s, Code: clean.CodeByline, Reason: "byline or date"}
	}
	menu := func(s string) clean.Line {
		return clean.Line{Text: s, Code: clean.CodeBoiler, Reason: "short line outside the main text"}
	}
	text := clean.Line{Text: "The council approved the budget on Monday, after a long debate."}
	many := func(n int, l clean.Line) []clean.Line { return slices.Repeat([]clean.Line{l}, n) }
	tests := []struct {
		name  string
		lines []clean.Line
		want  string
	}{
		{"over the text", []clean.Line{menu("News"), byline("By Claire Wilson · Published Apr 26, 2023"), text}, "Apr 26, 2023"},
		{"day first", []clean.Line{byline("Updated 3 March 2025, 10:30"), text}, "3 March 2025"},
		{"an ordinal day", []clean.Line{byline("Last Updated: December 15th 2025"), text}, "December 15 2025"},
		{"under the text's first line", []clean.Line{text, byline("Jan. 16, 2026"), text}, "Jan. 16, 2026"},
		{"digits alone read both ways", []clean.Line{byline("07/04/2024 - 19:42"), text}, ""},
		{"a kept line is not a byline", []clean.Line{{Text: "On May 4, 2024 the council met."}, text}, ""},
		{"the masthead's date of the day is too far up", append(append([]clean.Line{byline("Friday, February 27, 2026")}, many(bylineAbove, menu("Section"))...), text), ""},
		// A line of a zero-width joiner alone is blank, as the cleaner
		// reads it: it neither opens the text nor fills the window.
		{"lines of invisible characters are blank", append(append([]clean.Line{{Text: "\u200d"}}, many(bylineBelow+1, clean.Line{Text: "\u200d"})...), byline("Feb 27, 2026"), text), "Feb 27, 2026"},
		{"a related story's date is too far down", append(append([]clean.Line{text}, many(bylineBelow+1, text)...), byline("Feb 27, 2026")), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bylineDate(clean.Result{Lines: tt.lines}); got != tt.want {
				t.Errorf("bylineDate = %q, want %q", got, tt.want)
			}
		})
	}
}
