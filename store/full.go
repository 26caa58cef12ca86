package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"dateline/store/clean"
)

// ErrChanged is returned by Loader.Full when the article's file no longer
// holds the article: it was edited, replaced or removed since the load.
var ErrChanged = errors.New("the file changed since it was loaded")

// Full returns the whole of a slim article (see Article.Slim): its raw text,
// cleaned lines, body and entity mentions, read back from the cache or, on a
// miss, by reading and cleaning its file again. Lines the batch step dropped
// are dropped again. An article that is not slim is returned as it is.
//
// The error wraps ErrChanged when the file no longer holds the article, so
// the caller can say so instead of showing another text under its title.
func (l *Loader) Full(ctx context.Context, a *Article) (*Article, error) {
	if !a.slim {
		return a, nil
	}
	// Reading the file again, or a revision's entities missing from the
	// cache, may tag it.
	l.model.use()
	defer l.model.done()
	// A revision's entities are kept apart from its file's (see
	// rederive), so the file is not tagged for it.
	revised := len(a.batch) > 0
	b, err := l.read(ctx, a, revised)
	if err != nil {
		return nil, err
	}
	if revised {
		l.rederive(b, a.batch)
	}
	return b, nil
}

// original returns the whole of slim article a as its file gives it, for
// the batch step to clean again, untagged unless the files read last or
// the article's cache entry had it tagged already. The batch step tags
// what it revises, and leaves most of the articles it looks at as they
// were: a first load of 10,000 articles, which keeps no cache entry of its
// own for each (see processing.entry), took 3.3 s for the step when it
// tagged them all again, against 0.5 s when their entries were read back.
func (l *Loader) original(ctx context.Context, a *Article) (*Article, error) {
	if !a.slim {
		return a, nil
	}
	return l.read(ctx, a, true)
}

// read returns a copy of the whole of slim article a as its file now gives
// it: from the files read last, from its cache entry, or from the file.
// Untagged, a file read is cleaned but not tagged, and is kept among the
// untagged files read last rather than in the cache.
func (l *Loader) read(ctx context.Context, a *Article, untagged bool) (*Article, error) {
	info, err := os.Stat(a.Path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w: %w", a.Path, ErrChanged, err)
	}
	r := l.recent.get(a.Path, info)
	if r == nil && untagged {
		r = l.recentText.get(a.Path, info)
	}
	if r == nil {
		// The entry is keyed by the file's state before the read, so a
		// file that changes during it is read again next time.
		r = new(l.process(ctx, a.Path, processing{entry: !untagged, untagged: untagged}))
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if untagged {
			l.recentText.put(a.Path, info, r)
		} else {
			l.recent.put(a.Path, info, r)
		}
	}
	return pick(r, a)
}

// pick returns a copy of the article of r with a's index and ID, or an
// error wrapping ErrChanged when r, made from a's file as it is now, has
// none.
func pick(r *result, a *Article) (*Article, error) {
	for _, found := range r.articles {
		if found.Index != a.Index {
			continue
		}
		if found.ID != a.ID {
			break
		}
		// The result may be shared with other callers through recent.
		b := *found
		return &b, nil
	}
	if len(r.articles) == 0 && len(r.skips) > 0 {
		return nil, fmt.Errorf("read %s: %s: %w", a.Path, r.skips[0].Reason, ErrChanged)
	}
	return nil, fmt.Errorf("read %s: %w", a.Path, ErrChanged)
}

// rederive makes b, the whole article as its file gives it, into its
// revision by the batch step, whose verdicts are marks. The entities are
// those the batch step found when it made the revision, kept in the cache:
// tagging again would load the entity model, which a reopen otherwise never
// does, and take milliseconds on every view of a revised article. Only
// when they are missing is the revision tagged again.
func (l *Loader) rederive(b *Article, marks []batchMark) {
	l.deriveText(b, withMarks(b.Clean, marks))
	b.batch = marks
	if ents, ok := l.cachedRevisionEntities(b); ok {
		b.Entities = ents
	} else {
		l.tag(b)
	}
	b.Prepare()
}

// withMarks returns cr with the verdicts in marks applied. The
// lines are copied: cr may be shared with a cached result.
func withMarks(cr clean.Result, marks []batchMark) clean.Result {
	out := clean.Result{Lines: append([]clean.Line(nil), cr.Lines...), Credit: cr.Credit}
	for _, m := range marks {
		if m.line >= 0 && m.line < len(out.Lines) {
			out.Lines[m.line].Code, out.Lines[m.line].Reason = m.code, m.reason
		}
	}
	return out
}

// marksBetween lists the lines whose verdict differs between two cleanings
// of the same text: what the batch step changed, mostly lines it dropped.
func marksBetween(before, after clean.Result) []batchMark {
	var marks []batchMark
	for i := range min(len(before.Lines), len(after.Lines)) {
		x, y := before.Lines[i], after.Lines[i]
		if x.Code != y.Code || x.Reason != y.Reason {
			marks = append(marks, batchMark{line: i, code: y.Code, reason: strings.Clone(y.Reason)})
		}
	}
	return marks
}

// recentFiles keeps what the loader made of the last few files Full (or,
// untagged, the batch step) read, so that stepping through the items of
// one JSON lines file, or revising them one by one, reads and decodes the
// file once and not once per item.
// An entry is used only while the file keeps the size and time it had.
type recentFiles struct {
	mu      sync.Mutex
	entries []recentFile // most recent last
}

type recentFile struct {
	path  string
	size  int64
	mtime time.Time
	r     *result
}

// recentCap is how many files recentFiles keeps: a couple per worker.
const recentCap = 4

func (c *recentFiles) get(path string, info os.FileInfo) *result {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.entries {
		if e.path == path && e.size == info.Size() && e.mtime.Equal(info.ModTime()) {
			return e.r
		}
	}
	return nil
}

func (c *recentFiles) put(path string, info os.FileInfo, r *result) {
	if len(r.articles) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.path == path {
			c.entries = append(c.entries[:i], c.entries[i+1:]...)
			break
		}
	}
	if len(c.entries) == recentCap {
		c.entries = c.entries[1:]
	}
	c.entries = append(c.entries, recentFile{path: path, size: info.Size(), mtime: info.ModTime(), r: r})
}
