package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"dateline/store/cache"
)

// loadOrder returns the articles in the order an unordered load streams
// them: walk order, shuffled within windows of 128 files as two workers
// finish them out of turn.
func loadOrder(arts []*Article) []*Article {
	var b Batch
	b.Apply(Update{Articles: arts})
	out := append([]*Article(nil), b.Articles...)
	r := rand.New(rand.NewPCG(3, 3))
	for i := 0; i < len(out); i += 128 {
		w := out[i:min(i+128, len(out))]
		r.Shuffle(len(w), func(x, y int) { w[x], w[y] = w[y], w[x] })
	}
	return out
}

// BenchmarkApply100k measures feeding a 100,000-article load into a Batch
// in updates of 250 articles, about what the loader sends per 50 ms flush.
// The per-update figure is the cost of one update message in the reader.
// Apply orders articles by path and index alone, so the articles carry
// nothing else: building bodies and entities would only slow the set-up.
func BenchmarkApply100k(b *testing.B) {
	const n, chunk = 100_000, 250
	arts := make([]*Article, n)
	for i := range arts {
		section := []string{"world", "sport", "business", "science"}[i%4]
		arts[i] = &Article{Path: fmt.Sprintf("batch/%s/%06d.txt", section, i), Index: -1}
	}
	in := loadOrder(arts)
	for b.Loop() {
		var batch Batch
		for i := 0; i < len(in); i += chunk {
			batch.Apply(Update{Articles: in[i:min(i+chunk, len(in))]})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n/chunk), "ns/update")
}

// BenchmarkFull: what the reader's Full costs for one of the samples, with
// the file's cache entry ("entry", as the first Full of an article leaves
// it) and without ("file": read, cleaned and tagged, as the first Full
// after a reader's load, which keeps no entry per file). The entity model
// is loaded before the timing starts; loading it is entity's BenchmarkLoad.
func BenchmarkFull(b *testing.B) {
	for _, name := range []string{"file", "entry"} {
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			copySample(b, "000_c00316c9557538f9.txt", filepath.Join(dir, "a.txt"))
			opts := Options{Workers: 1, Slim: true}
			if name == "entry" {
				c, err := cache.Open(b.TempDir(), "bench")
				if err != nil {
					b.Fatal(err)
				}
				opts.Cache = c
			}
			l, err := NewLoader(opts)
			if err != nil {
				b.Fatal(err)
			}
			var batch Batch
			for u := range l.Load(context.Background(), []string{dir}) {
				batch.Apply(u)
			}
			a := batch.Articles[0]
			if _, err := l.Full(context.Background(), a); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				l.recent = &recentFiles{}
				if _, err := l.Full(context.Background(), a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
