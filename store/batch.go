package store

import (
	"cmp"
	"path/filepath"
	"slices"
)

// Batch is the set of articles loaded so far, kept in path order, with the
// skipped files and the load progress. It is owned by one goroutine (the
// reader's) and fed Updates from a Loader.
type Batch struct {
	Articles []*Article // sorted by Path, then Index
	Skips    []Skip
	Found    int
	Done     int
	Checking bool // as the last update said (see Update.Checking)
	Finished bool
}

// Applied is what an update changed among the articles a batch held, so
// that indexes kept beside the batch can be updated rather than rebuilt.
type Applied struct {
	// Replaced holds, for each of the update's Revised, the article it
	// replaced, or nil for a revision of an article the batch does not
	// hold.
	Replaced []*Article
	// Removed holds the articles the update's Removed took out, as the
	// batch held them (a revision, maybe, of the one the loader named).
	Removed []*Article
}

// Apply merges one Update into the batch. The update's articles are sorted
// among themselves and merged into the sorted batch, so that an update costs
// O(k log k) for its k articles plus the move of the articles that sort after
// them, not a sort of the whole batch: at 100,000 articles the loader sends
// hundreds of updates.
//
// The articles of u.Removed go first, since a file that changed comes
// back in the same update with articles of the same path, index and ID.
func (b *Batch) Apply(u Update) (done Applied) {
	if len(u.Removed) > 0 {
		done.Removed = b.remove(u.Removed)
	}
	if len(u.Articles) > 0 {
		fresh := slices.Clone(u.Articles)
		slices.SortStableFunc(fresh, compareArticles)
		b.Articles = mergeSorted(b.Articles, fresh, compareArticles)
	}
	if len(u.Revised) > 0 {
		done.Replaced = make([]*Article, len(u.Revised))
		for i, r := range u.Revised {
			done.Replaced[i] = b.replace(r)
		}
	}
	b.Skips = append(b.Skips, u.Skips...)
	// Found may go down: the last update replaces an estimate taken while
	// files came and went with the exact count.
	if u.Found > 0 {
		b.Found = u.Found
	}
	b.Done = max(b.Done, u.Done)
	b.Checking = u.Checking && !u.Finished
	b.Finished = b.Finished || u.Finished
	return done
}

// replace puts r in place of the article with its path, index and ID, and
// returns that article. A revision of an article the batch does not hold is
// ignored, and replace returns nil.
func (b *Batch) replace(r *Article) *Article {
	i := b.find(r)
	if i < 0 {
		return nil
	}
	old := b.Articles[i]
	b.Articles[i] = r
	return old
}

// find returns where the batch holds the article with r's path, index and
// ID, or -1.
func (b *Batch) find(r *Article) int {
	i, found := slices.BinarySearchFunc(b.Articles, r, compareArticles)
	for ; found && i < len(b.Articles) && compareArticles(b.Articles[i], r) == 0; i++ {
		if b.Articles[i].ID == r.ID {
			return i
		}
	}
	return -1
}

// remove takes out the articles with the path, index and ID of those in
// gone, and returns them. The batch closes up once, however many go: a
// reopen that finds a folder of a thousand files gone must not move
// 100,000 articles a thousand times.
func (b *Batch) remove(gone []*Article) []*Article {
	var out []*Article
	marked := make(map[int]bool, len(gone))
	for _, r := range gone {
		if i := b.find(r); i >= 0 && !marked[i] {
			marked[i] = true
			out = append(out, b.Articles[i])
		}
	}
	if len(out) == 0 {
		return nil
	}
	k := 0
	for i, a := range b.Articles {
		if !marked[i] {
			b.Articles[k] = a
			k++
		}
	}
	clear(b.Articles[k:])
	b.Articles = b.Articles[:k]
	return out
}

// mergeSorted merges src into dst, both sorted by compare, and returns the
// result. Articles of dst come before equal articles of src, as a stable
// sort of dst followed by src would put them. It works backwards in place
// from the end of dst: each article of src finds its place by binary search
// in what is left of dst, and the run of dst after that place moves up in
// one copy. A few hundred streamed articles merged into a list of 100,000
// then cost a few thousand comparisons, not one per listed article, however
// their order scatters them; a load in walk order only ever appends.
func mergeSorted(dst, src []*Article, compare func(x, y *Article) int) []*Article {
	n := len(dst)
	if len(src) == 0 {
		return dst
	}
	if n == 0 || compare(dst[n-1], src[0]) <= 0 {
		return append(dst, src...)
	}
	dst = slices.Grow(dst, len(src))[:n+len(src)]
	// dst[:i] is what is left of the old articles, dst[k:] is merged.
	i, k := n, n+len(src)
	for j := len(src) - 1; j >= 0; j-- {
		// The first old article that sorts after src[j]: equal ones stay
		// before it.
		pos, _ := slices.BinarySearchFunc(dst[:i], src[j], func(x, t *Article) int {
			if compare(x, t) <= 0 {
				return -1
			}
			return 1
		})
		moved := i - pos
		copy(dst[k-moved:k], dst[pos:i])
		k -= moved
		i = pos
		k--
		dst[k] = src[j]
	}
	return dst
}

func compareArticles(x, y *Article) int {
	return cmp.Or(ComparePaths(x.Path, y.Path), cmp.Compare(x.Index, y.Index))
}

// ComparePaths orders paths folder by folder, the order a walk visits them
// in: "a/b.txt" sorts before "a.txt" because folder "a" sorts before file
// "a.txt". Sorting whole strings would put "a.txt" first, since '.' < '/'.
//
// It compares the paths byte by byte rather than cutting them into
// folders: merging streamed articles into a batch of 100,000 compares
// paths that share a long root a few million times, and only the first
// byte where they differ decides. There, a folder or a path that has ended
// sorts before one that goes on.
func ComparePaths(x, y string) int {
	const sep = filepath.Separator
	n := min(len(x), len(y))
	i := 0
	for i < n && x[i] == y[i] {
		i++
	}
	xEnd := i == len(x) || x[i] == sep
	yEnd := i == len(y) || y[i] == sep
	switch {
	case xEnd && yEnd:
		// The names are the same up to here: the path that ends here
		// is a file beside the other's folder, and sorts first.
		return cmp.Compare(len(x), len(y))
	case xEnd:
		return -1
	case yEnd:
		return 1
	}
	return cmp.Compare(x[i], y[i])
}
