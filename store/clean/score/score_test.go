package score

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Kerry’s talks—in Aleppo", []string{"Kerry", "s", "talks", "in", "Aleppo"}},
		{"snake_case 3.5% über", []string{"snake_case", "3", "5", "über"}},
		{"東京 ½", []string{"東京", "½"}},
	}
	for _, tt := range tests {
		got := Tokens(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShingles(t *testing.T) {
	tests := []struct {
		in   string
		want int // total shingles counted with multiplicity
	}{
		{"", 0},
		{"one", 1},
		{"one two three", 1},
		{"one two three four", 1},
		{"one two three four five", 2},
		{"a b c d a b c d", 5},
	}
	for _, tt := range tests {
		n := 0
		for _, c := range Shingles(tt.in) {
			n += c
		}
		if n != tt.want {
			t.Errorf("Shingles(%q) has %d, want %d", tt.in, n, tt.want)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestCompare(t *testing.T) {
	truth := "the cat sat on the mat today" // 4 shingles
	tests := []struct {
		name      string
		pred      string
		wantP     float64
		wantR     float64
		predicted bool
	}{
		{"exact", truth, 1, 1, true},
		{"menu added", "Home News " + truth, 4.0 / 6, 1, true},
		{"tail lost", "the cat sat on the mat", 1, 3.0 / 4, true},
		{"nothing", "", 0, 0, false},
		{"wrong", "completely different words here", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Compare(tt.pred, truth)
			if !near(p.Precision(), tt.wantP) || !near(p.Recall(), tt.wantR) {
				t.Errorf("P, R = %.3f, %.3f; want %.3f, %.3f", p.Precision(), p.Recall(), tt.wantP, tt.wantR)
			}
			if p.HasPrediction() != tt.predicted {
				t.Errorf("HasPrediction = %v", p.HasPrediction())
			}
			if sum := p.TP + p.FP + p.FN; !near(sum, 1) {
				t.Errorf("normalised counts sum to %v", sum)
			}
		})
	}
}

func TestSummarise(t *testing.T) {
	pages := []Page{
		Compare("the cat sat on the mat today", "the cat sat on the mat today"), // P 1, R 1
		Compare("", "a b c d e"),                // no prediction: R 0, not in P
		Compare("menu item", ""),                // empty truth: P 0, not in R
		Compare("", ""),                         // neutral
		Compare("a b c d x", "a b c d e f g h"), // P 1/2, R 1/5
	}
	s := Summarise(pages)
	wantP := (1 + 0 + 0.5) / 3
	wantR := (1 + 0 + 0.2) / 3
	if s.Pages != 5 || !near(s.Precision, wantP) || !near(s.Recall, wantR) {
		t.Errorf("got %+v, want P %.4f R %.4f", s, wantP, wantR)
	}
	if !near(s.F1, 2*wantP*wantR/(wantP+wantR)) {
		t.Errorf("F1 = %v", s.F1)
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, "text"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.tsv", "id\turl\tpage_type\n01\thttp://a\tarticle\n02\thttp://b\tproduct\n")
	write("text/01.txt", "Home\nNews\nThe minister said the talks would resume next week.\n")
	write("text/01.truth.txt", "The minister said the talks would resume next week.\n")
	write("text/02.txt", "Buy now\nA red kettle that boils water quickly.\n")
	write("text/02.truth.txt", "A red kettle that boils water quickly.\n")

	dropShort := func(s string) string {
		var keep []string
		for _, l := range strings.Split(s, "\n") {
			if len(strings.Fields(l)) > 3 {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	keepAll, err := Dir(context.Background(), dir, func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	cleaned, err := Dir(context.Background(), dir, dropShort)
	if err != nil {
		t.Fatal(err)
	}
	if cleaned.Overall.F1 != 1 {
		t.Errorf("perfect cleaner scored F1 %v", cleaned.Overall.F1)
	}
	if keepAll.Overall.F1 >= cleaned.Overall.F1 || keepAll.Overall.Recall != 1 {
		t.Errorf("keep-everything scored %+v, want recall 1 and a lower F1", keepAll.Overall)
	}
	if got := keepAll.Types(); strings.Join(got, ",") != "article,product" {
		t.Errorf("types = %v", got)
	}
	var buf bytes.Buffer
	if err := keepAll.Write(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"all", "article", "product", "worst pages", "01"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, buf.String())
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Dir(ctx, dir, dropShort); err == nil {
		t.Error("cancelled context: want an error")
	}
	if _, err := Dir(context.Background(), t.TempDir(), dropShort); err == nil {
		t.Error("empty directory: want an error")
	}
}

// TestDirFuncFirstError checks that failing pages give one error, that of
// one of the pages that failed, rather than one line per page, and that the
// pages after a failure are not all scored.
func TestDirFuncFirstError(t *testing.T) {
	const n = 200
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "text"), 0o755); err != nil {
		t.Fatal(err)
	}
	index := "id\tpage_type\n"
	for i := range n {
		id := fmt.Sprintf("%03d", i)
		index += id + "\tarticle\n"
		if err := os.WriteFile(filepath.Join(dir, "text", id+".truth.txt"), []byte("Some words of the page."), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "index.tsv"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		fails   func(id string) bool
		wantErr *regexp.Regexp // nil for no error
	}{
		// Which page fails first in time depends on the scheduling.
		{"every page fails", func(string) bool { return true }, regexp.MustCompile(`^page \d{3}: no such file$`)},
		{"one page fails", func(id string) bool { return id == "150" }, regexp.MustCompile(`^page 150: no such file$`)},
		{"none fails", func(string) bool { return false }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int64
			rep, err := DirFunc(context.Background(), dir, func(id string) (string, error) {
				calls.Add(1)
				if tt.fails(id) {
					return "", fmt.Errorf("page %s: no such file", id)
				}
				return "Some words of the page.", nil
			})
			if tt.wantErr == nil {
				if err != nil || rep.Overall.Pages != n {
					t.Fatalf("DirFunc = %d pages, %v; want %d pages", rep.Overall.Pages, err, n)
				}
				return
			}
			if err == nil {
				t.Fatalf("DirFunc: want an error")
			}
			if !tt.wantErr.MatchString(err.Error()) {
				t.Errorf("DirFunc error %q, want one page's error alone, matching %s", err, tt.wantErr)
			}
			if tt.name == "every page fails" && calls.Load() == n {
				t.Errorf("all %d pages were tried after the first one failed", n)
			}
		})
	}
}
