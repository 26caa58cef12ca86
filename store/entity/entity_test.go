package entity

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// samples are the article paragraphs of the two sample articles, as the
// cleaner leaves them: the paywall block, the "ml/" line and the agency
// trailer removed.
var samples = []string{"kerry_lavrov.txt", "kerry_military_talks.txt"}

func recognizer(t testing.TB) *Recognizer {
	t.Helper()
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func readSample(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// find returns the entity with the given name, or nil.
func find(ents []Entity, name string) *Entity {
	for i := range ents {
		if ents[i].Name == name {
			return &ents[i]
		}
	}
	return nil
}

func TestSamplesFindEntities(t *testing.T) {
	r := recognizer(t)
	var all []Entity
	for _, s := range samples {
		all = append(all, r.Extract("", readSample(t, s))...)
	}
	want := []struct {
		name string
		typ  Type
	}{
		{"John Kerry", PER}, {"Sergei Lavrov", PER}, {"John Kirby", PER},
		{"Vladimir Putin", PER}, {"Bashar al-Assad", PER}, {"Maite Nkoana-Mashabane", PER},
		{"State Department", ORG}, {"EFE", ORG}, {"IANS", ORG}, {"UN", ORG},
		{"Islamic State", ORG}, {"Nusra Front", ORG},
		{"Syria", LOC}, {"Russia", LOC}, {"Aleppo", LOC}, {"Moscow", LOC},
		{"Washington", LOC}, {"Damascus", LOC},
		{"Russian", MISC}, {"Syrian", MISC},
	}
	for _, w := range want {
		var types []Type
		for _, e := range all {
			if e.Name == w.name {
				types = append(types, e.Type)
			}
		}
		if !slices.Contains(types, w.typ) {
			t.Errorf("%s: found with types %v, want %s", w.name, types, w.typ)
		}
	}
}

func TestSamplesMergeAliases(t *testing.T) {
	r := recognizer(t)
	tests := []struct {
		sample, alias, name string
	}{
		{"kerry_lavrov.txt", "Kerry", "John Kerry"},
		{"kerry_lavrov.txt", "Lavrov", "Sergei Lavrov"},
		{"kerry_lavrov.txt", "Kirby", "John Kirby"},
		{"kerry_military_talks.txt", "Kerry", "John Kerry"},
		{"kerry_military_talks.txt", "Lavrov", "Sergei Lavrov"},
		{"kerry_military_talks.txt", "Assad", "Bashar al-Assad"},
	}
	for _, tt := range tests {
		ents := r.Extract("", readSample(t, tt.sample))
		if e := find(ents, tt.alias); e != nil {
			t.Errorf("%s: %q is an entity of its own (%s, %d mentions), want it merged into %q", tt.sample, tt.alias, e.Type, e.Count, tt.name)
		}
		e := find(ents, tt.name)
		if e == nil {
			t.Errorf("%s: no entity %q", tt.sample, tt.name)
			continue
		}
		if !slices.Contains(e.Aliases, tt.alias) {
			t.Errorf("%s: %q has aliases %q, want %q among them", tt.sample, tt.name, e.Aliases, tt.alias)
		}
	}
}

func TestSamplesNoJunk(t *testing.T) {
	r := recognizer(t)
	junk := []string{"Subscribe", "Smart Quarterly", "Log", "The", "In", "Kerry"}
	for _, s := range samples {
		for _, e := range r.Extract("", readSample(t, s)) {
			if slices.Contains(junk, e.Name) {
				t.Errorf("%s: junk entity %s %q", s, e.Type, e.Name)
			}
			if first := []rune(e.Name)[0]; !unicode.IsUpper(first) && !unicode.IsDigit(first) {
				t.Errorf("%s: entity %q does not start with a capital", s, e.Name)
			}
		}
	}
}

func TestSamplesMentions(t *testing.T) {
	r := recognizer(t)
	for _, s := range samples {
		body := readSample(t, s)
		ents := r.Extract("", body)
		if len(ents) == 0 {
			t.Fatalf("%s: no entities", s)
		}
		for i, e := range ents {
			if e.Count != len(e.Mentions) {
				t.Errorf("%s: %q has Count %d but %d mentions and no title", s, e.Name, e.Count, len(e.Mentions))
			}
			for _, m := range e.Mentions {
				got := strings.Join(strings.Fields(body[m.Start:m.End]), " ")
				if got != e.Name && !slices.Contains(e.Aliases, got) {
					t.Errorf("%s: mention %q of %q is neither its name nor an alias %q", s, got, e.Name, e.Aliases)
				}
			}
			if e.Salience <= 0 || e.Salience > 1 || i == 0 && e.Salience != 1 {
				t.Errorf("%s: %q has salience %.3f, want (0, 1] and 1 for the first", s, e.Name, e.Salience)
			}
			if i > 0 && e.Salience > ents[i-1].Salience {
				t.Errorf("%s: %q (%.3f) ranks below %q (%.3f)", s, e.Name, e.Salience, ents[i-1].Name, ents[i-1].Salience)
			}
		}
		if ents[0].Name != "John Kerry" {
			t.Errorf("%s: most salient is %q, want John Kerry, who both articles are about", s, ents[0].Name)
		}
	}
}

func TestTitleMentions(t *testing.T) {
	r := recognizer(t)
	body := readSample(t, samples[1])
	without := find(r.Extract("", body), "Vladimir Putin")
	with := find(r.Extract("Putin backs Damascus as Vladimir Putin meets envoys", body), "Vladimir Putin")
	if without == nil || with == nil {
		t.Fatalf("Vladimir Putin not found: without title %v, with title %v", without, with)
	}
	if with.Count != without.Count+2 {
		t.Errorf("Count with title = %d, want %d (body) + 2 (title)", with.Count, without.Count)
	}
	if len(with.Mentions) != len(without.Mentions) {
		t.Errorf("title added body mentions: %d, want %d", len(with.Mentions), len(without.Mentions))
	}
	if with.Salience <= without.Salience {
		t.Errorf("salience with title %.3f, want more than without %.3f", with.Salience, without.Salience)
	}
}

// TestSamplesGolden pins the full output on the samples; run with -update
// after retraining and review the diff.
func TestSamplesGolden(t *testing.T) {
	r := recognizer(t)
	var b strings.Builder
	for _, s := range samples {
		fmt.Fprintf(&b, "== %s\n", s)
		for _, e := range r.Extract("", readSample(t, s)) {
			fmt.Fprintf(&b, "%-4s %-28s %2d %5.2f %s\n", e.Type, e.Name, e.Count, e.Salience, strings.Join(e.Aliases, " | "))
		}
	}
	golden := filepath.Join("testdata", "samples.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("entities differ from %s (rerun with -update and review):\n%s", golden, b.String())
	}
}

func TestExtractEmpty(t *testing.T) {
	r := recognizer(t)
	for _, body := range []string{"", " \n\n ", "...", "the cat sat on the mat."} {
		if got := r.Extract("", body); len(got) != 0 {
			t.Errorf("Extract(%q) = %v, want none", body, got)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("", readSampleF(f, samples[0])[:400])
	f.Add("Kerry meets Lavrov", "Washington, Sep 17 (IANS/EFE) US Secretary of State John Kerry said")
	f.Add("", "--IANS/EFE\n\n(A/B/\n\nU.S. U.S.-led al- -al Assad's ’s")
	r := recognizer(f)
	f.Fuzz(func(t *testing.T, title, body string) {
		for _, e := range r.Extract(title, body) {
			if e.Count < len(e.Mentions) || e.Count == 0 || e.Name == "" {
				t.Fatalf("entity %+v: bad count or name", e)
			}
			for _, m := range e.Mentions {
				if m.Start < 0 || m.End > len(body) || m.Start >= m.End {
					t.Fatalf("mention %v out of range of %d bytes", m, len(body))
				}
			}
		}
	})
}

func readSampleF(f *testing.F, name string) string { return readSample(f, name) }

func BenchmarkExtract(b *testing.B) {
	r := recognizer(b)
	var bodies []string
	tokens := 0
	for _, s := range samples {
		body := readSample(b, s)
		bodies = append(bodies, body)
		tokens += len(Tokenize(body))
	}
	b.ResetTimer()
	for b.Loop() {
		for _, body := range bodies {
			r.Extract("", body)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := newRecognizer(modelData); err != nil {
			b.Fatal(err)
		}
	}
}

func TestExtractConcurrent(t *testing.T) {
	r := recognizer(t)
	body := readSample(t, samples[1])
	want := fmt.Sprint(r.Extract("", body))
	errs := make(chan string, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := fmt.Sprint(r.Extract("", body)); got != want {
				errs <- got
			}
		})
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("concurrent Extract differs:\n%s\nwant\n%s", got, want)
	}
}
