package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExportExitStatus(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		code    int
		records int
		stderr  string
	}{
		{"samples", []string{"export", "../../testdata/samples"}, 0, 2, "2 articles exported"},
		{"nothing loads", []string{"export", empty}, 1, 0, "0 articles exported"},
		{"missing folder", []string{"export", filepath.Join(empty, "nope")}, 1, 0, "no such file or folder"},
		{"no argument", []string{"export"}, 2, 0, "name at least one folder or file"},
		{"bad format", []string{"export", "--format", "xml", "../../testdata/samples"}, 2, 0, `unknown format "xml"`},
		{"bad flag", []string{"export", "--frobnicate", "../../testdata/samples"}, 2, 0, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			if n := strings.Count(out, "\n"); n != tt.records {
				t.Errorf("%d records on stdout, want %d", n, tt.records)
			}
			if !strings.Contains(errs, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errs, tt.stderr)
			}
		})
	}
}

// TestExportSamples checks what a jq user relies on in the two real samples:
// the paywall is gone from the text and listed as stripped, and the people
// are there with their aliases.
func TestExportSamples(t *testing.T) {
	code, out, errs := runCLI("export", "../../testdata/samples")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	type record struct {
		Path     string `json:"path"`
		Source   string `json:"source"`
		Text     string `json:"text"`
		Stripped []struct{ Text, Reason string }
		Entities []struct {
			Name    string
			Type    string
			Aliases []string
		}
	}
	var recs []record
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if len(recs) != 2 || recs[1].Source != "IANS/EFE" {
		t.Fatalf("records %+v", recs)
	}
	for _, r := range recs {
		if strings.Contains(r.Text, "Subscribe") || strings.Contains(r.Text, "free_limit") {
			t.Errorf("%s: paywall left in text", r.Path)
		}
		var stripped string
		for _, s := range r.Stripped {
			if s.Reason == "" {
				t.Errorf("%s: stripped line %q has no reason", r.Path, s.Text)
			}
			stripped += s.Text + "\n"
		}
		if !strings.Contains(stripped, "Subscribe now for unlimited access.") {
			t.Errorf("%s: the paywall is not listed as stripped", r.Path)
		}
		found := false
		for _, e := range r.Entities {
			if e.Name == "John Kerry" && e.Type == "PER" && strings.Contains(strings.Join(e.Aliases, ","), "Kerry") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: John Kerry with alias Kerry not exported: %+v", r.Path, r.Entities)
		}
	}
}

func TestNERTagsCoNLL(t *testing.T) {
	in := filepath.Join("..", "..", "store", "entity", "testdata", "tiny.conll")
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("ner", "--conll", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	inLines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	outLines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(inLines) != len(outLines) {
		t.Fatalf("%d lines in, %d out", len(inLines), len(outLines))
	}
	for i := range inLines {
		if strings.TrimSpace(inLines[i]) == "" {
			if strings.TrimSpace(outLines[i]) != "" {
				t.Errorf("line %d: blank line became %q", i+1, outLines[i])
			}
			continue
		}
		tag := outLines[i][strings.LastIndexAny(outLines[i], " \t")+1:]
		if !strings.HasPrefix(outLines[i], inLines[i]) || !(tag == "O" || strings.HasPrefix(tag, "B-") || strings.HasPrefix(tag, "I-")) {
			t.Errorf("line %d: %q is not the input %q with an IOB2 tag", i+1, outLines[i], inLines[i])
		}
	}
	if code, _, _ := runCLI("ner"); code != 2 {
		t.Errorf("ner without --conll exited %d, want 2", code)
	}
	if code, _, errs := runCLI("ner", "--conll", "no-such-file"); code != 1 || !strings.Contains(errs, "no-such-file") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
}

func TestSkippedListing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI("--skipped", dir)
	if code != 0 || !strings.Contains(out, "empty.txt: empty file") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
}
