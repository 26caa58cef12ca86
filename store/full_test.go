package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"dateline/store/cache"
	"dateline/store/clean"
	"dateline/store/entity"
)

// loadDeadline bounds every test load. A load that hangs, on a FIFO opened
// for a blocking read for instance, is a bug whatever the test, and failing
// says so where waiting for the test binary's own timeout would not.
const loadDeadline = 5 * time.Minute

// loadWith loads roots with opts and returns the finished batch and the
// loader, for Full. It fails the test if the load does not finish within
// loadDeadline.
func loadWith(t *testing.T, opts Options, roots ...string) (*Batch, *Loader) {
	t.Helper()
	if opts.Workers == 0 {
		opts.Workers = 2
	}
	l, err := NewLoader(opts)
	if err != nil {
		t.Fatal(err)
	}
	return drain(t, l, roots...), l
}

// drain runs a load of roots by l to its end and returns the batch it
// gives, failing the test if the load does not finish in time.
func drain(t *testing.T, l *Loader, roots ...string) *Batch {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), loadDeadline)
	defer cancel()
	var b Batch
	for u := range l.Load(ctx, roots) {
		b.Apply(u)
	}
	switch {
	case b.Finished:
	case ctx.Err() != nil:
		t.Fatalf("load did not finish within %v (%d of %d files done)", loadDeadline, b.Done, b.Found)
	default:
		t.Fatal("load ended without a Finished update")
	}
	return &b
}

// slimTestFolder holds the two samples, a JSON lines file of three items and
// five stories that share a template line, which the batch step strips.
func slimTestFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "samples", "kerry.txt"))
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "samples", "aleppo.txt"))
	var jl strings.Builder
	for i, place := range []string{"Valletta", "Lisbon", "Gdansk"} {
		fmt.Fprintf(&jl, `{"title":"Item %d","text":"The harbour in %s reopened after the storm, officials said."}`+"\n", i, place)
	}
	writeFile(t, filepath.Join(dir, "feed.jsonl"), []byte(jl.String()))
	template := "The Valley Courier has been published by Valley Media in the town of Ashford since the year 1887."
	for i := range 5 {
		story := fmt.Sprintf("Story %d: the council of Ashford met on Monday and voted on plan number %d for the roads, the mayor told reporters.", i, i)
		writeFile(t, filepath.Join(dir, "local", fmt.Sprintf("s%d.txt", i)), []byte("Home News Sport\n"+story+"\n"+template+"\n"))
	}
	return dir
}

// TestSlimLoadMatchesWholeLoad loads a folder whole and slim, with and
// without a cache, and checks that the slim articles carry what the list,
// filters and sidebar show, and that Full gives back exactly the whole
// article, batch revisions included.
func TestSlimLoadMatchesWholeLoad(t *testing.T) {
	dir := slimTestFolder(t)
	whole, _ := loadWith(t, Options{}, dir)
	for _, cached := range []bool{false, true} {
		t.Run(fmt.Sprintf("cache=%t", cached), func(t *testing.T) {
			opts := Options{Slim: true}
			if cached {
				c, err := cache.Open(t.TempDir(), "test")
				if err != nil {
					t.Fatal(err)
				}
				opts.Cache = c
			}
			slim, l := loadWith(t, opts, dir)
			if len(slim.Articles) != len(whole.Articles) || len(slim.Articles) != 10 {
				t.Fatalf("slim load has %d articles, whole load %d, want 10", len(slim.Articles), len(whole.Articles))
			}
			revised := 0
			for i, s := range slim.Articles {
				w := whole.Articles[i]
				if !s.Slimmed() || s.Raw != "" || s.Body != "" || len(s.Clean.Lines) != 0 {
					t.Errorf("%s: not slim: raw %d bytes, body %d bytes, %d lines", s.Path, len(s.Raw), len(s.Body), len(s.Clean.Lines))
				}
				if s.Title != w.Title || s.Words != w.Words || s.SearchText() != w.SearchText() {
					t.Errorf("%s: slim article differs from whole: title %q/%q, words %d/%d", s.Path, s.Title, w.Title, s.Words, w.Words)
				}
				sx, sn := s.LineCounts()
				wx, wn := w.LineCounts()
				if sx != wx || sn != wn {
					t.Errorf("%s: slim line counts %d of %d, whole %d of %d", s.Path, sx, sn, wx, wn)
				}
				if got, want := s.EntityList(), w.Entities; len(got) != len(want) {
					t.Errorf("%s: %d entities slim, %d whole", s.Path, len(got), len(want))
				} else {
					for i := range got {
						if got[i].Mentions != nil || got[i].Name != want[i].Name || got[i].Count != want[i].Count || got[i].Salience != want[i].Salience {
							t.Errorf("%s: slim entity %+v, whole %+v", s.Path, got[i], want[i])
						}
					}
				}
				full, err := l.Full(context.Background(), s)
				if err != nil {
					t.Fatalf("%s: Full: %v", s.Path, err)
				}
				if full.Body != w.Body || full.Raw != w.Raw || !reflect.DeepEqual(full.Clean, w.Clean) || !reflect.DeepEqual(full.Entities, w.Entities) {
					t.Errorf("%s: Full differs from the whole load:\nfull:  %q\nwhole: %q", s.Path, full.Body, w.Body)
				}
				if full.Slimmed() {
					t.Errorf("%s: Full returned a slim article", s.Path)
				}
				if len(s.batch) > 0 {
					revised++
				}
			}
			if revised != 5 {
				t.Errorf("%d slim articles carry batch revisions, want the 5 local stories", revised)
			}
		})
	}
}

// TestFullAfterFileChanged: an article whose file was edited or removed after
// the load is reported as changed, never shown with another text.
func TestFullAfterFileChanged(t *testing.T) {
	dir := t.TempDir()
	copySample(t, "000_c00316c9557538f9.txt", filepath.Join(dir, "a.txt"))
	copySample(t, "004_483bb8dd12a1da44.txt", filepath.Join(dir, "b.txt"))
	b, l := loadWith(t, Options{Slim: true}, dir)
	if len(b.Articles) != 2 {
		t.Fatalf("%d articles, want 2", len(b.Articles))
	}
	writeFile(t, b.Articles[0].Path, []byte("Something else entirely, written over the article after it was loaded.\n"))
	if err := os.Remove(b.Articles[1].Path); err != nil {
		t.Fatal(err)
	}
	for _, a := range b.Articles {
		got, err := l.Full(context.Background(), a)
		if !errors.Is(err, ErrChanged) || got != nil {
			t.Errorf("%s: Full = %v, %v; want ErrChanged", a.Path, got, err)
		}
	}
}

// TestSlimKeepsEntityNamesNotMentions: the sidebar and entity filters work
// on slim articles; only the mention offsets, which the article pane needs,
// are left for Full.
func TestSlimKeepsEntityNamesNotMentions(t *testing.T) {
	a := synthArticle("a.txt", -1, "Kerry in Moscow", "John Kerry met Sergei Lavrov in Moscow.",
		entity.Entity{Name: "John Kerry", Type: entity.PER, Count: 1, Aliases: []string{"Kerry"}, Mentions: []entity.Mention{{Start: 0, End: 10}}})
	s := a.Slim()
	if len(a.Entities[0].Mentions) != 1 {
		t.Fatal("Slim changed the article it copied")
	}
	if ents := s.EntityList(); len(ents) != 1 || ents[0].Mentions != nil || ents[0].Name != "John Kerry" || ents[0].Count != 1 || !slices.Equal(ents[0].Aliases, []string{"Kerry"}) {
		t.Errorf("slim entities = %+v", ents)
	}
	if !s.Refers(NewEntityRef(entity.Entity{Name: "Kerry", Type: entity.PER})) {
		t.Error("a slim article no longer refers to its entity by alias")
	}
	if s.Slim() != s {
		t.Error("slimming a slim article made another copy")
	}
}

// TestBatchStepCached: reopening an unchanged batch through the cache takes
// the batch step's outcome from it instead of cleaning again, and gives the
// same revised articles; a batch whose statistics changed is revised anew.
func TestBatchStepCached(t *testing.T) {
	dir := slimTestFolder(t)
	c, err := cache.Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	load := func() (*Batch, *Loader, int) {
		l, err := NewLoader(Options{Slim: true, Cache: c, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		var n atomic.Int32
		l.rebatch = func(a *Article, stats *clean.BatchStats) *Article {
			n.Add(1)
			return l.revise(a, stats)
		}
		var b Batch
		for u := range l.Load(context.Background(), []string{dir}) {
			b.Apply(u)
		}
		return &b, l, int(n.Load())
	}
	first, _, n1 := load()
	again, l, n2 := load()
	if n1 == 0 || n2 != 0 {
		t.Errorf("the batch step cleaned %d articles on the first open and %d on the second; want some, then none", n1, n2)
	}
	whole, _ := loadWith(t, Options{}, dir)
	for i, a := range again.Articles {
		if got, want := len(a.batch), len(first.Articles[i].batch); got != want {
			t.Errorf("%s: %d batch verdicts reopened, %d first", a.Path, got, want)
		}
		sx, sn := a.LineCounts()
		wx, wn := whole.Articles[i].LineCounts()
		if !a.Slimmed() || sx != wx || sn != wn || a.SearchText() != whole.Articles[i].SearchText() {
			t.Errorf("%s: reopened article differs from a whole load (stripped %d of %d, want %d of %d)", a.Path, sx, sn, wx, wn)
		}
		full, err := l.Full(context.Background(), a)
		if err != nil || full.Body != whole.Articles[i].Body {
			t.Errorf("%s: Full after reopening = %v, body %q, want %q", a.Path, err, full.Body, whole.Articles[i].Body)
		}
	}
	// A sixth story with the template line changes what the statistics
	// say of it (now in six articles): the stories are revised again.
	writeFile(t, filepath.Join(dir, "local", "s5.txt"), []byte("Home News Sport\nStory 5: a bridge reopened.\nThe Valley Courier has been published by Valley Media in the town of Ashford since the year 1887.\n"))
	if _, _, n3 := load(); n3 == 0 {
		t.Error("after the batch changed, nothing was revised again")
	}
}

// TestSlimArticlesShareEntityNames: a large batch names the same people
// thousands of times, and the reader's memory depends on keeping each set
// of names once, whether the slim article was made from a fresh load or
// read back from the cache.
func TestSlimArticlesShareEntityNames(t *testing.T) {
	kerry := func(count int, aliases ...string) entity.Entity {
		return entity.Entity{Name: "John Kerry", Type: entity.PER, Count: count, Aliases: aliases, Mentions: []entity.Mention{{Start: 0, End: 10}}}
	}
	a := synthArticle("a.txt", -1, "One", "John Kerry spoke.", kerry(1, "Kerry"))
	b := synthArticle("b.txt", -1, "Two", "Kerry and John Kerry spoke.", kerry(2, "Kerry"))
	c := synthArticle("c.txt", -1, "Three", "John Kerry spoke.", kerry(1))
	names := newNameTable()
	sa, sb, sc := a.slimWith(names), b.slimWith(names), c.slimWith(names)
	r, err := decodeResult(encodeResult(result{articles: []*Article{b}}), "b.txt", true, names)
	if err != nil {
		t.Fatal(err)
	}
	decoded := r.articles[0]
	for _, tc := range []struct {
		name  string
		x, y  *Article
		share bool
	}{
		{"same names, other counts", sa, sb, true},
		{"same names, read from the cache", sb, decoded, true},
		{"other aliases", sa, sc, false},
	} {
		if got := tc.x.ents[0].names == tc.y.ents[0].names; got != tc.share {
			t.Errorf("%s: shared = %v, want %v", tc.name, got, tc.share)
		}
	}
	if got := decoded.EntityList(); len(got) != 1 || got[0].Count != 2 || got[0].Name != "John Kerry" {
		t.Errorf("decoded entities = %+v", got)
	}
}

// TestSlimKeepsNoRawText: a slim article must not keep its file's text
// alive through a title, date or name cut from it, or the reader's memory
// grows with the batch's size on disk. Every string a slim article holds
// must lie outside the raw text's bytes.
func TestSlimKeepsNoRawText(t *testing.T) {
	l, err := NewLoader(Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "testdata", "samples", "000_c00316c9557538f9.txt"))
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := l.Build("a.txt", data)
	if len(arts) != 1 {
		t.Fatalf("built %d articles", len(arts))
	}
	a := arts[0]
	s := a.slimWith(l.names)
	// The texts a whole article holds, which a slim one must not keep.
	texts := []string{a.Raw, a.Body}
	for _, ln := range a.Clean.Lines {
		texts = append(texts, ln.Text)
	}
	inText := func(x string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(x)))
		for _, t := range texts {
			start := uintptr(unsafe.Pointer(unsafe.StringData(t)))
			if len(x) > 0 && p >= start && p < start+uintptr(len(t)) {
				return true
			}
		}
		return false
	}
	whole := map[string]string{"Title": a.Title, "Place": a.Place, "Date": a.Date, "Source": a.Source}
	for _, e := range a.Entities {
		whole["entity "+e.Name] = e.Name
	}
	fields := map[string]string{"ID": s.ID, "Title": s.Title, "Source": s.Source, "Author": s.Author, "Date": s.Date,
		"DateISO": s.DateISO, "Lang": s.Lang, "Place": s.Place, "URL": s.URL, "folded": s.SearchText(), "foldedSource": s.foldedSource,
		"meta.title": s.meta.title, "meta.source": s.meta.source, "meta.date": s.meta.date}
	for _, r := range s.ents {
		fields["entity "+r.names.name] = r.names.name
		for _, al := range r.names.aliases {
			fields["alias "+al] = al
		}
	}
	for name, v := range fields {
		if inText(v) {
			t.Errorf("the slim article's %s points into the article's text", name)
		}
	}
	// The test is worth something only if the whole article's fields do
	// point into its text, as the loader builds them today.
	cut := 0
	for _, v := range whole {
		if inText(v) {
			cut++
		}
	}
	if cut == 0 {
		t.Error("no field of the whole article was cut from its text; the test no longer checks anything")
	}
}
