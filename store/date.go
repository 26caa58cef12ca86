package store

import (
	"strings"
	"time"
)

// dateLayouts are the shapes of publication dates seen in scraped metadata,
// most specific first. Dates without a year ("Sep 17") are not parsed: an
// ISO date needs a year, and guessing one would be wrong across New Year.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC850,
	time.ANSIC,
	"January 2, 2006 15:04",
	"January 2, 2006",
	"Jan 2, 2006",
	"Jan. 2, 2006",
	"January 2 2006",
	"Jan 2 2006",
	"2 January 2006",
	"2 Jan 2006",
	"02 Jan 2006",
	"Monday, January 2, 2006",
	"Monday, 2 January 2006",
}

// ParseDate parses a publication date written in one of the common forms
// and returns it with its ISO 8601 form, which keeps the precision the
// source gave: a day alone, a local time without a zone, or a full timestamp.
func ParseDate(s string) (time.Time, string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, "", false
	}
	s = strings.Join(strings.Fields(s), " ")
	if strings.HasPrefix(s, "Sept ") {
		s = "Sep " + s[5:]
	}
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		switch {
		case strings.Contains(layout, "Z07") || strings.Contains(layout, "-0700") || strings.Contains(layout, "MST"):
			return t, t.Format(time.RFC3339), true
		case strings.Contains(layout, "15"):
			return t, t.Format("2006-01-02T15:04:05"), true
		}
		return t, t.Format("2006-01-02"), true
	}
	return time.Time{}, "", false
}
