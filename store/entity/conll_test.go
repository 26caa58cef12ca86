package entity

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var validTag = regexp.MustCompile(`^(O|[BI]-(PER|ORG|LOC|MISC))$`)

func TestTagCoNLL(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "tiny.conll"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := recognizer(t).TagCoNLL(t.Context(), bytes.NewReader(in), &out); err != nil {
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
	if err := recognizer(t).TagCoNLL(t.Context(), strings.NewReader(""), &out); err != nil || out.Len() != 0 {
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
	sc, err := recognizer(t).ScoreCoNLL(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	_, _, f1 := sc.PRF("")
	t.Logf("eng.testa:\n%s", sc.String())
	if f1 < 0.65 {
		t.Errorf("dev F1 %.4f, want at least 0.65", f1)
	}
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
		if err := r.TagCoNLL(t.Context(), strings.NewReader(in), &out); err != nil {
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
	sc, err := recognizer(t).ScoreCoNLL(t.Context(), strings.NewReader(in))
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

// TestOpen checks the one place that chooses between the embedded model and
// a model file: an empty path is the embedded model, decoded once.
func TestOpen(t *testing.T) {
	good := filepath.Join(t.TempDir(), "model.bin")
	if err := os.WriteFile(good, modelData, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.bin")
	embedded := recognizer(t)
	tests := []struct {
		name, path   string
		wantEmbedded bool
		wantErr      string // a part of the error, "" for none
	}{
		{"no path", "", true, ""},
		{"model file", good, false, ""},
		{"missing file", missing, false, missing},
	}
	for _, tt := range tests {
		r, err := Open(tt.path)
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want one naming %q", tt.name, err, tt.wantErr)
			}
			continue
		case err != nil:
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if (r == embedded) != tt.wantEmbedded {
			t.Errorf("%s: embedded model %v, want %v", tt.name, r == embedded, tt.wantEmbedded)
		}
	}
}

// TestCoNLLCancelled checks that tagging and scoring a CoNLL file stop with
// the context's error once it is done, so that dateline ner heeds ctrl-C.
func TestCoNLLCancelled(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "tiny.conll"))
	if err != nil {
		t.Fatal(err)
	}
	r := recognizer(t)
	tests := []struct {
		name string
		run  func(context.Context) error
	}{
		{"TagCoNLL", func(ctx context.Context) error {
			return r.TagCoNLL(ctx, bytes.NewReader(in), new(bytes.Buffer))
		}},
		{"ScoreCoNLL", func(ctx context.Context) error {
			_, err := r.ScoreCoNLL(ctx, bytes.NewReader(in))
			return err
		}},
	}
	for _, tt := range tests {
		if err := tt.run(t.Context()); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := tt.run(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v, want %v", tt.name, err, context.Canceled)
		}
	}
}
