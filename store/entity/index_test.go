package entity

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

func ent(typ Type, name string, count int, aliases ...string) Entity {
	return Entity{Name: name, Type: typ, Count: count, Aliases: aliases}
}

func TestIndexResolve(t *testing.T) {
	tests := []struct {
		name     string
		docs     map[string][]Entity
		order    []string // order of Add
		key      string
		wantRoot string
		wantDocs []string
	}{
		{
			name: "surname resolves across articles, whatever the order",
			docs: map[string][]Entity{
				"a": {ent(PER, "Kerry", 2)},
				"b": {ent(PER, "John Kerry", 3, "Kerry")},
			},
			order: []string{"a", "b"}, key: "PER:Kerry",
			wantRoot: "PER:John Kerry", wantDocs: []string{"a", "b"},
		},
		{
			name: "full name collects the short name's articles",
			docs: map[string][]Entity{
				"a": {ent(PER, "Kerry", 2)},
				"b": {ent(PER, "John Kerry", 3)},
			},
			order: []string{"b", "a"}, key: "PER:John Kerry",
			wantRoot: "PER:John Kerry", wantDocs: []string{"b", "a"},
		},
		{
			name: "ambiguous surname stays",
			docs: map[string][]Entity{
				"a": {ent(PER, "Bush", 1)},
				"b": {ent(PER, "George Bush", 1)},
				"c": {ent(PER, "Jeb Bush", 1)},
			},
			order: []string{"a", "b", "c"}, key: "PER:Bush",
			wantRoot: "PER:Bush", wantDocs: []string{"a"},
		},
		{
			name: "acronym",
			docs: map[string][]Entity{
				"a": {ent(LOC, "US", 4)},
				"b": {ent(LOC, "United States", 1)},
				"c": {ent(LOC, "U.S.", 1)},
			},
			order: []string{"a", "b", "c"}, key: "LOC:U.S.",
			wantRoot: "LOC:United States", wantDocs: []string{"b", "a", "c"},
		},
		{
			name: "alias seen in another article",
			docs: map[string][]Entity{
				"a": {ent(ORG, "IS", 1)},
				"b": {ent(ORG, "Islamic State", 2, "IS")},
			},
			order: []string{"a", "b"}, key: "ORG:IS",
			wantRoot: "ORG:Islamic State", wantDocs: []string{"b", "a"},
		},
		{
			name: "types do not mix",
			docs: map[string][]Entity{
				"a": {ent(LOC, "Washington", 1)},
				"b": {ent(PER, "George Washington", 1)},
			},
			order: []string{"a", "b"}, key: "LOC:Washington",
			wantRoot: "LOC:Washington", wantDocs: []string{"a"},
		},
		{
			name:  "unknown key",
			docs:  map[string][]Entity{"a": {ent(LOC, "Syria", 1)}},
			order: []string{"a"}, key: "LOC:Mars",
			wantRoot: "LOC:Mars", wantDocs: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := NewIndex()
			for _, id := range tt.order {
				ix.Add(id, tt.docs[id])
			}
			if got := ix.Resolve(tt.key); got != tt.wantRoot {
				t.Errorf("Resolve(%q) = %q, want %q", tt.key, got, tt.wantRoot)
			}
			got := ix.Docs(tt.key)
			slices.Sort(got)
			want := slices.Clone(tt.wantDocs)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("Docs(%q) = %q, want %q", tt.key, got, want)
			}
		})
	}
}

func TestIndexEntities(t *testing.T) {
	ix := NewIndex()
	ix.Add("a", []Entity{ent(PER, "John Kerry", 3, "Kerry"), ent(LOC, "Syria", 2)})
	ix.Add("b", []Entity{ent(PER, "Kerry", 2), ent(LOC, "Syria", 1)})
	ix.Add("b", []Entity{ent(PER, "Kerry", 2)}) // the same article again
	ix.Add("c", []Entity{ent(LOC, "Aleppo", 1)})
	got := ix.Entities()
	var lines []string
	for _, e := range got {
		lines = append(lines, fmt.Sprintf("%s docs=%v mentions=%d aliases=%v", e.Key, e.Docs, e.Mentions, e.Aliases))
	}
	want := []string{
		"PER:John Kerry docs=[a b] mentions=5 aliases=[Kerry]",
		"LOC:Syria docs=[a b] mentions=3 aliases=[]",
		"LOC:Aleppo docs=[c] mentions=1 aliases=[]",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("Entities() =\n%q\nwant\n%q", lines, want)
	}
}

func TestIndexConcurrent(t *testing.T) {
	ix := NewIndex()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			id := fmt.Sprint("doc", i)
			ix.Add(id, []Entity{ent(PER, "John Kerry", 1), ent(PER, "Kerry", 1)})
			ix.Docs("PER:Kerry")
		})
	}
	wg.Wait()
	if got := len(ix.Docs("PER:Kerry")); got != 8 {
		t.Errorf("Docs after concurrent adds: %d articles, want 8", got)
	}
}
