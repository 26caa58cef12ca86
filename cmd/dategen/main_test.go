package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dateline/store"
)

// hashTree hashes the names and contents of the files under dir.
func hashTree(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(rel + "\x00"))
		h.Write(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestSameSeedSameBatch(t *testing.T) {
	base := t.TempDir()
	gen := func(name string, seed uint64) string {
		dir := filepath.Join(base, name)
		if err := run([]string{"-n", "60", "-seed", strconv.FormatUint(seed, 10), dir}, io.Discard); err != nil {
			t.Fatal(err)
		}
		return hashTree(t, dir)
	}
	a, b, c := gen("a", 1), gen("b", 1), gen("c", 2)
	if a != b {
		t.Error("the same seed wrote different batches")
	}
	if a == c {
		t.Error("different seeds wrote the same batch")
	}
}

func TestRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(precious, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run([]string{"-n", "5", dir}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("wrote into a non-empty folder: err %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d entries after a refusal, want 1", len(entries))
	}
	if err := run([]string{"-n", "5", "-force", dir}, io.Discard); err != nil {
		t.Fatalf("-force: %v", err)
	}
	if data, _ := os.ReadFile(precious); string(data) != "mine" {
		t.Error("-force overwrote a file it did not write")
	}
	if err := run([]string{"-n", "5", precious}, io.Discard); err == nil {
		t.Error("accepted a file as the folder")
	}
}

// TestHelp checks that asking for the help prints the usage and succeeds,
// like any command, while a mistake on the command line still fails.
func TestHelp(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr bool
	}{
		{[]string{"-h"}, false},
		{[]string{"-help"}, false},
		{[]string{"--help"}, false},
		{[]string{"-n", "5", "-h", "dir"}, false},
		{[]string{"-frobnicate"}, true},
		{[]string{"-n", "many"}, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stderr strings.Builder
			err := run(tt.args, &stderr)
			if (err != nil) != tt.wantErr {
				t.Errorf("run(%q) = %v, want an error: %v", tt.args, err, tt.wantErr)
			}
			if !strings.Contains(stderr.String(), "usage: dategen") {
				t.Errorf("run(%q) printed no usage: %q", tt.args, stderr.String())
			}
		})
	}
}

// TestBatchLoads loads a generated batch with the real loader and checks
// what a user would see: every article loads, the mix of formats is there,
// the boilerplate is stripped, and the tagger finds people and places.
func TestBatchLoads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "batch")
	const n = 200
	st, err := Generate(dir, Options{N: n, Seed: 3, JSONL: 0.2, HTML: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != n {
		t.Fatalf("wrote %d articles, want %d", st.Articles, n)
	}
	b := loadBatch(t, store.Options{}, dir, n)
	if len(b.Articles) != n || len(b.Skips) != 0 {
		t.Fatalf("loaded %d articles with %d skips (%v), want %d and none", len(b.Articles), len(b.Skips), b.Skips, n)
	}
	kinds := map[string]int{}
	stripped, people, places, dated := 0, 0, 0, 0
	for _, a := range b.Articles {
		kinds[filepath.Ext(a.Path)]++
		if s, _ := a.Clean.Counts(); s > 0 {
			stripped++
		}
		if strings.Contains(a.Body, "Subscribe now") || strings.Contains(a.Body, "All rights reserved") {
			t.Errorf("%s: boilerplate left in the body", a.Path)
		}
		for _, e := range a.Entities {
			switch e.Type {
			case "PER":
				people++
			case "LOC":
				places++
			}
		}
		if a.Date != "" {
			dated++
		}
	}
	for _, ext := range []string{".txt", ".jsonl", ".html"} {
		if kinds[ext] == 0 {
			t.Errorf("no %s articles in %v", ext, kinds)
		}
	}
	if stripped < n*9/10 {
		t.Errorf("only %d of %d articles had boilerplate stripped", stripped, n)
	}
	if people < n || places < n {
		t.Errorf("the tagger found %d people and %d places in %d articles, want more", people, places, n)
	}
	if dated < n/2 {
		t.Errorf("only %d of %d articles have a date", dated, n)
	}
}
