package main

import (
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options say what Generate writes. The zero value of JSONL and HTML writes
// every article as a plain .txt file, whereas the command's defaults (-jsonl
// 0.1, -html 0.05) mix in JSON lines files and HTML pages: a caller that
// wants the batch the command writes must set both shares itself.
type Options struct {
	N     int     // articles
	Seed  uint64  // the same seed writes the same batch
	JSONL float64 // share of articles written into JSON lines files
	HTML  float64 // share of articles written as HTML pages
}

// Stats count what Generate wrote.
type Stats struct {
	Articles, Files int
	Bytes           int64
}

// perJSONL is how many articles one JSON lines file holds.
const perJSONL = 20

// sections are the sub-folders articles are spread over, as scrapers often
// file them by section. With the command's default mix, 100,000 articles
// make about 90,400 files, so each section holds about 11,300.
var sections = []string{"world", "business", "politics", "sport", "science", "culture", "health", "local"}

// Generate writes opts.N articles under dir, creating it if needed. Files
// that already exist with the same names are replaced.
func Generate(dir string, opts Options) (Stats, error) {
	var st Stats
	if opts.N < 0 {
		return st, fmt.Errorf("negative article count %d", opts.N)
	}
	for _, s := range sections {
		if err := os.MkdirAll(filepath.Join(dir, s), 0o755); err != nil {
			return st, fmt.Errorf("generate: %w", err)
		}
	}
	g := &gen{r: rand.New(rand.NewPCG(opts.Seed, 0x6461746567656e))}
	write := func(name string, data []byte) error {
		p := filepath.Join(dir, sections[st.Files%len(sections)], name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		st.Files++
		st.Bytes += int64(len(data))
		return nil
	}
	// One draw picks the kind of the next file. A JSON lines file holds
	// perJSONL articles, so it is drawn that much less often for the shares
	// of articles to come out as asked.
	pJSONL := 0.0
	if opts.JSONL > 0 {
		pJSONL = opts.JSONL / (opts.JSONL + perJSONL*(1-opts.JSONL))
	}
	pHTML := (1 - pJSONL) * opts.HTML / max(1-opts.JSONL, 1e-9)
	for st.Articles < opts.N {
		seq := st.Files
		switch x := g.r.Float64(); {
		case x < pJSONL && opts.N-st.Articles >= perJSONL:
			var b strings.Builder
			for range perJSONL {
				line, err := json.Marshal(g.article().jsonRecord())
				if err != nil {
					return st, fmt.Errorf("generate: %w", err)
				}
				b.Write(line)
				b.WriteByte('\n')
			}
			if err := write(fmt.Sprintf("%06d_%016x.jsonl", seq, g.r.Uint64()), []byte(b.String())); err != nil {
				return st, err
			}
			st.Articles += perJSONL
		case x < pJSONL+pHTML:
			if err := write(fmt.Sprintf("%06d_%016x.html", seq, g.r.Uint64()), []byte(g.article().html())); err != nil {
				return st, err
			}
			st.Articles++
		default:
			if err := write(fmt.Sprintf("%06d_%016x.txt", seq, g.r.Uint64()), []byte(g.article().text())); err != nil {
				return st, err
			}
			st.Articles++
		}
	}
	return st, nil
}

// gen draws the parts of articles from one random source.
type gen struct{ r *rand.Rand }

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// person is someone an article quotes: first named in full with a role,
// later by surname.
type person struct{ role, first, last string }

func (p person) full() string  { return p.first + " " + p.last }
func (p person) intro() string { return p.role + " " + p.full() }

// article is one synthetic story with its scraped debris.
type article struct {
	title, source, date, place, url string
	dateline                        string
	paras                           []string // the story itself
	head, tail                      []string // boilerplate before and after it
}

func (g *gen) person() person {
	return person{role: g.pick(roles), first: g.pick(firstNames), last: g.pick(surnames)}
}

func (g *gen) article() article {
	agency := g.pick(agencies)
	place := g.pick(places)
	month := g.pick(months)
	day := 1 + g.r.IntN(28)
	year := 2014 + g.r.IntN(10)
	people := []person{g.person(), g.person(), g.person()}
	orgs := []string{g.pick(orgs), g.pick(orgs)}
	topic := g.pick(topics)
	fill := func(t string) string {
		return capitalise(strings.NewReplacer(
			"{P0}", people[0].intro(), "{S0}", people[0].last,
			"{P1}", people[1].intro(), "{S1}", people[1].last,
			"{F2}", people[2].full(), "{S2}", people[2].last,
			"{O0}", orgs[0], "{O1}", orgs[1],
			"{L}", place, "{L2}", g.pick(places),
			"{T}", topic, "{N}", fmt.Sprint(2+g.r.IntN(900)),
			"{W}", g.pick(weekdays),
		).Replace(t))
	}
	a := article{
		source: agency,
		place:  place,
		date:   fmt.Sprintf("%s %d, %d", month, day, year),
		title:  fill(g.pick(headlines)),
		url:    fmt.Sprintf("https://news.example.com/%s/%d/%x", strings.ToLower(strings.ReplaceAll(topic, " ", "-")), year, g.r.Uint32()),
	}
	if g.r.IntN(2) == 0 {
		a.dateline = fmt.Sprintf("%s, %s %d (%s) - ", strings.ToUpper(place), month, day, agency)
	} else {
		a.dateline = fmt.Sprintf("%s (%s) - ", strings.ToUpper(place), agency)
	}
	// Open with the lead, then shuffle the body sentences into paragraphs.
	n := 14 + g.r.IntN(10)
	for i := range n {
		var sents []string
		for range 2 + g.r.IntN(2) {
			if i == 0 && len(sents) == 0 {
				sents = append(sents, fill(g.pick(leads)))
				continue
			}
			sents = append(sents, fill(g.pick(sentences)))
		}
		a.paras = append(a.paras, strings.Join(sents, " "))
		if i > 2 && g.r.IntN(12) == 0 {
			// Scrapes leave debris in the middle of the text too.
			a.paras = append(a.paras, g.pick(inline))
		}
	}
	if g.r.IntN(3) > 0 {
		a.head = append(a.head, g.pick(cookies))
	}
	if g.r.IntN(2) == 0 {
		a.head = append(a.head, g.pick(shares))
	}
	if g.r.IntN(3) == 0 {
		a.tail = append(a.tail, paywall...)
	}
	a.tail = append(a.tail, fmt.Sprintf(g.pick(trailers), g.pick(surnames), g.pick(surnames)))
	a.tail = append(a.tail, fmt.Sprintf("© %d %s. All rights reserved.", year, agency))
	if g.r.IntN(2) == 0 {
		a.tail = append(a.tail, g.pick(shares))
	}
	if g.r.IntN(2) == 0 {
		a.tail = append(a.tail, "Related: "+fill(g.pick(headlines)), "Read more: "+fill(g.pick(headlines)))
	}
	return a
}

// text lays the article out as a scraper's plain-text dump: one paragraph
// per line, the headline sometimes first, boilerplate around it.
func (a article) text() string {
	var lines []string
	lines = append(lines, a.head...)
	if len(a.title)%2 == 0 {
		lines = append(lines, a.title)
	}
	lines = append(lines, a.dateline+a.paras[0])
	lines = append(lines, a.paras[1:]...)
	lines = append(lines, a.tail...)
	return strings.Join(lines, "\n") + "\n"
}

// jsonRecord is the article as a scraper's JSON object, with the body still
// carrying its boilerplate.
func (a article) jsonRecord() map[string]string {
	body := strings.Join(append(append([]string{a.dateline + a.paras[0]}, a.paras[1:]...), a.tail...), "\n")
	return map[string]string{"title": a.title, "source": a.source, "date": a.date, "url": a.url, "text": body}
}

// html is the article as a saved web page with navigation and footer.
func (a article) html() string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>\n", html.EscapeString(a.title))
	fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"%s\">\n<meta property=\"article:published_time\" content=\"%s\">\n</head><body>\n", html.EscapeString(a.source), html.EscapeString(a.date))
	b.WriteString("<nav><a href=\"/\">Home</a> | <a href=\"/world\">World</a> | <a href=\"/business\">Business</a> | <a href=\"/login\">Sign in</a></nav>\n")
	for _, h := range a.head {
		fmt.Fprintf(&b, "<div class=\"notice\">%s</div>\n", html.EscapeString(h))
	}
	fmt.Fprintf(&b, "<article><h1>%s</h1>\n", html.EscapeString(a.title))
	fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(a.dateline+a.paras[0]))
	for _, p := range a.paras[1:] {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	for _, t := range a.tail {
		fmt.Fprintf(&b, "<p class=\"footer\">%s</p>\n", html.EscapeString(t))
	}
	b.WriteString("</article>\n<footer>Terms of use · Privacy policy · Contact us</footer>\n</body></html>\n")
	return b.String()
}

// capitalise upper-cases the first letter of s, for a sentence that opens
// with a role such as "economist" or a name such as "the Red Cross".
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
