package clean

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Rules drops lines that match known boilerplate: cookie notices, advert
// labels, share buttons, photo credits, related-story teasers, newsletter
// prompts, rights notices, price lists, template placeholders and bare links.
// Every rule is bounded by line length, because boilerplate is short and an
// article sentence that mentions cookies or subscriptions is not.
type Rules struct {
	// Skip lists rule codes not to apply. Text that an HTML extractor
	// already reduced to the main content keeps prices (product pages),
	// links and bylines that the extractor judged part of it.
	Skip []Code
}

// Name implements Step.
func (Rules) Name() string { return "rules" }

// Apply implements Step.
func (r Rules) Apply(d *Doc) {
	// A skipped rule must not hide a later one that also matches (a cookie
	// notice with a placeholder in it is still a cookie notice), so the
	// skipped rules are left out of the list, once for the text rather
	// than for each line.
	active := rules
	if len(r.Skip) > 0 {
		active = slices.DeleteFunc(slices.Clone(rules), func(x rule) bool { return slices.Contains(r.Skip, x.code) })
	}
	for i := 0; i < d.Len(); i++ {
		if !d.Kept(i) {
			continue
		}
		if code, reason, ok := matchRule(d.Info(i), active); ok {
			d.Drop(i, code, reason)
		}
	}
	if !slices.Contains(r.Skip, CodePrice) {
		dropPlanPrices(d)
	}
}

// dropPlanPrices drops a bare price ("₹900", "€4,99") next to a plan's term
// or a price for a term ("3 Months", "$9.99 per month"): the lines of a
// subscription offer. A bare price elsewhere is a product's or a service's,
// which a shop or a price list shows as its content.
func dropPlanPrices(d *Doc) {
	// Plan lines are rare, so the search starts from them: the rule above
	// marked them, and only their neighbours are tested for a bare price.
	// They are listed first so that a bare price dropped here extends to
	// no price beyond it.
	var plans []int
	for i := range d.Len() {
		if d.Line(i).Code == CodePrice {
			plans = append(plans, i)
		}
	}
	for _, i := range plans {
		for _, dir := range [2]int{-1, 1} {
			if j := nextNonBlank(d, i, dir); j >= 0 && d.Kept(j) && isBarePrice(d.Info(j)) {
				d.Drop(j, CodePrice, planPriceReason)
			}
		}
	}
}

// nextNonBlank returns the first non-blank line from line i in direction
// dir, or -1.
func nextNonBlank(d *Doc, i, dir int) int {
	for j := i + dir; j >= 0 && j < d.Len(); j += dir {
		if !d.Info(j).Blank() {
			return j
		}
	}
	return -1
}

// isBarePrice reports whether li is only a price: "€4,99", "$2,898.00".
func isBarePrice(li *LineInfo) bool {
	return li.Digits > 0 && li.Words <= 8 && priceLine.MatchString(li.Norm)
}

// rule is one kind of boilerplate line.
type rule struct {
	code     Code
	reason   string
	maxWords int                  // only lines with at most this many tokens are tested
	match    func(*LineInfo) bool // reports whether the line is this kind of boilerplate
}

// rules are tried in order; the first match explains the line.
var rules = []rule{
	{CodeTemplate, "unfilled template placeholder", 40, func(li *LineInfo) bool {
		return templateOpeners.in(li, li.Trim) && templatePlaceholder.MatchString(li.Trim)
	}},
	{CodeTemplate, "placeholder text of a page template (lorem ipsum)", 80, func(li *LineInfo) bool {
		return strings.HasPrefix(li.Norm, "lorem ipsum")
	}},
	{CodeCookie, "cookie notice", 80, isCookieNotice},
	// The purposes run longer than a cookie banner's sentence.
	{CodeCookie, "consent notice: what the site and its partners do with your data", 150, func(li *LineInfo) bool { return li.Phrases.has(phConsent) }},
	{CodeAdvert, "advertisement label", 8, func(li *LineInfo) bool {
		return advertLabels.has(trimMarks(li.Norm, advertMarks)) || li.Phrases.has(phAdvertOpening)
	}},
	{CodeShare, "share buttons", 30, isShareLine},
	{CodePhoto, "photo credit", captionMaxWords, isPhotoCredit},
	{CodePhoto, "link to a photo gallery", 14, func(li *LineInfo) bool {
		return galleryWord.in(li, li.Norm) && li.Phrases.has(phGalleryOpening)
	}},
	{CodeRelated, "related-story teaser", 25, func(li *LineInfo) bool {
		return li.Phrases.has(phRelatedOpening) || relatedLabels.has(trimMarks(li.Norm, relatedMarks))
	}},
	{CodeBoiler, "navigation label", 6, func(li *LineInfo) bool { return navLabels.has(trimMarks(li.Norm, navLabelMarks)) }},
	{CodeBoiler, "breadcrumb trail", 16, isBreadcrumb},
	{CodePaywall, "paywall meter: free articles left", 20, func(li *LineInfo) bool {
		return li.Digits > 0 && li.Phrases.has(phMeter) && paywallMeter.MatchString(li.Norm) && meterCount.MatchString(li.Norm)
	}},
	{CodeAppeal, "appeal for donations or paying readers", 40, func(li *LineInfo) bool { return li.Phrases.has(phAppeal) }},
	{CodeNewsletter, "newsletter sign-up", 40, isNewsletter},
	{CodeCopyright, "copyright notice", 30, isCopyright},
	{CodePrice, planPriceReason, 8, func(li *LineInfo) bool {
		return li.Digits > 0 && mayBePlanPrice(li.Norm) && planPrice.MatchString(li.Norm)
	}},
	{CodeLink, "bare link or e-mail address", 12, isLinkLine},
	{CodeByline, "byline or date", 16, isByline},
}

// matchRule returns the first of the rules in list that claims li.
func matchRule(li *LineInfo, list []rule) (Code, string, bool) {
	if li.Words == 0 && !strings.ContainsAny(li.Trim, "{}©") {
		return "", "", false
	}
	// By index: a copy of each rule per line cost as much as the loop.
	for k := range list {
		r := &list[k]
		if li.Words <= r.maxWords && r.match(li) {
			return r.code, r.reason, true
		}
	}
	return "", "", false
}

// templateOpeners are the openers templatePlaceholder needs, a cheap test
// before it.
var templateOpeners = newNeedles("{{", "{%", "${", "%(", "[[", "__")

// templatePlaceholder matches placeholders left by a template engine that
// never ran: {{free_limit}}, {% if %}, ${name}, %(name)s, [[name]], __NAME__.
var templatePlaceholder = regexp.MustCompile(`\{\{[^{}]{0,60}\}\}|\{%[^%]{0,60}%\}|\$\{[A-Za-z_][\w.]{0,40}\}|%\([a-z_]{1,40}\)s|\[\[[A-Za-z_][\w.]{0,40}\]\]|__[A-Z][A-Z_]{2,40}__`)

// isCookieNotice needs both a cookie word and the notice's way of addressing
// the reader, so prose about cookie laws survives.
func isCookieNotice(li *LineInfo) bool {
	n := li.Norm
	if !cookieWord.in(li, n) {
		// Asked of nearly every line; the longest button has 8 tokens.
		return li.Words <= cookieButtonMaxWords && cookieButtons.has(trimMarks(n, cookieMarks))
	}
	if li.Phrases.has(phCookieOwn) {
		return true
	}
	if cookieButtons.has(trimMarks(n, cookieMarks)) {
		return true
	}
	return li.Phrases.has(phCookieAddress) && li.Phrases.has(phCookieAsk)
}

// cookieWord is the word every cookie notice holds.
var cookieWord = newNeedles("cookie")

// cookieButtonMaxWords is the most tokens an entry of cookieButtons has
// (TestCookieButtonsFit holds it to that).
const cookieButtonMaxWords = 8

// consentPhrases are the words of a consent manager's purposes (the IAB's
// framework, which many European sites show in full whether or not it names
// cookies): what "we and our partners" may do with "your activity on this
// service".
var consentPhrases = []string{
	"presented to you on this service", "your activity on this service", "store and/or access information on a device",
	"store and access personal data", "personalised advertising and content", "personalized advertising and content",
	"advertising and content measurement", "use precise geolocation data", "actively scan device characteristics",
	"we process your data to deliver content", "is presented to you and how you interact",
}

var (
	cookieOwnPhrases = []string{
		"we use cookies", "this site uses cookies", "this website uses cookies", "our site uses cookies",
		"our website uses cookies", "uses cookies to", "use of cookies", "accept cookies", "accept all cookies",
		"wir verwenden cookies", "diese website verwendet cookies", "nous utilisons des cookies", "ce site utilise des cookies",
		"utilizamos cookies", "este sitio web utiliza cookies", "usamos cookies", "utilizziamo i cookie",
		"questo sito utilizza cookie", "este site utiliza cookies",
	}
	// A phrase's first word must be whole (see phraseSet): "you" does not
	// match "your". Adding "your" was tried; it took prose about privacy
	// ("your visitors … no cookie consent banner") for a notice.
	cookieAddress = []string{"you", "we", "our", "this site", "this website", "by continuing", "by clicking"}
	cookieAsk     = []string{"accept", "agree", "consent", "policy", "settings", "preferences", "manage", "learn more", "opt out", "browsing"}
	cookieButtons = newLabelSet(
		"accept all", "reject all", "accept", "decline", "allow all",
		"manage cookies", "cookie settings", "cookie policy", "cookies settings",
		"manage preferences", "manage consent", "accept cookies", "i accept", "got it",
		"alle akzeptieren", "tout accepter", "aceptar todo", "aceptar", "accetta",
		"accetta tutto", "aceitar", "aceitar todos", "do not sell or share my personal information",
		"do not sell my personal information", "your privacy choices", "privacy preferences",
		"manage consent preferences",
	)
)

var (
	advertLabels = newLabelSet(
		"advertisement", "advertisements", "advertising", "advert", "ad", "ads",
		"sponsored", "sponsored content", "paid content", "promoted", "promoted content",
		"anzeige", "werbung", "publicidad", "publicité", "pubblicità", "publicidade",
		"skip advertisement", "remove ads", "ad feedback",
	)
	advertPrefixes = []string{
		"story continues below", "article continues below", "continue reading below", "scroll to continue",
		"advertisement -", "advertisement:", "report this ad", "ad - ", "sponsored by", "paid for by",
	}
)

// shareWords are the words a row of share buttons is made of; shareCore are
// the ones that make it a share row rather than any short line.
var (
	shareWords = newLabelSet(
		"share", "shares", "on", "this", "article", "story", "page", "post",
		"via", "the", "to", "by", "facebook", "twitter", "x", "linkedin",
		"whatsapp", "email", "e", "mail", "print", "pinterest", "reddit",
		"telegram", "copy", "link", "copied", "tweet", "messenger", "threads",
		"bluesky", "flipboard", "sms", "teilen", "partager", "compartir",
		"condividi", "compartilhar", "comments", "comment", "save", "gift",
		"opens", "in", "new", "window", "tab", "and", "or", "url",
		"click", "a", "friend", "clipboard", "mastodon", "tumblr", "pocket",
		"skype", "viber", "vk", "xing",
		// the same rows in German, French, Spanish, Italian and Portuguese:
		// "Auf Facebook teilen", "Partager sur X", "Compartir en WhatsApp",
		// "Condividi su Facebook", "Compartilhar no WhatsApp", "Per E-Mail
		// teilen", "Envoyer par e-mail", "Partager · Copier le lien"
		"auf", "per", "sur", "par", "en", "por", "su", "no", "na",
		"le", "la", "el", "il", "o", "artikel", "artículo", "articolo",
		"artigo", "teile", "partagez", "comparte", "compartilhe", "condividere",
		"envoyer", "enviar", "invia", "drucken", "imprimer", "imprimir", "stampa",
		"kopieren", "copier", "copiar", "copia", "lien", "enlace",
	)
	shareCore = newLabelSet(
		"share", "facebook", "twitter", "linkedin", "whatsapp", "pinterest",
		"reddit", "telegram", "tweet", "teilen", "partager", "compartir",
		"condividi", "compartilhar", "email", "print", "flipboard", "bluesky",
		"mail", "teile", "partagez", "comparte", "compartilhe", "condividere",
		"drucken", "imprimer", "imprimir", "stampa",
	)
)

func isShareLine(li *LineInfo) bool {
	// Most lines open with an ASCII word that is no share word, and
	// firstWord finds that word for less than the walk's first step,
	// which calls back for each token.
	if n := li.Norm; n != "" && asciiWord[n[0]] && !shareWords.has(firstWord(n)) {
		return false
	}
	return isShareRow(li)
}

// isShareRow is isShareLine without its quick test on the first word.
func isShareRow(li *LineInfo) bool {
	// The rule tests lines of up to 30 tokens, nearly all of them text;
	// the walk stops at the first word that is not a share word, which
	// for such a line is its first or second.
	core := false
	for t := range tokens(li.Norm) {
		if !shareWords.has(t) {
			return false
		}
		core = core || shareCore.has(t)
	}
	return core && !looksLikeCode(li.Trim)
}

// looksLikeCode reports whether s reads as a line of a program rather than
// of a page's controls: a call ("print(x)"), an assignment or a brace. A
// share row's brackets follow a space ("Share on X (Opens in new window)").
func looksLikeCode(s string) bool {
	if strings.ContainsAny(s, "={};") {
		return true
	}
	for i := 1; i < len(s); i++ {
		if s[i] == '(' && asciiWord[s[i-1]] {
			return true
		}
	}
	return false
}

var (
	photoPrefixes = []string{
		"photo:", "photo by", "photos:", "photos by", "photograph:", "photograph by", "photography:", "photography by",
		"image:", "image by", "images:", "image credit", "image source", "picture:", "pictures:", "credit:",
		"photo credit", "file photo", "(photo", "[photo", "(foto", "foto:", "fotos:", "bild:", "imagen:", "immagine:",
		"photo :", "crédit photo", "crédit :", "source image", "illustration:", "video:", "watch:",
	}
	// galleryPrefixes open the link to a gallery of an article's photos,
	// which stands with the photo.
	galleryPrefixes = []string{
		"photo gallery", "bildergalerie", "fotogalerie", "fotogallery", "galleria fotografica", "galerie photo",
		"galería de fotos", "galeria de fotos",
	}
	photoAgencies = []string{
		"getty images", "shutterstock", "ap photo", "afp photo", "reuters/", "/reuters", "via getty", "istock", "istockphoto",
		"alamy", "epa-efe", "/ afp", "/afp", "associated press", "dpa/", "/dpa", "unsplash", "pexels",
	}
)

// captionCredit is the credit that closes a photo's caption: "... from
// glass-enclosed cabinets. | Photo by Lisa Jennings", "... effectively.
// Picture: Getty". captionCreditEU is the same in the other languages'
// press, where the credit is a label and a name or the name after a
// copyright sign: "... Osterhude. Foto: Feuerwehr Moorlingen", "... des
// fêtes. © Photo Élodie Marchand", "... caseificio (foto Righetti)",
// "... Libertà - FOTO BENEDETTI", "... centre-ville. © Julie Ferrand".
// captionAgency is an agency's credit: "... Morsa Images/DigitalVision via
// Getty Images", "(AP Photo/Evan Vucci)".
var (
	captionCredit   = regexp.MustCompile(`(?:\||[.!?"”)])\s*(?:(?:photo|picture|image|photograph)s?\s*(?:by|credits?:?|:)|credits?\s*:?)\s+\pL[^.!?]{1,50}$`)
	captionCreditEU = regexp.MustCompile(`(?:(?:[|.!?"”»]|\s[–—-])\s*\(?|\s\()\s*(?:©\s*)?(?:(?:(?:archiv)?fotos?|photos?|imagen|immagine)\s*:?\s+|bild:\s*|©\s*)\pL[^.!?]{1,50}$`)
	captionAgency   = regexp.MustCompile(`(?:via getty images|/\s?getty images|/\s?shutterstock|/\s?istock\w*|\(ap photo[^)]*\)|/\s?reuters|/\s?afp)\.?\)?$`)
)

// captionMaxWords is the longest caption, in tokens, whose closing credit
// isPhotoCredit looks for; a credit on its own is at most 14.
const captionMaxWords = 60

// endsWithCredit reports whether li, a line that does not end like a
// sentence, is a caption that closes with a credit. Words the expressions
// need are looked for first, in the end of the line or among the phrase
// tables' matches, which spares nearly every line the expressions.
func endsWithCredit(li *LineInfo) bool {
	tail := li.Norm[max(0, len(li.Norm)-72):]
	if li.Phrases.has(phPhotoAgency) && captionAgency.MatchString(tail) {
		return true
	}
	if creditWords.in(li, tail) && captionCredit.MatchString(tail) {
		return true
	}
	return creditWordsEU.in(li, tail) && captionCreditEU.MatchString(tail)
}

// galleryWord is in every phrase of galleryPrefixes.
var galleryWord = newNeedles("gal")

// creditWords and creditWordsEU are words that every match of
// captionCredit and captionCreditEU holds.
var (
	creditWords   = newNeedles("photo", "credit", "image", "picture")
	creditWordsEU = newNeedles("foto", "photo ", "bild:", "imagen", "immagine", "©")
)

func isPhotoCredit(li *LineInfo) bool {
	if li.Words <= 14 && li.Phrases.has(phPhotoOpening) {
		return true
	}
	if li.Terminal {
		return false
	}
	// A caption is a sentence or two before its credit, and a credit does
	// not end like a sentence: those tests spare the prose and the menus
	// the search for one.
	if li.Words > 5 && endsWithCredit(li) {
		return true
	}
	// A bare credit such as "Tanja Ivanova//Getty Images" or "Jane Doe/Reuters".
	return li.Words <= 8 && li.Phrases.has(phPhotoAgency)
}

var (
	relatedPrefixes = []string{
		"read more:", "read more ", "read also", "also read", "related:", "related articles", "related stories",
		"related content", "related posts", "related reading", "see also", "you may also like", "you might also like",
		"you may be interested in", "more from ", "more stories", "more on this", "recommended for you",
		"recommended stories", "most read", "most popular", "trending now", "don't miss", "read next", "up next",
		"click here to read", "click here for", "lire aussi", "à lire aussi", "a lire aussi", "lea también", "lee también",
		"leia também", "leia mais", "leggi anche", "mehr zum thema", "auch interessant", "lesen sie auch", "weiterlesen",
		"continue reading", "keep reading",
		"das könnte sie auch interessieren", "meistgelesen", "sur le même sujet", "à lire également", "lire également",
		"les plus lus", "te puede interesar", "también te puede interesar", "noticias relacionadas", "lo más leído",
		"potrebbe interessarti", "ti potrebbe interessare", "articoli correlati", "i più letti", "veja também",
		"notícias relacionadas", "mais lidas",
	}
	relatedLabels = newLabelSet(
		"read more", "related", "recommended", "trending", "popular",
		"latest", "latest news", "top stories", "more", "next", "previous",
		"next article", "previous article", "next story", "previous story",
	)
	// navLabels are the words of site chrome that are never article text on their own.
	navLabels = newLabelSet(
		"back to top", "skip to content", "skip to main content", "skip to navigation",
		"menu", "main menu", "search", "home", "close", "load more",
		"show more", "view all", "see all", "sign in", "log in", "login",
		"register", "log out", "my account", "toggle navigation", "open menu",
		"close menu", "subscribe", "subscribe now", "donate", "privacy policy",
		"terms of use", "terms of service", "terms and conditions", "contact us",
		"about us", "sitemap", "site map", "accessibility", "cookie preferences",
		"loading...", "loading", "more",
		// German, French, Spanish, Italian and Portuguese
		"anmelden", "abmelden", "registrieren", "suche", "menü", "startseite",
		"se connecter", "connexion", "s'inscrire", "rechercher", "accueil",
		"iniciar sesión", "registrarse", "buscar", "inicio", "accedi", "registrati",
		"cerca", "entrar", "pesquisar", "início",
	)
)

// interfaceLabels are the texts of buttons, form fields and widgets that a
// page dump holds as lines of their own: calls to action, form labels and
// the controls of lists and comment threads. On its own line such a text is
// never a sentence of an article; in prose it is part of a longer line.
var interfaceLabels = newLabelSet(
	// calls to action
	"learn more", "get started", "get started for free", "get started now", "start free trial",
	"start your free trial", "try for free", "try it free", "try it now", "free trial",
	"book a demo", "request a demo", "get a demo", "schedule a demo", "apply now",
	"book now", "register now", "exhibit now", "buy now", "shop now", "order now",
	"add to cart", "add to basket", "download now", "join now", "join us",
	"sign me up", "contact sales", "get a quote",
	"get a free quote", "check it out", "find out more", "read more about", "view more",
	"see more", "show all", "show less", "see details", "view details", "click to expand",
	"expand all", "collapse all", "expand all collapse all", "close modal",
	// form fields and their messages
	"first name", "last name", "full name", "your name", "email", "e-mail",
	"your email", "phone", "phone number", "password",
	"forgot password", "forgot your password", "submit", "cancel", "send",
	"leave this field blank", "this field is for validation purposes and should be left unchanged",
	"thank you for signing up", "thank you! your submission has been received",
	"oops! something went wrong while submitting the form",
	// controls of lists, threads and share widgets
	"reply", "follow", "embed", "copy link", "copied", "link copied",
	"like this", "like loading", "sort by", "filter", "filters",
	"previous next", "next previous", "previous post", "next post", "back to blog",
	"tags", "improve this answer", "improve this question", "add a comment",
	"reply | flag", "reply quote like", "share on other sites", "more sharing options",
	"help & report", "view this post on instagram", "toggle caption",
	// the text a screen reader gives a link's icon
	"open in a new tab", "opens in a new tab", "open in a new window", "opens in a new window",
	"open in new tab", "opens in new tab", "open in new window", "opens in new window",
	// controls of product grids
	"quickview", "quick view", "compare", "add to compare", "add to wishlist",
	"add to wish list", "add to quote", "more info",
	// audio players
	"listen to this article", "listen to article", "artikel anhören", "écouter cet article",
	"écouter l'article", "escuchar este artículo", "escuchar artículo", "ascolta l'articolo",
	"ascolta questo articolo", "ouvir este artigo", "ouvir artigo",
	// links of review and deal boxes, and labels of related-story boxes
	"jump to review", "read the review", "read full review", "read our full review",
	"check price", "see price", "view deal", "see deal", "buy on amazon",
	"check price at amazon", "view on amazon", "see it",
	"related article", "related post", "related video", "related topics", "related links",
	// WordPress forms hold a hidden field whose only visible text is this letter.
	"δ",
)

// maxLabelLen is the longest normalised line, in bytes, that can be an
// entry of interfaceLabels with the marks around it.
const maxLabelLen = 96

// markSet is a cutset of marks for trimMarks, built once. The rules trim
// the same line many times, with cutsets that hold marks beyond ASCII, and
// strings.Trim with such a cutset decodes it and searches it anew for each
// rune at the line's ends.
type markSet struct {
	ascii [2]uint64 // the ASCII marks, a bit each
	wide  string    // the marks beyond ASCII
	// starts and ends tell of each byte whether a mark can start or end
	// with it; a line that starts and ends with neither has nothing to
	// trim.
	starts, ends [256]bool
}

func newMarkSet(marks string) *markSet {
	m := &markSet{}
	for _, r := range marks {
		if r < utf8.RuneSelf {
			m.ascii[r/64] |= 1 << (r % 64)
		} else {
			m.wide += string(r)
		}
		b := string(r)
		m.starts[b[0]] = true
		m.ends[b[len(b)-1]] = true
	}
	return m
}

// hasASCII reports whether the ASCII byte c is one of the marks.
func (m *markSet) hasASCII(c byte) bool { return m.ascii[c/64]&(1<<(c%64)) != 0 }

// trimMarks is strings.Trim(s, marks) for the marks of m, which hold no
// letter, digit or underscore. A line whose first byte starts no mark and
// whose last byte ends none, as most lines do that start and end with a
// word, is returned at once: the rules trim about half a million lines a
// run, and the loops' tests of each end cost twice the two lookups.
func trimMarks(s string, m *markSet) string {
	if s == "" || !m.starts[s[0]] && !m.ends[s[len(s)-1]] {
		return s
	}
	for s != "" {
		c := s[0]
		if c < utf8.RuneSelf {
			if !m.hasASCII(c) {
				break
			}
			s = s[1:]
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		if !strings.ContainsRune(m.wide, r) {
			break
		}
		s = s[size:]
	}
	for s != "" {
		c := s[len(s)-1]
		if c < utf8.RuneSelf {
			if !m.hasASCII(c) {
				break
			}
			s = s[:len(s)-1]
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s)
		if !strings.ContainsRune(m.wide, r) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}

// The marks that the rules trim from a line before they look it up among
// their labels; headingMarks are those a heading may have around its words.
var (
	advertMarks   = newMarkSet(" .:-–—|•·[]()")
	relatedMarks  = newMarkSet(" .:-–—|•·")
	navLabelMarks = newMarkSet(" .:-–—|•·»«›‹>")
	cookieMarks   = newMarkSet(" .!")
	labelMarks    = newMarkSet(" .:-–—|•·»«›‹<>!?*→←▼▲+")
	bylineMarks   = newMarkSet(" |•·-–—")
	headingMarks  = newMarkSet(" .:-–—|•·»«")
	contentsMarks = newMarkSet(" .:-–—|•·»«›‹<>▼▲+")
)

// isInterfaceLabel reports whether the line is only the text of a button,
// form field or widget.
func isInterfaceLabel(li *LineInfo) bool {
	if len(li.Norm) > maxLabelLen {
		return false
	}
	n := trimMarks(li.Norm, labelMarks)
	// The buttons of a thread's post ("Reply    Quote    Like") come out
	// of a dump with the space of the layout between them.
	if strings.Contains(n, "  ") {
		n = strings.Join(strings.Fields(n), " ")
	}
	// A form marks its mandatory fields: "Email (Required)", "Your name *".
	if strings.Contains(n, "required") {
		n = trimMarks(strings.TrimSuffix(strings.TrimSuffix(n, "(required)"), " required"), labelMarks)
	}
	return interfaceLabels.has(n) || li.Words <= 8 && retailButtonSet.hasPrefix(n)
}

// retailButtons open the buttons of a review or a buying guide that send
// the reader to a shop: "Check price at REI", "See it at Amazon", "Price
// comparison from Backmarket".
var retailButtons = []string{
	"check price at ", "check price on ", "check prices at ", "check prices on ", "see price at ", "see price on ",
	"see prices at ", "see it at ", "view at ", "view price at ", "price comparison from ", "shop now at ",
	"buy now at ",
}

// retailButtonSet indexes retailButtons by their first word.
var retailButtonSet = newPhraseSet(retailButtons)

var (
	newsletterStarts = []string{
		"sign up", "signup", "subscribe to", "subscribe for", "get the latest", "get our", "join our", "join the",
		"enter your email", "enter your e-mail", "your email address", "email address", "by signing up",
		"by subscribing", "by clicking", "never miss", "stay up to date", "stay informed", "want more",
		"inscrivez-vous", "abonnez-vous", "suscríbete", "suscribete", "registrati", "iscriviti", "inscreva-se",
		"melden sie sich", "jetzt abonnieren", "zum newsletter", "newsletter abonnieren", "newsletter bestellen",
	}
	newsletterAnywhere = []string{
		"our newsletter", "your inbox", "newsletter sign", "sign up for our", "subscribe to our", "delivered to your",
		"straight to your", "to your subscription choices", "unsubscribe at any time", "notre newsletter",
		"unseren newsletter", "nuestro boletín", "nossa newsletter", "la nostra newsletter",
	}
)

func isNewsletter(li *LineInfo) bool {
	return li.Phrases.has(phNewsletterOpening) || li.Phrases.has(phNewsletterAnywhere) ||
		(li.Words <= 3 && strings.Contains(li.Norm, "newsletter"))
}

// appealPhrases are the words of a publication asking its readers for
// money: a donation box, a membership drive, a newsletter's paid tier. Each
// addresses the reader or names the publication's own funding, so that a
// report about a charity's appeal ("readers can make a donation to …")
// keeps its sentences.
var appealPhrases = []string{
	"reader-supported publication", "support independent journalism", "support our journalism",
	"support quality journalism", "fund independent journalism", "we need your help to keep",
	"kept alive by reader donations", "please consider supporting us", "please support us", "why support us",
	"consider becoming a free or paid subscriber", "become a paid subscriber", "buy me a coffee",
	"donate now", "donate today", "support us on patreon", "become a patron",
	"unabhängigen journalismus unterstützen", "jetzt spenden", "soutenez-nous", "faites un don",
	"apoya el periodismo", "haz una donación", "sostieni il giornalismo", "fai una donazione",
	"apoie o jornalismo", "faça uma doação",
}

var copyrightPhrases = []string{
	"all rights reserved", "tous droits réservés", "todos los derechos reservados", "alle rechte vorbehalten",
	"tutti i diritti riservati", "todos os direitos reservados", "copyright ©", "copyright (c)", "copyright 19",
	"copyright 20", "© copyright", "may not be published, broadcast, rewritten or redistributed",
}

// isCopyright reports a copyright notice: a line that opens or closes with
// the sign ("© 2024 Moorlinger Nachrichten", "Riproduzione riservata ©") or
// holds one of the phrases.
func isCopyright(li *LineInfo) bool {
	return strings.HasPrefix(li.Trim, "©") || strings.HasSuffix(li.Trim, "©") || li.Phrases.has(phCopyright)
}

// planPriceReason explains the lines of a subscription offer.
const planPriceReason = "subscription price list"

// The parts of a price line: a lead word ("only", "ab"), an amount with its
// currency before or after it ("$9.99", "4,99 €"), and its end.
const (
	priceLead   = `^(?:only |just |from |now |ab |dès |desde |da |a partir de )?`
	priceAmount = `(?:(?:[$€£¥₹₩₽]|r\$|rs\.?|us\$|usd|eur|gbp|inr|chf)\s?\d[\d,.]*|\d[\d,.]*\s?(?:[$€£¥₹]|usd|eur|gbp|chf|euros?))`
	priceEnd    = `\s*[*.!]?$`
)

// planPrice is a line that is only a price for a term or a plan's term:
// "₹300/Month", "$9.99 per month", "Only £1 a week", "1 Year", "3 Months".
var planPrice = regexp.MustCompile(priceLead + `(?:` + priceAmount + pricePeriod + `|` + planTerm + `)` + priceEnd)

// planTerm is a plan's term alone: "3 Months", "1 Year".
var planTerm = `\d{1,2}\s(?:` + strings.Join(planTermUnits, "|") + `)`

// priceLine is a line that is only a price, with or without a term, or a
// plan's term: "€4,99", "₹300/Month", "1 Year".
var priceLine = regexp.MustCompile(priceLead + `(?:` + priceAmount + pricePeriod + `?|` + planTerm + `)` + priceEnd)

// pricePeriod is the term after a price, in English, German, French,
// Spanish, Italian or Portuguese: "/month", "per year", "pro Monat",
// "par mois", "al mes", "al mese", "por mês", "monatlich".
var pricePeriod = `(?:\s?(?:/|per|a|an|each|pro|im|par|au|al|por|ao|le|el|il|o)\s?` +
	`(?:` + strings.Join(periodTerms, "|") + `)` +
	`|\s(?:` + strings.Join(periodAdverbs, "|") + `))`

// periodTerms and periodAdverbs are the words pricePeriod ends with.
var (
	periodTerms = []string{"month", "mo", "year", "yr", "week", "wk", "day", "annum", "issue", "monat", "jahr", "woche", "mois",
		"an", "semaine", "mes", "año", "semana", "mese", "anno", "settimana", "mês", "ano"}
	periodAdverbs = []string{"monatlich", "jährlich", "wöchentlich", "mensuel", "mensual", "mensile"}
)

// planTermUnits are the words planTerm ends with.
var planTermUnits = []string{"months", "month", "years", "year", "weeks", "week", "days", "day"}

// planPriceEnds are the words every match of planPrice ends with, before
// the marks priceEnd lets follow: a period or a plan's term.
var planPriceEnds = slices.Concat(periodTerms, periodAdverbs, planTermUnits)

// planPriceEndsByLast files planPriceEnds by their last byte, so that a
// line is compared only with the words that end as it does, not with all
// forty.
var planPriceEndsByLast = func() (t [256][]string) {
	for _, w := range planPriceEnds {
		t[w[len(w)-1]] = append(t[w[len(w)-1]], w)
	}
	return t
}()

// mayBePlanPrice is a cheap test for planPrice: whether norm ends with
// one of planPriceEnds. Nearly all the short lines with a figure that the
// expression was asked about do not, and it cost a fiftieth of the
// cleaner's time.
func mayBePlanPrice(norm string) bool {
	s := strings.TrimRight(norm, " \t\n\f\r*.!")
	if s == "" {
		return false
	}
	for _, w := range planPriceEndsByLast[s[len(s)-1]] {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// urlOrMail matches URLs, bare domains and e-mail addresses.
var urlOrMail = regexp.MustCompile(`(?i)(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w{2,}`)

// linkMarks are what every match of urlOrMail holds, a cheap test before
// it.
var linkMarks = newNeedles("@", "://", "www.")

// linkLabels introduce a contact or a social account.
var linkLabels = []string{"email:", "e-mail:", "mail:", "contact:", "web:", "website:", "follow us", "follow me", "follow him", "follow her", "follow @", "tel:", "phone:", "twitter:", "x:", "instagram:"}

func isLinkLine(li *LineInfo) bool {
	if li.Phrases.has(phLinkOpening) {
		return true
	}
	if !linkMarks.in(li, li.Norm) {
		return false
	}
	rest := urlOrMail.ReplaceAllString(li.Trim, " ")
	if rest == li.Trim {
		return false
	}
	return countTokens(rest) <= 2
}

// bylineStart opens an author or date line: "By Jane Doe", "Published: Jan 29, 2025".
var bylineStart = regexp.MustCompile(`^(?:by|written by|posted by|words by|author:|authors:|von|par|por|di|reviewed by|fact checked by|medically reviewed by|published|updated|last updated|posted|posted on|published on|updated on|date:` +
	`|redacción|redação|redazione|rédaction|redaktion)\b`)

// bylineWords are the first words bylineStart can match, a cheap test
// before the regular expression.
var bylineWords = newLabelSet(
	"by", "written", "posted", "words", "author", "authors", "von",
	"par", "por", "di", "reviewed", "fact", "medically", "published",
	"updated", "last", "date", "redacción", "redação", "redazione",
	"rédaction", "redaktion",
)

// dateOnly is a line that is only a date, a time or a reading time, with
// the weekday before a date in English. A German weekday's abbreviation
// ("So., 24.03.2024 – 21:12") is taken off by afterWeekday instead: in the
// expression it made every line with a digit a fifth slower to test.
var dateOnly = regexp.MustCompile(`^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:` +
	`\d{1,2}(?:st|nd|rd|th)?\s+` + EnglishMonth + `,?\s+\d{4}` +
	`|` + EnglishMonth + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}` +
	`|\d{4}-\d{2}-\d{2}(?:t[\d:.]+z?(?:[+-]\d{2}:?\d{2})?)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}` +
	`|\d+\s*(?:min|mins|minute|minutes)\s+(?:read|watch|listen)` +
	`)(?:\s*[,·•|–—-]?\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:am|pm)?(?:\s*[a-z]{2,4})?)?$`)

// isDateOnly reports whether s matches dateOnly. The expression is
// anchored at the start, where it needs a digit or the stem of a weekday or
// a month, and what may follow the first figure is few characters; testing
// those first spares it most lines with a figure, which all came to it and
// cost a fiftieth of the cleaner's time.
func isDateOnly(s string) bool {
	if s == "" {
		return false
	}
	if s[0] < '0' || s[0] > '9' {
		if len(s) < 3 || !isDateStem(s[:3]) {
			return false
		}
		return dateOnly.MatchString(s)
	}
	if !mayBeDate(s) {
		return false
	}
	return dateOnly.MatchString(s)
}

// isDateStem reports whether w, three bytes, is the stem of an English
// weekday or month.
func isDateStem(w string) bool {
	switch w {
	case "mon", "tue", "wed", "thu", "fri", "sat", "sun",
		"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec":
		return true
	}
	return false
}

// mayBeDate reports whether s, which starts with a digit, goes on after its
// first figure as a form of dateOnly does: with an ordinal's suffix after
// one or two digits ("3rd May"), spaces and a month's stem ("3 May") or
// "min" ("5 min read"), a dash after four ("2024-05-03"), or a separator
// and a figure of one or two digits with another separator ("03/05/2024").
// The lines of numbered lists ("1. A heading") and percentages ("61.5%")
// were most of those that came to the expression, and each cost it more
// than a thousand instructions.
func mayBeDate(s string) bool {
	j := skipDigits(s, 1)
	if j == len(s) {
		return false
	}
	switch s[j] {
	case 's', 'n', 'r', 't':
		return j <= 2
	case '-':
		return j == 4
	case '/', '.':
		k := skipDigits(s, j+1)
		return j <= 2 && 1 <= k-(j+1) && k-(j+1) <= 2 && k < len(s) && (s[k] == '/' || s[k] == '.')
	case 'm':
		return strings.HasPrefix(s[j:], "min")
	case ' ', '\t', '\n', '\f', '\r': // isRESpace
		k := j + 1
		for k < len(s) && isRESpace(s[k]) {
			k++
		}
		rest := s[k:]
		return strings.HasPrefix(rest, "min") || j <= 2 && len(rest) >= 3 && isDateStem(rest[:3])
	}
	return false
}

// EnglishMonth is a regular-expression fragment for an English month's name
// or its abbreviation ("jan", "sept.", "december"), in lower case as the
// cleaner's normalised lines are. The store's date finder uses it too, with
// the (?i) flag, so that the two read the same dates.
const EnglishMonth = `(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`

// afterWeekday returns what follows a German weekday's abbreviation that
// opens s ("so., 24.03.2024"), or "" when s does not open with one.
func afterWeekday(s string) string {
	if len(s) < 5 || s[2] != '.' {
		return ""
	}
	switch s[:2] {
	case "mo", "di", "mi", "do", "fr", "sa", "so":
		return strings.TrimLeft(s[3:], ", ")
	}
	return ""
}

// afterPlace returns what follows the place name of a dateline ("úbeda, 14
// oct 2026"): the text after a comma that ends the first word or two of
// s, or "" when s does not start so.
func afterPlace(s string) string {
	i := strings.IndexByte(s, ',')
	if i <= 0 || i > 30 || strings.Count(s[:i], " ") > 1 || strings.ContainsAny(s[:i], "0123456789") {
		return ""
	}
	return strings.TrimSpace(s[i+1:])
}

// localMonth is a month's name in German, French, Spanish, Italian or
// Portuguese, where it is not also caught by dateOnly's English stems.
const localMonth = `(?:januar|jänner|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro` +
	`|ene|abr|ago|dic|gen|mag|giu|lug|ott|fev|out|dez|set|janv|févr|avr|juil|déc|mär|okt)`

var (
	// localDate is a line that is only a date written day first, as the
	// other languages do, with the weekday and time they add: "12. März
	// 2026, 10:30 Uhr", "mercredi 12 mars 2026", "12 de marzo de 2026",
	// "12 de março de 2026 às 10h30".
	localDate = regexp.MustCompile(`^(?:[\p{L}-]+,?\s+)?\d{1,2}\.?\s+(?:de\s+)?` + localMonth + `\.?,?\s+(?:de\s+)?\d{4}` +
		`(?:\s*[,|·•-]?\s*(?:à|um|alle|às|a las)?\s*\d{1,2}[:h.]\d{2}\s*(?:uhr|h)?)?$`)
	// localDated opens a publication or update line in those languages:
	// "Publié le 12 mars 2026 à 10h30", "Aktualisiert am 12.03.2026",
	// "Actualizado: 12/03/2026 - 10:30", "Stand: 12.03.2026". The words
	// also open sentences ("Publicado en 1998, el libro fue un éxito."), so
	// such a line must hold a digit and not end like a sentence.
	localDated = regexp.MustCompile(`^(?:publié|mis à jour|veröffentlicht|aktualisiert|zuletzt aktualisiert|actualizado|publicado|aggiornato|pubblicato|atualizado)(?:\s|:|$)|^stand:`)
	// readingTime is a line that is only a reading time in those languages:
	// "Lesezeit: 4 Min.", "Lecture 3 min.", "3 minutos de lectura".
	readingTime = regexp.MustCompile(`^(?:(?:lesezeit|lesedauer|temps de lecture|lecture|tiempo de lectura|lectura|tempo di lettura|lettura|tempo de leitura|leitura)\s*:?\s*(?:ca\.\s*)?\d+\s*(?:min|mins|minuten|minute|minutes|minutos|minuti|minuto)\.?` +
		`|\d+\s*(?:min|minuten|minutes|minutos|minuti)\.?\s*(?:lesezeit|lesedauer|de lecture|de lectura|di lettura|de leitura))$`)
)

// mayBeLocalDate is a cheap test for localDate: whether s opens with a
// figure of one or two digits and a point or a space after it, either at
// the start or after one word and the spaces that follow it. Most lines
// with a year that came to the expression were titles ("The best cameras
// of 2026"), whose first figure is the year, and each cost it about a
// thousand instructions.
func mayBeLocalDate(s string) bool {
	i := 0
	for i < len(s) && !isDigit(s[i]) && !isRESpace(s[i]) {
		i++ // the weekday, or what the expression cannot take for one
	}
	if i > 0 {
		j := i
		for j < len(s) && isRESpace(s[j]) {
			j++
		}
		if j == i {
			return false
		}
		i = j
	}
	j := skipDigits(s, i)
	return 1 <= j-i && j-i <= 2 && j < len(s) && (s[j] == '.' || isRESpace(s[j]))
}

// isDigit reports whether c is a digit of \d, which holds only ASCII's.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipDigits returns where the run of digits that goes on at s[i] ends.
func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// isRESpace reports whether c is a space of \s: the space, a tab, or a
// line or form feed or carriage return.
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// isByline matches author and date lines, which the main text of an
// article does not include.
func isByline(li *LineInfo) bool {
	// A byline of fields between pipes may end with an abbreviation
	// ("Lesezeit: 3 Min.") and still be no sentence.
	if li.Terminal && li.Words > 8 && !shortFields(li.Norm, "|", 6) {
		return false
	}
	n := trimMarks(li.Norm, bylineMarks)
	if bylineWords.has(firstWord(n)) && bylineStart.MatchString(n) {
		return true
	}
	if li.Digits == 0 {
		return false
	}
	if isDateOnly(n) {
		return true
	}
	if rest := afterPlace(n); rest != "" && isDateOnly(rest) {
		return true
	}
	if rest := afterWeekday(n); rest != "" && isDateOnly(rest) {
		return true
	}
	// Cheap tests first: the expressions below cost a tenth of the
	// cleaner's time when every line with a digit went through them.
	if !li.Terminal && localDatedWords.has(firstWord(n)) && localDated.MatchString(n) {
		return true
	}
	if hasYear(n) && mayBeLocalDate(n) && localDate.MatchString(n) {
		return true
	}
	return strings.Contains(n, "min") && readingTime.MatchString(n)
}

// localDatedWords are the first words localDated can match.
var localDatedWords = newLabelSet(
	"publié", "mis", "veröffentlicht", "aktualisiert", "zuletzt", "actualizado",
	"publicado", "aggiornato", "pubblicato", "atualizado", "stand",
)

// hasYear reports whether s holds a year from 1900 to 2099 after a space.
func hasYear(s string) bool {
	for i := 0; i+5 <= len(s); i++ {
		if s[i] == ' ' && (s[i+1] == '1' && s[i+2] == '9' || s[i+1] == '2' && s[i+2] == '0') &&
			isDigit(s[i+3]) && isDigit(s[i+4]) {
			return true
		}
	}
	return false
}

// shortFields reports whether s has sep in it and every field between the
// separators holds at most limit tokens.
func shortFields(s, sep string, limit int) bool {
	if !strings.Contains(s, sep) {
		return false
	}
	for f := range strings.SplitSeq(s, sep) {
		if countTokens(f) > limit {
			return false
		}
	}
	return true
}

// breadcrumbMarks separate the steps of a breadcrumb trail ("Home › News ›
// World"); a plain ">" counts only with spaces around it.
var breadcrumbMarks = []string{"›", "»", " > "}

// isBreadcrumb reports whether li is a breadcrumb trail: three steps or
// more of at most four tokens, between the same mark, and no sentence.
func isBreadcrumb(li *LineInfo) bool {
	if li.Terminal || !hasNavMarks(li) {
		return false
	}
	for _, m := range breadcrumbMarks {
		if strings.Count(li.Trim, m) >= 2 && shortFields(li.Trim, m, 4) {
			return true
		}
	}
	return false
}

// meterCount holds the words with which a meter counts what is left or was
// read, which a sentence that mentions free articles of another kind lacks.
var meterCount = regexp.MustCompile(`\b(?:left|remaining|this month|read|gelesen|übrig|diesen monat|quedan?|este mes|restants?|restantes?|ce mois|rimast[ie]|questo mese|restam|este mês)\b`)

// meterWords are the words a paywall meter holds, found by the phrase index
// before paywallMeter runs.
var meterWords = []string{
	"free article", "free stories", "gratuit", "gratuits", "gratuito", "gratuitos", "gratuiti", "gratis",
	"kostenlose", "kostenlosen",
}

// paywallMeter matches the count of free articles a paywall shows, before
// or after the words: "You have 2 free articles left this month", "Te
// quedan 2 artículos gratuitos este mes", "Sie haben bereits 5 von 5
// kostenlosen Plus-Artikeln gelesen", "Free articles left: 3".
var paywallMeter = regexp.MustCompile(`\d.*` + meterNoun + `|` + meterNoun + `\w*\s*(?:left|restants?|restantes?|rimasti|übrig)?\s*:?\s*\d`)

// meterNoun is "free articles" in the languages the cleaner knows.
const meterNoun = `(?:free (?:articles?|stories)|artículos? (?:gratuitos?|gratis)|articles? gratuits?|articoli gratuiti|articolo gratuito` +
	`|artigos? gratuitos?|kostenlosen? (?:[\p{L}-]+-)?artikel)`
