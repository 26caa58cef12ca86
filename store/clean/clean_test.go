package clean

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// samplesDir holds the two real article files the reader is built around.
const samplesDir = "../../testdata/samples"

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// strippedReport lists the stripped lines with their codes and reasons.
func strippedReport(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "credit: %q\n", r.Credit)
	for i, l := range r.Lines {
		if !l.Kept() {
			fmt.Fprintf(&b, "%d\t%s\t%s\t%s\n", i+1, l.Code, l.Reason, l.Text)
		}
	}
	return b.String()
}

func readSamples(t *testing.T) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(samplesDir)
	if err != nil {
		t.Fatalf("read samples: %v", err)
	}
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(samplesDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(e.Name(), ".txt")] = string(b)
	}
	if len(out) != 2 {
		t.Fatalf("want the 2 samples, found %d", len(out))
	}
	return out
}

func TestSamplesGolden(t *testing.T) {
	c := New()
	for name, raw := range readSamples(t) {
		t.Run(name, func(t *testing.T) {
			r := c.Clean(raw)
			golden(t, name+".clean.txt", r.Text())
			golden(t, name+".stripped.txt", strippedReport(r))
		})
	}
}

// TestSamplesBehaviour states what the golden files pin, in terms a reader of
// the two samples would check by eye, so a careless -update cannot bless a
// regression.
func TestSamplesBehaviour(t *testing.T) {
	c := New()
	for name, raw := range readSamples(t) {
		t.Run(name, func(t *testing.T) {
			r := c.Clean(raw)
			lines := strings.Split(raw, "\n")
			if len(r.Lines) != len(lines) {
				t.Fatalf("got %d lines, want one per input line (%d)", len(r.Lines), len(lines))
			}
			limit := -1
			for i, l := range lines {
				if strings.HasPrefix(l, "You’ve reached your limit") {
					limit = i
					break
				}
			}
			if limit < 0 {
				t.Fatal("sample has no paywall banner")
			}
			for i, l := range r.Lines {
				article := i < limit && l.Text != "--IANS/EFE" && l.Text != "ml/"
				if article && !l.Kept() {
					t.Errorf("line %d of the article was dropped (%s): %q", i+1, l.Code, l.Text)
				}
				if !article && strings.TrimSpace(l.Text) != "" && l.Kept() {
					t.Errorf("line %d should be stripped: %q", i+1, l.Text)
				}
				if i >= limit && strings.TrimSpace(l.Text) != "" && l.Code != CodePaywall {
					t.Errorf("line %d after the banner has code %q, want %q", i+1, l.Code, CodePaywall)
				}
			}
			// Every sentence of the article survives exactly.
			text := r.Text()
			for _, l := range lines[:limit] {
				if l != "--IANS/EFE" && l != "ml/" && !strings.Contains(text, l) {
					t.Errorf("article line missing from Text(): %q", l)
				}
			}
			if strings.Contains(raw, "--IANS/EFE") && r.Credit != "IANS/EFE" {
				t.Errorf("Credit = %q, want IANS/EFE", r.Credit)
			}
		})
	}
}

// TestRules runs each boilerplate rule on lines written for the test, and
// prose that must survive because it only talks about the same things.
func TestRules(t *testing.T) {
	tests := []struct {
		line string
		want Code // "" means kept
	}{
		// cookie notices
		{"We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.", CodeCookie},
		{"This website uses cookies to ensure you get the best experience. Learn more", CodeCookie},
		{"Accept all", CodeCookie},
		{"Cookie settings", CodeCookie},
		{"Wir verwenden Cookies, um Ihnen ein optimales Webseiten-Erlebnis zu bieten.", CodeCookie},
		{"Advertising presented to you on this service can be based on limited data, such as the website or app you are using.", CodeCookie},
		{"We and our 644 partners store and access personal data, like browsing data or unique identifiers, on your device.", CodeCookie},
		{"Manage Consent Preferences", CodeCookie},
		{"The regulator said the service had shown users advertising based on their activity without asking them first.", ""},
		{"Regulators said the bakery's cookies contained undeclared peanuts and ordered a recall across three states.", ""},
		{"The European Commission proposed simplifying the rules that force websites to ask visitors for cookie consent, after complaints that the banners annoy users.", ""},
		// adverts
		{"Advertisement", CodeAdvert},
		{"ADVERTISEMENT", CodeAdvert},
		{"Story continues below advertisement", CodeAdvert},
		{"Anzeige", CodeAdvert},
		{"The advertisement, which ran during the Super Bowl, drew complaints from viewers.", ""},
		// share buttons
		{"Share on Facebook", CodeShare},
		{"Share this article", CodeShare},
		{"Facebook Twitter LinkedIn Email", CodeShare},
		{"Click to share on Tumblr (Opens in new window) Tumblr", CodeShare},
		{"Click to email a link to a friend (Opens in new window) Email", CodeShare},
		{"print(x)", ""}, // a line of a program shown in a post
		{"email={e}", ""},
		{"Share this page to Facebook   Share this page to X   Share this page via Email   Copy this page to clipboard", CodeShare},
		{"Facebook shares fell 4% on Tuesday after the company warned of slower growth.", ""},
		{"Click a friend's link in a new window and you may share more than you meant to.", ""},
		{"Share the news", ""},
		{"Twitter on the line", ""},
		// photo credits
		{"Photo: Reuters", CodePhoto},
		{"Photo by Jane Doe/AFP via Getty Images", CodePhoto},
		{"Tanja Ivanova//Getty Images", CodePhoto},
		{"Jane Doe/iStockphoto", CodePhoto},
		{"Getty Images, the photo agency, said on Monday it had agreed to merge with its rival Shutterstock.", ""},
		{"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.", CodeTemplate},
		// captions that close with their credit
		{"Guests pick their pastries from glass-enclosed cabinets. | Photo by Lisa Jennings", CodePhoto},
		{"The satellite SOS capabilities on the new watch give you peace of mind on long trips into the backcountry. Credit: Matthew Richardson", CodePhoto},
		{"Do you have a healthy relationship with your phone? Morsa Images/DigitalVision via Getty Images", CodePhoto},
		{"Applicants must bring the U.S. Citizenship and Immigration Services (USCIS) photo identification", ""},
		{`"funding": "credit",`, ""},
		// and so in the other languages' press
		{"Ein umgestürzter Baum blockiert die Kreisstraße bei Osterhude. Foto: Feuerwehr Moorlingen", CodePhoto},
		{"Le conseil municipal réuni lundi soir à la salle des fêtes. © Photo Élodie Marchand", CodePhoto},
		{"Camille Roudier et Yann Le Floc'h dans leur bureau partagé du centre-ville. © Julie Ferrand", CodePhoto},
		{"Forme di formaggio in stagionatura nel magazzino del caseificio (foto Righetti)", CodePhoto},
		{"Il vincitore alza le braccia sul traguardo di piazza della Libertà - FOTO BENEDETTI", CodePhoto},
		{"Sessão da Câmara que aprovou o projeto nesta terça-feira. — Foto: Divulgação/CMSBS", CodePhoto},
		{"(Foto Ansa)", CodePhoto},
		{"Die Stadt will die Fotos aus dem Archiv im Herbst in einer Ausstellung zeigen", ""},
		{"Riproduzione riservata ©", CodeCopyright},
		{"FOTOGALLERY | Le immagini della frana (12 foto)", CodePhoto},
		{"Bildergalerie: Die besten Bilder vom Pokalcoup (24 Fotos)", CodePhoto},
		// related stories
		{"Read more: Kerry meets Lavrov in Geneva", CodeRelated},
		{"Also read: Markets slide as oil tops $90", CodeRelated},
		{"Lire aussi : La réforme des retraites adoptée", CodeRelated},
		// navigation labels
		{"Skip to main content", CodeBoiler},
		{"Sign in", CodeBoiler},
		// newsletters
		{"Sign up for our daily newsletter and get the top stories delivered to your inbox.", CodeNewsletter},
		{"Enter your email address", CodeNewsletter},
		{"Add TechCrunch Daily News to your subscription choices", CodeNewsletter},
		{"🚀 Sign up for The Replay newsletter", CodeNewsletter}, // a pictograph before the words
		// appeals for money: a publication's own, not a report on one
		{"Enjoyed this piece? We need your help to keep publishing.", CodeAppeal},
		{"Back of Mind is a reader-supported publication. To receive new posts and support my work, consider becoming a free or paid subscriber.", CodeAppeal},
		{"Fund independent journalism with €12 per month", CodeAppeal},
		{"Donate now", CodeAppeal},
		{"Did you like this article? You can buy me a coffee.", CodeAppeal},
		{"Unterstützen Sie jetzt: Jetzt spenden", CodeAppeal},
		{"Readers who want to help the flood victims can make a donation to the Red Cross, the charity said on Monday.", ""},
		{"The charity's appeal raised £2m in its first week, its director said.", ""},
		{"👉 Read more: Kerry meets Lavrov in Geneva", CodeRelated},
		{"Readers can sign up for the newsletter, which the paper launched in 2019, on its website.", ""},
		// rights notices
		{"© 2024 Business Standard Private Ltd. All rights reserved.", CodeCopyright},
		{"Copyright 2023 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", CodeCopyright},
		{"Tous droits réservés", CodeCopyright},
		// prices
		{"₹300/Month", CodePrice},
		{"$9.99 per month", CodePrice},
		{"€4,99", ""}, // a bare price is a product's, unless a plan's term is next to it (TestPlanPrices)
		{"1 Year", CodePrice},
		{"The newspaper raised its digital subscription to $9.99 a month, saying readers would get unlimited access.", ""},
		{"Subscriptions rose 12% last year as more readers paid for access to the paper's archive.", ""},
		// template placeholders
		{"You have {{count}} unread messages", CodeTemplate},
		{"Hello ${user.name}, welcome back", CodeTemplate},
		// bare links and e-mail addresses
		{"newsdesk@example.com", CodeLink},
		{"https://www.example.com/world/2016/09/kerry-lavrov", CodeLink},
		{"Email: jane.doe@example.com", CodeLink},
		{"Follow us on Twitter @exampledesk", CodeLink},
		{"The ministry posted the statement on www.mea.gov.in and said further details would follow on Thursday.", ""},
		// German, French, Spanish, Italian and Portuguese sites, and
		// sentences of their articles with the same words
		// share rows
		{"Auf Facebook teilen", CodeShare},
		{"Per E-Mail teilen", CodeShare},
		{"Artikel teilen", CodeShare},
		{"Partager sur Facebook", CodeShare},
		{"Partager sur X", CodeShare},
		{"Envoyer par e-mail", CodeShare},
		{"Compartir en WhatsApp", CodeShare},
		{"Condividi su Facebook", CodeShare},
		{"Compartilhar no WhatsApp", CodeShare},
		{"Partager · Copier le lien", CodeShare},
		{"Die Regierung will die Daten mit Facebook teilen, sagte der Minister.", ""},
		// bylines, dates and reading times
		{"Publié le 12 mars 2026 à 10h30", CodeByline},
		{"Mis à jour le 12 mars 2026 à 11h05", CodeByline},
		{"Veröffentlicht am 12.03.2026", CodeByline},
		{"2019-01-21T21:40:59.62Z+00:00", CodeByline},
		{"Aktualisiert am 12. März 2026, 10:30 Uhr", CodeByline},
		{"Stand: 12.03.2026, 10:30 Uhr", CodeByline},
		{"So., 24.03.2024 – 21:12", CodeByline},
		{"12. März 2026, 10:30 Uhr", CodeByline},
		{"mercredi 12 mars 2026", CodeByline},
		{"Actualizado: 12/03/2026 - 10:30", CodeByline},
		{"Publicado el 12 de marzo de 2026", CodeByline},
		{"12 de marzo de 2026", CodeByline},
		{"Aggiornato il 12 marzo 2026", CodeByline},
		{"Pubblicato il 12 marzo 2026 alle 10:30", CodeByline},
		{"Atualizado em 12/03/2026 às 10h30", CodeByline},
		{"quarta-feira, 12 de março de 2026", CodeByline},
		{"18 marzo 2026 | 09:12", CodeByline},
		{"Lesezeit: 4 Min.", CodeByline},
		{"Lecture 3 min.", CodeByline},
		{"3 minutos de lectura", CodeByline},
		{"Tempo di lettura: 3 minuti", CodeByline},
		{"3 min de leitura", CodeByline},
		{"Publicado en 1998, el libro fue un éxito.", ""},
		{"Stand Steady Pro 2026 review", ""},
		{"El 12 de marzo de 2026 el Gobierno aprobó el plan de vivienda con el apoyo de sus socios.", ""},
		{"Von Ulrike Harnisch | 22.06.2026, 07:30 Uhr | Lesezeit: 3 Min.", CodeByline},
		{"Von Anfang an war klar, dass die Stadt das Geld nicht hat, sagte der Bürgermeister am Montag.", ""},
		{"Redacción / EFE", CodeByline},
		{"Úbeda, 14 oct 2026 - 12:47", CodeByline},
		{"London, 14 Oct 2026", CodeByline},
		{"12 jul 2024 · 16:40", CodeByline},
		{"5 set 2024", CodeByline},
		// paywall meters
		{"You have 2 free articles left this month", CodePaywall},
		{"Free articles left: 3", CodePaywall},
		{"Te quedan 2 artículos gratuitos este mes", CodePaywall},
		{"Sie haben diesen Monat bereits 5 von 5 kostenlosen Plus-Artikeln gelesen.", CodePaywall},
		{"Il vous reste 2 articles gratuits ce mois-ci", CodePaywall},
		{"The museum offers 3 free articles of clothing to every visitor who donates.", ""},
		// breadcrumbs
		{"Startseite › Kultur › Theater", CodeBoiler},
		{"Home > News > World", CodeBoiler},
		{"Revenue rose 5% to $2 billion > analysts expected > again.", ""},
		// newsletters
		{"Zum Newsletter anmelden: Kulturtipps für das Wochenende – jeden Donnerstag per E-Mail", CodeNewsletter},
		// related stories
		{"Das könnte Sie auch interessieren", CodeRelated},
		{"Sur le même sujet", CodeRelated},
		{"Noticias relacionadas", CodeRelated},
		{"Articoli correlati", CodeRelated},
		{"Veja também: Governo aprova plano", CodeRelated},
		// navigation labels
		{"Anmelden", CodeBoiler},
		{"Se connecter", CodeBoiler},
		{"Iniciar sesión", CodeBoiler},
		{"Accedi", CodeBoiler},
		{"Pesquisar", CodeBoiler},
		// prices
		{"9,99 € par mois", CodePrice},
		{"14,99 € monatlich", CodePrice},
		{"10 € al mes", CodePrice},
		{"9,99 € al mese", CodePrice},
		{"R$ 29,90 por mês", CodePrice},
		{"Ab 4,99 € pro Monat", CodePrice},
		{"Der Verlag erhöht den Preis des Digitalabos auf 14,99 € im Monat, wie er am Dienstag mitteilte.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			d := newDoc(tt.line)
			Rules{}.Apply(d)
			if got := d.Line(0).Code; got != tt.want {
				t.Errorf("code = %q, want %q (reason %q)", got, tt.want, d.Line(0).Reason)
			}
		})
	}
}

// TestCookieButtonsFit checks that no cookie button is longer than
// isCookieNotice looks for.
func TestCookieButtonsFit(t *testing.T) {
	for b := range cookieButtons.all() {
		if n := countTokens(b); n > cookieButtonMaxWords {
			t.Errorf("cookie button %q has %d tokens, more than cookieButtonMaxWords (%d)", b, n, cookieButtonMaxWords)
		}
	}
}

// TestInterfaceLabelsMatch checks that every interface label can match:
// isInterfaceLabel trims the marks at a line's ends before it looks the
// line up, so an entry that ends in one ("more sharing options...") was
// never found.
func TestInterfaceLabelsMatch(t *testing.T) {
	for l := range interfaceLabels.all() {
		if got := newDoc(l).Info(0); !isInterfaceLabel(got) {
			t.Errorf("interface label %q does not match itself", l)
		}
	}
}

// TestPhraseTables checks what the phrase index relies on: every phrase is
// lower case, as the normalised lines it is matched against are, and none
// is empty or starts with a space, which no word boundary can precede.
func TestPhraseTables(t *testing.T) {
	tables := [][]string{stopPhrases, cookieOwnPhrases, cookieAddress, cookieAsk, photoAgencies, newsletterAnywhere, copyrightPhrases,
		advertPrefixes, photoPrefixes, relatedPrefixes, newsletterStarts, linkLabels, affiliateWords, scriptWords, appealPhrases, consentPhrases}
	for _, list := range tables {
		for _, p := range list {
			if p == "" || p[0] == ' ' || p != strings.ToLower(p) {
				t.Errorf("phrase %q: want a lower-case phrase that starts with a word or a mark", p)
			}
		}
	}
}

func TestTrailer(t *testing.T) {
	tests := []struct {
		line       string
		want       Code
		wantCredit string
	}{
		{"--IANS/EFE", CodeCredit, "IANS/EFE"},
		{"-- Reuters", CodeCredit, "Reuters"},
		{"— AFP", CodeCredit, "AFP"},
		{"(IANS)", CodeCredit, "IANS"},
		// The opening rune picks the pattern: each dash, with or without a
		// space, and a bracket; a credit pattern never matches a line led by
		// the other opener or by anything else.
		{"– DPA", CodeCredit, "DPA"},
		{"—Reuters/AFP", CodeCredit, "Reuters/AFP"},
		{"---AP", CodeCredit, "AP"},
		{"  (AFP)  ", CodeCredit, "AFP"},
		{"-(AFP)", "", ""},
		{"(-- Reuters)", "", ""},
		{"• Reuters", "", ""},
		{"AFP", "", ""},
		{"— Washington", "", ""},
		{"– dpa", "", ""},
		{"(Reporting by Jane Doe; Editing by John Smith)", CodeCredit, ""},
		{"Additional reporting by Ana Ruiz in Madrid", CodeCredit, ""},
		{"ml/", CodeDesk, ""},
		{"vg/pcj", CodeDesk, ""},
		{"-- Kerry said the talks would resume", "", ""},
		{"(Washington)", "", ""},
		{"and/or", "", ""},
		{"Edited versions of the report were circulated by the ministry on Friday, officials said.", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			d := newDoc(tt.line)
			Trailer{}.Apply(d)
			if got := d.Line(0).Code; got != tt.want {
				t.Errorf("code = %q, want %q", got, tt.want)
			}
			if d.Credit() != tt.wantCredit {
				t.Errorf("credit = %q, want %q", d.Credit(), tt.wantCredit)
			}
		})
	}
}

func TestStopMarker(t *testing.T) {
	prose := "The minister said on Tuesday that the talks would resume next week, and that both sides had agreed to keep the details private until then."
	tests := []struct {
		name     string
		lines    []string
		wantKept []bool
	}{
		{
			name:     "cut to the end when a pitch follows",
			lines:    []string{prose, "Subscribe to continue reading", "Unlimited access", "$4.99/month", "Cancel anytime"},
			wantKept: []bool{true, false, false, false, false},
		},
		{
			name:     "only the banner when prose follows",
			lines:    []string{prose, "Already a subscriber? Log in", prose},
			wantKept: []bool{true, false, true},
		},
		{
			name:     "a sentence quoting the phrase is not a banner",
			lines:    []string{"Readers complained that the site kept telling them they had reached their limit of free articles, even after they had subscribed to the paper.", prose},
			wantKept: []bool{true, true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(strings.Join(tt.lines, "\n"))
			StopMarker{}.Apply(d)
			for i, want := range tt.wantKept {
				if d.Kept(i) != want {
					t.Errorf("line %d kept = %v, want %v: %q", i+1, d.Kept(i), want, tt.lines[i])
				}
			}
		})
	}
}

// TestStopMarkerOtherLanguages cuts the paywall blocks of German, French,
// Spanish, Italian and Portuguese sites from their banner to the end, and
// keeps an article's sentence that uses the banner's words.
func TestStopMarkerOtherLanguages(t *testing.T) {
	tests := []struct {
		lang       string
		prose      string
		block      []string
		quoteBlock string // a sentence of an article with the banner's words, longer than a banner
	}{
		{
			"de",
			"Die Bundesregierung hat am Mittwoch ein neues Klimapaket vorgestellt, das nach Angaben des Ministeriums bis 2030 rund 40 Milliarden Euro kosten soll.",
			[]string{"Dieser Artikel ist nur für Abonnenten verfügbar.", "Jetzt weiterlesen mit Z+", "Erster Monat kostenlos, danach 14,99 € monatlich. Jederzeit kündbar.", "Sie sind bereits Abonnent? Hier anmelden"},
			"Der Verlag teilte mit, dass viele Texte künftig nur für Abonnenten lesbar sein werden, was Leser in den sozialen Netzwerken kritisierten.",
		},
		{
			"fr",
			"Le gouvernement a présenté mercredi un nouveau plan pour le climat, qui devrait coûter environ 40 milliards d'euros d'ici 2030 selon le ministère.",
			[]string{"Il vous reste 78% de cet article à lire. La suite est réservée aux abonnés.", "Déjà abonné ? Se connecter", "Offre spéciale : 1 € le premier mois, puis 9,99 € par mois. Sans engagement."},
			"Le journal a annoncé lundi que ses grandes enquêtes seraient désormais réservées aux abonnés, une décision vivement critiquée par plusieurs associations de lecteurs.",
		},
		{
			"es",
			"El Gobierno presentó el miércoles un nuevo plan climático que costará unos 40.000 millones de euros hasta 2030, según el ministerio.",
			[]string{"Este contenido es exclusivo para suscriptores.", "Suscríbete para seguir leyendo", "Primer mes por 1 €, después 10 € al mes. Cancela cuando quieras.", "¿Ya eres suscriptor? Inicia sesión"},
			"El periódico anunció que sus análisis serán exclusivos para suscriptores a partir de enero, lo que provocó quejas de varios lectores en las redes.",
		},
		{
			"it",
			"Il governo ha presentato mercoledì un nuovo piano per il clima che costerà circa 40 miliardi di euro entro il 2030, secondo il ministero.",
			[]string{"Questo articolo è riservato agli abbonati.", "Abbonati per continuare a leggere", "Primo mese a 1 €, poi 9,99 € al mese. Disdici quando vuoi.", "Sei già abbonato? Accedi"},
			"Il quotidiano ha spiegato che le inchieste saranno riservate agli abbonati da gennaio, una scelta che ha diviso i lettori sui social.",
		},
		{
			"pt",
			"O governo apresentou na quarta-feira um novo plano climático que deve custar cerca de 40 bilhões de euros até 2030, segundo o ministério.",
			[]string{"Este conteúdo é exclusivo para assinantes.", "Assine para continuar lendo", "Primeiro mês por R$ 1,90, depois R$ 29,90 por mês. Cancele quando quiser.", "Já é assinante? Faça login"},
			"O jornal informou que as reportagens especiais serão exclusivas para assinantes a partir de janeiro, o que gerou críticas de leitores nas redes sociais.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			lines := append([]string{tt.prose, tt.prose}, tt.block...)
			d := newDoc(strings.Join(lines, "\n"))
			StopMarker{}.Apply(d)
			for i, l := range lines {
				if want := i < 2; d.Kept(i) != want {
					t.Errorf("line %d kept = %v, want %v: %q", i+1, d.Kept(i), want, l)
				}
			}
			d = newDoc(strings.Join([]string{tt.prose, tt.quoteBlock, tt.prose}, "\n"))
			StopMarker{}.Apply(d)
			for i := range 3 {
				if !d.Kept(i) {
					t.Errorf("article sentence %d dropped as a paywall banner", i+1)
				}
			}
		})
	}
}

// TestStopMarkerLines lists paywall banners of sites in German, French,
// Spanish, Italian and Portuguese that open the cut.
func TestStopMarkerLines(t *testing.T) {
	for _, line := range []string{
		"Dieser Artikel ist nur für Abonnenten verfügbar.",
		"Um diesen Artikel vollständig zu lesen, benötigen Sie ein Digital-Abo.",
		"Schon registriert? Einloggen",
		"Il vous reste 62% de cet article à lire.",
		"Article réservé aux abonnés",
		"Déjà abonné ? Se connecter",
		"Este contenido es exclusivo para suscriptores.",
		"Suscríbete para seguir leyendo",
		"¿Ya eres suscriptor? Inicia sesión",
		"Continua a leggere questo articolo",
		"Hai già un abbonamento? Accedi",
		"Questo articolo è riservato agli abbonati.",
		"Este conteúdo é exclusivo para assinantes.",
		"Para continuar lendo, assine o jornal",
		"Já é assinante? Faça login",
	} {
		if !isStopMarker(newDoc(line).Info(0)) {
			t.Errorf("%q is not taken for a paywall banner", line)
		}
	}
}

func TestResultText(t *testing.T) {
	r := Result{Lines: []Line{
		{Text: "  First paragraph. "},
		{Text: ""},
		{Text: "Advertisement", Code: CodeAdvert, Reason: "advertisement label"},
		{Text: "\u200d"}, // a zero-width joiner alone is an empty line
		{Text: "\ufeffSecond paragraph.\u200b"},
	}}
	if got, want := r.Text(), "First paragraph.\n\nSecond paragraph."; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	stripped, total := r.Counts()
	if stripped != 1 || total != 3 {
		t.Errorf("Counts() = %d, %d; want 1, 3", stripped, total)
	}
	// The cleaner takes such a line for blank too, and strips it under
	// no reason.
	if d := newDoc("\u200d \u200b"); !d.Info(0).Blank() {
		t.Errorf("a line of format characters is not blank: %q", d.Info(0).Trim)
	}
}

func TestCleanConcurrent(t *testing.T) {
	c := New()
	samples := readSamples(t)
	want := map[string]string{}
	for name, raw := range samples {
		want[name] = c.Clean(raw).Text()
	}
	done := make(chan error)
	for range 8 {
		go func() {
			for name, raw := range samples {
				if got := c.Clean(raw).Text(); got != want[name] {
					done <- fmt.Errorf("%s: concurrent result differs", name)
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"", "\n", "ml/", "--IANS/EFE", "You’ve reached your limit of {{free_limit}} free articles this month.\nSmart Quarterly\n₹900",
		"Advertisement\nKerry spoke with Lavrov.\n© 2024", "\xff\xfe{{", "Share on Facebook\r\nPhoto: Reuters",
	} {
		f.Add(s)
	}
	c := New()
	f.Fuzz(func(t *testing.T, text string) {
		r := c.Clean(text)
		in := strings.Split(text, "\n")
		if len(r.Lines) != len(in) {
			t.Fatalf("got %d lines for %d input lines", len(r.Lines), len(in))
		}
		var kept []string
		for i, l := range r.Lines {
			if l.Text != in[i] {
				t.Fatalf("line %d changed: %q -> %q", i, in[i], l.Text)
			}
			if t := trimLine(l.Text); l.Kept() && t != "" {
				kept = append(kept, t)
			}
			if !l.Kept() && l.Reason == "" {
				t.Fatalf("line %d dropped without a reason", i)
			}
		}
		if got, want := r.Text(), strings.Join(kept, "\n\n"); got != want {
			t.Fatalf("Text() = %q, want only the kept lines %q", got, want)
		}
	})
}

func BenchmarkClean(b *testing.B) {
	var raws []string
	total := 0
	entries, err := os.ReadDir(samplesDir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(samplesDir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, string(data))
		total += len(data)
	}
	c := New()
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, raw := range raws {
			c.Clean(raw)
		}
	}
}

// BenchmarkCleanWCXB measures throughput on the benchmark's page dumps,
// which are longer and far noisier than the samples.
func BenchmarkCleanWCXB(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(*wcxbDir, "text", "0[0-2]*[0-9].txt"))
	if len(files) == 0 {
		b.Skip("benchmark data not available")
	}
	var raws []string
	total := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, string(data))
		total += len(data)
	}
	c := New()
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, raw := range raws {
			c.Clean(raw)
		}
	}
}

func TestPlanPrices(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string // one character a line: # kept, . dropped
	}{
		{"a subscription offer", []string{"Smart Quarterly", "₹900", "3 Months", "₹300/Month", "Smart Essential", "₹2,700", "1 Year"}, "#...#.."},
		{"a bare price after a price for a term", []string{"Digital", "$9.99 per month", "$99"}, "#.."},
		{"a shop's prices stay", []string{"Sony a7 V Mirrorless Camera", "$2,898.00", "Sony a6400 Mirrorless Camera", "$1,498.00"}, "####"},
		{"a price two lines from a term stays", []string{"$25", "Gift wrap", "1 Year"}, "##."},
		{"only the price next to the term goes", []string{"1 Year", "$99", "$149", "$199"}, "..##"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(strings.Join(tt.lines, "\n"))
			Rules{}.Apply(d)
			if got := keptMask(d); got != tt.want {
				t.Errorf("kept %s, want %s", got, tt.want)
			}
		})
	}
}

// TestRulesSkip checks that a skipped rule gives way to the next rule that
// claims the line, and that a skipped rule drops nothing.
func TestRulesSkip(t *testing.T) {
	const cookie = "We use cookies, {{first_name}}. By continuing you accept our cookie policy."
	tests := []struct {
		name string
		line string
		skip []Code
		want Code
	}{
		{"the first rule claims the line", cookie, nil, CodeTemplate},
		{"the next rule claims it when the first is skipped", cookie, []Code{CodeTemplate}, CodeCookie},
		{"no rule claims it when both are skipped", cookie, []Code{CodeCookie, CodeTemplate}, ""},
		{"a skipped link rule keeps a bare link", "https://example.com/report", []Code{CodeLink}, ""},
		{"the link rule drops it", "https://example.com/report", nil, CodeLink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(tt.line)
			Rules{Skip: tt.skip}.Apply(d)
			if got := d.Line(0).Code; got != tt.want {
				t.Errorf("code %q, want %q", got, tt.want)
			}
		})
	}
}
