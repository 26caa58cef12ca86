package main

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"dateline/store"
	"dateline/store/cache"
)

// benchLoadSizes are the batch sizes BenchmarkLoad measures. The issue's
// target is 10,000 plain-text articles in at most 10 s cold on 2 cores.
var benchLoadSizes = []int{1000, 10000}

// BenchmarkLoad measures a full load, with cleaning and entities, of a
// generated batch of plain-text articles, as the reader does it on start.
// Run it with -benchtime=1x -count=5 and quote the median.
func BenchmarkLoad(b *testing.B) {
	for _, n := range benchLoadSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "batch")
			st, err := Generate(dir, Options{N: n, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(st.Bytes)
			for b.Loop() {
				loadBatch(b, store.Options{Slim: true}, dir, n)
			}
		})
	}
}

// BenchmarkReopen measures loading a generated batch of plain-text articles
// a second time, with the processed articles read back from a warm cache
// instead of cleaned and tagged again. The target is 0.5 s for
// 100,000 articles.
//
// heap-MB is the heap the reopened batch holds: the live heap after the
// last load, less the live heap after the warm-up load with its result
// dropped. The baseline holds what stays for the life of the process
// whatever the batch (about 50 MB of package tables and of the cleaner's
// and tagger's models, which the warm-up builds), so the difference is
// what the articles cost.
func BenchmarkReopen(b *testing.B) {
	for _, n := range benchLoadSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "batch")
			if _, err := Generate(dir, Options{N: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			c, err := cache.Open(b.TempDir(), "bench")
			if err != nil {
				b.Fatal(err)
			}
			load := func() *store.Batch {
				return loadBatch(b, store.Options{Slim: true, Cache: c}, dir, n)
			}
			load() // warm the cache, and build the models
			base := liveHeap()
			var batch *store.Batch
			for b.Loop() {
				batch = load()
			}
			b.ReportMetric(float64(liveHeap()-base)/1e6, "heap-MB")
			runtime.KeepAlive(batch)
		})
	}
}

// liveHeap returns the bytes of heap objects still reachable, measured once
// the garbage is collected. It collects twice: the entity model a load let
// go is held by its pooled decoders, which a sync.Pool keeps through one
// collection, and a baseline that still counted it made the reopen's heap
// come out negative at 1,000 articles.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// loadBatch loads dir with opts, as the reader does, and checks that it
// holds n articles.
func loadBatch(tb testing.TB, opts store.Options, dir string, n int) *store.Batch {
	tb.Helper()
	l, err := store.NewLoader(opts)
	if err != nil {
		tb.Fatal(err)
	}
	var batch store.Batch
	for u := range l.Load(context.Background(), []string{dir}) {
		batch.Apply(u)
	}
	if len(batch.Articles) != n {
		tb.Fatalf("loaded %d articles with %d skips (the first: %v), want %d", len(batch.Articles), len(batch.Skips), batch.Skips[:min(3, len(batch.Skips))], n)
	}
	return &batch
}
