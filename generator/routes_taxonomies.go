package generator

import (
	"fmt"
	"strings"
)

// taxonomyRoutes renders each taxonomy's page of terms and each term's pages. A taxonomy owns
// every URL below its own, so content cannot take a term's URL before the term exists.
func taxonomyRoutes(o *Output) []Route {
	s := o.Site
	var out []Route
	for _, d := range taxonomyDefsOf(s.Config) {
		if s.Taxonomy(d.name) == nil { // no page uses it yet, but its URLs are taken
			out = append(out, Route{Path: "/" + d.slug + "/", Kind: RouteTaxonomy, tree: true, reserveOnly: true,
				what: "the " + strings.ToLower(d.title) + " pages"})
		}
	}
	for _, tax := range s.Taxonomies {
		idx := &Page{Kind: KindTaxonomy, Path: tax.Path, Title: tax.Title,
			Description: fmt.Sprintf("Browse %s by %s.", s.Config.Title, strings.ToLower(tax.Title))}
		r := o.page(RouteTaxonomy, tax.Path, idx, func(v *View) { v.Taxonomy = tax }, "_default/taxonomy.html")
		r.Sitemap, r.tree, r.what = true, true, "the "+strings.ToLower(tax.Title)+" pages"
		out = append(out, r)
		for _, term := range tax.Terms {
			tp := &Page{Kind: KindTerm, Path: term.Path, Title: tax.Title + ": " + label(term.Name),
				Description: fmt.Sprintf("%s with %s “%s”.", plural(term.Count(), "page", "pages"), strings.ToLower(tax.Title), label(term.Name))}
			items := append(append([]*Page(nil), term.Mentors...), term.Pages...)
			for _, pg := range paginate(s, term.Path, len(items)) {
				r := o.page(RouteTerm, pg.path, tp, func(v *View) {
					v.Taxonomy, v.Term, v.Pager, v.Pages = tax, term, pg.pager(s), items[pg.First-1:pg.Last]
					if pg.Number > 1 {
						v.Title = fmt.Sprintf("%s, page %d", tp.Title, pg.Number)
					}
				}, "_default/term.html")
				r.Sitemap, r.what = true, "the "+strings.ToLower(tax.Title)+" pages"
				out = append(out, r)
			}
		}
	}
	return out
}
