package generator

// KindGoals is the kind of /goals/, as layouts see it in .Page.Kind.
const KindGoals Kind = "goals"

// goalsRoutes writes /goals/: a SMART goal worksheet whose skills come from the site's
// expertise values and start a match, and a mentorship agreement checklist to print. The
// page is a form that reads and prints without JavaScript; goals.js assembles the goal as
// it is typed and keeps it in the browser.
func goalsRoutes(o *Output) []Route {
	s := o.Site
	const path = "/goals/"
	p := &Page{Kind: KindGoals, Path: path, Title: "Set your mentorship goal",
		Description: "Write a SMART goal for your mentorship, pick the skills it needs, and agree how you and your mentor will work together."}
	r := o.page(RoutePage, path, p, func(v *View) { v.Taxonomy = s.Taxonomy("expertise") }, "goals.html")
	r.Sitemap, r.what = true, "the goal worksheet"
	return []Route{r}
}
