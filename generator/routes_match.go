package generator

import "net/url"

// KindMatch is the kind of /match/, as layouts see it in .Page.Kind.
const KindMatch Kind = "match"

// matchRoutes writes /match/, "Find your mentor". This is the page without its ranking: the
// criteria explained, with links to the directory and the taxonomy pages, so that it is
// useful without JavaScript and every link to /match/?expertise=… lands somewhere. The
// ranking script mounts in its #match-app element.
func matchRoutes(o *Output) []Route {
	s := o.Site
	const path = "/match/"
	p := &Page{Kind: KindMatch, Path: path, Title: "Find your mentor",
		Description: "Find mentors for your goals: the skills you want to grow, your career step, the kind of program, your time zone and language."}
	r := o.page(RoutePage, path, p, func(v *View) { v.Taxonomy = s.Taxonomy("expertise") }, "match.html")
	r.Sitemap, r.what = true, "the match page"
	return []Route{r}
}

// MatchURL is the URL of /match/ with the skills chosen: /match/?expertise=pricing,okrs.
// Each value is escaped for a query, and the commas between them are left as they are.
func (v *View) MatchURL(expertise []string) string {
	u := v.site.RelURL("/match/")
	for i, e := range expertise {
		if i == 0 {
			u += "?expertise="
		} else {
			u += ","
		}
		u += url.QueryEscape(e)
	}
	return u
}

// TaxonomyURL is the URL of a taxonomy's page of terms ("expertise" → /expertise/), or ""
// when no page uses the taxonomy, so a layout links only to pages that exist.
func (v *View) TaxonomyURL(name string) string {
	if t := v.site.Taxonomy(name); t != nil {
		return v.site.RelURL(t.Path)
	}
	return ""
}
