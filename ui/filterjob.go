package ui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"dateline/store"
	"dateline/store/query"
)

// A filter job tests articles against the filters a slice at a time. A
// text query over 100,000 articles reads some 350 MB of search text, about
// 65 ms on this project's 2-core machine: done inside one Update it would
// freeze the prompt for several frames on the first letter typed. Typing
// therefore runs the job in steps of bounded work, each its own message,
// so that keys are handled and drawn between them; the list keeps showing
// the previous results until the job is done. Everything runs on the UI
// goroutine, so the job reads the marks and the batch like any Update.
// Articles streamed in while a job is under way join it (see filterAdded).
type filterJob struct {
	gen int // the job's number; a step of an older job is dropped
	// from does not change while the job runs. A job over the whole
	// batch takes a copy of the batch's array, which Batch.Apply shifts
	// in place as articles stream in (see startFilter); a narrowing one
	// takes the list's, which nothing writes while a job is under way:
	// streamed articles go to the job (filterAdded), and a revision, which
	// writes the list in place, ends the job with a refresh.
	from  []*store.Article
	all   bool // from is in the batch's order, so the results are sorted at the end
	count bool // from is the whole batch, and its unread articles are counted
	pos   int  // the next article of from to test
	items []*store.Article
	// unread counts the unread articles of from[:pos], for a count job.
	unread int
	// extra holds the articles streamed in while the job was under way
	// that pass the filters, in no order; they join the results at the end.
	extra []*store.Article
	match func(*store.Article) bool
	refs  []store.EntityRef
	keep  *store.Article // the selected article, kept even when read
	text  bool           // the query matches search text
	query query.Query
}

// filterStepMsg asks for the next step of job gen.
type filterStepMsg struct{ gen int }

// stepBudget bounds one step's work, in bytes of search text read plus
// articleCost per article tested, so that a step leaves most of a 16 ms
// frame for drawing; BenchmarkTyping100k's max-update-ms is the longest
// Update it gives. It is a count rather than a time, so that the same
// batch always splits the same way. A filter that reads no text (an entity
// filter) pays articleCost alone, which stands for fetching an article's
// fields and names from memory scattered over the heap: at 256, a step of
// 32,768 articles gave a longest Update of 15–22 ms in
// BenchmarkEntityTyping100k; at 512, 10–12 ms (3 runs each, in turn).
const (
	stepBudget  = 8 << 20
	articleCost = 512
)

// newFilterJob prepares a job over from with the filters in force.
func (m *Model) newFilterJob(from []*store.Article, all bool) *filterJob {
	m.jobGen++
	j := &filterJob{
		gen:   m.jobGen,
		from:  from,
		all:   all,
		items: make([]*store.Article, 0, len(from)),
		match: m.prompt.query.Matcher(m.queryEnv()),
		refs:  make([]store.EntityRef, len(m.picked)),
		keep:  m.list.selected(),
		text:  m.prompt.query.UsesText(),
		query: m.prompt.query,
	}
	for i, e := range m.picked {
		j.refs[i] = store.NewEntityRef(e)
	}
	return j
}

// step tests articles until budget is spent (budget < 0: until the end) and
// reports whether the job is done.
func (j *filterJob) step(m *Model, budget int) bool {
	spent := 0
	for ; j.pos < len(j.from); j.pos++ {
		if budget >= 0 && spent >= budget {
			return false
		}
		a := j.from[j.pos]
		spent += articleCost
		if j.text {
			n := len(a.SearchText())
			spent += n
			m.unevicted += n
		}
		pass, read := j.test(m, a)
		if j.count && !read {
			j.unread++
		}
		if pass {
			j.items = append(j.items, a)
		}
	}
	return true
}

// test reports whether a passes the job's filters, and whether it is read.
func (j *filterJob) test(m *Model, a *store.Article) (pass, read bool) {
	read = m.marks.isRead(a.ID)
	if m.hideRead && read && a != j.keep {
		return false, read
	}
	return j.match(a) && refersAll(a, j.refs), read
}

// take tests articles just added to the batch at once, keeping those that
// pass in extra, and returns how many of them are unread. They are few
// (one update's worth), so testing them costs far less than a step.
func (j *filterJob) take(m *Model, added []*store.Article) (unread int) {
	for _, a := range added {
		if j.text {
			m.unevicted += len(a.SearchText())
		}
		pass, read := j.test(m, a)
		if !read {
			unread++
		}
		if pass {
			j.extra = append(j.extra, a)
		}
	}
	return unread
}

// finish lists the job's results.
func (j *filterJob) finish(m *Model) tea.Cmd {
	if m.job == j {
		m.job = nil
	}
	if j.count {
		m.unread = j.unread
	}
	// The selection is taken first: merging may shift the list's own
	// array in place, under the cursor.
	sel := m.list.selected()
	items := j.items
	if j.all && m.sortKey != store.SortFile {
		// The batch is kept in file order, so that order needs no
		// sort; the others re-sort what the filter kept.
		store.Sort(items, m.sortKey)
	}
	if len(j.extra) > 0 {
		// Articles streamed in meanwhile join the sorted results; items
		// is the job's own array, so merging may reuse it.
		store.Sort(j.extra, m.sortKey)
		items = store.Merge(items, j.extra, m.sortKey)
	}
	m.list.setItems(items, sel)
	return tea.Batch(m.selectionChanged(), m.article.setHighlights(j.query.Highlights()))
}

// startFilter runs a job in steps (see filterJob) for a query typed at the
// prompt; the batch and the marks have not changed, so the unread count
// stands. When the new query only narrows the one before, only the
// articles listed need testing; otherwise the whole batch does. A job
// still under way is superseded; when the new query narrows its query, the
// new job starts from what the old one kept so far and what it had still
// to test, in the same order, since what it rejected the narrower query
// rejects too; so are the articles streamed in while it ran, which it
// kept aside.
func (m *Model) startFilter(narrows bool) tea.Cmd {
	from, all := m.batch.Articles, true
	old := m.job
	switch {
	case narrows && old != nil:
		from = append(append(make([]*store.Article, 0, len(old.items)+len(old.from)-old.pos), old.items...), old.from[old.pos:]...)
		all = old.all
	case narrows:
		from, all = m.list.items, false
	}
	m.job = nil
	j := m.newFilterJob(from, all)
	if narrows && old != nil {
		// Their unread articles were counted when they arrived.
		j.take(m, old.extra)
	}
	if j.step(m, stepBudget) {
		return tea.Batch(j.finish(m), m.evictRead(true))
	}
	if !narrows {
		// The job outlives this Update, and from is the batch's own
		// array, which the loader's updates shift in place. Copying it
		// costs a pointer per article, once per job; a job done in one
		// step, the usual case for small batches, needs no copy.
		j.from = slices.Clone(j.from)
	}
	m.job = j
	return tea.Batch(nextStep(j.gen), m.evictRead(false))
}

// nextStep asks for the next step of job gen.
func nextStep(gen int) tea.Cmd {
	return func() tea.Msg { return filterStepMsg{gen} }
}

// stepFilter runs the next step of the job under way, if msg is for it.
func (m *Model) stepFilter(msg filterStepMsg) tea.Cmd {
	j := m.job
	if j == nil || j.gen != msg.gen {
		return nil
	}
	if j.step(m, stepBudget) {
		return tea.Batch(j.finish(m), m.evictRead(true))
	}
	return tea.Batch(nextStep(j.gen), m.evictRead(false))
}

// evictEvery is how much search text filters read before the pages they
// brought back are let go, so that a text filter over a large batch adds
// at most about this much to the reader's resident memory while it runs.
const evictEvery = 64 << 20

// evictRead lets go the pages of search text the filters read, through
// Config.Evict, once they have read evictEvery bytes of it or, when done
// is set, any. Letting the pages go is a system call over the whole
// mapped cache, so it runs in a command, off the UI goroutine; the text
// stays readable meanwhile.
func (m *Model) evictRead(done bool) tea.Cmd {
	if m.evict == nil || m.unevicted == 0 || !done && m.unevicted < evictEvery {
		return nil
	}
	m.unevicted = 0
	evict := m.evict
	return func() tea.Msg {
		evict()
		return nil
	}
}

// filterAdded lists the articles just added to the batch that pass the
// filters, merged into the list as it stands: while a large batch streams
// in, testing and sorting the whole of it again for every update took tens
// of milliseconds of each (with a text query or an order other than the
// files'). A job under way takes the added articles instead, and lists
// them with its results: filtering the whole batch here would be the long
// Update the job exists to avoid, on every key typed while a batch loads.
func (m *Model) filterAdded(added []*store.Article) tea.Cmd {
	if len(added) == 0 {
		return nil
	}
	if j := m.job; j != nil {
		m.unread += j.take(m, added)
		return nil
	}
	// A job with nothing left to test: the list as it stands is its
	// results, and the added articles that pass join them. The list's
	// array is the reader's own, so merging may reuse it.
	j := m.newFilterJob(nil, false)
	j.items = m.list.items
	m.unread += j.take(m, added)
	return tea.Batch(j.finish(m), m.evictRead(m.streamed))
}
