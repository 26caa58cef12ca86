// Command train fits the entity tagger and writes a model file.
//
// Run it from the repository root. The shipped model, embedded by package
// entity, is trained on openly licensed data only (see ../NOTICE.md):
//
//	go run ./store/entity/train                  # -set open, writes store/entity/model.bin
//
// A model trained on CoNLL-2003 eng.train is for measurement only: the
// Reuters text is licensed for research, so neither the model nor anything
// learnt from the text may ship. Write it outside the repository:
//
//	go run ./store/entity/train -set conll -out /tmp/conll.bin
//
// To score a model on a CoNLL file, or tag one, use dateline ner (the
// embedded model unless --model is given):
//
//	go run ./cmd/dateline ner --score --conll /work/shared/data/ner/conll2003/eng.testa
//	go run ./cmd/dateline ner --score --conll /work/shared/data/ner/conll2003/eng.testa --model /tmp/conll.bin
//
// Under -data (default /work/shared/data), -set open reads:
//
//   - ner/open: wikigold, BTC, WNUT17 and the re3d documents of the sources
//     whose licences allow shipping (not BBC Online, not Wikipedia), every
//     -holdout'th document of wikigold and re3d kept apart to score on;
//   - ner/gazetteer/gaz.tsv: place names, demonyms and first names;
//   - clean/wcxb-dev/text: how often each word is capitalised in running
//     text, and word clusters learnt from the words around each word.
//
// The entity names annotated in the training documents also join the
// gazetteer. -set conll reads ner/conll2003/eng.train instead of the open
// sets, and the same gazetteer and counts. Either set scores, at the end,
// on eng.testa when it is present; the open model never sees CoNLL data
// during training, not even to choose an epoch. Training is deterministic:
// the same data and flags give the same bytes.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"dateline/store/entity"
	"dateline/store/entity/internal/tagger"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// re3dSources are the re3d sources whose licences allow dateline to ship a
// model trained on them. BBC Online (CC-BY-NC) and Wikipedia (CC-BY-SA) are
// left out on purpose: a list of allowed sources, rather than of excluded
// ones, keeps a source added later out until someone checks its licence.
var re3dSources = []string{
	"Australian_Department_of_Foreign_Affairs", // CC-BY 3.0 AU
	"CENTCOM", // US government, public domain
	"Delegation_of_the_European_Union_to_Syria", // EU reuse notice, attribution
	"UK_Government",       // Open Government Licence v3.0
	"US_State_Department", // US government, public domain
}

// config is what the flags say.
type config struct {
	data, set, out     string
	gaz, corpus        string
	holdout, holdAt    int
	newsWeight         int
	wnutMisc           bool
	sets               string
	opt                tagger.TrainOptions
	conllTrain, conllA string
	clusters           tagger.ClusterOptions
}

func run() error {
	var c config
	flag.StringVar(&c.data, "data", "/work/shared/data", "folder with ner/ and clean/")
	flag.StringVar(&c.set, "set", "open", "training data: open (openly licensed, for the shipped model) or conll (CoNLL-2003 eng.train, research use only)")
	flag.StringVar(&c.out, "out", "", "model file to write (default store/entity/model.bin for -set open; required for -set conll, outside the repository)")
	flag.StringVar(&c.gaz, "gaz", "", "gazetteer TSV (default DATA/ner/gazetteer/gaz.tsv; \"none\" for none)")
	flag.StringVar(&c.corpus, "corpus", "", "folder of unlabelled text (*.truth.txt files) for word capitalisation statistics (default DATA/clean/wcxb-dev/text; \"none\" for none)")
	flag.IntVar(&c.holdout, "holdout", 5, "with -set open, keep every n-th wikigold and re3d document out of training to score on (0: train on all)")
	flag.IntVar(&c.holdAt, "holdat", -1, "with -holdout n, which document of every n is held out, from 0 (default n-1)")
	flag.IntVar(&c.newsWeight, "newsweight", 3, "with -set open, how many times wikigold and re3d, the edited prose closest to news, are seen per epoch")
	flag.StringVar(&c.sets, "sets", "wikigold,re3d,btc,wnut17", "with -set open, the open sets to train on, separated by commas")
	flag.BoolVar(&c.wnutMisc, "wnutmisc", true, "with -set open, read WNUT17 products and creative works as MISC rather than as no name")
	flag.IntVar(&c.opt.Epochs, "epochs", 8, "training epochs")
	flag.Uint64Var(&c.opt.Seed, "seed", 1, "shuffling seed")
	flag.IntVar(&c.opt.MinCount, "mincount", 2, "drop features seen fewer times in training")
	flag.IntVar(&c.opt.Stages, "stages", 2, "1, or 2 for a second stage that sees the first stage's tags across each document")
	flag.IntVar(&c.opt.Folds, "folds", 5, "folds by which the first stage tags the training data for the second")
	flag.Float64Var(&c.opt.Prune, "prune", 0.5, "drop features whose largest averaged weight is smaller in magnitude")
	flag.IntVar(&c.clusters.Fine, "clusters", 200, "word clusters learned from the -corpus texts (0: none; at most 255)")
	flag.IntVar(&c.clusters.Coarse, "coarse", 40, "coarse word clusters (at most 255)")
	flag.IntVar(&c.clusters.MinCount, "clustermin", 5, "least count of a word to be clustered")
	flag.IntVar(&c.clusters.Contexts, "contexts", 1000, "the most frequent words that serve as contexts for clustering")
	flag.IntVar(&c.clusters.Iters, "clusteriters", 12, "k-means passes")
	flag.Parse()
	c.clusters.Seed = c.opt.Seed
	c.clusters.Fine = min(c.clusters.Fine, 255)
	c.clusters.Coarse = min(max(c.clusters.Coarse, 1), 255)
	ner := filepath.Join(c.data, "ner")
	c.conllTrain = filepath.Join(ner, "conll2003", "eng.train")
	c.conllA = filepath.Join(ner, "conll2003", "eng.testa")
	if c.gaz == "" {
		c.gaz = filepath.Join(ner, "gazetteer", "gaz.tsv")
	}
	switch c.corpus {
	case "":
		c.corpus = filepath.Join(c.data, "clean", "wcxb-dev", "text")
	case "none":
		c.corpus = ""
	}
	switch c.set {
	case "open":
		if c.out == "" {
			c.out = filepath.Join("store", "entity", "model.bin")
		}
	case "conll":
		if c.out == "" {
			return errors.New("-set conll needs -out, a path outside the repository (the model may not be shipped)")
		}
	default:
		return fmt.Errorf("unknown -set %q: want open or conll", c.set)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return train(ctx, c)
}

// heldOut is a named set of documents kept out of training.
type heldOut struct {
	name string
	docs []tagger.Document
}

func train(ctx context.Context, c config) error {
	gaz, err := readGazetteer(c)
	if err != nil {
		return err
	}
	var docs []tagger.Document
	var held []heldOut
	if c.set == "conll" {
		docs, err = readFile(c.conllTrain, nil)
	} else {
		docs, held, err = readOpen(c, gaz)
	}
	if err != nil {
		return err
	}
	// The names annotated in the training documents (and so under the
	// same licences; held-out documents stay unseen) join the gazetteer
	// for the rules that follow tagging; the tagger does not see them as
	// features. Repeated documents count more than once, which only
	// matters at the thresholds.
	n := gaz.AddAnnotated(docs, 2, 1)
	fmt.Fprintf(os.Stderr, "gazetteer: %d names from %d annotated documents\n", n, len(docs))
	// The score after each epoch is only logged; it decides nothing. The
	// open model logs its held-out open documents, never CoNLL.
	var dev []tagger.Document
	if c.set == "conll" {
		if dev, err = readFile(c.conllA, nil); err != nil {
			return err
		}
	} else {
		for _, h := range held {
			dev = append(dev, h.docs...)
		}
	}
	opt := c.opt
	opt.Gaz, opt.Dev, opt.Log = gaz, dev, os.Stderr
	start := time.Now()
	m, err := tagger.Train(ctx, docs, opt)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	fmt.Fprintf(os.Stderr, "trained on %d documents in %s; %d features kept\n", len(docs), time.Since(start).Round(time.Second), m.NumFeatures())

	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return err
	}
	// Score the model as it will be loaded, quantised and pruned.
	loaded, err := tagger.ReadModel(buf.Bytes())
	if err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	for _, h := range held {
		fmt.Printf("held out: %s (%d documents)\n%s", h.name, len(h.docs), score(loaded, h.docs).String())
	}
	if testa, err := readFile(c.conllA, nil); err == nil {
		fmt.Printf("%s (measurement only)\n%s", c.conllA, score(loaded, testa).String())
	} else {
		fmt.Fprintf(os.Stderr, "not scored on CoNLL: %v\n", err)
	}
	if err := os.WriteFile(c.out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	fmt.Printf("wrote %s: %d bytes\n", c.out, buf.Len())
	return nil
}

// readOpen reads the openly licensed training sets and the documents held
// out of them.
func readOpen(c config, gaz *tagger.Gazetteer) (train []tagger.Document, held []heldOut, _ error) {
	open := filepath.Join(c.data, "ner", "open")
	at := c.holdAt
	if at < 0 || at >= c.holdout {
		at = c.holdout - 1
	}
	split := func(docs []tagger.Document) (in, out []tagger.Document) {
		for i, d := range docs {
			if c.holdout > 0 && i%c.holdout == at {
				out = append(out, d)
			} else {
				in = append(in, d)
			}
		}
		return in, out
	}
	repeat := func(docs []tagger.Document) []tagger.Document {
		var out []tagger.Document
		for range max(c.newsWeight, 1) {
			out = append(out, docs...)
		}
		return out
	}

	wiki, err := readFile(filepath.Join(open, "wikigold", "CONLL-format", "data", "wikigold.conll.txt"), nil)
	if err != nil {
		return nil, nil, err
	}
	wikiIn, wikiOut := split(wiki)
	var re3d []tagger.Document
	for _, s := range re3dSources {
		ds, err := readDir(filepath.Join(open, "re3d", "CONLL-format", "data-by-source", "conll", s), mapRe3d)
		if err != nil {
			return nil, nil, err
		}
		re3d = append(re3d, ds...)
	}
	re3d = namesOnly(re3d)
	re3dIn, re3dOut := split(re3d)
	btc, err := readDir(filepath.Join(open, "BTC", "CONLL-format", "data"), nil)
	if err != nil {
		return nil, nil, err
	}
	mapW := mapWNUT
	if c.wnutMisc {
		mapW = mapWNUTMisc
	}
	wnut, err := readDir(filepath.Join(open, "WNUT17", "CONLL-format", "data"), mapW)
	if err != nil {
		return nil, nil, err
	}
	use := strings.Split(c.sets, ",")
	pick := func(name string, docs []tagger.Document) []tagger.Document {
		if slices.Contains(use, name) {
			return docs
		}
		return nil
	}
	train = slices.Concat(pick("wikigold", repeat(wikiIn)), pick("re3d", repeat(re3dIn)),
		pick("btc", demonymsAsMisc(casedOnly(perSentence(btc)), gaz)),
		pick("wnut17", demonymsAsMisc(casedOnly(perSentence(wnut)), gaz)))
	fmt.Fprintf(os.Stderr, "open data: wikigold %d+%d held out, re3d %d+%d held out documents, BTC %d, WNUT17 %d sentences\n",
		len(wikiIn), len(wikiOut), len(re3dIn), len(re3dOut), sentences(btc), sentences(wnut))
	if len(wikiOut) > 0 {
		held = append(held, heldOut{"wikigold", wikiOut})
	}
	if len(re3dOut) > 0 {
		held = append(held, heldOut{"re3d (shippable sources)", re3dOut})
	}
	return train, held, nil
}

// readGazetteer loads the gazetteer and adds the capitalisation counts.
func readGazetteer(c config) (*tagger.Gazetteer, error) {
	gaz := tagger.NewGazetteer()
	if c.gaz != "none" {
		f, err := os.Open(c.gaz)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		gaz, err = tagger.ReadGazetteerTSV(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.gaz, err)
		}
	}
	if c.corpus != "" {
		paras, files, err := readCorpus(c.corpus)
		if err != nil {
			return nil, err
		}
		n := gaz.AddCapCounts(capCounts(paras), 3)
		fmt.Fprintf(os.Stderr, "capitalisation: %d words from %d files\n", n, files)
		if c.clusters.Fine > 0 {
			start := time.Now()
			cl := tagger.Clusters(paras, c.clusters)
			gaz.AddClusters(cl)
			fmt.Fprintf(os.Stderr, "clusters: %d words in %s\n", len(cl), time.Since(start).Round(time.Millisecond))
		}
	}
	return gaz, nil
}

// score tags docs with m and scores the result against their gold tags.
func score(m *tagger.Model, docs []tagger.Document) *tagger.Score {
	var sc tagger.Score
	dec := m.NewDecoder()
	for _, d := range docs {
		for i, tags := range dec.TagDoc(d.Words()) {
			sc.Add(d.Sents[i].Tags, tags)
		}
	}
	return &sc
}

// readCorpus returns the paragraphs of the *.truth.txt files under dir, as
// the tokens the tagger sees.
func readCorpus(dir string) ([][]string, int, error) {
	var paras [][]string
	files := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".truth.txt") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		var cur []string
		for _, t := range entity.Tokenize(string(b)) {
			if t.Break && len(cur) > 0 {
				paras = append(paras, cur)
				cur = nil
			}
			cur = append(cur, t.Norm)
		}
		if len(cur) > 0 {
			paras = append(paras, cur)
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("corpus: %w", err)
	}
	return paras, files, nil
}

// capCounts counts how often each word is written capitalised and in lower
// case in mid-sentence, which here means right after a lower-case word or a
// comma.
func capCounts(paras [][]string) tagger.CapCounts {
	counts := tagger.CapCounts{}
	for _, p := range paras {
		for i := 1; i < len(p); i++ {
			w, prev := p[i], p[i-1]
			if prev != "," && !isLower(prev) {
				continue
			}
			var k int
			switch {
			case isLower(w):
				k = 1
			case unicode.IsUpper([]rune(w)[0]):
				k = 0
			default:
				continue
			}
			lw := strings.ToLower(w)
			c := counts[lw]
			if c == nil {
				c = new([2]int)
				counts[lw] = c
			}
			c[k]++
		}
	}
	return counts
}

// isLower reports whether a token is a word in lower-case letters only.
func isLower(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// mapRe3d maps re3d's types to the CoNLL ones: nationalities are MISC, and
// dates, quantities, money, weapons, platforms and document references are
// no names in the CoNLL sense.
func mapRe3d(t string) string {
	switch t {
	case "Person":
		return "PER"
	case "Organisation":
		return "ORG"
	case "Location":
		return "LOC"
	case "Nationality":
		return "MISC"
	}
	return ""
}

// mapWNUT maps WNUT17's types: companies and groups (bands, teams, parties)
// are organisations; products and creative works are left out, since
// WNUT17 marks them far more loosely than CoNLL marks MISC.
func mapWNUT(t string) string {
	switch t {
	case "person":
		return "PER"
	case "location":
		return "LOC"
	case "corporation", "group":
		return "ORG"
	}
	return ""
}

// mapWNUTMisc is mapWNUT with products and creative works as MISC.
func mapWNUTMisc(t string) string {
	if t == "product" || t == "creative-work" {
		return "MISC"
	}
	return mapWNUT(t)
}

func sentences(docs []tagger.Document) int {
	n := 0
	for _, d := range docs {
		n += len(d.Sents)
	}
	return n
}

// connectors may stand inside a name in lower case: "Bank of England",
// "Bashar al-Assad".
var connectors = map[string]bool{"of": true, "and": true, "the": true, "for": true, "de": true, "du": true,
	"la": true, "al": true, "-": true, "&": true, "'s": true, "on": true, "in": true, "upon": true, "van": true, "von": true}

// pronouns are words re3d annotates as organisations or people ("We said",
// "They attacked") that CoNLL, and readers, do not count as names. "us" is
// not among them: a lone capitalised "US" is the country.
var pronouns = map[string]bool{"we": true, "they": true, "our": true, "their": true,
	"he": true, "she": true, "his": true, "her": true, "it": true, "its": true, "i": true, "you": true}

// namesOnly makes re3d's annotations look like CoNLL's: re3d marks whole
// noun phrases ("the Kurdish YPG", "commander of U.S. Central Command",
// "our Coalition partners", "We"), CoNLL only names. A leading lower-case
// article or pronoun is trimmed; a span that is then still not a name (a
// lower-case word other than a connector, a pronoun, no capital at all) is
// no longer annotated.
func namesOnly(docs []tagger.Document) []tagger.Document {
	for _, d := range docs {
		for _, s := range d.Sents {
			for _, c := range tagger.Chunks(s.Tags) {
				tagger.SetChunk(s.Tags, tagger.Chunk{Start: c.Start, End: c.End, Type: -1})
				start := c.Start
				for start < c.End && !isCapitalised(s.Words[start]) {
					start++
				}
				if c.Type == perType && start < c.End {
					start = nameTail(s.Words, start, c.End)
				}
				if start == c.End || nameLike(s.Words[start:c.End]) {
					if start < c.End {
						tagger.SetChunk(s.Tags, tagger.Chunk{Start: start, End: c.End, Type: c.Type})
					}
				}
			}
		}
	}
	return docs
}

// perType is the tagger's index of PER.
var perType = slices.Index(tagger.TypeNames[:], "PER")

// titleWords are the words of the roles and ranks that re3d includes in a
// person's span ("Defense Secretary Ash Carter", "Lt. Gen. Stephen J.
// Townsend") and CoNLL leaves out.
var titleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`secretary minister president vice prime foreign deputy defense defence
		special advisor adviser envoy ambassador general gen gen. lt lt. col col. maj maj. brig brig. adm adm.
		sgt sgt. capt capt. commander chairman chairwoman director spokesman spokeswoman spokesperson
		representative high commissioner office fco state un us u.s. uk eu king queen prince princess
		sheikh mr mr. mrs mrs. ms ms. dr dr. sir lord chief senator sen. rep. governor mayor
		officer army navy marine staff leader home designate coalition`) {
		titleWords[w] = true
	}
}

// nameTail returns where the name in a person span [start, end) begins:
// after the last role or rank word. A span that is only a role ("The
// Foreign Secretary", "Minister for the Middle East") has no name and
// yields end.
func nameTail(words []string, start, end int) int {
	i := end
	for i > start {
		w := strings.ToLower(words[i-1])
		if titleWords[w] || w == "of" || w == "for" || w == "the" || w == "to" || w == "," || w == "in" || w == "and" {
			break
		}
		i--
	}
	if i == start {
		return start
	}
	if !titleWords[strings.ToLower(words[i-1])] {
		return end // the name part follows "of", "for"...: a role
	}
	return i
}

// nameLike reports whether words could be a name: capitalised words and
// connectors, capitalised at both ends, and not a pronoun.
func nameLike(words []string) bool {
	if !isCapitalised(words[0]) || !isCapitalised(words[len(words)-1]) {
		return false
	}
	if len(words) == 1 && pronouns[strings.ToLower(words[0])] {
		return false
	}
	for _, w := range words {
		if !isCapitalised(w) && !connectors[strings.ToLower(w)] && hasLetter(w) {
			return false
		}
	}
	return true
}

// casedOnly keeps the tweets whose names are all capitalised. The tweet
// corpora also annotate user names ("@paulwalk") and names written in
// lower case ("manutd"); news text has neither, and a tagger that learns
// that lower-case words may be names finds names in ordinary words.
func casedOnly(docs []tagger.Document) []tagger.Document {
	return slices.DeleteFunc(docs, func(d tagger.Document) bool {
		for _, s := range d.Sents {
			for _, c := range tagger.Chunks(s.Tags) {
				if !nameLike(s.Words[c.Start:c.End]) {
					return true
				}
			}
		}
		return false
	})
}

func isCapitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

func hasLetter(w string) bool {
	return strings.IndexFunc(w, unicode.IsLetter) >= 0
}

// demonymsAsMisc marks as MISC the capitalised nationality words ("Syrian",
// "Russians") that the tweet corpora, which have no MISC type, leave
// unannotated; otherwise they would teach the tagger that nationalities
// are not names, against wikigold and re3d. Words that are also places are
// left alone.
func demonymsAsMisc(docs []tagger.Document, gaz *tagger.Gazetteer) []tagger.Document {
	for _, d := range docs {
		for _, s := range d.Sents {
			for i, w := range s.Words {
				if s.Tags[i] != 0 || !isCapitalised(w) {
					continue
				}
				if gaz.IsDemonym(w) {
					tagger.SetChunk(s.Tags, tagger.Chunk{Start: i, End: i + 1, Type: slices.Index(tagger.TypeNames[:], "MISC")})
				}
			}
		}
	}
	return docs
}

// perSentence makes every sentence its own document. The tweet corpora
// come as files of unrelated tweets; read as one document, a word's case
// or tag in one tweet would count as evidence about another.
func perSentence(docs []tagger.Document) []tagger.Document {
	var out []tagger.Document
	for _, d := range docs {
		for _, s := range d.Sents {
			out = append(out, tagger.Document{Sents: []tagger.Sentence{s}})
		}
	}
	return out
}

// readDir reads every file under dir as CoNLL data, each file a document
// unless it has -DOCSTART- lines.
func readDir(dir string, mapType func(string) string) ([]tagger.Document, error) {
	var docs []tagger.Document
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ds, err := readFile(p, mapType)
		docs = append(docs, ds...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	return docs, nil
}

// readFile reads one CoNLL-like file: token first, tag last.
func readFile(path string, mapType func(string) string) ([]tagger.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	docs, err := tagger.ReadCoNLL(f, tagger.ReadOptions{TokenCol: 0, TagCol: -1, MapType: mapType})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return docs, nil
}
