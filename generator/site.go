package generator

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"mentorgen/generator/internal/editdist"
	"mentorgen/generator/markdown"
	"mentorgen/generator/slug"
	"mentorgen/generator/urls"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Site is the assembled site: pages by URL, sections, taxonomies and resolved links. It is
// immutable once Assemble returns; the preview server shares one Site across requests and
// swaps in a new one after a change.
type Site struct {
	Config   *Config
	Pages    []*Page // every published page, sorted by path
	Home     *Page
	Mentors  []*Page // by weight, then name
	Programs []*Page // by weight, then title
	Tips     []*Page // newest first
	Sections []*Section
	// Taxonomies in menu order: expertise, helps_with, industries, program types, languages,
	// tags, then those of site.yaml in its order.
	Taxonomies []*Taxonomy
	Files      []StaticFile
	Built      time.Time // the build's clock: "now" for future-dated pages and the feed
	// LeftOut lists the parsed pages that are not published, by file, and why.
	LeftOut []LeftOut

	byPath   map[string]*Page
	byFile   map[string]*Page
	links    map[*Page][]siteLink // where each internal link and image of a page leads
	photoURL map[*Page]string     // site path of each mentor photo
	fileSite map[string]string    // site path of each copied file, by its path in the site fs
	urls     urls.URLs
}

// LeftOut is a page that is not published with the build's options.
type LeftOut struct {
	Page *Page
	Why  string // "is a draft (build with --drafts to include it)"
}

// Section is a folder under content/ with its list page.
type Section struct {
	Name  string
	Index *Page   // the _index.md page; synthesized when the folder has none
	Pages []*Page // sorted for listing
}

// Taxonomy is a way of grouping pages by a field's values, with one page per term.
type Taxonomy struct {
	Name  string // field name: expertise
	Title string // Expertise
	Path  string // /expertise/
	Terms []*Term
}

// Term is one value of a taxonomy, with the pages that carry it.
type Term struct {
	Name    string // as written in content: "first PM job"
	Slug    string // first-pm-job
	Path    string // /helps-with/first-pm-job/
	Mentors []*Page
	Pages   []*Page // guides and tips with the term
}

// Count is the number of pages of the term.
func (t *Term) Count() int { return len(t.Mentors) + len(t.Pages) }

// Tally says what the term's pages are, mentors apart from the rest: "5 mentors · 3 tips",
// "1 guide", so a mentee sees how many people a term leads to.
func (t *Term) Tally() string {
	var guides, tips, other int
	for _, p := range t.Pages {
		switch p.Kind {
		case KindProgram:
			guides++
		case KindTip:
			tips++
		default:
			other++
		}
	}
	var parts []string
	for _, c := range []struct {
		n         int
		one, many string
	}{{len(t.Mentors), "mentor", "mentors"}, {guides, "guide", "guides"}, {tips, "tip", "tips"}, {other, "page", "pages"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.one, c.many))
		}
	}
	return strings.Join(parts, " · ")
}

// StaticFile is a file copied as is: from static/ or from a page bundle.
type StaticFile struct {
	Src  string // slash path in the site fs
	Path string // site path: /images/ana.jpg
}

type taxonomyDef struct {
	name, title, slug string
	values            func(*Page) []string
}

var taxonomyDefs = []taxonomyDef{
	{"expertise", "Expertise", "expertise", func(p *Page) []string {
		if p.Mentor != nil {
			return p.Mentor.Expertise
		}
		if p.Tip != nil {
			return p.Tip.Expertise
		}
		return nil
	}},
	{"helps_with", "Career goals", "helps-with", func(p *Page) []string {
		if p.Mentor != nil {
			return p.Mentor.HelpsWith
		}
		return nil
	}},
	{"industries", "Industries", "industries", func(p *Page) []string {
		if p.Mentor != nil {
			return p.Mentor.Industries
		}
		return nil
	}},
	{"program_types", "Program types", "program-types", func(p *Page) []string {
		if p.Mentor != nil {
			return p.Mentor.ProgramTypes
		}
		if p.Program != nil && p.Program.Type != "" {
			return []string{p.Program.Type}
		}
		return nil
	}},
	{"languages", "Languages", "languages", func(p *Page) []string {
		if p.Mentor != nil {
			return p.Mentor.Languages
		}
		return nil
	}},
	{"tags", "Tags", "tags", func(p *Page) []string { return p.Tags }},
}

// taxonomyDefsOf returns the built-in taxonomies, then the site's own from site.yaml's
// taxonomies, whose values are the pages' front matter key of the plural name. Declaring a
// built-in one (tag: tags, as Hugo configs do) changes nothing.
func taxonomyDefsOf(c *Config) []taxonomyDef {
	defs := taxonomyDefs
	for _, t := range c.Taxonomies {
		if slices.ContainsFunc(taxonomyDefs, func(d taxonomyDef) bool { return d.name == t.Plural || d.slug == t.Plural }) {
			continue
		}
		plural := t.Plural
		values := func(p *Page) []string { return p.Terms[plural] }
		if plural == "categories" {
			values = func(p *Page) []string { return p.Categories }
		}
		defs = append(slices.Clip(defs), taxonomyDef{plural, titleFromSlug(plural), plural, values})
	}
	return defs
}

// reservedTaxonomyKeys are the front matter keys a taxonomy of site.yaml cannot be named
// after: they mean something else on a page. (categories is a taxonomy in Hugo.)
var reservedTaxonomyKeys = slices.DeleteFunc(slices.Concat(commonKeys, mentorKeys, programKeys, tipKeys),
	func(k string) bool { return k == "categories" || k == "tags" || k == "expertise" })

// Assemble puts parsed pages together into a Site and runs every check that needs more than
// one file: colliding URLs, links to pages and anchors, photos. It does no Markdown work.
func Assemble(in *Input, opts Options) (*Site, Diagnostics) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	s := &Site{Config: in.Config, Built: now, urls: urls.New(in.Config.BaseURL), byPath: map[string]*Page{}, byFile: map[string]*Page{},
		links: map[*Page][]siteLink{}, photoURL: map[*Page]string{}, fileSite: map[string]string{}}
	var diags Diagnostics
	excluded := map[string]string{} // file → why it is not published
	for _, p := range in.Pages {
		if why := exclusion(p, opts, now); why != "" {
			excluded[p.File] = why
			s.LeftOut = append(s.LeftOut, LeftOut{Page: p, Why: why})
		} else {
			s.Pages = append(s.Pages, p)
		}
	}
	// Pages that want one path keep the order of their files, so the same one is blamed every time.
	sort.SliceStable(s.Pages, func(i, j int) bool { return s.Pages[i].Path < s.Pages[j].Path })

	// Static files, and the files beside pages: a bundle's files are published under the
	// bundle's URL, any other file under content/ at its own path (as Hugo publishes the
	// files of a section folder), so relative images and downloads resolve. The files of a
	// bundle that is not published (a draft) are not published either.
	files := map[string]bool{}
	bundleOf := map[string]*Page{}
	for _, p := range in.Pages {
		if p.Bundle {
			bundleOf[p.bundleDir()] = p
		}
	}
	for _, f := range in.Files {
		files[f] = true
		sitePath := ""
		if rel, ok := strings.CutPrefix(f, "static/"); ok {
			sitePath = "/" + rel
		} else if rel, ok := strings.CutPrefix(f, "content/"); ok {
			sitePath = "/" + rel
			for d := path.Dir(f) + "/"; strings.HasPrefix(d, "content/"); d = path.Dir(strings.TrimSuffix(d, "/")) + "/" {
				if p := bundleOf[d]; p != nil {
					sitePath = p.Path + strings.TrimPrefix(f, d)
					if excluded[p.File] != "" {
						sitePath = ""
					}
					break
				}
			}
		}
		if sitePath == "" {
			continue
		}
		s.Files = append(s.Files, StaticFile{Src: f, Path: sitePath})
		s.fileSite[f] = sitePath
	}

	// Every URL of content must be unique, also when compared without case: many hosts and
	// every macOS or Windows checkout fold case. (URLs that mentorgen writes itself are the
	// route table's to defend: Routes reports content that takes one.)
	// When a page without a slug clashes with one whose slug made the clash, the slug is to
	// blame, wherever its file sorts (issue 10).
	type owner struct {
		file string
		slug [2]int // position of the slug key that made the URL; zero without one
	}
	owners := map[string]owner{} // lower-case path → who claims it
	claim := func(p, file string, line, col int, alias, slug bool) {
		key := strings.ToLower(p)
		prev, ok := owners[key]
		if seg, long := longSegment(p); long {
			hint := "give it a shorter slug or file name"
			if alias {
				hint = "shorten the alias"
			}
			diags = append(diags, Diagnostic{File: file, Line: line, Col: col, Code: "path-invalid", Hint: hint,
				Msg: fmt.Sprintf("URL %s… has a part of %d bytes, longer than the %d a file name can have", string([]rune(p)[:min(utf8.RuneCountInString(p), 40)]), len(seg), maxNameBytes)})
			return
		}
		switch {
		case ok && prev.file == file && alias:
			diags = append(diags, Diagnostic{File: file, Line: line, Col: col, Code: "alias-own-url",
				Msg:  fmt.Sprintf("alias %s is this page's own URL, or is listed twice", p),
				Hint: "remove it: an alias is an old URL that redirects here"})
		case ok && prev.file != file && !alias && !slug && prev.slug[0] > 0:
			diags = append(diags, Diagnostic{File: prev.file, Line: prev.slug[0], Col: prev.slug[1], Code: "url-collision",
				Msg:  fmt.Sprintf("URL %s is already used by %s", p, file),
				Hint: "give one of them another slug or file name"})
		case ok && prev.file != file:
			diags = append(diags, Diagnostic{File: file, Line: line, Col: col, Code: "url-collision",
				Msg:  fmt.Sprintf("URL %s is already used by %s", p, prev.file),
				Hint: "give one of them another slug or file name"})
		default:
			o := owner{file: file}
			if slug {
				o.slug = [2]int{line, col}
			}
			owners[key] = o
		}
	}
	for _, p := range s.Pages {
		pos, ok := p.keyPos["slug"]
		if !ok {
			pos = [2]int{1, 1}
		}
		claim(p.Path, p.File, pos[0], pos[1], false, ok)
		s.byPath[p.Path] = p
		s.byFile[p.File] = p
	}
	for _, p := range s.Pages {
		pos := p.keyPos["aliases"]
		for _, a := range p.Aliases {
			claim(aliasPath(p, a), p.File, pos[0], pos[1], true, false)
		}
	}
	for _, f := range s.Files {
		claim(f.Path, f.Src, 0, 0, false, false)
	}

	diags = append(diags, longTerms(s)...)
	s.groupPages()
	for _, sec := range s.Sections {
		if s.byFile[sec.Index.File] == nil {
			s.byFile[sec.Index.File] = sec.Index // synthesized: links to mentors/_index.md still work
		}
	}

	// Links and anchors.
	for _, p := range s.Pages {
		var d Diagnostics
		s.links[p], d = s.resolveLinks(p, excluded)
		diags = append(diags, d...)
	}

	// Photos exist, in the bundle or under static/.
	for _, p := range s.Pages {
		if p.Mentor == nil || p.Mentor.Photo == "" {
			continue
		}
		ph := p.Mentor.Photo
		pos := p.keyPos["photo"]
		var src, sitePath string
		switch {
		case urls.HasScheme(ph) || strings.HasPrefix(ph, "//"):
			diags = append(diags, Diagnostic{File: p.File, Line: pos[0], Col: pos[1], Code: "photo-remote", Msg: fmt.Sprintf("photo: %q is on another host", ph),
				Hint: "the portal loads nothing from other hosts: put the image under static/ or beside index.md"})
			continue
		case strings.HasPrefix(ph, "/"):
			src, sitePath = "static"+urls.CleanPath(ph), urls.CleanPath(ph)
		case p.Bundle:
			src, sitePath = markdown.JoinSlash(p.bundleDir(), ph), p.Path+ph
		default:
			diags = append(diags, Diagnostic{File: p.File, Line: pos[0], Col: pos[1], Code: "photo-relative", Msg: fmt.Sprintf("photo: %q is relative, but this page is not a bundle", ph),
				Hint: `write a path under static/ such as "/images/mentors/ana.jpg", or move the profile to mentors/<slug>/index.md with the photo beside it`})
			continue
		}
		if !files[src] {
			diags = append(diags, Diagnostic{File: p.File, Line: pos[0], Col: pos[1], Code: "photo-missing", Msg: fmt.Sprintf("photo: %s does not exist", src),
				Hint: photoHint(src, ph, in.Files)})
			continue
		}
		s.photoURL[p] = sitePath
	}

	return s, diags
}

// photoHint suggests the file a missing photo src most likely means, written as photo (the
// value as written) would be: a name that differs only in case (Ana.JPG for ana.jpg) is
// found on a Mac and missing on the host, so it is worth naming.
func photoHint(src, photo string, files []string) string {
	dir := path.Dir(src) + "/"
	var near []string // in the same folder, as the photo line would name them
	for _, f := range files {
		if rel, ok := strings.CutPrefix(f, dir); ok && !strings.Contains(rel, "/") {
			near = append(near, path.Dir(photo)+"/"+rel)
		}
	}
	for i, n := range near {
		near[i] = strings.TrimPrefix(n, "./")
	}
	if h := editdist.DidYouMean(photo, near); h != "" {
		return h
	}
	return "add the image, or remove the photo line to show initials instead"
}

// exclusion says why a page is not published with these options, or "" when it is.
func exclusion(p *Page, opts Options, now time.Time) string {
	switch {
	case p.Draft && !opts.Drafts:
		return "is a draft (build with --drafts to include it)"
	case p.Headless:
		return "is headless (a bundle whose page is not rendered; remove headless: to publish it)"
	case !p.Date.IsZero() && p.Date.After(now) && !opts.Future,
		!p.PublishDate.IsZero() && p.PublishDate.After(now) && !opts.Future:
		return "is dated in the future (build with --future to include it)"
	case !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(now):
		return "expired on " + p.ExpiryDate.Format("2006-01-02") + " (its expiryDate; remove it or set a later one to publish the page)"
	}
	return ""
}

// groupPages builds the sections, the sorted kind lists and the taxonomies.
func (s *Site) groupPages() {
	sections := map[string]*Section{}
	section := func(name string) *Section {
		if sec := sections[name]; sec != nil {
			return sec
		}
		sec := &Section{Name: name}
		sections[name] = sec
		return sec
	}
	for _, p := range s.Pages {
		switch p.Kind {
		case KindHome:
			s.Home = p
		case KindSection:
			section(p.Section).Index = p // nested folders (news/2026) are sections of their own
		case KindMentor:
			s.Mentors = append(s.Mentors, p)
		case KindProgram:
			s.Programs = append(s.Programs, p)
		case KindTip:
			s.Tips = append(s.Tips, p)
		}
	}
	// A section lists every page below its folder; a nested section only its own subtree.
	// The folder is the file's, not the URL's: a page with its own url: stays in its
	// section, as in Hugo.
	for _, p := range s.Pages {
		if p.Section == "" || p.Kind == KindSection {
			continue
		}
		dir := path.Dir(strings.TrimPrefix(p.File, "content/"))
		if p.Bundle {
			dir = path.Dir(dir)
		}
		for d := dir; d != "." && d != "/" && d != ""; d = path.Dir(d) {
			if sec := sections[d]; sec != nil || d == p.Section {
				sec = section(d)
				sec.Pages = append(sec.Pages, p)
			}
		}
	}
	if s.Home == nil {
		s.Home = &Page{File: "content/_index.md", Kind: KindHome, Path: "/", Title: s.Config.Title, Description: s.Config.Description}
	}
	// Standard sections always exist, so the menu and the home page can link to them.
	for _, name := range []string{"mentors", "programs", "tips"} {
		section(name)
	}
	for _, name := range sortedKeys(sections) {
		sec := sections[name]
		if sec.Index == nil {
			sec.Index = &Page{File: "content/" + name + "/_index.md", Kind: KindSection, Section: name, Path: "/" + name + "/", Title: titleFromSlug(name)}
		}
		sortPages(sec.Pages)
		s.Sections = append(s.Sections, sec)
	}
	// Names sort by the site language's collation (in Swedish Ö comes after Z, in Korean
	// Hangul before Latin), without case, and a mentor's Latin spelling stands in for a name
	// in another script. The keys are made once, not per comparison.
	col := collate.New(language.Make(s.Config.Language), collate.IgnoreCase)
	var buf collate.Buffer
	nameKey := make(map[*Page]string, len(s.Mentors)+len(s.Programs))
	for _, list := range [][]*Page{s.Mentors, s.Programs} {
		for _, p := range list {
			name := p.Title
			if p.Mentor != nil && p.Mentor.NameLatin != "" {
				name = p.Mentor.NameLatin
			}
			nameKey[p] = string(col.KeyFromString(&buf, name))
			buf.Reset()
		}
	}
	byName := func(a, b *Page) bool { return nameKey[a] < nameKey[b] }
	sort.SliceStable(s.Mentors, func(i, j int) bool {
		a, b := s.Mentors[i], s.Mentors[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return byName(a, b)
	})
	sort.SliceStable(s.Programs, func(i, j int) bool {
		a, b := s.Programs[i], s.Programs[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return byName(a, b)
	})
	sortPages(s.Tips)

	// Mentors come first and in directory order, so each term's mentor list is born sorted.
	order := make([]*Page, 0, len(s.Pages))
	order = append(order, s.Mentors...)
	for _, p := range s.Pages {
		if p.Kind != KindMentor {
			order = append(order, p)
		}
	}
	slugs := map[string]string{} // a value's term slug, made once per distinct value
	for _, def := range taxonomyDefsOf(s.Config) {
		tax := &Taxonomy{Name: def.name, Title: def.title, Path: "/" + def.slug + "/"}
		terms := map[string]*Term{}
		for _, p := range order {
			for _, v := range def.values(p) {
				slug, ok := slugs[v]
				if !ok {
					slug = termSlug(v)
					slugs[v] = slug
				}
				if slug == "" {
					continue
				}
				t := terms[slug]
				if t == nil {
					t = &Term{Name: v, Slug: slug, Path: termPath(def, v)}
					terms[slug] = t
					tax.Terms = append(tax.Terms, t)
				}
				if p.Kind == KindMentor {
					if n := len(t.Mentors); n == 0 || t.Mentors[n-1] != p {
						t.Mentors = append(t.Mentors, p)
					}
				} else if n := len(t.Pages); n == 0 || t.Pages[n-1] != p {
					t.Pages = append(t.Pages, p)
				}
			}
		}
		if len(tax.Terms) == 0 {
			continue
		}
		sort.Slice(tax.Terms, func(i, j int) bool { return tax.Terms[i].Slug < tax.Terms[j].Slug })
		for _, t := range tax.Terms {
			sortPages(t.Pages)
		}
		s.Taxonomies = append(s.Taxonomies, tax)
	}
}

// maxNameBytes is the longest file or folder name ext4, tmpfs, APFS and NTFS all take. Every
// part of a URL is a folder in the output, so a longer one would fail only when written, far
// from the line that made it.
const maxNameBytes = 255

// longSegment returns the first part of a site path longer than maxNameBytes.
func longSegment(p string) (string, bool) {
	for seg := range strings.SplitSeq(p, "/") {
		if len(seg) > maxNameBytes {
			return seg, true
		}
	}
	return "", false
}

// longTerms reports the taxonomy values whose term URL would have a part too long to write:
// a 600-character tag is a sentence pasted into the wrong field.
func longTerms(s *Site) Diagnostics {
	var diags Diagnostics
	defs := taxonomyDefsOf(s.Config)
	slugBytes := map[string]int{} // a value's slug length, made once per distinct value
	for _, p := range s.Pages {
		for _, def := range defs {
			for _, v := range def.values(p) {
				n, ok := slugBytes[v]
				if !ok {
					n = len(termSlug(v))
					slugBytes[v] = n
				}
				if n > maxNameBytes {
					pos, ok := p.keyPos[def.name]
					if !ok {
						pos = [2]int{1, 1}
					}
					diags = append(diags, Diagnostic{File: p.File, Line: pos[0], Col: pos[1], Code: "path-invalid",
						Msg:  fmt.Sprintf("%s: a value of %d characters is too long for the term's URL (%d bytes; a file name holds %d)", def.name, utf8.RuneCountInString(v), n, maxNameBytes),
						Hint: "a term is a short label, such as \"pricing\"; put longer text in the body"})
				}
			}
		}
	}
	return diags
}

// termSlug is the URL segment of a taxonomy term; every term URL is made from it.
func termSlug(value string) string { return slug.Of(value) }

// termPath is the site path of the term page of value in a taxonomy.
func termPath(d taxonomyDef, value string) string { return "/" + d.slug + "/" + termSlug(value) + "/" }

// Taxonomy returns the taxonomy of a field ("expertise"), or nil when no page has a value.
func (s *Site) Taxonomy(name string) *Taxonomy {
	for _, t := range s.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Term returns the term of a value, matched as its URL is: "Data" and "data" are one term.
func (t *Taxonomy) Term(value string) *Term {
	slug := termSlug(value)
	i := sort.Search(len(t.Terms), func(i int) bool { return t.Terms[i].Slug >= slug })
	if i < len(t.Terms) && t.Terms[i].Slug == slug {
		return t.Terms[i]
	}
	return nil
}

// sortPages orders a list as Hugo does by default: weight, then newest first, then title.
func sortPages(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Weight != b.Weight {
			if a.Weight == 0 || b.Weight == 0 {
				return b.Weight == 0
			}
			return a.Weight < b.Weight
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.Title < b.Title
	})
}

// RelURL returns the root-relative URL of a site path; see URLs.Rel.
func (s *Site) RelURL(sitePath string) string { return s.urls.Rel(sitePath) }

// AbsURL returns the absolute URL of a site path; see URLs.Abs.
func (s *Site) AbsURL(sitePath string) string { return s.urls.Abs(sitePath) }

// PageByPath returns the published page at a site path.
func (s *Site) PageByPath(p string) *Page { return s.byPath[p] }

// PageByFile returns the published page parsed from a content file.
func (s *Site) PageByFile(f string) *Page { return s.byFile[f] }

// PhotoURL returns the URL of a mentor's photo, or "" when the profile has none.
func (s *Site) PhotoURL(p *Page) string {
	if sp := s.photoURL[p]; sp != "" {
		return s.RelURL(sp)
	}
	return ""
}

// PhotoPath returns the site path of a mentor's photo, or "".
func (s *Site) PhotoPath(p *Page) string { return s.photoURL[p] }

func anchorHint(anchor string, p *Page) string {
	ids := sortedKeys(p.anchors)
	if h := editdist.DidYouMean(anchor, ids); h != "" {
		return h
	}
	if len(ids) == 0 {
		return "that page has no headings"
	}
	if len(ids) > 8 {
		ids = ids[:8]
	}
	return "headings there: #" + strings.Join(ids, ", #")
}
