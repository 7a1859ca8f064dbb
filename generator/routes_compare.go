package generator

import "slices"

// KindCompare is the kind of /programs/compare/, as layouts see it in .Page.Kind.
const KindCompare Kind = "compare"

// compareRoutes writes /programs/compare/: the program guides' front matter side by side
// (type, duration, cadence, commitment, audience, cost, how matching works), so a mentee can
// choose between kinds of program. A site without guides has no comparison.
func compareRoutes(o *Output) []Route {
	s := o.Site
	if len(s.Programs) == 0 {
		return nil
	}
	const path = "/programs/compare/"
	p := &Page{Kind: KindCompare, Path: path, Title: "Compare programs",
		Description: "The " + s.Config.Title + " mentorship programs side by side: length, meetings, time, cost and how you are matched."}
	r := o.page(RoutePage, path, p, func(v *View) { v.Pages = s.Programs }, "programs/compare.html")
	r.Sitemap, r.what = true, "the program comparison"
	return []Route{r}
}

// ProgramTypes are the program types of the site's guides, each once, in guide order: what
// the home page's "ways to be mentored" counts.
func (v *View) ProgramTypes() []string {
	var out []string
	for _, p := range v.site.Programs {
		if t := p.Program.Type; t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// HasCompare reports whether the site has a /programs/compare/ page.
func (v *View) HasCompare() bool { return len(v.site.Programs) > 0 }
