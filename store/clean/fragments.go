package clean

// Fragments runs last. When the steps before it cut a whole page down to a
// few short lines (a shop's "I'm shopping for...", a listing's "Sort by:
// Best selling", one stray slogan) and none of them is a paragraph, the page
// was an index, a shop or an empty shell, not an article: showing the
// fragments would present menu scraps as its text, so they go too, and the
// reader says that nothing was left. A short file the cleaner left mostly
// alone (a news brief, a note) is not touched: the step needs the page to
// have been mostly stripped already.
type Fragments struct{}

// Name implements Step.
func (Fragments) Name() string { return "fragments" }

// Tuned on wcxb-dev: up to 80 kept tokens the gain holds steady, and the
// pages caught are shops, listings and error shells; past 100 it starts
// taking short service and forum pages whose text is real.
const (
	// fragmentsMaxWords is the most tokens a page's kept text may have for
	// it to count as fragments.
	fragmentsMaxWords = 50
	// fragmentsTokenRunes is the longest average token, in characters, of
	// text the step judges. Words of the languages it reads average five
	// or six; a script written without spaces, whose tokens are whole
	// clauses, makes a short article look like a few words.
	fragmentsTokenRunes = 12
	// fragmentsStripped is how many times more tokens the other steps must
	// have stripped than they kept.
	fragmentsStripped = 4
)

// Apply implements Step.
func (Fragments) Apply(d *Doc) {
	kept, dropped, runes := 0, 0, 0
	for i := range d.Len() {
		li := d.Info(i)
		if !d.Kept(i) {
			dropped += li.Words
			continue
		}
		if isProse(li) {
			return
		}
		kept += li.Words
		runes += li.runes
	}
	if kept == 0 || kept >= fragmentsMaxWords || runes > fragmentsTokenRunes*kept || dropped < fragmentsStripped*kept {
		return
	}
	for i := range d.Len() {
		d.Drop(i, CodeNoArticle, "no article on this page: only fragments were left")
	}
}
