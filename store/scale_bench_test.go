package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"dateline/store/entity"
)

// benchN is the batch size the keystroke targets are stated for.
const benchN = 100_000

// benchArticles returns benchN prepared articles of about 4 KB of text each,
// built once per test binary: making them takes seconds. Their bodies are
// dropped after Prepare, as only the folded search text is matched.
var benchArticles = sync.OnceValue(func() []*Article {
	r := rand.New(rand.NewPCG(7, 7))
	// A vocabulary of made-up words with a long tail, so that some words
	// are in most articles and others in a handful, as in real text.
	syll := []string{"ka", "ro", "mi", "ne", "tu", "sa", "li", "po", "de", "va", "gor", "len", "tas", "mur", "bel"}
	vocab := make([]string, 5000)
	for i := range vocab {
		var w strings.Builder
		for range 2 + r.IntN(3) {
			w.WriteString(syll[r.IntN(len(syll))])
		}
		vocab[i] = w.String()
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	people := []string{"John Kerry", "Sergei Lavrov", "Anna Kowalski", "Kwame Mensah", "Yuki Tanaka"}
	arts := make([]*Article, benchN)
	var body strings.Builder
	for i := range arts {
		body.Reset()
		for w := 0; body.Len() < 4000; w++ {
			if w > 0 {
				body.WriteByte(' ')
			}
			body.WriteString(vocab[zipf.Uint64()])
		}
		ents := []entity.Entity{{Name: people[i%len(people)], Type: entity.PER, Count: 2}}
		path := fmt.Sprintf("batch/%s/%06d.txt", []string{"world", "sport", "business", "science"}[i%4], i)
		a := synthArticle(path, -1, vocab[zipf.Uint64()]+" "+vocab[zipf.Uint64()], body.String(), ents...)
		a.Body = ""
		arts[i] = a
	}
	return arts
})

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
func BenchmarkApply100k(b *testing.B) {
	in := loadOrder(benchArticles())
	const chunk = 250
	b.ResetTimer()
	for b.Loop() {
		var batch Batch
		for i := 0; i < len(in); i += chunk {
			batch.Apply(Update{Articles: in[i:min(i+chunk, len(in))]})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(benchN/chunk), "ns/update")
}
