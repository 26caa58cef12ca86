package format

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
