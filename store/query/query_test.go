package query

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"dateline/store"
	"dateline/store/clean"
	"dateline/store/entity"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []Term // Pos/End/Date not compared unless set
	}{
		{"", nil},
		{"  kerry   aleppo ", []Term{{Kind: Word, Value: "kerry"}, {Kind: Word, Value: "aleppo"}}},
		{`"military talks" -opinion`, []Term{{Kind: Phrase, Value: "military talks"}, {Kind: Word, Value: "opinion", Neg: true}}},
		{`entity:"Sergei Lavrov"`, []Term{{Kind: Entity, Value: "Sergei Lavrov"}}},
		{`@Lavrov @"John Kerry"`, []Term{{Kind: Entity, Value: "Lavrov"}, {Kind: Entity, Value: "John Kerry"}}},
		{`person:Kerry org:"White House" place:Aleppo other:x`, []Term{
			{Kind: Entity, Type: entity.PER, Value: "Kerry"},
			{Kind: Entity, Type: entity.ORG, Value: "White House"},
			{Kind: Entity, Type: entity.LOC, Value: "Aleppo"},
			{Kind: Entity, Type: entity.MISC, Value: "x"},
		}},
		{"Source:reuters lang:EN lang:unknown", []Term{{Kind: Source, Value: "reuters"}, {Kind: Lang, Value: "en"}, {Kind: Lang, Value: ""}}},
		{"is:Unread -is:starred", []Term{{Kind: Is, Value: "unread"}, {Kind: Is, Value: "starred", Neg: true}}},
		{"stripped:>50%", []Term{{Kind: Stripped, Value: ">50%", Op: OpGT, Share: 0.5}}},
		{"stripped:<=0.25", []Term{{Kind: Stripped, Value: "<=0.25", Op: OpLE, Share: 0.25}}},
		{"stripped:30", []Term{{Kind: Stripped, Value: "30", Op: OpGE, Share: 0.3}}},
		// A colon after something that is not a field is part of a word.
		{"10:30 http://x.org", []Term{{Kind: Word, Value: "10:30"}, {Kind: Word, Value: "http://x.org"}}},
		{"--x", []Term{{Kind: Word, Value: "-x", Neg: true}}},
	} {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if len(q.Terms) != len(tt.want) {
				t.Fatalf("Parse(%q) = %+v, want %+v", tt.in, q.Terms, tt.want)
			}
			for i, got := range q.Terms {
				w := tt.want[i]
				if got.Kind != w.Kind || got.Value != w.Value || got.Neg != w.Neg || got.Type != w.Type ||
					got.Op != w.Op || abs(got.Share-w.Share) > 1e-12 {
					t.Errorf("term %d = %+v, want %+v", i, got, w)
				}
				if got.Pos < 0 || got.End > len(tt.in) || got.Pos >= got.End {
					t.Errorf("term %d spans [%d, %d) of %q", i, got.Pos, got.End, tt.in)
				}
			}
		})
	}
}

func TestParseDates(t *testing.T) {
	for in, want := range map[string]time.Time{
		"after:2016":        time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC),
		"after:2016-09":     time.Date(2016, 9, 1, 0, 0, 0, 0, time.UTC),
		"before:2016-09-28": time.Date(2016, 9, 28, 0, 0, 0, 0, time.UTC),
	} {
		q, err := Parse(in)
		if err != nil || len(q.Terms) != 1 || !q.Terms[0].Date.Equal(want) {
			t.Errorf("Parse(%q) = %+v, %v; want the date %v", in, q.Terms, err, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		in   string
		pos  int    // byte offset the error points at
		want string // part of the message
	}{
		{`kerry "military talks`, 6, "unclosed quote"},
		{`@`, 0, "@Lavrov"},
		{`a - b`, 2, "exclude"},
		{`-`, 0, "exclude"},
		{`is:maybe`, 3, "read, unread or starred"},
		{`lang:fr`, 5, "en, other or unknown"},
		{`after:yesterday`, 6, "not a date"},
		{`before:2016-13-01`, 7, "not a date"},
		{`stripped:>lots`, 9, "share"},
		{`stripped:150%`, 9, "between"},
		{`kerry source:`, 13, "source: needs a value"},
		{`entity:""`, 7, "needs a value"},
		{`Señor "x`, 7, "unclosed quote"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error = %v, want an *Error", tt.in, err)
			}
			if pe.Pos != tt.pos || !strings.Contains(pe.Msg, tt.want) {
				t.Errorf("Parse(%q) = %q at %d, want %q at %d", tt.in, pe.Msg, pe.Pos, tt.want, tt.pos)
			}
		})
	}
}

func TestErrorColumnCountsCharacters(t *testing.T) {
	in := `Señor "x`
	_, err := Parse(in)
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatal(err)
	}
	if got := pe.Column(in); got != 7 {
		t.Errorf("column = %d, want 7 (the quote is the 7th character)", got)
	}
	if !strings.Contains(err.Error(), "column") {
		t.Errorf("the message %q does not give the column", err)
	}
}

// article builds a prepared article.
func article(id, title, source, body string, ents ...entity.Entity) *store.Article {
	a := &store.Article{ID: id, Title: title, Source: source, Body: body, Entities: ents}
	a.Prepare()
	return a
}

func TestMatch(t *testing.T) {
	kerry := entity.Entity{Name: "John Kerry", Type: entity.PER, Aliases: []string{"Kerry"}}
	lavrov := entity.Entity{Name: "Sergei Lavrov", Type: entity.PER, Aliases: []string{"Lavrov"}}
	lavrovShort := entity.Entity{Name: "Lavrov", Type: entity.PER}
	whiteHouse := entity.Entity{Name: "White House", Type: entity.ORG}
	aleppo := entity.Entity{Name: "Aleppo", Type: entity.LOC}

	a := article("a", "Kerry tells Lavrov", "Business Standard", "The talks on\nAleppo collapsed in the Señor hotel.", kerry, lavrov, aleppo)
	a.Lang = "en"
	a.Published = time.Date(2016, 9, 28, 23, 30, 0, 0, time.FixedZone("EDT", -4*3600))
	a.Clean = clean.Result{Lines: []clean.Line{{Text: "x"}, {Text: "y", Code: "paywall"}, {Text: "z", Code: "paywall"}, {Text: "w"}}}

	b := article("b", "Russia proposes talks", "IANS/EFE", "Moscow said the White House and Lavrov agreed.", lavrovShort, whiteHouse)
	b.Lang = "other"
	b.Clean = clean.Result{Lines: []clean.Line{{Text: "x"}, {Text: "y"}, {Text: "z", Code: "share"}}}

	c := article("c", "Weather", "", "Rain.")
	arts := []*store.Article{a, b, c}

	env := Env{
		Entities: batch(kerry, lavrov, whiteHouse, aleppo),
		Read:     func(id string) bool { return id == "a" },
		Starred:  func(id string) bool { return id == "b" },
	}
	for _, tt := range []struct {
		q    string
		want string // IDs that match, in order
	}{
		{"", "abc"},
		{"talks", "ab"},
		{"TALKS senor", "a"},             // case and accents fold
		{`"talks on aleppo"`, "a"},       // a phrase across a line break
		{`"aleppo talks"`, ""},           // words in the wrong order
		{"-talks", "c"},                  // exclusion
		{"talks -russia", "a"},           //
		{"@Lavrov", "ab"},                // the alias resolves to Sergei Lavrov, and b's "Lavrov" is one of his names
		{`entity:"sergei lavrov"`, "ab"}, //
		{"person:kerry", "a"},            //
		{"org:kerry", ""},                // wrong type
		{`org:"white house"`, "b"},       //
		{"place:aleppo -@kerry", ""},     //
		{"@lavr", "ab"},                  // not a name yet: matches names containing it
		{"@nobody", ""},                  //
		{"source:standard", "a"},         //
		{"source:efe", "b"},              //
		{"lang:en", "a"},                 //
		{"lang:other", "b"},              //
		{"lang:unknown", "c"},            //
		{"after:2016-09-28", "a"},        // the local date is the 28th though it is the 29th in UTC
		{"after:2016-09-29", ""},         //
		{"before:2016-09-29", "a"},       //
		{"before:2016-09-28", ""},        //
		{"-after:2016", "bc"},            // articles without a date do not match date terms
		{"is:read", "a"},                 //
		{"is:unread", "bc"},              //
		{"is:starred", "b"},              //
		{"stripped:>50%", ""},            // a is exactly 50%
		{"stripped:>=50%", "a"},          //
		{"stripped:=0.5", "a"},           //
		{"stripped:<40%", "bc"},          // c has no lines: 0%
		{"stripped:>30%", "ab"},          //
	} {
		t.Run(tt.q, func(t *testing.T) {
			q, err := Parse(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			match := q.Matcher(env)
			var got string
			for _, x := range arts {
				if match(x) {
					got += x.ID
				}
			}
			if got != tt.want {
				t.Errorf("%q matched %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

func TestMatchWithoutStateFuncs(t *testing.T) {
	q, err := Parse("is:unread")
	if err != nil {
		t.Fatal(err)
	}
	if !q.Match(article("a", "t", "", "b"), Env{}) {
		t.Error("with no read state every article is unread")
	}
}

func TestHighlights(t *testing.T) {
	q, err := Parse(`kerry "military talks" -opinion @Lavrov source:x`)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(q.Highlights(), "|"); got != "kerry|military talks" {
		t.Errorf("Highlights() = %q", got)
	}
}

// FuzzParse checks that Parse never panics, that errors point inside the
// text, and that terms are in order and within the text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "kerry", `"a b"`, "-x", "@", `@"x y"`, "entity:", `person:"`, "is:read",
		"stripped:>50%", "after:2016-09", "10:30", "-", `""`, "lang:en -lang:other", "é:x", "\xff:\"", "source:\"a\"b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Parse(in)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) returned %T, want *Error", in, err)
			}
			if pe.Pos < 0 || pe.Pos > len(in) {
				t.Fatalf("Parse(%q) error at %d, outside the text", in, pe.Pos)
			}
			if c := pe.Column(in); c < 1 || c > utf8.RuneCountInString(in)+1 {
				t.Fatalf("column %d for %q", c, in)
			}
		}
		end := 0
		for _, tm := range q.Terms {
			if tm.Pos < end || tm.End > len(in) || tm.Pos >= tm.End {
				t.Fatalf("Parse(%q): term %+v out of order or out of the text", in, tm)
			}
			end = tm.End
		}
		// Evaluating whatever parsed must not panic either.
		q.Matcher(Env{})(article("a", in, in, in))
	})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// BenchmarkMatch measures one keystroke's work in the prompt: parsing a
// query and running it over a batch of 5,000 articles.
func BenchmarkMatch(b *testing.B) {
	lavrov := entity.Entity{Name: "Sergei Lavrov", Type: entity.PER, Aliases: []string{"Lavrov"}}
	body := strings.Repeat("The talks on Aleppo collapsed after the ceasefire ended. ", 60)
	arts := make([]*store.Article, 5000)
	for i := range arts {
		arts[i] = article(strings.Repeat("x", i%7), "Kerry tells Lavrov", "IANS/EFE", body, lavrov)
	}
	env := Env{Entities: batch(lavrov)}
	for _, q := range []string{"ceasefire", `"talks on aleppo" -moscow`, "@Lavrov source:efe", "@lavr", "stripped:>50%"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				parsed, err := Parse(q)
				if err != nil {
					b.Fatal(err)
				}
				match := parsed.Matcher(env)
				for _, a := range arts {
					match(a)
				}
			}
		})
	}
}

// TestNarrows checks which query edits the reader may answer from the
// previous results, and that whenever Narrows says so, the new query's
// matches are indeed among the old one's.
func TestNarrows(t *testing.T) {
	kerry := entity.Entity{Name: "John Kerry", Type: entity.PER, Aliases: []string{"Kerry"}}
	arts := []*store.Article{
		article("a", "Kerry tells Lavrov", "Business Standard", "The talks on Aleppo collapsed.", kerry),
		article("b", "Aleppo under fire", "IANS/EFE", "Shelling resumed in Aleppo on Monday.", kerry),
		article("c", "Weather", "Reuters", "Rain in Alexandria."),
	}
	env := Env{Entities: batch(kerry)}
	for _, tc := range []struct {
		prev, next string
		want       bool
	}{
		{"", "a", true},
		{"al", "ale", true},
		{"ale", "aleppo", true},
		{"aleppo", "aleppo talks", true},
		{`"the talks"`, `"the talks on"`, true},
		{"source:re", "source:reuters", true},
		{"aleppo", "alepp", false}, // deleting widens
		{"-ale", "-alep", false},   // a longer excluded word excludes less
		{"@ker", "@kerry", false},  // a name may resolve to an entity
		{"after:2016", "after:2016-09", false},
		{"aleppo talks", "aleppo", false},
		{"talks aleppo", "aleppo talks", false},
		{"is:read", "is:read", true},
		{"lang:en", "lang:en rain", true},
	} {
		prev, err := Parse(tc.prev)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.prev, err)
		}
		next, err := Parse(tc.next)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.next, err)
		}
		if got := next.Narrows(prev); got != tc.want {
			t.Errorf("%q after %q: Narrows = %t, want %t", tc.next, tc.prev, got, tc.want)
		}
		if !next.Narrows(prev) {
			continue
		}
		was, is := prev.Matcher(env), next.Matcher(env)
		for _, a := range arts {
			if is(a) && !was(a) {
				t.Errorf("%q after %q: article %q matches now but did not before", tc.next, tc.prev, a.Title)
			}
		}
	}
}

// TestUsesStateAndText: only is: terms make a query depend on read and
// starred marks, so only they make the reader filter again after a mark
// changes; only word and phrase terms read the search text.
func TestUsesStateAndText(t *testing.T) {
	for text, want := range map[string][2]bool{
		"":                   {false, false},
		"kerry":              {false, true},
		"is:unread":          {true, false},
		"aleppo -is:read":    {true, true},
		"@kerry source:efe":  {false, false},
		"is:starred lang:en": {true, false},
		`-"a phrase"`:        {false, true},
	} {
		q, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		if got := q.UsesState(); got != want[0] {
			t.Errorf("%q: UsesState = %t, want %t", text, got, want[0])
		}
		if got := q.UsesText(); got != want[1] {
			t.Errorf("%q: UsesText = %t, want %t", text, got, want[1])
		}
	}
}

// batch makes the batch entities an Env holds from plain entities; their
// names are folded when a term is resolved.
func batch(es ...entity.Entity) []store.BatchEntity {
	out := make([]store.BatchEntity, len(es))
	for i, e := range es {
		out[i] = store.BatchEntity{Entity: e}
	}
	return out
}
