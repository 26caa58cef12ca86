package tagger

import (
	"bytes"
	"context"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

func readTiny(t *testing.T) []Document {
	t.Helper()
	f, err := os.Open("testdata/tiny.train")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f, ReadOptions{TokenCol: 0, TagCol: -1})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func chunkStrings(words []string, tags []int) []string {
	var out []string
	for _, c := range Chunks(tags) {
		out = append(out, TypeNames[c.Type]+":"+strings.Join(words[c.Start:c.End], " "))
	}
	return out
}

func TestReadCoNLL(t *testing.T) {
	docs := readTiny(t)
	if len(docs) != 2 || len(docs[0].Sents) != 2 || len(docs[1].Sents) != 2 {
		t.Fatalf("read %d documents, want 2 of 2 sentences", len(docs))
	}
	tests := []struct {
		doc, sent int
		want      []string
	}{
		{0, 0, []string{"PER:Anna Berg", "LOC:Oslo", "ORG:Acme Corp"}},
		{0, 1, []string{"MISC:Norwegian"}},
		// IOB1: a B- tag splits two names of one type that touch.
		{1, 1, []string{"ORG:Acme Corp", "PER:Anna Berg", "PER:Carl Dahl"}},
	}
	for _, tt := range tests {
		s := docs[tt.doc].Sents[tt.sent]
		if got := chunkStrings(s.Words, s.Tags); !slices.Equal(got, tt.want) {
			t.Errorf("doc %d sentence %d: %q, want %q", tt.doc, tt.sent, got, tt.want)
		}
	}
}

func TestReadCoNLLFormats(t *testing.T) {
	tests := []struct {
		name, in string
		opt      ReadOptions
		want     []string
	}{
		{"IOB2 with tabs", "New\tB-LOC\nYork\tI-LOC\nis\tO\nbig\tO\n", ReadOptions{TagCol: -1}, []string{"LOC:New York"}},
		{"BIOES", "Jo\tS-PER\nand\tO\nAl\tB-PER\nBo\tE-PER\n", ReadOptions{TagCol: -1}, []string{"PER:Jo", "PER:Al Bo"}},
		{"mapped types", "Kabul\tB-Location\nsaid\tO\nIS\tB-Organisation\nx\tB-Weapon\n", ReadOptions{TagCol: -1, MapType: func(s string) string {
			return map[string]string{"Location": "LOC", "Organisation": "ORG"}[s]
		}}, []string{"LOC:Kabul", "ORG:IS"}},
		{"comments and token column", "# sent 1\n1\tAnn\tB-PER\t-\n2\tran\tO\t-\n", ReadOptions{TokenCol: 1, TagCol: 2}, []string{"PER:Ann"}},
		{"stray I after O", "the O\nI-LOC-thing O\nParis I-LOC\n", ReadOptions{TagCol: -1}, []string{"LOC:Paris"}},
	}
	for _, tt := range tests {
		docs, err := ReadCoNLL(strings.NewReader(tt.in), tt.opt)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		s := docs[0].Sents[0]
		if got := chunkStrings(s.Words, s.Tags); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestScore(t *testing.T) {
	gold := []int{tagB + 0, tagL + 0, 0, tagU + 2, 0}
	pred := []int{tagU + 0, 0, 0, tagU + 2, tagU + 1}
	var sc Score
	sc.Add(gold, pred)
	p, r, f := sc.PRF(-1)
	// One of three predicted names is right (Oslo); one of two gold names.
	if p != 1.0/3 || r != 0.5 || f != 0.4 {
		t.Errorf("P %.3f R %.3f F %.3f, want 0.333 0.5 0.4", p, r, f)
	}
}

// TestTrainLearnsAndRoundTrips trains on a tiny set and checks that the
// model tags its own training sentences right, that training is
// reproducible byte for byte, and that a written model reads back to the
// same tagger.
func TestTrainLearnsAndRoundTrips(t *testing.T) {
	docs := readTiny(t)
	gaz := NewGazetteer()
	gaz.Add("Oslo", GazLOC)
	// Clusters go into the model file too: the round trip covers them.
	gaz.AddClusters(map[string]uint16{"Oslo": 1<<8 | 2, "Acme": 2<<8 | 3, "said": 1<<8 | 1})
	for _, stages := range []int{1, 2} {
		opt := TrainOptions{Epochs: 8, Seed: 3, MinCount: 1, Stages: stages, Folds: 2, Gaz: gaz}
		m, err := Train(context.Background(), docs, opt)
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		if err := m.Write(&a); err != nil {
			t.Fatal(err)
		}
		m2, err := Train(context.Background(), docs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := m2.Write(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%d stages: two trainings with one seed wrote different models", stages)
		}
		loaded, err := ReadModel(a.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			want := m.NewDecoder().TagDoc(d.Words())
			got := loaded.NewDecoder().TagDoc(d.Words())
			for i, s := range d.Sents {
				if !slices.Equal(got[i], want[i]) {
					t.Errorf("%d stages: reloaded model tags %q differently", stages, s.Words)
				}
				if g, w := chunkStrings(s.Words, got[i]), chunkStrings(s.Words, s.Tags); !slices.Equal(g, w) {
					t.Errorf("%d stages: %q tagged %q, want %q", stages, s.Words, g, w)
				}
			}
		}
	}
}

func TestReadModelRejectsBadInput(t *testing.T) {
	docs := readTiny(t)
	m, err := Train(context.Background(), docs, TrainOptions{Epochs: 2, MinCount: 1, Stages: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	for _, n := range []int{0, 5, len(magic), len(magic) + 3, len(good) / 2, len(good) - 1} {
		if _, err := ReadModel(good[:n]); err == nil {
			t.Errorf("a model cut to %d of %d bytes was accepted", n, len(good))
		}
	}
	if _, err := ReadModel(append(slices.Clone(good), 0)); err == nil {
		t.Error("trailing bytes were accepted")
	}
}

func FuzzReadModel(f *testing.F) {
	f.Add([]byte(magic))
	f.Add([]byte(magic + "\x11\x00\x00\x00\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ReadModel(data) // must not panic
	})
}

// TestClusters checks that words used alike share a cluster, that words
// used differently do not, and that clustering is reproducible.
func TestClusters(t *testing.T) {
	var paras [][]string
	places := []string{"Oslo", "Bergen", "Paris", "Rome"}
	fruit := []string{"apple", "pear", "plum", "fig"}
	for i := range 20 {
		p := places[i%len(places)]
		f := fruit[(i*3)%len(fruit)]
		paras = append(paras,
			strings.Fields("the talks in "+p+" ended on Monday"),
			strings.Fields("she flew to "+p+" ended on Monday"),
			strings.Fields("he ate a ripe "+f+" with some bread"),
			strings.Fields("a sweet ripe "+f+" with some cream"))
	}
	opt := ClusterOptions{Fine: 6, Coarse: 2, MinCount: 3, Contexts: 20, Iters: 10, Seed: 1}
	got := Clusters(paras, opt)
	fine := func(w string) uint16 { return got[w] & 0xff }
	for _, group := range [][]string{places, fruit} {
		for _, w := range group {
			if fine(w) == 0 {
				t.Fatalf("%q has no cluster", w)
			}
			if fine(w) != fine(group[0]) {
				t.Errorf("%q in cluster %d, %q in %d: want one cluster", w, fine(w), group[0], fine(group[0]))
			}
		}
	}
	if fine(places[0]) == fine(fruit[0]) {
		t.Errorf("places and fruit share cluster %d", fine(places[0]))
	}
	if _, ok := got["Monday"]; !ok {
		t.Error("a frequent word has no cluster")
	}
	if again := Clusters(paras, opt); !maps.Equal(got, again) {
		t.Error("two clusterings of one text differ")
	}
	g := NewGazetteer()
	g.AddClusters(got)
	if g.cluster("Oslo") != got["Oslo"] || g.cluster("The") != got["the"] || g.cluster("Unseen") != 0 {
		t.Errorf("lookup: Oslo %d The %d Unseen %d, want %d %d 0", g.cluster("Oslo"), g.cluster("The"), g.cluster("Unseen"), got["Oslo"], got["the"])
	}
}

func TestIsDemonym(t *testing.T) {
	g := NewGazetteer()
	g.Add("Russian", GazMISC)
	g.Add("South African", GazMISC)
	g.Add("Djibouti", GazLOC|GazMISC)
	g.Add("Paris", GazLOC)
	g.Add("Bus", GazMISC)
	tests := []struct {
		phrase string
		want   bool
	}{
		{"Russian", true},
		{"russian", true},
		{"Russians", true},
		{"South African", true},
		{"South Africans", true},
		{"Djibouti", false}, // also a place
		{"Paris", false},
		{"Buss", true}, // "Bus" plus a plural s
		{"Bus", true},  // listed as it is
		{"Uss", false}, // too short to drop an s from
		{"Frenchs", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := g.IsDemonym(tt.phrase); got != tt.want {
			t.Errorf("IsDemonym(%q) = %v, want %v", tt.phrase, got, tt.want)
		}
	}
}

func TestAnnotatedType(t *testing.T) {
	g := NewGazetteer()
	g.Add("Islamic State", GazORG)
	g.Add("Jordan", GazLOC2|GazPER)
	g.Add("Paris", GazLOC) // the place list is no annotated name
	g.Add("Florence", GazLOC|GazFN|GazLOC2)
	g.Add("Cannes Lions", GazMISC2)
	tests := []struct {
		phrase string
		want   string // a type name, or "" for none
	}{
		{"islamic state", "ORG"},
		{"jordan", ""}, // two types
		{"paris", ""},
		{"florence", "LOC"},
		{"cannes lions", "MISC"},
		{"nowhere", ""},
	}
	for _, tt := range tests {
		got := ""
		if typ, ok := g.AnnotatedType(strings.Fields(tt.phrase)); ok {
			got = TypeNames[typ]
		}
		if got != tt.want {
			t.Errorf("AnnotatedType(%q) = %q, want %q", tt.phrase, got, tt.want)
		}
	}
}

// TestReadModelRejectsRepeatedFeatures checks that a stage must list its
// features in increasing order: the index adds a feature's rows into one,
// so a feature listed twice could not be written back as read.
func TestReadModelRejectsRepeatedFeatures(t *testing.T) {
	tests := []struct {
		name   string
		hashes []uint64
		ok     bool
	}{
		{"increasing", []uint64{3, 5, 9}, true},
		{"repeated", []uint64{3, 5, 5}, false},
		{"decreasing", []uint64{9, 5}, false},
	}
	for _, tt := range tests {
		st := &stage{scale: 1, hashes: tt.hashes, weights: make([]int16, len(tt.hashes)*NumTags)}
		for row := range tt.hashes {
			st.weights[row*NumTags] = int16(row + 1)
		}
		var buf bytes.Buffer
		if err := (&Model{gaz: NewGazetteer(), stages: []*stage{st}}).Write(&buf); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		m, err := ReadModel(buf.Bytes())
		if (err == nil) != tt.ok {
			t.Errorf("%s: ReadModel error %v, want ok %v", tt.name, err, tt.ok)
			continue
		}
		if err != nil {
			continue
		}
		// The weights are read back from the table alone.
		var again bytes.Buffer
		if err := m.Write(&again); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
			t.Errorf("%s: a loaded model writes back differently (%v)", tt.name, err)
		}
	}
}
