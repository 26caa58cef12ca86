package clean

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// guardLines are lines for the cheap tests that spare the rules a search:
// each holds, or nearly holds, what a guarded test looks for.
var guardLines = []string{
	"Home | News | Sport",
	"Politics › Europe",
	"News » World",
	"Read the report at https://example.com/report",
	"Write to desk@example.org",
	"Hello, {{first_name}}!",
	"100% of {% if user %} readers",
	"We use COOKIES to improve your experience.",
	"We use coo\u212aies", // the Kelvin sign lower-cases to k
	"The Cookie Monster ate the biscuits.",
	"İt’s raining",
	"$9.99 per month",
	"₹300/Month",
	"Only £1 a week.",
	"3 Months",
	"1 Year *",
	"4,99 € monatlich",
	"$5/mo!",
	"10 days in May",
	"Wednesday, 21st September 2024, at 10:30 pm CEST",
	"March 3, 2025",
	"2019-01-21T21:40:59.62Z+00:00",
	"21/09/2024 10:30",
	"5 min read",
	"Sept. 4, 2023",
	"2,500 readers",
	"3rd May 2024",
	"12min read",
	"(Reporting by Jane Doe; Editing by John Smith)",
	"Additional reporting by Ana Ruiz",
	"  Written by the desk",
	"The plan costs $20 a month and more",
	"1. High-protein meals are here to stay",
	"61.59%",
	"10.5.2024",
	"3 min | May 10, 2024",
	"2024-05 report",
	"5 things to know",
	"Posted March 3, 2025, at 10:30",
	"12/03/2025 9:05",
	"2025-03-12T09:05",
	"Joined: 2019",
	"Average GPA: 3.65",
	"This post may contain affiliate links.",
	"We may earn a commission when you buy through links on our site.",
	"As an Amazon Associate I earn from qualifying purchases.",
	"Affiliate marketing and workers' compensation",
	"3 answers",
	"12 answers 4",
	"1 reply",
	"1.2k views 14 replies",
	"12. März 2026, 10:30 Uhr",
	"Mercredi 12 mars 2026",
	"Mittwoch,  3 juin 2026 à 10h30",
	"12 de marzo de 2026",
	"12 de março de 2026 às 10h30",
	"sexta-feira, 12 de março de 2026",
	"The best cameras of 2026",
	"Le 12 mars 2026",
	"123 mars 2026",
	"\t7\tmai 2026",
	"4.8 out of 5",
	"Rated 4 out of 50 by readers",
	"★★★★★ 5 stars",
	"3star hotel",
	"1,204 star reviews",
	"Rate this product",
	"Reviewed in the United States on June 8, 2024",
	"Verified Purchase",
	"12 people found this helpful",
	"Was this article helpful?",
	"Average rating 4.5 / 5. Vote count: 12",
	"Number of reviews: 1,204",
	"How are we doing?",
	"Get started",
	"6 thoughts on “Open-sourcing our tools”",
	"One Reply to \"Why we moved\"",
	"15 responses to 'A year in review'",
	"1 comment on ‘Spring’",
	"one comments on the plan",
	"10 replies",
	"Comments (12):",
	"3 Kommentare",
	"Commentaires",
	"12 comentários",
	"Comentarios: 4",
	"Commenti",
	"Reactions",
	"Thoughts on the plan",
	"Responses",
	"24  Reader Comments",
	"Comments navigation",
	"Trackbacks",
	"Pingbacks",
	"Leave a Reply Cancel reply",
	"Discussion about this post",
	"Commentary",
	"Reply",
	"Kommentarer",
	"",
	"\xff\xfe invalid bytes",
}

// TestByteSetGuards holds the byte set to what it must never do: say that
// a line lacks a substring it holds, in Trim or in Norm.
func TestByteSetGuards(t *testing.T) {
	subs := []string{"cookie", "http", ".com", "@", "://", "www.", "{{", "{%", "|", "»", "›", " / ", "it's", "required", "©", "photo "}
	for _, line := range guardLines {
		checkByteSet(t, line, subs)
	}
}

func checkByteSet(t *testing.T, line string, subs []string) {
	t.Helper()
	li := measure(line)
	norm := normalise(li.Trim)
	if li.runes != len([]rune(li.Trim)) {
		t.Errorf("%q: runes %d, want %d", line, li.runes, len([]rune(li.Trim)))
	}
	for _, sub := range subs {
		if strings.Contains(li.Trim, sub) && !li.bytes.hasAll(sub) {
			t.Errorf("%q holds %q, but its byte set says it does not", line, sub)
		}
		if strings.Contains(norm, sub) && !li.bytes.hasAll(sub) {
			t.Errorf("the Norm %q holds %q, but the byte set of %q says it cannot", norm, sub, line)
		}
	}
	words := newNeedles(subs...)
	for _, s := range []string{li.Trim, norm} {
		want := slices.ContainsFunc(subs, func(sub string) bool { return strings.Contains(s, sub) })
		if got := words.in(&li, s); got != want {
			t.Errorf("needles %q in %q: %v, want %v", subs, s, got, want)
		}
	}
}

// expressionGuards pair each cheap test with the expression it spares:
// the test must pass every normalised line that the expression matches.
var expressionGuards = []struct {
	name string
	may  func(string) bool
	re   *regexp.Regexp
}{
	{"mayBePlanPrice", mayBePlanPrice, planPrice},
	{"mayBeReportingCredit", mayBeReportingCredit, reportingCredit},
	{"mayBePostClock", mayBePostClock, postClock},
	{"mayBeLocalDate", mayBeLocalDate, localDate},
	{"affiliateMarks", func(s string) bool { return affiliateMarks.in(&LineInfo{bytes: setOf(s)}, s) }, affiliateNotice},
	{"mayBeCommentsOnTitle", mayBeCommentsOnTitle, commentsOnTitle},
	{"commentOpenings", mayOpenComments, commentHeading},
	{"commentOpenings", mayOpenComments, commentSectionHeading},
	{"commentOpenings", mayOpenComments, commentsOnTitle},
	{"ratingOpenings", ratingOpenings.hasPrefix, ratingWidget},
	{"reviewWords", func(s string) bool { return reviewWords.in(&LineInfo{bytes: setOf(s)}, s) }, reviewMark},
}

// mayOpenComments is the test opensComments makes of a short line before
// its expressions.
func mayOpenComments(s string) bool { return commentOpenings.hasPrefix(afterCount(s)) }

func TestExpressionGuards(t *testing.T) {
	for _, line := range guardLines {
		checkExpressionGuards(t, normalise(trimLine(line)))
	}
	// A test that lets nothing through would pass the check above.
	for _, g := range expressionGuards {
		if g.may(normalise("Sony a7 V Mirrorless Camera")) {
			t.Errorf("%s lets a product name through", g.name)
		}
	}
	if mayBeCountControl("1. a numbered heading") {
		t.Error("mayBeCountControl lets a numbered heading through")
	}
}

func checkExpressionGuards(t *testing.T, norm string) {
	t.Helper()
	for _, g := range expressionGuards {
		if g.re.MatchString(norm) && !g.may(norm) {
			t.Errorf("the expression matches %q, but %s rules it out", norm, g.name)
		}
	}
	// mayBeCountControl is asked only of lines that open with a figure.
	if norm != "" && '0' <= norm[0] && norm[0] <= '9' && threadControls.MatchString(norm) && !mayBeCountControl(norm) {
		t.Errorf("threadControls matches %q, but mayBeCountControl rules it out", norm)
	}
}

// TestDateOnlyGuard holds isDateOnly to what dateOnly matches.
func TestDateOnlyGuard(t *testing.T) {
	matched := 0
	for _, line := range guardLines {
		norm := normalise(trimLine(line))
		if dateOnly.MatchString(norm) {
			matched++
		}
		checkDateOnlyGuard(t, norm)
	}
	// Lines the expression matches must be among the cases.
	if matched != 11 {
		t.Errorf("dateOnly matched %d of the lines, want the 11 dates", matched)
	}
}

func checkDateOnlyGuard(t *testing.T, s string) {
	t.Helper()
	if got, want := isDateOnly(s), dateOnly.MatchString(s); got != want {
		t.Errorf("isDateOnly(%q) = %v, dateOnly matches: %v", s, got, want)
	}
}

func FuzzDateOnlyGuard(f *testing.F) {
	for _, line := range guardLines {
		f.Add(normalise(trimLine(line)))
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDateOnlyGuard(t, s)
	})
}

func FuzzByteSet(f *testing.F) {
	for _, line := range guardLines {
		f.Add(line, "cookie")
	}
	f.Fuzz(func(t *testing.T, line, sub string) {
		checkByteSet(t, line, []string{sub, strings.ToLower(sub)})
	})
}

func FuzzExpressionGuards(f *testing.F) {
	for _, line := range guardLines {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		checkExpressionGuards(t, normalise(trimLine(line)))
	})
}

// TestByteClasses checks that every byte has a class of its own bit: with
// more classes than bits, the last would be 0, and a line's set would seem
// to lack a byte it holds.
func TestByteClasses(t *testing.T) {
	for c := range 256 {
		k := byteClass[c]
		if 'A' <= c && c <= 'Z' {
			k &^= upperBytes // a capital is its letter and a capital
		}
		if k == 0 || k&(k-1) != 0 {
			t.Fatalf("byte %#x has class %#x, want one bit", c, uint64(k))
		}
	}
	if upperBytes == 0 || upperBytes&(upperBytes-1) != 0 || byteClass['a']&upperBytes != 0 {
		t.Errorf("capitals have a class of their own bit, %#x, that small letters lack", uint64(upperBytes))
	}
	if byteClass['a'] != byteClass['A']&^upperBytes || byteClass['0'] != byteClass['9'] || byteClass['@'] == byteClass['#'] {
		t.Error("letters fold, digits share a class, and marks have their own")
	}
}

// TestLog1pInt holds the table to the function it stands for, at its ends
// and past them.
func TestLog1pInt(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1023, 1024, 5000} {
		if got, want := log1pInt(n), math.Log1p(float64(n)); got != want {
			t.Errorf("log1pInt(%d) = %v, want %v", n, got, want)
		}
	}
}

// labelSets are the package's label sets, for the tests that hold a set's
// filter to its labels.
var labelSets = map[string]*labelSet{
	"cookieButtons": cookieButtons, "advertLabels": advertLabels, "shareWords": shareWords, "shareCore": shareCore,
	"relatedLabels": relatedLabels, "navLabels": navLabels, "interfaceLabels": interfaceLabels,
	"bylineWords": bylineWords, "localDatedWords": localDatedWords, "knownAgencies": knownAgencies,
	"commentPhrases": commentPhrases, "reviewHeadings": reviewHeadings, "sectionWords": sectionWords,
	"secondaryHeadings": secondaryHeadings, "asideHeadings": asideHeadings, "threadNotices": threadNotices,
	"threadControlWords": threadControlWords, "memberWords": memberWords,
	"contentsHeadings": contentsHeadings,
}

// checkLabelSets fails when a label set's answer for s differs from a
// search of its labels: the filter must never turn a label away.
func checkLabelSets(t *testing.T, s string) {
	t.Helper()
	for name, set := range labelSets {
		if got, want := set.has(s), slices.Contains(set.labels, s); got != want {
			t.Errorf("%s.has(%q) = %v, want %v", name, s, got, want)
		}
	}
}

// TestLabelSets checks every set against its own labels, and against near
// misses of them that share a length or an end byte with a label.
func TestLabelSets(t *testing.T) {
	for _, set := range labelSets {
		for _, l := range set.labels {
			checkLabelSets(t, l)
			checkLabelSets(t, l+" ")
			checkLabelSets(t, strings.ToUpper(l))
			if len(l) > 1 {
				checkLabelSets(t, l[:len(l)-1]+"x")
				checkLabelSets(t, "x"+l[1:])
			}
		}
	}
	for _, line := range guardLines {
		checkLabelSets(t, line)
	}
	checkLabelSets(t, "")
}

func FuzzLabelSets(f *testing.F) {
	for _, line := range guardLines {
		f.Add(normalise(trimLine(line)))
	}
	f.Add("accept all")
	f.Fuzz(func(t *testing.T, s string) {
		checkLabelSets(t, s)
	})
}

// endsSentenceReference is endsSentence without its shortcut for lines that
// end in an ASCII byte.
func endsSentenceReference(s string) bool {
	s = strings.TrimRight(s, " \"'”’»)]*")
	r, _ := utf8.DecodeLastRuneInString(s)
	return slices.Contains([]rune{'.', '!', '?', '…', '。', '！', '？'}, r)
}

// TestEndsSentence holds endsSentence's shortcut to the full test, on lines
// that end in each of the marks and in the bytes around them.
func TestEndsSentence(t *testing.T) {
	lines := []string{"", " ", ".", "It rained.", "It rained", "Did it rain?", "Rain!", "He said \"rain.\"",
		"(It rained.)", "It rained.*", "« Il pleut. »", "Il pleut…", "Il pleut.»", "雨が降った。", "“It rained.”",
		"It rained. ", "It rained,", "Rain (2024)", "Rain [1]", "A 5*", "x\xff", "It rained.\xe2\x80"}
	for _, line := range append(lines, guardLines...) {
		if got, want := endsSentence(line), endsSentenceReference(line); got != want {
			t.Errorf("endsSentence(%q) = %v, want %v", line, got, want)
		}
	}
}

func FuzzEndsSentence(f *testing.F) {
	f.Add("It rained.")
	f.Add("“It rained.”")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := endsSentence(s), endsSentenceReference(s); got != want {
			t.Errorf("endsSentence(%q) = %v, want %v", s, got, want)
		}
	})
}

// markSets are the rules' cutsets with the strings they are built from.
var markSets = map[string]*markSet{
	" .:-–—|•·[]()":  advertMarks,
	" .:-–—|•·":      relatedMarks,
	" .:-–—|•·»«›‹>": navLabelMarks,
	" .!":            cookieMarks,
	" .:-–—|•·»«›‹<>!?*→←▼▲+": labelMarks,
	" |•·-–—":            bylineMarks,
	" .:-–—|•·»«":        headingMarks,
	" .:-–—|•·»«›‹<>▼▲+": contentsMarks,
}

// checkTrimMarks fails when trimMarks differs from strings.Trim for any of
// the rules' cutsets.
func checkTrimMarks(t *testing.T, s string) {
	t.Helper()
	for cutset, m := range markSets {
		if got, want := trimMarks(s, m), strings.Trim(s, cutset); got != want {
			t.Errorf("trimMarks(%q, %q) = %q, want %q", s, cutset, got, want)
		}
	}
}

func TestTrimMarks(t *testing.T) {
	lines := []string{"", " ", "»", "• Home •", "Advertisement:", "[ad]", "— Menu —", "→ Next ←", "▼ More ▲",
		"«réservé»", "Sign in!", "x\xff", "\xe2\x80", "··· ", "...and more...", "*required",
		"€ 5", "5 €", "\xe2 x \x94"}
	for _, line := range append(lines, guardLines...) {
		checkTrimMarks(t, line)
		checkTrimMarks(t, normalise(line))
	}
}

func FuzzTrimMarks(f *testing.F) {
	f.Add("— Menu —")
	f.Add("Advertisement:")
	f.Fuzz(func(t *testing.T, s string) {
		checkTrimMarks(t, s)
	})
}

// TestLineFeaturesAllSet holds lineFeatures to writing every feature of
// every vector, since it does not clear the vector between lines: the
// callback spoils the whole vector, and the next line's must have none of
// it left. The pages have lines without tokens and, in the second, no
// line the smoothing judges good, for the features set only in a branch.
func TestLineFeaturesAllSet(t *testing.T) {
	pages := []string{
		strings.Join(guardLines, "\n\n"),
		"Home\n—\nMenu\n***\nLogin\n…\nShare",
		"The council voted on Tuesday to approve the new budget, which raises spending on schools and roads by a tenth.\n" +
			"—\nRead more: http://example.com\n" +
			"Residents who spoke at the meeting said they welcomed the plan but worried about the rise in local taxes.",
	}
	for _, page := range pages {
		d := newDoc(page)
		a := Classifier{}.analyse(d)
		lines := 0
		lineFeatures(d, a.cf, a.smoothed, a.inRegion, func(i int, x []float64) {
			lines++
			for j, v := range x {
				if math.IsNaN(v) {
					t.Errorf("line %d (%q): feature %d left from the line before", i, d.Info(i).Trim, j)
				}
			}
			for j := range x {
				x[j] = math.NaN()
			}
		})
		if lines < 2 {
			t.Errorf("%q: features of %d lines; the test wants two or more", page, lines)
		}
	}
}

// shareGuardLines are share rows and lines that open as one does.
var shareGuardLines = []string{
	"Share on Facebook", "Share this article", "Facebook Twitter Email", "The share of votes",
	"(Share) on X", "· Share · Copy link", "Auf Facebook teilen", "print(x)", "Teilen", "Éditer",
	"é share", "_share", "0 shares", "share\xff", "facebook", "Share on X (Opens in new window)",
}

// checkShareLine holds isShareLine's test on the first word to the walk
// over every token it spares.
func checkShareLine(t *testing.T, line string) {
	t.Helper()
	li := measure(line)
	if got, want := isShareLine(&li), isShareRow(&li); got != want {
		t.Errorf("isShareLine(%q) = %v, the walk over its tokens says %v", line, got, want)
	}
}

func TestShareLineGuard(t *testing.T) {
	rows := 0
	for _, line := range append(shareGuardLines, guardLines...) {
		checkShareLine(t, line)
		if li := measure(line); isShareRow(&li) {
			rows++
		}
	}
	// Lines the walk takes for a share row must be among the cases.
	if rows < 5 {
		t.Errorf("%d share rows among the lines; the test wants five or more", rows)
	}
}

func FuzzShareLineGuard(f *testing.F) {
	for _, line := range shareGuardLines {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		checkShareLine(t, line)
	})
}

// checkContainsAt holds containsAt to strings.Contains for w at each of
// its offsets, on s and on s repeated past the length at which containsAt
// stops leaving the search to strings.Contains.
func checkContainsAt(t *testing.T, s, w string) {
	t.Helper()
	for _, s := range []string{s, strings.Repeat(s+" ", 80/(len(s)+1)+1)} {
		want := strings.Contains(s, w)
		for at := range len(w) {
			if got := containsAt(s, w, at); got != want {
				t.Errorf("containsAt(%q, %q, %d) = %v, want %v", s, w, at, got, want)
			}
		}
	}
}

func TestContainsAt(t *testing.T) {
	words := []string{"http", ".com", "@", "cookie", "photo", "image", "©", " / ", "»"}
	for _, line := range guardLines {
		for _, w := range words {
			checkContainsAt(t, line, w)
		}
	}
	checkContainsAt(t, strings.Repeat("x", 70)+"http", "http")
	checkContainsAt(t, "http"+strings.Repeat("x", 70), "http")
	checkContainsAt(t, strings.Repeat("htt", 30), "http")
}

func FuzzContainsAt(f *testing.F) {
	for _, line := range guardLines {
		f.Add(line, "http")
	}
	f.Fuzz(func(t *testing.T, s, w string) {
		checkContainsAt(t, s, w)
	})
}
