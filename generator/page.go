package generator

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // IANA time zones are checked on any machine, with or without /usr/share/zoneinfo

	"mentorgen/generator/internal/editdist"
	"mentorgen/generator/markdown"
	"mentorgen/generator/slug"
	"mentorgen/generator/urls"

	"go.yaml.in/yaml/v3"
)

// Kind says what a page is; it picks the layout and the validation rules.
type Kind string

const (
	KindHome    Kind = "home"    // content/_index.md
	KindSection Kind = "section" // content/<section>/_index.md
	KindMentor  Kind = "mentor"  // content/mentors/<slug>.md
	KindProgram Kind = "program" // content/programs/<slug>.md
	KindTip     Kind = "tip"     // content/tips/<slug>.md
	KindPage    Kind = "page"    // any other page
)

// Page is one content file, parsed. Parsing depends on nothing but the file's bytes and the
// options, so a saved file can be re-parsed alone.
type Page struct {
	File    string // slash path in the site fs: content/mentors/ana.md
	Kind    Kind
	Section string // first folder under content/, "" for root pages
	Bundle  bool   // index.md in its own folder; files beside it are copied along
	Path    string // site path: /mentors/ana/

	Title, Summary, Description, Author string
	LinkTitle                           string // Hugo's short title for menus and lists; "" for Title
	Slug                                string
	URL                                 string // the page's own site path as written (Hugo's url), "" for the default
	Date, Lastmod                       time.Time
	PublishDate, ExpiryDate             time.Time // not published before PublishDate, nor from ExpiryDate on
	Draft                               bool
	Headless                            bool // a bundle whose page is not rendered (Hugo's headless)
	Weight                              int
	Aliases, Tags, Categories, Keywords []string
	Type, Layout                        string              // Hugo's layout choice: layouts/<type>/<layout>.html
	Terms                               map[string][]string // values of site.yaml's own taxonomies, by plural name
	Params                              map[string]any

	Mentor  *Mentor  // set for KindMentor
	Program *Program // set for KindProgram
	Tip     *Tip     // set for KindTip

	body      []byte         // rendered HTML, with an empty URL at each of slots
	refs      []markdown.Ref // internal links and images, resolved by assemble
	slots     []int          // offset in body where the URL of refs[i] goes; ascending
	selfLinks []markdown.Ref // "#anchor" links into the page, checked by assemble
	TOC       []markdown.Heading
	anchors   map[string]bool
	Plain     string // the body as plain text
	Words     int
	lines     lineIndex
	lint      Diagnostics       // the editor's warnings (lint.go), reported with Options.Lint
	keyPos    map[string][2]int // line and column of each front matter key, for assemble's diagnostics
}

// Mentor holds the fields of a mentor profile.
type Mentor struct {
	NameLatin             string // a Latin spelling of a name written in another script: shown under it, sorted by
	Role                  string
	Company               string
	YearsExperience       int
	Seniority             string
	Expertise             []string
	HelpsWith             []string
	Industries            []string
	ProgramTypes          []string
	Formats               []string
	Style                 []string
	Timezone              string
	Languages             []string
	Capacity              int
	Accepting             bool
	Availability          []Window
	AvailabilityConfirmed time.Time
	BookingURL            string
	Photo                 string // as written: relative to the bundle, or a site path into static/
	NoPhoto               bool   // photo: none, a profile without a photo on purpose
	Location              string
	Links                 []NamedLink
}

// Window is a weekly availability window in the mentor's time zone.
type Window struct {
	Day        string // Mon … Sun
	Start, End string // 24-hour HH:MM
}

func (w Window) String() string { return w.Day + " " + w.Start + "–" + w.End }

// NamedLink is a titled external link on a mentor profile.
type NamedLink struct {
	Title, URL string // URL as written: a percent-encoded one is not encoded again
	Icon       string // the known host's icon (github, linkedin, x, mastodon, slack, …), or "" for a site
}

// knownHosts name the services a mentor directory links to, for a plain URL's title and icon.
var knownHosts = []struct{ host, title, icon string }{
	{"github.com", "GitHub", "github"}, {"gitlab.com", "GitLab", "gitlab"},
	{"linkedin.com", "LinkedIn", "linkedin"}, {"twitter.com", "X", "x"}, {"x.com", "X", "x"},
	{"slack.com", "Slack", "slack"}, {"medium.com", "Medium", "medium"}, {"youtube.com", "YouTube", "youtube"},
	{"bsky.app", "Bluesky", "bluesky"}, {"stackoverflow.com", "Stack Overflow", "stackoverflow"},
}

// linkHost returns the title and icon of a link to a known host. Mastodon has no one host:
// a server named mastodon.* or a profile path /@name is taken for one. Any other host is a
// personal site, titled by its host name.
func linkHost(raw string) (title, icon string) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw, ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	for _, k := range knownHosts {
		if host == k.host || strings.HasSuffix(host, "."+k.host) {
			return k.title, k.icon
		}
	}
	if strings.HasPrefix(host, "mastodon.") || strings.HasPrefix(u.Path, "/@") {
		return "Mastodon", "mastodon"
	}
	return host, ""
}

// Program holds the fields of a program guide.
type Program struct {
	Type       string // formal | informal | online | company-sponsored
	Duration   string
	Cadence    string
	Commitment string
	Audience   string
	Cost       string
	Matching   string // how mentees and mentors are paired: "applications reviewed by the team"
}

// Tip holds the fields of a mentee tip.
type Tip struct {
	Topic     string
	Expertise []string
}

// Enumerations of the content model.
var (
	Seniorities  = []string{"junior", "mid", "senior", "principal", "executive"}
	ProgramTypes = []string{"formal", "informal", "online", "company-sponsored"}
	weekdays     = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
)

var (
	commonKeys = []string{"title", "slug", "date", "lastmod", "draft", "summary", "description", "weight", "aliases", "tags", "categories", "author", "params",
		"keywords", "linkTitle", "publishDate", "expiryDate", "url", "headless", "type", "layout"}
	mentorKeys  = []string{"name_latin", "role", "company", "years_experience", "seniority", "expertise", "helps_with", "industries", "program_types", "formats", "style", "timezone", "languages", "capacity", "accepting", "availability", "availability_confirmed", "booking_url", "photo", "location", "links"}
	programKeys = []string{"program_type", "duration", "cadence", "commitment", "audience", "cost", "matching"}
	tipKeys     = []string{"topic", "expertise"}
)

// classify derives kind, section and bundle-ness from a content path.
func classify(file string) (kind Kind, section string, bundle bool) {
	rel := strings.TrimPrefix(file, "content/")
	parts := strings.Split(rel, "/")
	base := parts[len(parts)-1]
	switch {
	case base == "_index.md" && len(parts) == 1:
		return KindHome, "", false
	case base == "_index.md":
		return KindSection, path.Dir(rel), false
	case len(parts) == 1:
		return KindPage, "", false // content/about.md
	case len(parts) == 2 && base == "index.md":
		return KindPage, "", true // content/about/index.md
	}
	bundle = base == "index.md"
	switch parts[0] {
	case "mentors":
		return KindMentor, parts[0], bundle
	case "programs":
		return KindProgram, parts[0], bundle
	case "tips":
		return KindTip, parts[0], bundle
	}
	return KindPage, parts[0], bundle
}

var windowRE = regexp.MustCompile(`^(\w{3}) ([0-2]\d):([0-5]\d)-([0-2]\d):([0-5]\d)$`)

// ParsePage parses one content file. It never touches other files: checks that need the whole
// site (links, photos, duplicate URLs) are assemble's.
func (p *Parser) ParsePage(file string, src []byte) (*Page, Diagnostics) {
	kind, section, bundle := classify(file)
	pg := &Page{File: file, Kind: kind, Section: section, Bundle: bundle, lines: newLineIndex(src), keyPos: map[string][2]int{}}
	if d := textProblem(file, src); d != nil {
		// Nothing in the file can be trusted; the page keeps only what its name gives, so
		// that assembling the rest of the site reports nothing more about it.
		pg.Slug = defaultSlug(file, bundle)
		pg.Title, pg.Path = titleFromSlug(pg.Slug), pagePath(pg)
		return pg, Diagnostics{*d}
	}
	fm, diags := splitFrontMatter(file, src)
	d := &fieldDecoder{file: file, diags: diags}
	p.decodeFields(d, pg, fm.root)
	d.diags = append(d.diags, pagePlaceholders(file, kind, fm.root)...)
	body := src[fm.bodyOffset:]
	res, err := p.md.Convert(file, body, fm.bodyOffset)
	if err != nil {
		d.diags = append(d.diags, Diagnostic{File: file, Line: fm.lineOffset + 1, Code: "markdown-render", Msg: "cannot render Markdown: " + err.Error()})
	}
	d.diags = append(d.diags, bodyDiagnostics(res, file, pg.lines)...)
	pg.body, pg.refs, pg.slots, pg.selfLinks = res.HTML, res.Refs, res.Slots, res.SelfLinks
	pg.TOC, pg.anchors, pg.Plain = res.TOC, res.Anchors, res.Plain
	pg.Words = len(strings.Fields(res.Plain))
	if pg.Summary == "" && kind != KindHome && kind != KindSection {
		pg.Summary = truncateWords(res.Lead, 160)
		if strings.Contains(string(body), markdown.MoreMarker) { // a summary its writer ended is kept whole, as in Hugo
			pg.Summary = strings.Join(strings.Fields(res.Lead), " ")
		}
	}
	if pg.Description == "" {
		pg.Description = pg.Summary
	}
	fmBroken := len(diags) > 0 // no "missing field" reports for front matter that did not parse
	if pg.Title == "" {
		if kind == KindHome || kind == KindSection {
			pg.Title = titleFromSlug(path.Base(section))
		} else if kind == KindPage && !fmBroken && !d.suggested["title"] {
			// Hugo builds a page without a title, and copied sites have some; an empty
			// <title> is never what they meant, so the page takes its first heading's text or
			// its file name, and the build says so.
			from := "its first heading"
			if h := markdown.FirstHeading(body); h != "" {
				pg.Title = h
			} else {
				pg.Title, from = titleFromSlug(defaultSlug(file, bundle)), "its file name"
			}
			line := fm.lineOffset + 1
			if fm.root == nil {
				line = 1
			}
			d.diags = append(d.diags, Diagnostic{File: file, Line: line, Col: 1, Warning: true, Code: "title-derived",
				Msg:  fmt.Sprintf("title is missing: the page is titled %q, from %s", pg.Title, from),
				Hint: "add `title: …` to the front matter"})
		} else if !fmBroken && !d.suggested["title"] {
			d.diags = append(d.diags, Diagnostic{File: file, Line: fm.lineOffset + 1, Col: 1, Code: "required-field", Msg: "title is missing",
				Hint: "add `title: …` to the front matter; for a mentor it is their name"})
		}
	}
	if pg.Slug == "" {
		pg.Slug = defaultSlug(file, bundle)
	}

	if pg.Date.IsZero() { // as Hugo's default frontmatter config: date falls back to publishDate
		pg.Date = pg.PublishDate
	}
	pg.Path = pagePath(pg)
	if why := urls.Unservable(pg.Path); why != "" {
		// U+202E can make "evil\u202Egpj.exe" read as "evilexe.jpg"; a zero-width space makes
		// two URLs that look the same; a control character is cut or refused on the way.
		d.diags = append(d.diags, Diagnostic{File: file, Code: "path-invalid", Msg: fmt.Sprintf("the page's URL %q %s, taken from its file or folder name", pg.Path, why),
			Hint: "rename the file or folder without it, or set slug:"})
	}
	if kind == KindMentor && !fmBroken {
		p.checkMentor(d, pg, fm.root)
	}
	if !fmBroken {
		pg.lint = lintPage(pg, res.Lint, fm, len(body))
	}
	if kind == KindProgram && pg.Program.Type == "" && !fmBroken && !d.suggested["program_type"] {
		d.diags = append(d.diags, Diagnostic{File: file, Line: fm.lineOffset + 1, Col: 1, Code: "required-field", Msg: "program_type is missing",
			Hint: "add `program_type:` with one of " + strings.Join(ProgramTypes, ", ")})
	}
	return pg, d.diags
}

func defaultSlug(file string, bundle bool) string {
	if bundle {
		return path.Base(path.Dir(file))
	}
	return strings.TrimSuffix(path.Base(file), path.Ext(file))
}

// pagePath is the site path of a page, before the base URL is applied.
func pagePath(pg *Page) string {
	if pg.URL != "" {
		return urlPath(pg.URL)
	}
	rel := strings.TrimPrefix(pg.File, "content/")
	switch pg.Kind {
	case KindHome:
		return "/"
	case KindSection:
		return "/" + path.Dir(rel) + "/"
	}
	dir := path.Dir(rel)
	if pg.Bundle {
		dir = path.Dir(dir)
	}
	if dir == "." {
		return "/" + pg.Slug + "/"
	}
	return "/" + dir + "/" + pg.Slug + "/"
}

// urlPath is the site path of a page's url: as in Hugo, it is counted from the site's root
// with or without a leading slash, and without a file extension it is a folder.
func urlPath(u string) string {
	u, _ = urls.SplitRef(u) // written as a URL: "/about%20us/" is the folder "about us"
	p := urls.CleanPath("/" + strings.TrimPrefix(u, "/"))
	if !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
		p += "/"
	}
	return p
}

func titleFromSlug(s string) string {
	s = strings.ReplaceAll(s, "-", " ")
	if s == "" || s == "." {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func truncateWords(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 { // don't split a UTF-8 sequence
		cut--
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// decodeFields fills pg from the front matter mapping.
func (p *Parser) decodeFields(d *fieldDecoder, pg *Page, root *yaml.Node) {
	known := append([]string(nil), commonKeys...)
	switch pg.Kind {
	case KindMentor:
		pg.Mentor = &Mentor{}
		known = append(known, mentorKeys...)
	case KindProgram:
		pg.Program = &Program{}
		known = append(known, programKeys...)
	case KindTip:
		pg.Tip = &Tip{}
		known = append(known, tipKeys...)
	}
	for _, t := range p.cfg.Taxonomies {
		if !slices.Contains(known, t.Plural) {
			known = append(known, t.Plural)
		}
	}
	capacitySet, acceptingSet := false, false
	var themed map[string]any // Hugo theme flags, kept as params
	for _, f := range d.fields(root) {
		k, v := hugoKey(f.key.Value), f.value
		pg.keyPos[k] = [2]int{f.key.Line, f.key.Column}
		if p.decodeCommon(d, pg, k, v) {
			continue
		}
		ok := false
		switch {
		case pg.Mentor != nil:
			ok = p.decodeMentor(d, pg.Mentor, k, v)
			capacitySet = capacitySet || k == "capacity"
			acceptingSet = acceptingSet || k == "accepting"
		case pg.Program != nil:
			ok = decodeProgram(d, pg.Program, k, v)
		case pg.Tip != nil:
			ok = p.decodeTip(d, pg.Tip, k, v)
		}
		if !ok && slices.ContainsFunc(p.cfg.Taxonomies, func(t TaxonomyConfig) bool { return t.Plural == k }) {
			if pg.Terms == nil {
				pg.Terms = map[string][]string{}
			}
			pg.Terms[k] = d.strList(v, k)
			continue
		}
		if !ok && themeKey(k) {
			d.diags = append(d.diags, Diagnostic{File: d.file, Line: f.key.Line, Col: f.key.Column, Warning: true, Code: "hugo-theme-key",
				Msg:  fmt.Sprintf("%s: this is a theme setting in Hugo: move it under params:", k),
				Hint: fmt.Sprintf("write params: {%s: %s}; layouts read it as .Page.Params.%s", k, flowValue(v), k)})
			if themed == nil {
				themed = map[string]any{}
			}
			themed[k] = anyValue(v)
			continue
		}
		if !ok && v.Kind == yaml.SequenceNode && editdist.DidYouMean(k, known) == "" && slug.Of(k) == k {
			// A list under a key of its own is how a Hugo site uses a taxonomy of its config.
			d.errorf("taxonomy-undeclared", f.key, fmt.Sprintf("to group pages by it, declare it in site.yaml as taxonomies: {%s: %s}; or put it under params:", k, k),
				"unknown key %q", k)
			continue
		}
		if !ok {
			d.unknownKey(f.key, known, true)
		}
	}
	for k, v := range themed { // as Hugo has them: page params; params: itself wins
		if _, set := pg.Params[k]; !set {
			if pg.Params == nil {
				pg.Params = map[string]any{}
			}
			pg.Params[k] = v
		}
	}
	if m := pg.Mentor; m != nil && !acceptingSet {
		m.Accepting = capacitySet && m.Capacity > 0
	}
}

func (p *Parser) decodeCommon(d *fieldDecoder, pg *Page, k string, v *yaml.Node) bool {
	switch k {
	case "title":
		pg.Title = d.str(v, k)
	case "slug":
		pg.Slug = d.str(v, k)
		if s := slug.Make(pg.Slug, true); s != strings.ToLower(pg.Slug) || s == "" {
			d.errorf("path-invalid", v, fmt.Sprintf("use lower-case words joined by hyphens, e.g. %q", slug.Make(pg.Slug, false)), "slug: %q cannot be used in a URL", pg.Slug)
		}
	case "date":
		pg.Date = d.date(v, k)
	case "lastmod":
		pg.Lastmod = d.date(v, k)
	case "draft":
		pg.Draft = d.boolean(v, k)
	case "summary":
		pg.Summary = d.str(v, k)
	case "description":
		pg.Description = d.str(v, k)
	case "weight":
		pg.Weight = d.integer(v, k)
	case "aliases":
		pg.Aliases = d.strList(v, k)
		for i, a := range pg.Aliases {
			// A relative alias is Hugo's: relative to the parent of the page's URL (see aliasPath).
			if a == "" || urls.HasScheme(a) || strings.HasPrefix(a, "//") || strings.HasPrefix(a, "/") && strings.Contains(a, "..") {
				d.errorf("path-invalid", itemNode(v, i), `write a site path such as "/old-page/", or a path relative to the page's parent such as "old-page"`, "aliases: %q is not a site path", a)
			} else if strings.ContainsAny(a, "?#") {
				// A request's query and fragment never choose a file on a static server, so a
				// redirect page written for /q?x=1 would answer no request.
				d.errorf("path-invalid", itemNode(v, i), "write the old URL's path alone; for a '?' or '#' that is part of a name, write %3F or %23", "aliases: %q has a query or fragment, and a static server chooses a file by the path alone", a)
			} else if why := urls.Unservable(a); why != "" {
				d.errorf("path-invalid", itemNode(v, i), "remove it", "aliases: %q %s", a, why)
			}
		}
	case "tags":
		pg.Tags = d.strList(v, k)
	case "categories":
		pg.Categories = d.strList(v, k)
	case "author":
		pg.Author = d.str(v, k)
	case "keywords":
		pg.Keywords = d.strList(v, k)
	case "linkTitle", "linktitle":
		pg.LinkTitle = d.str(v, k)
	case "publishDate", "publishdate", "pubdate", "published":
		pg.PublishDate = d.date(v, k)
	case "expiryDate", "expirydate", "unpublishdate":
		pg.ExpiryDate = d.date(v, k)
	case "url":
		pg.URL = d.str(v, k)
		if pg.Kind == KindHome || pg.Kind == KindSection {
			d.errorf("path-invalid", v, "remove url:; move the folder to change the URL of its list", "url: a section's URL is its folder's")
			pg.URL = ""
		} else if u := pg.URL; u == "" || urls.HasScheme(u) || strings.HasPrefix(u, "//") || strings.Contains(u, "..") || strings.ContainsAny(u, "?#") {
			d.errorf("path-invalid", v, `write a path on this site such as "/about-us/"`, "url: %q is not a site path", u)
			pg.URL = ""
		} else if why := urls.Unservable(u); why != "" {
			d.errorf("path-invalid", v, "remove it", "url: %q %s", u, why)
			pg.URL = ""
		}
	case "headless":
		pg.Headless = d.boolean(v, k)
	case "type":
		pg.Type = d.str(v, k)
	case "layout":
		pg.Layout = d.str(v, k)
	case "params":
		if v.Kind != yaml.MappingNode {
			d.errorf("field-type", v, "write key: value pairs under params:", "params: want a mapping, got %s", describe(v))
			return true
		}
		pg.Params, _ = anyValue(v).(map[string]any)
	default:
		return false
	}
	return true
}

// hugoKey returns the page key that k spells in another case (Title, publishdate), or k.
// Hugo's front matter keys are not case-sensitive, and copied sites rely on it; the keys of
// mentors, programs and tips are ours, and keep their one spelling.
func hugoKey(k string) string {
	if slices.Contains(commonKeys, k) {
		return k
	}
	for _, c := range commonKeys {
		if strings.EqualFold(c, k) {
			return c
		}
	}
	return k
}

// themeKeys are front matter keys that popular Hugo themes (PaperMod, Ananke, Blowfish, Stack,
// Hello Friend, Coder, Academic) read from a page's top level, where Hugo puts every key it
// does not know into .Params. Pages copied from such a site carry them; they are settings of
// that theme, not content, so they get their own message rather than "unknown key".
var themeKeys = []string{"math", "katex", "mathjax", "mermaid", "toc", "showtoc", "tocopen", "featured_image",
	"featuredimage", "featureimage", "images", "image", "cover", "thumbnail", "comments", "disablecomments",
	"hidemeta", "hidesummary", "showreadingtime", "showwordcount", "showbreadcrumbs", "showcodecopybuttons",
	"showpostnavlinks", "disableshare", "searchhidden", "readingtime", "share", "sharing", "lightgallery",
	"hero", "banner", "header_image", "menu", "hiddeninhomelist", "author_profile", "sidebar", "toc_sticky"}

// themeKey reports whether k is a Hugo theme setting; Hugo's keys are not case-sensitive.
func themeKey(k string) bool { return slices.Contains(themeKeys, strings.ToLower(k)) }

// flowValue writes a node's value as it would read in a YAML flow mapping, for a hint.
func flowValue(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" {
			return flowItem(n.Value)
		}
		return n.Value
	case yaml.SequenceNode:
		return "[…]"
	}
	return "{…}"
}

// vocab checks each value of a list against the site's vocabulary for that field, if any.
func (p *Parser) vocab(d *fieldDecoder, n *yaml.Node, key string, vals []string) []string {
	allowed, ok := p.cfg.Vocabularies[key]
	if !ok {
		return vals
	}
	// Case is forgiven, and the value takes the vocabulary's spelling, so "Discovery" and
	// "discovery" are one term.
	out := make([]string, 0, len(vals))
outer:
	for i, v := range vals {
		for _, a := range allowed {
			if strings.EqualFold(a, v) {
				out = append(out, a)
				continue outer
			}
		}
		d.notIn(itemNode(n, i), key, v, allowed, "vocabularies."+key+" in site.yaml")
		out = append(out, v)
	}
	return out
}

func (p *Parser) decodeMentor(d *fieldDecoder, m *Mentor, k string, v *yaml.Node) bool {
	switch k {
	case "name_latin":
		m.NameLatin = d.str(v, k)
	case "role":
		m.Role = d.str(v, k)
	case "company":
		m.Company = d.str(v, k)
	case "years_experience":
		m.YearsExperience = d.nonNegative(v, k)
	case "seniority":
		if m.Seniority = d.str(v, k); m.Seniority != "" {
			d.oneOf(v, k, m.Seniority, Seniorities)
		}
	case "expertise":
		m.Expertise = p.vocab(d, v, k, d.strList(v, k))
	case "helps_with":
		m.HelpsWith = p.vocab(d, v, k, d.strList(v, k))
	case "industries":
		m.Industries = p.vocab(d, v, k, d.strList(v, k))
	case "program_types":
		m.ProgramTypes = d.strList(v, k)
		for i, t := range m.ProgramTypes {
			d.oneOf(itemNode(v, i), k, t, ProgramTypes)
		}
	case "formats":
		m.Formats = d.strList(v, k)
	case "style":
		m.Style = p.vocab(d, v, k, d.strList(v, k))
	case "timezone":
		m.Timezone = d.timezone(v, k)
	case "languages":
		m.Languages = p.vocab(d, v, k, d.strList(v, k))
	case "capacity":
		m.Capacity = d.nonNegative(v, k)
	case "accepting":
		m.Accepting = d.boolean(v, k)
	case "availability":
		for i, s := range d.strList(v, k) {
			if w, ok := parseWindow(s); ok {
				m.Availability = append(m.Availability, w)
			} else {
				d.errorf("field-value", itemNode(v, i), `write a weekly window such as "Tue 18:00-20:00": Mon to Sun, 24-hour clock, end after start`, "availability: %q is not a weekly window", s)
			}
		}
	case "availability_confirmed":
		m.AvailabilityConfirmed = d.date(v, k)
	case "booking_url":
		m.BookingURL = d.str(v, k)
		if u, err := url.Parse(m.BookingURL); err != nil || !(u.Scheme == "https" && u.Host != "" || u.Scheme == "mailto" && u.Opaque != "") {
			d.errorf("url-invalid", v, bookingHint(m.BookingURL), "booking_url: %q is not an https: or mailto: URL", m.BookingURL)
		}
	case "photo":
		m.Photo = d.str(v, k)
		if strings.EqualFold(m.Photo, "none") { // no photo, on purpose: the card shows initials
			m.Photo, m.NoPhoto = "", true
		}
	case "location":
		m.Location = d.str(v, k)
	case "links":
		m.Links = d.namedLinks(v)
	default:
		return false
	}
	return true
}

// bookingHint suggests the booking_url that s most likely means: mailto: for a bare e-mail
// address, https: for a bare or http: web address.
func bookingHint(s string) string {
	switch u, err := url.Parse(s); {
	case err != nil || strings.ContainsAny(s, " \t"):
	case u.Scheme == "" && strings.Count(s, "@") == 1 && !strings.Contains(s, "/") && strings.Contains(s[strings.IndexByte(s, '@'):], "."):
		return fmt.Sprintf("did you mean %q?", "mailto:"+s)
	case u.Scheme == "http" && u.Host != "":
		return fmt.Sprintf("did you mean %q?", "https"+strings.TrimPrefix(s, "http"))
	case u.Scheme == "" && !strings.HasPrefix(s, "/") && strings.Contains(strings.SplitN(s, "/", 2)[0], "."):
		return fmt.Sprintf("did you mean %q?", "https://"+s)
	}
	return "use an https: link to a booking page or a mailto: address"
}

func parseWindow(s string) (Window, bool) {
	g := windowRE.FindStringSubmatch(strings.TrimSpace(s))
	if g == nil {
		return Window{}, false
	}
	dayOK := false
	for _, d := range weekdays {
		dayOK = dayOK || d == g[1]
	}
	start, end := g[2]+":"+g[3], g[4]+":"+g[5]
	if !dayOK || g[2] > "23" || g[4] > "24" || (g[4] == "24" && g[5] != "00") || end <= start {
		return Window{}, false
	}
	return Window{Day: g[1], Start: start, End: end}, true
}

// namedLinks decodes links: each a {title, url} mapping or a plain URL, as directories
// exported from mentor platforms write them; a plain URL is titled by its host.
func (d *fieldDecoder) namedLinks(n *yaml.Node) []NamedLink {
	if n.Kind != yaml.SequenceNode {
		d.errorf("field-type", n, "write a list of URLs or of {title: …, url: https://…}", "links: want a list, got %s", describe(n))
		return nil
	}
	checkURL := func(v *yaml.Node, key, s string) bool {
		if u, err := url.Parse(s); err != nil || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "mailto") || u.Scheme != "mailto" && u.Host == "" {
			hint := bookingHint(s)
			if !strings.HasPrefix(hint, "did you mean") {
				hint = "use an https: URL"
			}
			d.errorf("url-invalid", v, hint, "%s: %q is not a web address", key, s)
			return false
		}
		return true
	}
	var out []NamedLink
	for _, item := range n.Content {
		if item.Kind == yaml.ScalarNode && item.Tag != "!!null" {
			if l := (NamedLink{URL: item.Value}); checkURL(item, "links", l.URL) {
				l.Title, l.Icon = linkHost(l.URL)
				out = append(out, l)
			}
			continue
		}
		if item.Kind != yaml.MappingNode {
			d.errorf("field-type", item, "write a URL, or {title: Blog, url: https://…}", "links: want a URL or a mapping with title and url, got %s", describe(item))
			continue
		}
		var l NamedLink
		urlOK := true
		for _, f := range d.fields(item) {
			switch f.key.Value {
			case "title":
				l.Title = d.str(f.value, "links.title")
			case "url":
				l.URL = d.str(f.value, "links.url")
				urlOK = checkURL(f.value, "links.url", l.URL)
			default:
				d.unknownKey(f.key, []string{"title", "url"}, false)
			}
		}
		if l.URL == "" {
			d.errorf("required-field", item, "every link needs a url", "links: entry without url")
			continue
		}
		if !urlOK {
			continue
		}
		title, icon := linkHost(l.URL)
		if l.Title == "" {
			l.Title = title
		}
		l.Icon = icon
		out = append(out, l)
	}
	return out
}

func decodeProgram(d *fieldDecoder, g *Program, k string, v *yaml.Node) bool {
	switch k {
	case "program_type":
		if g.Type = d.str(v, k); g.Type != "" {
			d.oneOf(v, k, g.Type, ProgramTypes)
		}
	case "duration":
		g.Duration = d.str(v, k)
	case "cadence":
		g.Cadence = d.str(v, k)
	case "commitment":
		g.Commitment = d.str(v, k)
	case "audience":
		g.Audience = d.str(v, k)
	case "cost":
		g.Cost = d.str(v, k)
	case "matching":
		g.Matching = d.str(v, k)
	default:
		return false
	}
	return true
}

func (p *Parser) decodeTip(d *fieldDecoder, t *Tip, k string, v *yaml.Node) bool {
	switch k {
	case "topic":
		t.Topic = d.str(v, k)
	case "expertise":
		t.Expertise = p.vocab(d, v, k, d.strList(v, k))
	default:
		return false
	}
	return true
}

// checkMentor reports missing fields a profile cannot do without.
func (p *Parser) checkMentor(d *fieldDecoder, pg *Page, root *yaml.Node) {
	m := pg.Mentor
	line := 1
	if root != nil {
		line = root.Line
	}
	need := func(ok bool, key, hint string) {
		if !ok && !d.suggested[key] {
			d.diags = append(d.diags, Diagnostic{File: pg.File, Line: line, Col: 1, Code: "required-field", Msg: key + " is missing", Hint: hint})
		}
	}
	need(m.Role != "", "role", `add e.g. role: "Senior Product Manager"`)
	need(m.Seniority != "", "seniority", "add seniority: with one of "+strings.Join(Seniorities, ", "))
	need(len(m.Expertise) > 0, "expertise", "add expertise: [discovery, roadmapping]")
	need(m.Timezone != "", "timezone", `add an IANA name such as timezone: "Europe/Berlin"`)
}
