package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHeadlineStep runs the step on pages whose other lines are marked as
// the rest of the pipeline leaves them: "-" dropped by the classifier, "b"
// a byline, "K" kept. It checks which line becomes the headline.
func TestHeadlineStep(t *testing.T) {
	body := "K Electrical construction companies build the grids, plants and wiring that the rest of the economy runs on, and the largest of them grew again this year.\n" +
		"K The total electrical construction market is projected to reach new records, and the companies ranked here lead it."
	tests := []struct {
		name string
		page string
		want string // the headline; "" for none
	}{
		{
			name: "over the byline, under the menu",
			page: "- Industry Insights\n- Careers\n- Top 39 Electrical Construction Companies in 2025\nb By Claire Wilson\nb Published Apr 26, 2023\n" + body,
			want: "Top 39 Electrical Construction Companies in 2025",
		},
		{
			name: "a label of two words the text repeats is not enough",
			page: "- Home\n- Electrical Construction\n- Contact us\n" + body,
		},
		{
			name: "a teaser of another story shares no words",
			page: "- Top 10 Garden Trends for Spring\n- Sign in\n" + body,
		},
		{
			name: "a numbered section of a long article is not a headline",
			page: "- 4. Top Electrical Construction Companies Ranked\n" + body,
		},
		{
			name: "a line ending like a sentence is not a headline",
			page: "- Electrical construction companies are ranked here every year.\n" + body,
		},
		{
			name: "the text's own headline wins over a label above it",
			page: "- Construction Industry News\nK Top 39 Electrical Construction Companies in 2025\n" + body,
		},
		{
			name: "a breadcrumb trail that ends with the text's first line",
			page: "- Home · Insights · Top 39 Electrical Construction Companies in 2025\nb By Claire Wilson\nK Top 39 Electrical Construction Companies in 2025\n" + body,
		},
		{
			name: "a headline in title case over its standfirst",
			page: "- Top Electrical Construction Companies Ranked\n- The companies that build the electrical grid, ranked by market\nb By Claire Wilson\n" + body,
			want: "Top Electrical Construction Companies Ranked",
		},
		{
			name: "a label in capitals over the headline",
			page: "- ELECTRICAL CONSTRUCTION COMPANIES RANKED\n- The companies that build the electrical grid, ranked by market\nb By Claire Wilson\n" + body,
			want: "The companies that build the electrical grid, ranked by market",
		},
		{
			name: "printed again as the text's first line",
			page: "- Top 39 Electrical Construction Companies in 2025\nb By Claire Wilson\nK Top 39 Electrical Construction Companies in 2025\n" + body,
		},
		{
			name: "printed twice, once in the breadcrumb trail",
			page: "- Home > Insights > Electrical Construction Leaders\n- Log in\n- Electrical Construction Leaders\n- Share this page today\n- Listen to the article now\n" + body,
			want: "Electrical Construction Leaders",
		},
		{
			name: "the start of a paragraph broken over lines",
			page: "- Electrical Construction Companies Grow\nK electrical construction companies build the grids of the economy.\n" + body,
		},
		{
			name: "a line a rule dropped is left alone",
			page: "r Top 39 Electrical Construction Companies in 2025\n" + body,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, marks := markedDoc(tt.page)
			Headline{}.Apply(d)
			got := Result{Lines: d.lines}.Headline()
			if got != tt.want {
				t.Errorf("headline %q, want %q", got, tt.want)
			}
			for i, m := range marks {
				if (m == "K") != d.Kept(i) {
					t.Errorf("line %d %q: kept %v, want the step to change no line's kept state", i, d.Info(i).Trim, d.Kept(i))
				}
			}
		})
	}
}

// markedDoc makes a document of page, whose lines start with a mark and a
// space: K for a kept line, b for a byline, r for a line a rule dropped,
// - for one the classifier dropped.
func markedDoc(page string) (*Doc, []string) {
	var texts, marks []string
	for _, l := range strings.Split(page, "\n") {
		m, text, _ := strings.Cut(l, " ")
		marks, texts = append(marks, m), append(texts, text)
	}
	d := newDoc(strings.Join(texts, "\n"))
	for i, m := range marks {
		switch m {
		case "-":
			d.Drop(i, CodeBoiler, reasonFor(d.Info(i), classShort))
		case "b":
			d.Drop(i, CodeByline, "byline")
		case "r":
			d.Drop(i, CodeBoiler, "navigation label")
		}
	}
	return d, marks
}

// TestHeadlineOnPages checks the whole pipeline on the whole-page dumps of
// testdata/languages: the headline is found, and finding it changes nothing
// of the cleaned text.
func TestHeadlineOnPages(t *testing.T) {
	tests := []struct{ file, want string }{
		{"mx05.txt", "Sturmtief „Margit“ deckt Dächer ab und legt Bahnverkehr lahm"},
		{"mx10.txt", "À Rochebelle, deux anciens journalistes lancent une newsletter d'information locale"},
		{"mx22.txt", "Monopattini e bici in condivisione, il Comune lancia un'app unica"},
		{"mx29.txt", "Campolindense vence clássico e garante vaga na final do Estadual"},
	}
	var without []Step
	for _, s := range DefaultSteps() {
		if _, ok := s.(Headline); !ok {
			without = append(without, s)
		}
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "languages", "text", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			r := New().Clean(string(b))
			if got := r.Headline(); got != tt.want {
				t.Errorf("headline %q, want %q", got, tt.want)
			}
			if got, want := r.Text(), NewWithSteps(without...).CleanText(string(b)); got != want {
				t.Errorf("the headline step changed the cleaned text")
			}
		})
	}
}
