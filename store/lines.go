package store

import (
	"context"
	"fmt"

	"dateline/store/clean"
)

// CountLines reads every article of roots as a Load with opts would, and
// counts its lines for the batch step: the first of two passes for a
// caller that streams a batch in order (export) and wants the text a
// reader shows, which strips lines repeated across many articles of the
// batch. Pass the result as Options.Batch of the second pass. The count
// needs no entities and no cache, so opts' NoEntities, Cache, Slim and
// Batch are ignored; it loads in order, which runs no batch step of its
// own.
func CountLines(ctx context.Context, roots []string, opts Options) (*clean.BatchStats, error) {
	opts.NoEntities, opts.Cache, opts.Slim, opts.Batch, opts.Ordered = true, nil, false, nil, true
	opts.OnBuild = nil
	l, err := NewLoader(opts)
	if err != nil {
		return nil, fmt.Errorf("count lines: %w", err)
	}
	// The counts are of the raw text: cleaning it here would be the
	// second pass's work done twice.
	l.rawOnly = true
	stats := clean.NewBatchStats()
	for u := range l.Load(ctx, roots) {
		for _, a := range u.Articles {
			stats.Add(clean.LineKeys(a.Raw))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("count lines: %w", err)
	}
	return stats, nil
}
