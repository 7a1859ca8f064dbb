package generator

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Route is one output of the site: a URL with the function that renders it. The route table
// is what build writes and what the preview server serves; neither holds rendered pages.
type Route struct {
	Path   string // site path as requested: /mentors/ana/ or /feed.xml
	File   string // output file: mentors/ana/index.html
	Page   *Page  // the content page behind the route, if any
	Src    string // for files copied as they are: the path in the site fs
	asset  *Asset
	render func(b *bytes.Buffer) error
}

// Output is a site's route table.
type Output struct {
	Site   *Site
	Theme  *Theme
	Routes []Route // sorted by Path
	byPath map[string]int
	cards  *cardCache
}

// Lookup returns the route of a site path.
func (o *Output) Lookup(sitePath string) (Route, bool) {
	i, ok := o.byPath[sitePath]
	if !ok {
		return Route{}, false
	}
	return o.Routes[i], true
}

// Render returns the bytes of a route: rendered and minified, or read from the site fs for
// copied files.
func (o *Output) Render(site fs.FS, r Route) ([]byte, error) {
	switch {
	case r.asset != nil:
		return r.asset.Data, nil
	case r.Src != "":
		return fs.ReadFile(site, r.Src)
	}
	var b bytes.Buffer
	if err := r.render(&b); err != nil {
		return nil, err
	}
	out, err := o.Theme.minifyBytes(r.File, b.Bytes())
	if err != nil || o.Theme.minify == nil {
		return out, err
	}
	return o.cards.splice(out), nil
}

// Routes builds the route table of an assembled site.
func Routes(s *Site, t *Theme) *Output {
	o := &Output{Site: s, Theme: t}
	add := func(r Route) {
		if r.File == "" {
			r.File = fileOf(r.Path)
		}
		o.Routes = append(o.Routes, r)
	}
	info := s.info()
	cards := &cardCache{byPg: map[*Page]*card{}}
	o.cards = cards
	view := func(p *Page) *View {
		return &View{site: s, theme: t, cards: cards, Site: info, Page: p, Title: p.Title}
	}
	page := func(p *Page, layouts ...string) func(*bytes.Buffer) error {
		return func(b *bytes.Buffer) error {
			v := view(p)
			v.Content = s.content(p)
			v.JSONLD = s.jsonLD(p)
			if p.Kind == KindTip {
				v.Related = s.mentorsForTip(p, 6)
			}
			return t.execute(b, v, layouts...)
		}
	}
	list := func(p *Page, items []*Page, layouts ...string) {
		paginate(s, p.Path, len(items), func(pg *Pager, sitePath string) {
			first, last := pg.First-1, pg.Last
			add(Route{Path: sitePath, Page: p, render: func(b *bytes.Buffer) error {
				v := view(p)
				v.Content = s.content(p)
				v.Pager, v.Pages = pg, items[first:last]
				if pg.Number > 1 {
					v.Title = fmt.Sprintf("%s, page %d", p.Title, pg.Number)
				}
				return t.execute(b, v, layouts...)
			}})
		})
	}

	for _, p := range s.Pages {
		switch p.Kind {
		case KindHome:
			// added below, also when there is no content/_index.md
		case KindSection:
			// added with the sections below
		case KindMentor:
			add(Route{Path: p.Path, Page: p, render: page(p, "mentors/single.html", "_default/single.html")})
		case KindProgram:
			add(Route{Path: p.Path, Page: p, render: page(p, "programs/single.html", "_default/single.html")})
		case KindTip:
			add(Route{Path: p.Path, Page: p, render: page(p, "tips/single.html", "_default/single.html")})
		default:
			add(Route{Path: p.Path, Page: p, render: page(p, p.Section+"/single.html", "_default/single.html")})
		}
		for _, a := range p.Aliases {
			target := s.RelURL(p.Path)
			add(Route{Path: cleanSitePath(a), Page: p, render: func(b *bytes.Buffer) error { return aliasPage(b, target, s.AbsURL(p.Path)) }})
		}
	}
	home := s.Home
	add(Route{Path: "/", Page: home, render: func(b *bytes.Buffer) error {
		v := view(home)
		v.Title = s.Config.Title
		v.Content = s.content(home)
		v.Featured = s.featuredMentors(6)
		v.Latest = first(s.Tips, 3)
		v.Guides = s.Programs
		return t.execute(b, v, "home.html", "_default/list.html")
	}})
	for _, sec := range s.Sections {
		items := sec.Pages
		switch sec.Name {
		case "mentors":
			items = s.Mentors
		case "programs":
			items = s.Programs
		}
		list(sec.Index, items, sec.Name+"/list.html", "_default/list.html")
	}
	for _, tax := range s.Taxonomies {
		idx := &Page{Kind: "taxonomy", Path: tax.Path, Title: tax.Title, File: "",
			Description: fmt.Sprintf("Browse %s by %s.", s.Config.Title, strings.ToLower(tax.Title))}
		add(Route{Path: tax.Path, Page: idx, render: func(b *bytes.Buffer) error {
			v := view(idx)
			v.Taxonomy = tax
			return t.execute(b, v, "_default/taxonomy.html")
		}})
		for _, term := range tax.Terms {
			tp := &Page{Kind: "term", Path: term.Path, Title: tax.Title + ": " + label(term.Name),
				Description: fmt.Sprintf("%s with %s “%s”.", plural(term.Count(), "page", "pages"), strings.ToLower(tax.Title), label(term.Name))}
			items := append(append([]*Page(nil), term.Mentors...), term.Pages...)
			paginate(s, term.Path, len(items), func(pg *Pager, sitePath string) {
				first, last := pg.First-1, pg.Last
				add(Route{Path: sitePath, Page: tp, render: func(b *bytes.Buffer) error {
					v := view(tp)
					v.Taxonomy, v.Term, v.Pager, v.Pages = tax, term, pg, items[first:last]
					if pg.Number > 1 {
						v.Title = fmt.Sprintf("%s, page %d", tp.Title, pg.Number)
					}
					return t.execute(b, v, "_default/term.html")
				}})
			})
		}
	}
	notFound := &Page{Kind: "404", Path: "/404.html", Title: "Page not found", Description: "This page does not exist."}
	add(Route{Path: "/404.html", File: "404.html", Page: notFound, render: func(b *bytes.Buffer) error {
		return t.execute(b, view(notFound), "404.html")
	}})
	add(Route{Path: "/sitemap.xml", render: func(b *bytes.Buffer) error { return o.sitemap(b) }})
	add(Route{Path: "/feed.xml", render: func(b *bytes.Buffer) error { return s.feed(b) }})
	// A file under static/ wins over the theme's asset or robots.txt of the same name.
	fromStatic := make(map[string]bool, len(s.Files))
	for _, f := range s.Files {
		fromStatic[f.Path] = true
	}
	if !fromStatic["/robots.txt"] {
		add(Route{Path: "/robots.txt", render: func(b *bytes.Buffer) error {
			fmt.Fprintf(b, "User-agent: *\nAllow: /\nSitemap: %s\n", s.AbsURL("/sitemap.xml"))
			return nil
		}})
	}
	for _, a := range t.Assets() {
		if !fromStatic[a.Path] {
			add(Route{Path: a.Path, asset: a})
		}
	}
	for _, f := range s.Files {
		add(Route{Path: f.Path, Src: f.Src})
	}
	sort.SliceStable(o.Routes, func(i, j int) bool { return o.Routes[i].Path < o.Routes[j].Path })
	o.byPath = make(map[string]int, len(o.Routes))
	for i, r := range o.Routes {
		o.byPath[r.Path] = i
	}
	return o
}

// fileOf maps a site path to the file that serves it: /a/b/ → a/b/index.html.
func fileOf(sitePath string) string {
	p := strings.TrimPrefix(sitePath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// pagedPath is the path of page n of a list: /mentors/ for 1, /mentors/page/2/ after.
func pagedPath(listPath string, n int) string {
	if n <= 1 {
		return listPath
	}
	return listPath + "page/" + strconv.Itoa(n) + "/"
}

// paginate calls emit for each page of a list of n items.
func paginate(s *Site, listPath string, n int, emit func(*Pager, string)) {
	size := s.Config.Pagination
	total := max(1, (n+size-1)/size)
	for num := 1; num <= total; num++ {
		pg := &Pager{Number: num, Total: total, Items: n, First: min((num-1)*size+1, n), Last: min(num*size, n)}
		if n == 0 {
			pg.First = 1
		}
		if num > 1 {
			pg.Prev = s.RelURL(pagedPath(listPath, num-1))
		}
		if num < total {
			pg.Next = s.RelURL(pagedPath(listPath, num+1))
		}
		gap := false
		for i := 1; i <= total; i++ {
			if i == 1 || i == total || (i >= num-2 && i <= num+2) {
				pg.Links = append(pg.Links, PagerLink{Number: i, URL: s.RelURL(pagedPath(listPath, i)), Current: i == num})
				gap = false
			} else if !gap {
				pg.Links = append(pg.Links, PagerLink{Gap: true})
				gap = true
			}
		}
		emit(pg, pagedPath(listPath, num))
	}
}

func first(ps []*Page, n int) []*Page {
	if len(ps) > n {
		return ps[:n]
	}
	return ps
}

func (s *Site) info() SiteInfo {
	acc := 0
	for _, m := range s.Mentors {
		if m.Mentor.Accepting {
			acc++
		}
	}
	return SiteInfo{Title: s.Config.Title, Description: s.Config.Description, Language: s.Config.Language,
		Menus: s.Config.Menus, Taxonomies: s.Taxonomies, Year: s.Built.Year(), Params: s.Config.Params,
		MentorCount: len(s.Mentors), AcceptingCount: acc}
}

// featuredMentors picks mentors for the home page: accepting, with open capacity, most
// recently confirmed availability first.
func (s *Site) featuredMentors(n int) []*Page {
	var out []*Page
	for _, m := range s.Mentors {
		if m.Mentor.Accepting {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Mentor.AvailabilityConfirmed.After(out[j].Mentor.AvailabilityConfirmed)
	})
	return first(out, n)
}

// mentorsForTip lists accepting mentors with expertise that the tip names.
func (s *Site) mentorsForTip(p *Page, n int) []*Page {
	if p.Tip == nil || len(p.Tip.Expertise) == 0 {
		return nil
	}
	var out []*Page
	for _, tax := range s.Taxonomies {
		if tax.Name != "expertise" {
			continue
		}
		seen := map[*Page]bool{}
		for _, e := range p.Tip.Expertise {
			slug := slugify(e, false)
			for _, t := range tax.Terms {
				if t.Slug != slug {
					continue
				}
				for _, m := range t.Mentors {
					if !seen[m] && m.Mentor.Accepting {
						seen[m] = true
						out = append(out, m)
					}
				}
			}
		}
	}
	return first(out, n)
}

func aliasPage(b *bytes.Buffer, target, canonical string) error {
	t := template.HTMLEscapeString(target)
	fmt.Fprintf(b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moved</title><link rel="canonical" href="%s"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=%s"></head><body><p>This page has moved to <a href="%s">%s</a>.</p></body></html>`,
		template.HTMLEscapeString(canonical), t, t, t)
	return nil
}

func (o *Output) sitemap(b *bytes.Buffer) error {
	s := o.Site
	b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, r := range o.Routes {
		if r.Page == nil || r.asset != nil || r.Src != "" || !strings.HasSuffix(r.File, ".html") || r.Path == "/404.html" || r.Page.Path != r.Path && !strings.Contains(r.Path, "/page/") {
			continue
		}
		b.WriteString("<url><loc>")
		_ = xml.EscapeText(b, []byte(s.AbsURL(r.Path)))
		b.WriteString("</loc>")
		if lm := lastmod(r.Page); !lm.IsZero() {
			b.WriteString("<lastmod>" + lm.Format("2006-01-02") + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return nil
}

func lastmod(p *Page) time.Time {
	if !p.Lastmod.IsZero() {
		return p.Lastmod
	}
	return p.Date
}

// feed writes an Atom feed of the newest guides, tips and mentor profiles.
func (s *Site) feed(b *bytes.Buffer) error {
	var items []*Page
	for _, p := range s.Pages {
		if (p.Kind == KindProgram || p.Kind == KindTip || p.Kind == KindMentor || p.Kind == KindPage && p.Section != "") && !p.Date.IsZero() {
			items = append(items, p)
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return lastmod(items[i]).After(lastmod(items[j])) })
	items = first(items, 30)
	updated := s.Built
	if len(items) > 0 {
		updated = lastmod(items[0])
	}
	esc := func(v string) string {
		var e bytes.Buffer
		_ = xml.EscapeText(&e, []byte(v))
		return e.String()
	}
	fmt.Fprintf(b, "%s<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n<title>%s</title>\n<subtitle>%s</subtitle>\n<link href=\"%s\" rel=\"self\" type=\"application/atom+xml\"/>\n<link href=\"%s\"/>\n<id>%s</id>\n<updated>%s</updated>\n",
		xml.Header, esc(s.Config.Language), esc(s.Config.Title), esc(s.Config.Description), esc(s.AbsURL("/feed.xml")), esc(s.AbsURL("/")), esc(s.AbsURL("/")), updated.UTC().Format(time.RFC3339))
	for _, p := range items {
		author := p.Author
		if author == "" {
			author = s.Config.Title
		}
		fmt.Fprintf(b, "<entry><title>%s</title><link href=\"%s\"/><id>%s</id><published>%s</published><updated>%s</updated><author><name>%s</name></author><summary>%s</summary><content type=\"html\">%s</content></entry>\n",
			esc(p.Title), esc(s.AbsURL(p.Path)), esc(s.AbsURL(p.Path)), p.Date.UTC().Format(time.RFC3339), lastmod(p).UTC().Format(time.RFC3339),
			esc(author), esc(p.Description), esc(absolutizeLinks(string(s.content(p)), s)))
	}
	b.WriteString("</feed>\n")
	return nil
}

// absolutizeLinks makes root-relative links absolute, because feed readers resolve them
// against the feed's host inconsistently.
func absolutizeLinks(html string, s *Site) string {
	root := s.AbsURL("/")
	rel := s.RelURL("/")
	r := strings.NewReplacer(`href="`+rel, `href="`+root, `src="`+rel, `src="`+root)
	return r.Replace(html)
}
