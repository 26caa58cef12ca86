package export

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dateline/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// exportDir loads the named folders from the repository root, in order, and
// writes them in format.
func exportDir(t *testing.T, format string, opts Options, roots ...string) []byte {
	t.Helper()
	t.Chdir(filepath.Join("..", ".."))
	l, err := store.NewLoader(store.Options{Ordered: true, NoEntities: opts.NoEntities, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, format, opts)
	if err != nil {
		t.Fatal(err)
	}
	for u := range l.Load(context.Background(), roots) {
		for _, a := range u.Articles {
			if err := w.Write(a); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./store/export -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the export; if the change is intended, run go test ./store/export -update\ngot:\n%s", name, got)
	}
}

func TestGoldenExports(t *testing.T) {
	tests := []struct {
		name, format string
		opts         Options
		roots        []string
	}{
		{"samples.jsonl", "jsonl", Options{}, []string{"testdata/samples"}},
		{"formats.jsonl", "jsonl", Options{NoEntities: true}, []string{"testdata/formats"}},
		{"formats.csv", "csv", Options{NoEntities: true}, []string{"testdata/formats"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wd, _ := os.Getwd()
			got := exportDir(t, tt.format, tt.opts, tt.roots...)
			if err := os.Chdir(wd); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, got)
		})
	}
}

// TestExportShape checks the contract users script against: exactly the
// documented fields, in order, sorted by path then index.
func TestExportShape(t *testing.T) {
	out := exportDir(t, "jsonl", Options{}, "testdata/formats", "testdata/samples")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 17 {
		t.Fatalf("got %d records, want 17 (15 from formats, 2 samples)", len(lines))
	}
	var prevPath string
	prevIndex := -2
	for i, line := range lines {
		dec := json.NewDecoder(strings.NewReader(line))
		var keys []string
		if tok, _ := dec.Token(); tok != json.Delim('{') {
			t.Fatalf("record %d is not an object", i)
		}
		for dec.More() {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
		}
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		want := "id path index title source author date url place lang words text stripped entities"
		if r.Index == nil {
			want = strings.Replace(want, " index", "", 1)
		}
		if got := strings.Join(keys, " "); got != want {
			t.Errorf("record %d fields %q, want %q", i, got, want)
		}
		idx := -1
		if r.Index != nil {
			idx = *r.Index
		}
		if c := store.ComparePaths(prevPath, r.Path); c > 0 || c == 0 && idx <= prevIndex {
			t.Errorf("record %d (%s #%d) out of order after %s #%d", i, r.Path, idx, prevPath, prevIndex)
		}
		prevPath, prevIndex = r.Path, idx
	}
}
