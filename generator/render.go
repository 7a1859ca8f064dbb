package generator

import (
	"bytes"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kinds of the pages that stand for generated lists, as layouts see them in .Page.Kind.
const (
	KindTaxonomy Kind = "taxonomy" // /expertise/
	KindTerm     Kind = "term"     // /expertise/discovery/
	KindNotFound Kind = "404"      // /404.html
)

// view returns the view of a page rendered from this Output.
func (o *Output) view(p *Page) *View {
	return &View{site: o.Site, theme: o.Theme, cards: o.cards, Site: o.info(), Page: p, Title: p.Title}
}

// View is what a layout receives. It is flat and precomputed where it can be: html/template
// reflects on every field access, so the hot path gets plain values, and the few things that
// need the site (URLs, photos) are methods.
type View struct {
	site  *Site
	theme *Theme
	cards *cardCache

	Site     SiteInfo
	Page     *Page
	Title    string // the document title, without the site name
	Content  template.HTML
	Pager    *Pager
	Pages    []*Page // the list being shown: a section, a term, a page of the directory
	Taxonomy *Taxonomy
	Term     *Term
	JSONLD   template.JS

	// Home page.
	Featured []*Page
	Latest   []*Page
	Guides   []*Page
	// Tip pages: mentors whose expertise the tip names. Program guides: accepting mentors
	// who offer the guide's program type.
	Related []*Page
	// Mentor profiles: the mentors most like this one (similar.go).
	Similar []Similar
	// A tip that helps write a first message to a mentor, or nil (request.go).
	ReachOut *Page
}

// SiteInfo is the part of the configuration and site that every layout may show.
type SiteInfo struct {
	Title, Description, Language string
	Tagline                      string // site.yaml's tagline: the home page's eyebrow, or ""
	Menus                        map[string][]MenuEntry
	Taxonomies                   []*Taxonomy
	Year                         int
	Params                       map[string]any
	MentorCount, AcceptingCount  int
}

func (s *Site) info() SiteInfo {
	acc := 0
	for _, m := range s.Mentors {
		if m.Mentor.Accepting {
			acc++
		}
	}
	return SiteInfo{Title: s.Config.Title, Description: s.Config.Description, Tagline: s.Config.Tagline, Language: s.Config.Language,
		Menus: s.Config.Menus, Taxonomies: s.Taxonomies, Year: s.Built.Year(), Params: s.Config.Params,
		MentorCount: len(s.Mentors), AcceptingCount: acc}
}

// Pager describes one page of a paginated list.
type Pager struct {
	Number, Total int
	Prev, Next    string // URLs, "" at the ends
	Links         []PagerLink
	First, Last   int // 1-based index of the first and last item shown
	Items         int // items in the whole list
}

// PagerLink is one numbered link of a pager; Gap marks an ellipsis.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// URL returns the URL of a reference a layout writes, as a Markdown link is written: a path
// on the site with an optional query and fragment ("/mentors/?expertise=pricing#list"); see
// URLs.Ref. For a page's own path, which may hold '?', '#' or '%' as letters, use PageURL.
func (v *View) URL(ref string) string { return v.site.urls.Ref(ref) }

// AbsURL is URL with an absolute URL.
func (v *View) AbsURL(ref string) string { return v.site.urls.AbsRef(ref) }

// PageURL returns the URL of a page.
func (v *View) PageURL(p *Page) string { return v.site.RelURL(p.Path) }

// Canonical is the absolute URL of the page being rendered.
func (v *View) Canonical() string {
	if v.Pager != nil && v.Pager.Number > 1 {
		return v.site.AbsURL(pagedPath(v.Page.Path, v.Pager.Number))
	}
	return v.site.AbsURL(v.Page.Path)
}

// Asset returns the fingerprinted URL of a theme asset, e.g. "style.css".
func (v *View) Asset(name string) string {
	if a := v.theme.assets[name]; a != nil {
		return v.site.RelURL(a.Path)
	}
	return ""
}

// Photo returns the URL of a mentor's photo at its largest published size, or "".
func (v *View) Photo(p *Page) string { return v.PhotoAt(p, photoSizes[len(photoSizes)-1]) }

// PhotoAt returns the URL of a mentor's photo at the smallest published size of at least
// size pixels (the largest when none is), or "": the src of an avatar shown size px wide.
func (v *View) PhotoAt(p *Page, size int) string {
	orig := v.site.PhotoPath(p)
	if orig == "" {
		return ""
	}
	at := photoSizes[len(photoSizes)-1]
	for _, s := range photoSizes {
		if s >= size {
			at = s
			break
		}
	}
	return v.site.RelURL(photoPath(p, at, photoFormat(orig)))
}

// PhotoSrcset returns the srcset of a mentor's photo, every published size with its width
// ("/mentors/ana/photo-64.jpg 64w, …"), or "".
func (v *View) PhotoSrcset(p *Page) string {
	orig := v.site.PhotoPath(p)
	if orig == "" {
		return ""
	}
	var b strings.Builder
	for i, s := range photoSizes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v.site.RelURL(photoPath(p, s, photoFormat(orig))) + " " + strconv.Itoa(s) + "w")
	}
	return b.String()
}

// PhotoAbs returns the absolute URL of a mentor's photo at its largest published size, or
// "", for Open Graph.
func (v *View) PhotoAbs(p *Page) string {
	if orig := v.site.PhotoPath(p); orig != "" {
		return v.site.AbsURL(photoPath(p, photoSizes[len(photoSizes)-1], photoFormat(orig)))
	}
	return ""
}

// TermURL returns the URL of the term page for value in taxonomy name ("expertise").
func (v *View) TermURL(name, value string) string {
	for _, d := range taxonomyDefsOf(v.site.Config) {
		if d.name == name {
			return v.site.RelURL(termPath(d, value))
		}
	}
	return ""
}

// Section returns the list page of a section, for "all mentors" links.
func (v *View) Section(name string) *Page {
	for _, s := range v.site.Sections {
		if s.Name == name {
			return s.Index
		}
	}
	return nil
}

// IsCurrent reports whether a menu URL is the page being shown or one of its parents.
func (v *View) IsCurrent(menuURL string) bool {
	if v.Page == nil || menuURL == "/" {
		return v.Page != nil && v.Page.Path == "/" && menuURL == "/"
	}
	return strings.HasPrefix(v.Page.Path, menuURL)
}

// templateFuncMap holds the functions every layout may call; they need nothing but their
// arguments (anything that needs the site is a method of View).
var templateFuncMap = template.FuncMap{
	"initials": initials,
	"label":    label,
	"date":     func(t time.Time) string { return t.Format("2 January 2006") },
	"isoDate":  func(t time.Time) string { return t.Format("2006-01-02") },
	"first": func(n int, s []string) []string {
		if len(s) > n {
			return s[:n]
		}
		return s
	},
	"join":  strings.Join,
	"lower": strings.ToLower,
	// tzLabel shows an IANA name for reading: "America/Argentina/Buenos Aires", with a
	// zero-width space after each slash so that a narrow card can wrap it there.
	"tzLabel": func(tz string) string {
		return strings.ReplaceAll(strings.ReplaceAll(tz, "_", " "), "/", "/\u200b")
	},
	"plural":    plural,
	"countWord": countWord,
	"add":       func(a, b int) int { return a + b },
	// hue picks one of twelve colours for an initials avatar (the class hue-N of style.css),
	// the same for a name in every build. A class, not a style attribute: the pages' CSP
	// allows no inline style.
	"hue": func(s string) int {
		h := 0
		for _, r := range s {
			h = (h*31 + int(r)) % 360
		}
		return h / 30
	},
	// weight is a term's size in the term cloud, 1 to 10 (the class w-N of style.css).
	"weight": func(n int) int { return max(1, min(n, 10)) },
	"csp":    func() string { return ContentSecurityPolicy },
}

// initials returns up to two letters for an avatar: "Ana Lima" → "AL", "王伟" → "王".
func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			out = append(out, unicode.ToUpper(r))
		}
	}
	switch {
	case len(out) == 0:
		return "?"
	case len(out) == 1:
		return string(out)
	}
	return string(out[0]) + string(out[len(out)-1])
}

// hyphenated are vocabulary words whose hyphen belongs to the word.
var hyphenated = []string{"e-commerce", "company-sponsored", "go-to-market", "product-led", "real-time", "hands-on", "async-friendly", "non-profit"}

// label turns a vocabulary value into display text: "ai-products" → "AI products",
// "e-commerce" → "E-commerce".
func label(s string) string {
	for i, h := range hyphenated {
		s = strings.ReplaceAll(s, h, "\x00"+strconv.Itoa(i)+"\x00")
	}
	s = strings.ReplaceAll(s, "-", " ")
	for i, h := range hyphenated {
		s = strings.ReplaceAll(s, "\x00"+strconv.Itoa(i)+"\x00", h)
	}
	words := strings.Fields(s)
	for i, w := range words {
		switch strings.ToLower(w) {
		case "ai", "b2b", "saas", "okrs", "pm", "ic", "api", "sql", "hr":
			words[i] = strings.ToUpper(w)
			if strings.ToLower(w) == "okrs" {
				words[i] = "OKRs"
			}
			if strings.ToLower(w) == "saas" {
				words[i] = "SaaS"
			}
		}
	}
	if len(words) > 0 {
		r, n := utf8.DecodeRuneInString(words[0])
		words[0] = string(unicode.ToUpper(r)) + words[0][n:]
	}
	return strings.Join(words, " ")
}

// countWord writes a count in words at the start of a heading: "Four ways", "1 way" is
// "One way"; from 13 on, digits.
func countWord(n int, one, many string) string {
	words := []string{"No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"}
	noun := many
	if n == 1 {
		noun = one
	}
	if n >= 0 && n < len(words) {
		return words[n] + " " + noun
	}
	return strconv.Itoa(n) + " " + noun
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Item pairs a page with the view, for partials: {{ template "partials/card.html" ($.Card .) }}.
type Item struct {
	View *View
	Page *Page
	Size int    // avatar size in CSS pixels
	Lead string // the expertise a card shows first: the term of the page it is listed on
}

// Chips are the expertise a card shows: at most three, the lead first, and how many more.
type Chips struct {
	Shown []string
	More  int
}

// Chips returns the expertise chips of a mentor card.
func (it Item) Chips() Chips {
	all := it.Page.Mentor.Expertise
	shown := make([]string, 0, 3)
	if it.Lead != "" && slices.Contains(all, it.Lead) {
		shown = append(shown, it.Lead)
	}
	for _, e := range all {
		if len(shown) == 3 {
			break
		}
		if e != it.Lead || len(shown) == 0 {
			shown = append(shown, e)
		}
	}
	return Chips{Shown: shown, More: len(all) - len(shown)}
}

// Card returns the data of a card partial for p.
func (v *View) Card(p *Page) Item { return Item{View: v, Page: p, Size: 64} }

// MentorCard renders the partials/card.html of a mentor once per build and returns the same
// HTML wherever the mentor is listed: a mentor appears in the directory and in a dozen term
// pages, and re-running the template (and the minifier) for each was most of a large build's
// time. When minifying, it returns a placeholder element instead, which Output.Render swaps for
// the card minified once, after the page around it is minified.
func (v *View) MentorCard(p *Page) (template.HTML, error) { return v.mentorCard(p, "") }

// TermCard is MentorCard on a term page of the expertise taxonomy: the card shows the term's
// chip first. A mentor whose first expertise it already is gets the directory's card.
func (v *View) TermCard(p *Page) (template.HTML, error) {
	lead := ""
	if v.Taxonomy != nil && v.Taxonomy.Name == "expertise" && v.Term != nil && p.Mentor != nil {
		if i := slices.Index(p.Mentor.Expertise, v.Term.Name); i > 0 {
			lead = v.Term.Name
		}
	}
	return v.mentorCard(p, lead)
}

func (v *View) mentorCard(p *Page, lead string) (template.HTML, error) {
	c, err := v.cards.get(v, p, lead)
	if err != nil {
		return "", err
	}
	if v.theme.minify != nil {
		return template.HTML(cardPlaceholder + v.cards.token + "-" + strconv.Itoa(c.index) + cardPlaceholderEnd), nil
	}
	return template.HTML(c.html), nil
}

const (
	cardPlaceholder    = `<mg-card data-mg="`
	cardPlaceholderEnd = `"></mg-card>`
)

// cardCache holds the rendered mentor cards of one build. Its placeholders carry a random
// token, so that raw HTML in content (markdown.unsafe) cannot forge one.
type cardCache struct {
	token string
	mu    sync.Mutex
	byPg  map[cardKey]*card
	cards []*card
}

// cardKey names one rendering of a mentor's card: the directory's, or one led by a term.
type cardKey struct {
	page *Page
	lead string
}

type card struct {
	index    int
	html     []byte // as rendered
	minified []byte
}

func (cc *cardCache) get(v *View, p *Page, lead string) (*card, error) {
	key := cardKey{p, lead}
	cc.mu.Lock()
	c := cc.byPg[key]
	cc.mu.Unlock()
	if c != nil {
		return c, nil
	}
	var b bytes.Buffer
	item := v.Card(p)
	item.Lead = lead
	if err := v.theme.partials.ExecuteTemplate(&b, "partials/card.html", item); err != nil {
		return nil, err
	}
	c = &card{html: b.Bytes(), minified: b.Bytes()}
	if v.theme.minify != nil {
		if m, err := v.theme.minify.Bytes("text/html", c.html); err == nil {
			c.minified = m
		}
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if prev := cc.byPg[key]; prev != nil { // another goroutine rendered it meanwhile
		return prev, nil
	}
	c.index = len(cc.cards)
	cc.cards = append(cc.cards, c)
	cc.byPg[key] = c
	return c, nil
}

// splice replaces the card placeholders of a minified page by the minified cards.
func (cc *cardCache) splice(page []byte) []byte {
	open := []byte(cardPlaceholder + cc.token + "-")
	if !bytes.Contains(page, open) {
		return page
	}
	cc.mu.Lock()
	cards := cc.cards
	cc.mu.Unlock()
	var out bytes.Buffer
	out.Grow(len(page) + 24*1500)
	rest := page
	for {
		i := bytes.Index(rest, open)
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		out.Write(rest[:i])
		rest = rest[i+len(open):]
		j := bytes.Index(rest, []byte(cardPlaceholderEnd))
		n, err := strconv.Atoi(string(rest[:max(j, 0)]))
		if j < 0 || err != nil || n >= len(cards) {
			out.Write(open)
			continue
		}
		out.Write(cards[n].minified)
		rest = rest[j+len(cardPlaceholderEnd):]
	}
}

// Avatar returns the data of an avatar partial for p at the given size.
func (v *View) Avatar(p *Page, size int) Item { return Item{View: v, Page: p, Size: size} }

// NameLang returns the lang attribute of a mentor's name written in a script other than
// Latin, or "" when it needs none (a Latin name, or the site's own language). The language is
// the first of the mentor's languages that is written in the name's script: 佐藤 花子 with
// [Japanese, English] is "ja". When none is, the name is marked by its script alone
// ("und-Hani"), so that a screen reader does not read it as the page's language. A Latin
// spelling shown beside it is for readers of the site's language and is marked with that
// (lang="en"): marked "ja-Latn", a screen reader would switch to a Japanese voice for it.
func (v *View) NameLang(p *Page) string {
	tag := nameLang(p)
	if base, _, _ := strings.Cut(v.site.Config.Language, "-"); tag == "" || strings.EqualFold(tag, base) {
		return ""
	}
	return tag
}

func nameLang(p *Page) string {
	if p.Mentor == nil {
		return ""
	}
	var scripts []string // of the name's letters, each once
	for _, r := range p.Title {
		if !unicode.IsLetter(r) {
			continue
		}
		code := ""
		for _, s := range nameScripts {
			if unicode.Is(s.table, r) {
				code = s.code
				break
			}
		}
		if code == "" || code == "Latn" {
			return "" // Latin needs no mark; an unknown script gets no wrong one
		}
		if !slices.Contains(scripts, code) {
			scripts = append(scripts, code)
		}
	}
	if len(scripts) == 0 {
		return ""
	}
	for _, l := range p.Mentor.Languages {
		if w, ok := scriptLanguages[strings.ToLower(l)]; ok && !slices.ContainsFunc(scripts, func(s string) bool { return !strings.Contains(w.scripts, s) }) {
			return w.tag
		}
	}
	if len(scripts) == 1 {
		return "und-" + scripts[0]
	}
	return ""
}

// nameScripts are the scripts a name may be written in, as ISO 15924 codes.
var nameScripts = []struct {
	code  string
	table *unicode.RangeTable
}{
	{"Latn", unicode.Latin}, {"Hani", unicode.Han}, {"Hira", unicode.Hiragana}, {"Kana", unicode.Katakana},
	{"Hang", unicode.Hangul}, {"Arab", unicode.Arabic}, {"Hebr", unicode.Hebrew}, {"Deva", unicode.Devanagari},
	{"Beng", unicode.Bengali}, {"Guru", unicode.Gurmukhi}, {"Gujr", unicode.Gujarati}, {"Taml", unicode.Tamil},
	{"Telu", unicode.Telugu}, {"Knda", unicode.Kannada}, {"Mlym", unicode.Malayalam}, {"Sinh", unicode.Sinhala},
	{"Thai", unicode.Thai}, {"Laoo", unicode.Lao}, {"Khmr", unicode.Khmer}, {"Mymr", unicode.Myanmar},
	{"Cyrl", unicode.Cyrillic}, {"Grek", unicode.Greek}, {"Armn", unicode.Armenian}, {"Geor", unicode.Georgian},
	{"Ethi", unicode.Ethiopic},
}

// scriptLanguages maps the English names of languages written in a script other than Latin
// (as site.yaml's languages vocabulary spells them) to their BCP 47 tag and their scripts.
var scriptLanguages = map[string]struct{ tag, scripts string }{
	"japanese": {"ja", "Hani Hira Kana"}, "korean": {"ko", "Hang Hani"}, "chinese": {"zh", "Hani"},
	"mandarin": {"zh", "Hani"}, "cantonese": {"yue", "Hani"}, "arabic": {"ar", "Arab"}, "persian": {"fa", "Arab"},
	"farsi": {"fa", "Arab"}, "urdu": {"ur", "Arab"}, "pashto": {"ps", "Arab"}, "hebrew": {"he", "Hebr"},
	"yiddish": {"yi", "Hebr"}, "hindi": {"hi", "Deva"}, "marathi": {"mr", "Deva"}, "nepali": {"ne", "Deva"},
	"bengali": {"bn", "Beng"}, "bangla": {"bn", "Beng"}, "punjabi": {"pa", "Guru"}, "gujarati": {"gu", "Gujr"},
	"tamil": {"ta", "Taml"}, "telugu": {"te", "Telu"}, "kannada": {"kn", "Knda"}, "malayalam": {"ml", "Mlym"},
	"sinhala": {"si", "Sinh"}, "thai": {"th", "Thai"}, "lao": {"lo", "Laoo"}, "khmer": {"km", "Khmr"},
	"burmese": {"my", "Mymr"}, "russian": {"ru", "Cyrl"}, "ukrainian": {"uk", "Cyrl"}, "belarusian": {"be", "Cyrl"},
	"bulgarian": {"bg", "Cyrl"}, "serbian": {"sr", "Cyrl"}, "macedonian": {"mk", "Cyrl"}, "kazakh": {"kk", "Cyrl"},
	"mongolian": {"mn", "Cyrl"}, "greek": {"el", "Grek"}, "armenian": {"hy", "Armn"}, "georgian": {"ka", "Geor"},
	"amharic": {"am", "Ethi"}, "tigrinya": {"ti", "Ethi"},
}
