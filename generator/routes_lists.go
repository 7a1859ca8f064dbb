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
	out[0].from = keyOrigin(home, "slug")
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
				v.Pager, v.Pages = pg.Pager, items[pg.First-1:pg.Last]
				if pg.Number > 1 {
					v.Title = fmt.Sprintf("%s, page %d", p.Title, pg.Number)
				}
			}, sec.Name+"/list.html", "_default/list.html")
			r.Sitemap = true
			r.from = keyOrigin(p, "slug")
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

// pagerAt is one page of a paginated list and its site path.
type pagerAt struct {
	*Pager
	path string
}

// paginate splits a list of n items into pages; an empty list still has its first page.
func paginate(s *Site, listPath string, n int) []pagerAt {
	size := s.Config.Pagination
	total := max(1, (n+size-1)/size)
	out := make([]pagerAt, 0, total)
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
		out = append(out, pagerAt{pg, pagedPath(listPath, num)})
	}
	return out
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
