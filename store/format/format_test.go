package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	if IsGzip(data) {
		data, _, err = Gunzip(data, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
	}
	return data
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		data string
		want Kind
	}{
		{"a.txt", "Plain words here.", Text},
		{"a", "Plain words here.", Text},
		{"a.md", "# Title\n\nText", Markdown},
		{"a.html", "<!DOCTYPE html><html><body>x</body></html>", HTML},
		{"a.txt", "  \n<!doctype HTML>\n<html>", HTML},
		{"a.txt", "<html lang=en><p>saved as text</p></html>", HTML},
		{"a.html", "no markup at all, the name lied", Text},
		{"a.json", `{"title": "x"}`, JSON},
		{"a.json", "[{\"title\": \"x\"}]", JSON},
		{"a.txt", "{\"title\": \"x\",\n \"text\": \"y\"\n}", JSON},
		{"a.txt", "{\"title\": \"x\"}\n{\"title\": \"y\"}", JSONLines},
		{"a.jsonl", "{\"title\": \"x\"}", JSONLines},
		{"a.ndjson", "{\"title\": \"x\"}", JSONLines},
		{"a.json.gz", `{"t":1}`, JSON},
		{"a.csv", "a,b,c", Text},
		{"a.html", " \n<script>var x = 1;</script><div>page</div>", HTML},
		{"a.txt", "<style>p { color: red }</style>\n<p>styled</p>", HTML},
		{"a.txt", "<Reuters> said the market fell", Text},
		{"a.txt", "\xef\xbb\xbf{\"title\": \"x\"}", JSONLines},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("Detect(%q, %q) = %v, want %v", tt.name, tt.data, got, tt.want)
		}
	}
}

func TestReadFixtures(t *testing.T) {
	type doc struct {
		index                                       int
		title, url, date, author, source, bodyStart string
		extracted                                   bool
	}
	tests := []struct {
		file  string
		docs  []doc
		probs []string
	}{
		{file: "harbour-strike.html", docs: []doc{{-1, "Harbour strike ends after nine days", "https://ledger.example/news/harbour-strike-ends", "2024-03-05", "Marta Quintero", "The Coastal Ledger", "Harbour strike ends after nine days\nDock workers in Port Allard voted", true}}},
		{file: "terrace-tax.htm", docs: []doc{{-1, "Café owners protest new terrace tax", "", "", "", "", "Café owners protest new terrace tax\nOwners of more than sixty cafés in the old town of Saint-Rémy", true}}},
		{file: "html-saved-as.txt", docs: []doc{{-1, "Harbour strike ends after nine days (mirror)", "https://ledger.example/news/harbour-strike-ends", "2024-03-05", "Marta Quintero", "The Coastal Ledger", "Harbour strike ends after nine days (mirror)\nDock workers", true}}},
		{file: "batch.jsonl",
			docs: []doc{
				{0, "Rail line to reopen after landslide", "https://valley.example/rail", "2024-02-11 09:15:00", "Ines Barros, Tom Hale", "Valley Courier", "Engineers have cleared the landslide", false},
				{2, "Library extends opening hours", "https://city.example/library", "March 2, 2024", "Sam Okafor", "City Herald", "The central library will open", false},
				{3, "Page with raw HTML only", "https://ledger.example/news/harbour-strike-ends", "2024-03-05", "Marta Quintero", "The Coastal Ledger", "Harbour strike ends after nine days\nDock workers", true},
			},
			probs: []string{"line 2: malformed JSON", "line 5: no article text"},
		},
		{file: "two-articles.json", docs: []doc{
			{0, "Wind farm approved off the north coast", "https://energy.example/wind", "Wed, 06 Mar 2024 14:00:00 +0000", "", "Energy Desk", "Regulators approved a forty-turbine wind farm", false},
			{1, "School meals to include more local produce", "https://district.example/meals", "2024-03-07", "", "District News", "Schools in the district", false},
		}},
		{file: "museum.json", docs: []doc{{-1, "Museum returns carved panels", "https://culture.example/panels", "2024-03-09T10:00:00+01:00", "Lena Brandt", "culture.example", "The national museum returned", false}}},
		{file: "snow-utf16.txt", docs: []doc{{-1, "", "", "", "", "", "Snowfall closes mountain pass\nHeavy snow closed the Col de Varenne", false}}},
		{file: "bridge-bom-crlf.txt", docs: []doc{{-1, "", "", "", "", "", "Bridge repairs finish early\nRepairs to the old stone bridge", false}}},
		{file: "ferry-cr.txt", docs: []doc{{-1, "", "", "", "", "", "Ferry timetable changes for spring\nThe island ferry", false}}},
		{file: "cafe-cp1252.txt", docs: []doc{{-1, "", "", "", "", "", "Café in São João wins award\nA small café", false}}},
		{file: "cycle-lanes.md", docs: []doc{{-1, "", "", "", "", "", "# Council approves cycle lanes\n\nThe city council", false}}},
		{file: "emissions-talks.txt.gz", docs: []doc{{-1, "", "", "", "", "", "GENEVA, March 4 (Reuters) - Talks", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			docs, probs, err := Read(tt.file, fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != len(tt.docs) {
				t.Fatalf("got %d docs, want %d: %+v", len(docs), len(tt.docs), docs)
			}
			for i, w := range tt.docs {
				d := docs[i]
				got := doc{d.Index, d.Title, d.URL, d.Date, d.Author, d.Source, "", d.Extracted}
				want := w
				want.bodyStart = ""
				if got != want {
					t.Errorf("doc %d:\n got %+v\nwant %+v", i, got, want)
				}
				if !strings.HasPrefix(d.Body, w.bodyStart) {
					t.Errorf("doc %d body starts %q, want %q", i, d.Body[:min(len(d.Body), 80)], w.bodyStart)
				}
				if strings.ContainsRune(d.Body, '\r') || strings.Contains(d.Body, "\uFEFF") {
					t.Errorf("doc %d body keeps a CR or BOM", i)
				}
				if d.Extracted && (strings.Contains(d.Body, "Subscribe") || strings.Contains(d.Body, "All rights reserved") || strings.Contains(d.Body, "cookies")) {
					t.Errorf("doc %d: page furniture left in extracted body:\n%s", i, d.Body)
				}
			}
			if len(probs) != len(tt.probs) {
				t.Fatalf("problems %+v, want %q", probs, tt.probs)
			}
			for i, p := range tt.probs {
				if !strings.HasPrefix(probs[i].Reason, p) {
					t.Errorf("problem %d = %q, want prefix %q", i, probs[i].Reason, p)
				}
			}
		})
	}
}

func TestReadRejects(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty.txt", "", "empty file"},
		{"blank.txt", " \n\t\n", "empty file"},
		{"x.bin", "\x00\x01\x02ELF", "binary file, not text"},
		{"x.json", "{\"title\": ", "malformed JSON"},
		{"x.json", "{\"title\": \"only a title\"}", "no article text"},
	}
	for _, tt := range tests {
		_, _, err := Read(tt.name, []byte(tt.data))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Read(%q, %q) error = %v, want %q", tt.name, tt.data, err, tt.want)
		}
	}
}

func TestGunzipLimit(t *testing.T) {
	data := fixture(t, "emissions-talks.txt.gz")
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "formats", "emissions-talks.txt.gz"))
	if err != nil {
		t.Fatal(err)
	}
	out, cut, err := Gunzip(raw, 20)
	if err != nil || !cut || string(out) != string(data[:20]) {
		t.Errorf("Gunzip limit 20 = %q, cut %v, err %v", out, cut, err)
	}
	if _, _, err := Gunzip([]byte("\x1f\x8bnot gzip"), 100); err == nil {
		t.Error("corrupt gzip accepted")
	}
}

// FuzzRead feeds arbitrary bytes under each kind of name through detection
// and reading: nothing may panic, and every document must be valid UTF-8
// with normalised line endings.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"batch.jsonl", "two-articles.json", "museum.json", "snow-utf16.txt", "terrace-tax.htm"} {
		f.Add(name, fixture(f, name))
	}
	f.Add("x.jsonl", []byte("{\"text\": \"a\"}\n{bad\n[1,2]\n{\"html\": \"<p>x</p>\"}"))
	f.Add("x.json", []byte(`[{"text": {"name": 3}}, "str", null]`))
	f.Add("x.json", []byte("{\n  \"text\": \"a\"\n}\n[1]\n{\n  \"text\":\n}\n"))
	f.Add("x.txt", []byte("[Updated 10:30] Kerry meets Lavrov.\n{draft}"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		docs, _, err := Read(name, data)
		if err != nil && len(docs) > 0 {
			t.Fatal("error with documents")
		}
		for _, d := range docs {
			for _, s := range []string{d.Title, d.Body, d.URL, d.Date, d.Author, d.Source} {
				if !utf8Valid(s) {
					t.Fatalf("invalid UTF-8: %q", s)
				}
			}
			if strings.ContainsRune(d.Body, '\r') {
				t.Fatalf("CR in body %q", d.Body)
			}
		}
	})
}

// FuzzDetect checks that detection never panics and always names a kind
// dateline can read.
func FuzzDetect(f *testing.F) {
	f.Add("a.txt", []byte("<html>"))
	f.Add("b.jsonl", []byte("{\"a\":1}\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if k := Detect(name, data); k == Unknown {
			t.Fatalf("Detect(%q) = Unknown", name)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// summary renders what Read returned compactly for table tests: each
// document as "index:body", then each problem's reason or the error.
func summary(docs []Doc, probs []Problem, err error) (got []string, reasons []string) {
	for _, d := range docs {
		got = append(got, fmt.Sprintf("%d:%s", d.Index, d.Body))
	}
	for _, p := range probs {
		reasons = append(reasons, p.Reason)
	}
	if err != nil {
		reasons = append(reasons, err.Error())
	}
	return got, reasons
}

// checkRead compares Read's result with the documents wanted exactly and
// with the problems (or error) wanted by prefix.
func checkRead(t *testing.T, name, data string, want, wantProbs []string) {
	t.Helper()
	got, reasons := summary(Read(name, []byte(data)))
	if !slices.Equal(got, want) {
		t.Errorf("Read(%q, %q) docs\n got %q\nwant %q", name, data, got, want)
	}
	if len(reasons) != len(wantProbs) {
		t.Fatalf("Read(%q, %q) problems %q, want %q", name, data, reasons, wantProbs)
	}
	for i, p := range wantProbs {
		if !strings.HasPrefix(reasons[i], p) {
			t.Errorf("Read(%q, %q) problem %d = %q, want prefix %q", name, data, i, reasons[i], p)
		}
	}
}

func TestReadSniffedJSON(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string
		wantProbs  []string
	}{
		// Only the first character said JSON: the text is an article.
		{"a.txt", "[Updated 10:30] Kerry meets Lavrov in Geneva.\nThe talks began at noon.", []string{"-1:[Updated 10:30] Kerry meets Lavrov in Geneva.\nThe talks began at noon."}, nil},
		{"a.md", "{draft} Kerry meets Lavrov\n\nThe ministers met.", []string{"-1:{draft} Kerry meets Lavrov\n\nThe ministers met."}, nil},
		{"a", "[Updated 10:30] Kerry meets Lavrov.", []string{"-1:[Updated 10:30] Kerry meets Lavrov."}, nil},
		{"a.csv", "[Updated 10:30] Kerry meets Lavrov.", []string{"-1:[Updated 10:30] Kerry meets Lavrov."}, nil},
		{"a.html", "[Updated 10:30] Kerry meets Lavrov.", []string{"-1:[Updated 10:30] Kerry meets Lavrov."}, nil},
		{"a.txt", "{Kerry} meets Lavrov.}\r\nThe ministers met.", []string{"-1:{Kerry} meets Lavrov.}\nThe ministers met."}, nil},
		{"a.txt", "[2016] Kerry met Lavrov for the first time.", []string{"-1:[2016] Kerry met Lavrov for the first time."}, nil},
		{"a.txt", "[1, 2, 3]", []string{"-1:[1, 2, 3]"}, nil},
		// A name that says JSON keeps the JSON reading and its complaints.
		{"a.json", "[Updated 10:30] Kerry meets Lavrov.", nil, []string{"malformed JSON"}},
		{"a.jsonl", "{Kerry} meets Lavrov.}\nThe ministers met.", nil, []string{"line 1: malformed JSON", "line 2: malformed JSON"}},
		// Content that is JSON articles stays JSON under a text name.
		{"a.txt", "{\"text\": \"One\"}\n{\"text\": \"Two\"}", []string{"0:One", "1:Two"}, nil},
		{"a.txt", "{\"text\": \"One\"}\n{bad}", []string{"0:One"}, []string{"line 2: malformed JSON"}},
		{"a.txt", "[{\"text\": \"One\"}]", []string{"0:One"}, nil},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkRead(t, tt.name, tt.data, tt.want, tt.wantProbs) })
	}
}

func TestReadJSONStream(t *testing.T) {
	tests := []struct {
		data      string
		want      []string
		wantProbs []string
	}{
		// One value is one article, or an array of them, as before.
		{"{\"text\": \"one\"}\n\n", []string{"-1:one"}, nil},
		{"[{\"text\": \"one\"}, {\"text\": \"two\"}]\r\n", []string{"0:one", "1:two"}, nil},
		// JSON lines under a .json name.
		{"{\"text\": \"one\"}\n{\"text\": \"two\"}\n{\"text\": \"three\"}\n", []string{"0:one", "1:two", "2:three"}, nil},
		{"\xef\xbb\xbf{\"text\": \"one\"}\r\n{\"text\": \"two\"}\r\n", []string{"0:one", "1:two"}, nil},
		{"{\"text\": \"one\"}\n{bad\n{\"text\": \"three\"}\n42\n{\"title\": \"no text\"}",
			[]string{"0:one", "2:three"},
			[]string{"line 2: malformed JSON", "line 4: not a JSON object", "line 5: no article text"}},
		{"{\"text\": \"one\"}\n{\"text\": \"tw", []string{"0:one"}, []string{"line 2: malformed JSON"}},
		// Objects spread over lines one after another, as jq prints them.
		{"{\n  \"text\": \"one\"\n}\n{\n  \"text\": \"two\"\n}\n", []string{"0:one", "1:two"}, nil},
		{"{\"text\": \"one\"} {\"text\": \"two\"}", []string{"0:one", "1:two"}, nil},
		{"{\n  \"text\": \"one\"\n}\n42\n{\n  \"text\": \"three\",\n  \"title\":\n}\n{\"text\": \"four\"}",
			[]string{"0:one"},
			[]string{"line 4: not a JSON object", "line 5: malformed JSON"}},
		// The first value, decoded once to tell a stream from a single
		// value, is read as the stream's first item, on the line it
		// starts on.
		{"\n\n{\n  \"text\": \"one\"\n}\n42", []string{"0:one"}, []string{"line 6: not a JSON object"}},
		{"\n[7]\n{\n  \"text\": \"two\"\n}", []string{"1:two"}, []string{"item 0 is not an object"}},
		// Arrays one after another, as an exporter appending each run
		// leaves them; their items are numbered on across the arrays.
		{"[\n{\"text\": \"one\"},\n{\"text\": \"two\"}\n][\n{\"text\": \"three\"},\n7\n]\n", []string{"0:one", "1:two", "2:three"}, []string{"item 3 is not an object"}},
		{"[{\"text\": \"one\"}]\n[{\"text\": \"two\"}]\n{\"text\": \"three\"}", []string{"0:one", "1:two", "2:three"}, nil},
		// An array after a first line that holds a whole object, which
		// makes the file JSON lines, is read as items too: both orders of
		// the same records give the same articles.
		{"[{\"text\": \"one\"}, {\"text\": \"two\"}]\n{\"text\": \"three\"}", []string{"0:one", "1:two", "2:three"}, nil},
		{"{\"text\": \"one\"}\n[{\"text\": \"two\"}, {\"text\": \"three\"}]", []string{"0:one", "1:two", "2:three"}, nil},
		{"{\"text\": \"one\"}\n[{\"text\": \"two\"}, 7]\n{\"text\": \"four\"}", []string{"0:one", "1:two", "3:four"}, []string{"item 2 is not an object"}},
		// Trailing text after the one object is no longer dropped unseen.
		{"{\"text\": \"one\"} trailing", []string{"0:one"}, []string{"line 1: malformed JSON"}},
		// Nor is what follows the first value on a line of JSON lines:
		// a second object is an article of its own, and anything else
		// is a problem of that line.
		{"{\"text\": \"one\"}\n{\"text\": \"two\"} {\"text\": \"three\"}\n{\"text\": \"four\"} trailing\n{\"text\": \"five\"}\n",
			[]string{"0:one", "1:two", "2:three", "3:four", "5:five"},
			[]string{"line 3: malformed JSON"}},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkRead(t, "a.json", tt.data, tt.want, tt.wantProbs) })
	}
	_, probs, _ := Read("a.json", []byte("{\n  \"text\": \"one\"\n}\n{\n  \"text\":\n}\n{\"text\": \"three\"}"))
	if len(probs) != 1 || probs[0].Line != 4 || probs[0].Index != 1 || !strings.Contains(probs[0].Reason, "the rest of the file is not read") {
		t.Errorf("malformed value in a multi-line stream: problems %+v, want one on line 4, item 1, saying the rest is not read", probs)
	}
}

// page is a news page that declares charset and is long enough for the
// extractor to take its paragraphs for the main content.
func page(charset string) string {
	return `<html><head><meta charset="` + charset + `"><title>Señor Kerry habló con Lavrov</title></head><body>` +
		`<article><h1>Señor Kerry habló con Lavrov</h1>` +
		`<p>El Señor Kerry habló con el ministro ruso durante una larga llamada telefónica sobre Siria y la ciudad de Alepo.</p>` +
		`<p>La conversación duró una hora y se centró en el alto el fuego que se rompió la semana pasada en São Paulo’s absence.</p>` +
		`</article></body></html>`
}

func TestReadHTMLAlreadyUnicode(t *testing.T) {
	quoted, err := json.Marshal(page("iso-8859-1"))
	if err != nil {
		t.Fatal(err)
	}
	quoted1252, err := json.Marshal(page("windows-1252"))
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(page("iso-8859-1"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, data string }{
		{"a.json", `{"url": "https://news.example/kerry", "html": ` + string(quoted) + `}`},
		{"a.jsonl", `{"raw_html": ` + string(quoted1252) + "}\n" + `{"raw_html": ` + string(quoted) + "}\n"},
		{"a.html", utf16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, probs, err := Read(tt.name, []byte(tt.data))
			if err != nil || len(probs) > 0 || len(docs) == 0 {
				t.Fatalf("Read(%s): docs %d, problems %+v, error %v", tt.name, len(docs), probs, err)
			}
			for _, d := range docs {
				if !d.Extracted || d.Title != "Señor Kerry habló con Lavrov" || !strings.Contains(d.Body, "El Señor Kerry habló") || !strings.Contains(d.Body, "São Paulo’s") {
					t.Errorf("Read(%s) garbled the page: title %q, body %q", tt.name, d.Title, d.Body)
				}
			}
		})
	}
}

// BenchmarkReadJSONStream reads 8 MB of pretty-printed objects one after
// another, as jq writes them: the cost should grow with the file, not with
// its square.
func BenchmarkReadJSONStream(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; buf.Len() < 8<<20; i++ {
		fmt.Fprintf(&buf, "{\n  \"title\": \"Story %d\",\n  \"text\": \"The council met on Tuesday to discuss the budget for the coming year.\"\n}\n", i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := readJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadHTMLUndeclaredUTF8: a page that declares no charset and has its
// first byte above ASCII after a long head is read as the UTF-8 it is; one
// that declares Windows-1252 or is not valid UTF-8 is read as Windows-1252.
func TestReadHTMLUndeclaredUTF8(t *testing.T) {
	head := "<html><head><title>Rio talks</title><style>" + strings.Repeat("p { margin: 0 0 1em 0; }\n", 60) + "</style>"
	body := "</head><body><article><h1>Rio talks</h1>" + strings.Repeat("<p>The mayor of São Paulo’s neighbour met the council on Tuesday to discuss the budget for the coming year.</p>\n", 4) + "</article></body></html>"
	tests := []struct {
		name, page, want string
	}{
		{"undeclared UTF-8", head + body, "São Paulo’s"},
		{"declared Windows-1252", strings.Replace(head, "<title>", `<meta charset="windows-1252"><title>`, 1) + body, "SÃ£o Paulo"},
		{"a script's charset only", strings.Replace(head, "<title>", `<script charset="utf-8" src="/js/app.js"></script><title>`, 1) + body, "São Paulo’s"},
		{"undeclared Latin-1 bytes", head + strings.ReplaceAll(strings.ReplaceAll(body, "ã", "\xe3"), "’", "'"), "São Paulo's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, _, err := Read("a.html", []byte(tt.page))
			if err != nil || len(docs) != 1 {
				t.Fatalf("Read: %d docs, error %v", len(docs), err)
			}
			if !strings.Contains(docs[0].Body, tt.want) {
				t.Errorf("the body does not hold %q:\n%s", tt.want, docs[0].Body)
			}
		})
	}
}

// TestReadHTMLSiteNamesStable: a page whose JSON-LD names several
// organisations gets the same source every time it is read, each name once,
// the one given most often first.
func TestReadHTMLSiteNamesStable(t *testing.T) {
	body := strings.Repeat("<p>The council met on Tuesday to discuss the budget for the coming year, and the mayor said the plan would be ready by spring.</p>\n", 6)
	tests := []struct{ name, ld, want string }{
		{"nested organisations", `{"@type": "Thing", "maker": {"@type": "Organization", "name": "Google Skills"}, "owner": {"@type": "Organization", "name": "Google Cloud"}}`, "Google Cloud; Google Skills"},
		{"a name given twice", `[{"@type": "Organization", "name": "Education Data Initiative - U.S. Education Research"}, {"@type": "Organization", "name": "Education Data Initiative"}, {"@type": "Organization", "name": "Education Data Initiative"}]`, "Education Data Initiative; Education Data Initiative - U.S. Education Research"},
		{"one organisation", `{"@type": "Organization", "name": "Metro  Gazette"}`, "Metro Gazette"},
		{"apostrophes and case", `[{"@type": "Organization", "name": "It’s All Trip To Me"}, {"@type": "Organization", "name": "It's All Trip To Me"}, {"@type": "Organization", "name": "IT'S ALL TRIP TO ME"}]`, "It's All Trip To Me"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><head><meta charset="utf-8"><title>Budget talks</title><script type="application/ld+json">` + tt.ld + `</script></head><body><article><h1>Budget talks</h1>` + body + `</article></body></html>`
			for i := range 20 {
				docs, _, err := Read("a.html", []byte(page))
				if err != nil || len(docs) != 1 {
					t.Fatalf("Read: %d docs, error %v", len(docs), err)
				}
				if docs[0].Source != tt.want {
					t.Fatalf("read %d gave the source %q, want %q", i+1, docs[0].Source, tt.want)
				}
			}
		})
	}
}
