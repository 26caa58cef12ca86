package entity

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// marked parses text with entities written as "[TYPE words]" into a body
// and the spans a tagger would have produced, so that the steps after
// tagging can be tested without the model.
func marked(t *testing.T, text string) ([]source, []span) {
	t.Helper()
	re := regexp.MustCompile(`\[(PER|ORG|LOC|MISC) ([^\]]+)\]`)
	var body strings.Builder
	type mark struct {
		start, end int
		typ        Type
	}
	var marks []mark
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
		body.WriteString(text[last:m[0]])
		start := body.Len()
		body.WriteString(text[m[4]:m[5]])
		marks = append(marks, mark{start, body.Len(), Type(text[m[2]:m[3]])})
		last = m[1]
	}
	body.WriteString(text[last:])
	srcs := []source{{title: true}, {text: body.String(), toks: Tokenize(body.String())}}
	var spans []span
	for _, mk := range marks {
		sp := span{src: srcBody, t0: -1, typ: mk.typ}
		for i, tok := range srcs[srcBody].toks {
			if tok.Start == mk.start {
				sp.t0 = i
			}
			if tok.End == mk.end {
				sp.t1 = i + 1
			}
		}
		if sp.t0 < 0 || sp.t1 <= sp.t0 {
			t.Fatalf("mark at %d..%d does not fall on token boundaries", mk.start, mk.end)
		}
		spans = append(spans, sp)
	}
	return srcs, spans
}

func TestMergeAliases(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "TYPE:Name count alias|alias", in any order
	}{
		{"surname", "[PER John Kerry] spoke. Later [PER Kerry] said so.",
			[]string{"PER:John Kerry 2 Kerry"}},
		{"surname with particle", "President [PER Bashar al-Assad] spoke. [PER Assad] left.",
			[]string{"PER:Bashar al-Assad 2 Assad"}},
		{"untagged surname is found", "[PER Sergei Lavrov] met them. Lavrov said no.",
			[]string{"PER:Sergei Lavrov 2 Lavrov"}},
		{"surname mistyped by the tagger", "[PER John Kerry] spoke. [LOC Kerry] said so.",
			[]string{"PER:John Kerry 2 Kerry"}},
		{"acronym and dotted acronym", "The [LOC United States] and the [LOC U.S.] and the [LOC US].",
			[]string{"LOC:United States 3 U.S.|US"}},
		{"acronym of another type", "[ORG US] envoy to the [LOC United States].",
			[]string{"LOC:United States 2 US"}},
		{"acronym of an organisation", "The [ORG Islamic State] or [ORG IS] fighters.",
			[]string{"ORG:Islamic State 2 IS"}},
		{"untagged acronym of a name is found", "US envoys met. The [LOC United States] agreed.",
			[]string{"LOC:United States 2 US"}},
		{"initials of a person are not a name", "Senator [PER Bob Smith] spoke. The BS meter was running.",
			[]string{"PER:Bob Smith 1"}},
		{"acronym with no name in full stays out", "US envoys met in [LOC Oslo].",
			[]string{"LOC:Oslo 1"}},
		{"ambiguous surname stays", "[PER George Bush] and [PER Jeb Bush] met. [PER Bush] spoke.",
			[]string{"PER:George Bush 1", "PER:Jeb Bush 1", "PER:Bush 1"}},
		{"place is not a surname of a person", "[LOC Washington] honours [PER George Washington].",
			[]string{"LOC:Washington 1", "PER:George Washington 1"}},
		{"one type per name", "[LOC Jordan] said. [ORG Jordan] agreed. [LOC Jordan] left.",
			[]string{"LOC:Jordan 3"}},
		{"repeat the tagger missed", "The [ORG Nusra Front] fought. Nusra Front lost.",
			[]string{"ORG:Nusra Front 2"}},
		{"demonym", "[LOC Russian] warplanes and [ORG Russians].",
			[]string{"MISC:Russian 2 Russians"}},
		{"function word dropped", "[ORG The] talks with [LOC Syria].",
			[]string{"LOC:Syria 1"}},
		{"title-case heading", "[ORG Artificial Intelligence Has Strong Showing] at [ORG American Society for Nutrition].",
			[]string{"ORG:American Society for Nutrition 1"}},
		{"agency credit", "Washington, Sep 17 (IANS/EFE) The talks.",
			[]string{"ORG:IANS 1", "ORG:EFE 1"}},
	}
	r := recognizer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, spans := marked(t, tt.text)
			var got []string
			for _, e := range r.resolve(srcs, spans) {
				s := e.Key() + " " + strconv.Itoa(e.Count)
				if len(e.Aliases) > 0 {
					a := slices.Clone(e.Aliases)
					slices.Sort(a)
					s += " " + strings.Join(a, "|")
				}
				got = append(got, s)
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}
