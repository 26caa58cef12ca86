package entity

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dateline/store/entity/internal/tagger"
)

var validTag = regexp.MustCompile(`^(O|[BI]-(PER|ORG|LOC|MISC))$`)

func TestTagCoNLL(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "tiny.conll"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := recognizer(t).TagCoNLL(bytes.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	inLines := strings.Split(strings.TrimRight(string(in), "\n"), "\n")
	outLines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(inLines) != len(outLines) {
		t.Fatalf("%d lines in, %d out", len(inLines), len(outLines))
	}
	tags := map[string]string{} // token → predicted tag at its first occurrence
	prev := "O"
	for i, l := range inLines {
		o := outLines[i]
		if strings.TrimSpace(l) == "" {
			if o != l {
				t.Errorf("line %d: blank line became %q", i+1, o)
			}
			prev = "O"
			continue
		}
		if !strings.HasPrefix(o, l+" ") {
			t.Fatalf("line %d: %q does not extend input %q", i+1, o, l)
		}
		tag := o[len(l)+1:]
		if !validTag.MatchString(tag) {
			t.Fatalf("line %d: bad tag %q", i+1, tag)
		}
		if strings.HasPrefix(tag, "I-") && (prev == "O" || prev[2:] != tag[2:]) {
			t.Errorf("line %d: %s after %s is not IOB2", i+1, tag, prev)
		}
		prev = tag
		if tok := strings.Fields(l)[0]; tags[tok] == "" {
			tags[tok] = tag // the first occurrence
		}
	}
	for tok, want := range map[string]string{
		"-DOCSTART-": "O", "John": "B-PER", "Kerry": "I-PER", "Moscow": "B-LOC", "said": "O",
	} {
		if tags[tok] != want {
			t.Errorf("%s tagged %q, want %q", tok, tags[tok], want)
		}
	}
}

func TestTagCoNLLEmpty(t *testing.T) {
	var out bytes.Buffer
	if err := recognizer(t).TagCoNLL(strings.NewReader(""), &out); err != nil || out.Len() != 0 {
		t.Errorf("empty input: %q, %v", out.String(), err)
	}
}

// TestCoNLLDev scores the embedded model on the CoNLL-2003 development set
// when the shared data is present. The embedded model never saw CoNLL data
// (see NOTICE.md), so this measures how it carries over to Reuters news;
// the floor is a guard against a broken model or feature change, a few
// points under the figure reported at training time.
func TestCoNLLDev(t *testing.T) {
	path := "/work/shared/data/ner/conll2003/eng.testa"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no development set: %v", err)
	}
	defer f.Close()
	if testing.Short() {
		t.Skip("short")
	}
	var out bytes.Buffer
	if err := recognizer(t).TagCoNLL(f, &out); err != nil {
		t.Fatal(err)
	}
	var sc tagger.Score
	var gold, pred []string
	flush := func() {
		sc.Add(iob(gold), iob(pred))
		gold, pred = gold[:0], pred[:0]
	}
	s := bufio.NewScanner(&out)
	for s.Scan() {
		cols := strings.Fields(s.Text())
		if len(cols) == 0 || cols[0] == "-DOCSTART-" {
			flush()
			continue
		}
		gold = append(gold, cols[len(cols)-2])
		pred = append(pred, cols[len(cols)-1])
	}
	flush()
	_, _, f1 := sc.PRF(-1)
	t.Logf("eng.testa:\n%s", sc.String())
	if f1 < 0.65 {
		t.Errorf("dev F1 %.4f, want at least 0.65", f1)
	}
}

// iob converts IOB1 or IOB2 tag names to the tagger's tag indices.
func iob(tags []string) []int {
	var b strings.Builder
	for _, t := range tags {
		b.WriteString("x " + t + "\n")
	}
	docs, _ := tagger.ReadCoNLL(strings.NewReader(b.String()), tagger.ReadOptions{TokenCol: 0, TagCol: -1})
	if len(docs) == 0 {
		return nil
	}
	return docs[0].Sents[0].Tags
}

func FuzzTagCoNLL(f *testing.F) {
	in, err := os.ReadFile(filepath.Join("testdata", "tiny.conll"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(in))
	f.Add("-DOCSTART-\n\n\n x\t y\r\n-DOCSTART- -X-\nA\n")
	r := recognizer(f)
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		if err := r.TagCoNLL(strings.NewReader(in), &out); err != nil {
			return // only over-long lines fail, and they must fail cleanly
		}
		lines := strings.Count(strings.TrimSuffix(strings.ReplaceAll(in, "\r\n", "\n"), "\n"), "\n")
		if in != "" {
			lines++
		}
		if got := strings.Count(out.String(), "\n"); got != lines {
			t.Fatalf("%d lines in, %d out:\n%q\n%q", lines, got, in, out.String())
		}
	})
}

func TestLoadFile(t *testing.T) {
	good := filepath.Join(t.TempDir(), "model.bin")
	if err := os.WriteFile(good, modelData, 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.bin")
	if err := os.WriteFile(bad, modelData[:len(modelData)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing.bin")); err == nil {
		t.Error("LoadFile of a missing file: no error")
	}
	if _, err := LoadFile(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("LoadFile of a truncated model: %v, want an error naming the file", err)
	}
	r, err := LoadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	body := readSample(t, samples[0])
	if got, want := fmt.Sprint(r.Extract("", body)), fmt.Sprint(recognizer(t).Extract("", body)); got != want {
		t.Errorf("model loaded from file extracts differently from the embedded one")
	}
}

func TestScoreCoNLL(t *testing.T) {
	in := "-DOCSTART- O\n\nJohn B-PER\nKerry I-PER\nvisited O\nMoscow B-LOC\n.\tO\n\nthe O\ncat O\n"
	sc, err := recognizer(t).ScoreCoNLL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Gold("") != 2 || sc.Gold(PER) != 1 || sc.Gold(ORG) != 0 {
		t.Errorf("gold counts: all %d, PER %d, ORG %d; want 2, 1, 0", sc.Gold(""), sc.Gold(PER), sc.Gold(ORG))
	}
	if _, _, f := sc.PRF(""); f != 1 {
		t.Errorf("F1 %.3f on two plain names, want 1:\n%s", f, sc)
	}
}
