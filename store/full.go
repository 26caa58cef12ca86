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
	info, err := os.Stat(a.Path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w: %w", a.Path, ErrChanged, err)
	}
	r := l.recent.get(a.Path, info)
	if r == nil {
		// The entry is keyed by the file's state before the read, so a
		// file that changes during it is read again next time.
		r = new(l.process(ctx, a.Path, false, nil, nil))
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		l.recent.put(a.Path, info, r)
	}
	for _, found := range r.articles {
		if found.Index != a.Index {
			continue
		}
		if found.ID != a.ID {
			break
		}
		// The result may be shared with other callers through recent.
		b := *found
		if len(a.batch) > 0 {
			l.rederive(&b, a.batch)
		}
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

// recentFiles keeps what the loader made of the last few files Full read,
// so that stepping through the items of one JSON lines file, or revising
// them one by one, reads and decodes the file once and not once per item.
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
