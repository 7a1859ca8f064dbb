package generator

import (
	"fmt"
	"sort"
	"strconv"
)

// listRoutes renders the home page and every section's list, a page per Config.Pagination
// items.
func listRoutes(o *Output) []Route {
	s := o.Site
	home := s.Home
	out := []Route{o.page(RouteList, "/", home, func(v *View) {
		v.Title = s.Config.Title
		v.Content = s.content(home)
		v.Featured = s.featuredMentors(6)
		v.Latest = first(s.Tips, 3)
		v.Guides = s.Programs
	}, "home.html", "_default/list.html")}
	out[0].Sitemap = true
	out[0].from = origin{page: home, key: "slug"}
	for _, sec := range s.Sections {
		items := sec.Pages
		switch sec.Name {
		case "mentors":
			items = s.Mentors
		case "programs":
			items = s.Programs
		}
		p := sec.Index
		for _, pg := range paginate(s, p.Path, len(items)) {
			r := o.page(RouteList, pg.path, p, func(v *View) {
				v.Content = s.content(p)
				v.Pager, v.Pages = pg.pager(s), items[pg.First-1:pg.Last]
				if pg.Number > 1 {
					v.Title = fmt.Sprintf("%s, page %d", p.Title, pg.Number)
				}
			}, sec.Name+"/list.html", "_default/list.html")
			r.Sitemap = true
			r.from = origin{page: p, key: "slug"}
			r.what = "the list of " + sec.Name + "/"
			out = append(out, r)
		}
	}
	return out
}

// pagedPath is the path of page n of a list: /mentors/ for 1, /mentors/page/2/ after.
func pagedPath(listPath string, n int) string {
	if n <= 1 {
		return listPath
	}
	return listPath + "page/" + strconv.Itoa(n) + "/"
}

// listPage is one page of a paginated list: its number, site path and items. Its Pager (the
// numbered links) is made only when the page is rendered: a 10,000-mentor site has thousands
// of list pages, and the preview routes the site again after every edit.
type listPage struct {
	Number, Total int
	First, Last   int // 1-based index of the first and last item shown; Last < First when empty
	Items         int
	list, path    string
}

// paginate splits a list of n items into pages; an empty list still has its first page.
func paginate(s *Site, listPath string, n int) []listPage {
	size := s.Config.Pagination
	total := max(1, (n+size-1)/size)
	out := make([]listPage, 0, total)
	for num := 1; num <= total; num++ {
		lp := listPage{Number: num, Total: total, Items: n, First: min((num-1)*size+1, n), Last: min(num*size, n),
			list: listPath, path: pagedPath(listPath, num)}
		if n == 0 {
			lp.First = 1
		}
		out = append(out, lp)
	}
	return out
}

// pager makes the Pager that layouts show for this page of the list.
func (lp listPage) pager(s *Site) *Pager {
	pg := &Pager{Number: lp.Number, Total: lp.Total, Items: lp.Items, First: lp.First, Last: lp.Last}
	if lp.Number > 1 {
		pg.Prev = s.RelURL(pagedPath(lp.list, lp.Number-1))
	}
	if lp.Number < lp.Total {
		pg.Next = s.RelURL(pagedPath(lp.list, lp.Number+1))
	}
	gap := false
	for i := 1; i <= lp.Total; i++ {
		if i == 1 || i == lp.Total || (i >= lp.Number-2 && i <= lp.Number+2) {
			pg.Links = append(pg.Links, PagerLink{Number: i, URL: s.RelURL(pagedPath(lp.list, i)), Current: i == lp.Number})
			gap = false
		} else if !gap {
			pg.Links = append(pg.Links, PagerLink{Gap: true})
			gap = true
		}
	}
	return pg
}

func first(ps []*Page, n int) []*Page {
	if len(ps) > n {
		return ps[:n]
	}
	return ps
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
