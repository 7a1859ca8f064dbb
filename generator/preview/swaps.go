package preview

import (
	"path"
	"strings"

	"mentorgen/generator"
)

// underBase puts the site paths of m, keys and values, under the base URL's path, where
// the browser sees them.
func (s *Server) underBase(m map[string]string) map[string]string {
	if s.base == "" || m == nil {
		return m
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[s.base+k] = s.base + v
	}
	return out
}

// stylesheetSwaps maps each stylesheet URL of prev to its URL in next, for a change that
// touched stylesheets only. It returns nil when the change is more than that (a stylesheet
// appeared or went, or something else differs), and the page must reload.
func stylesheetSwaps(prev, next *generator.Output, c generator.Changes) map[string]string {
	if prev.Site != next.Site {
		return nil
	}
	swaps := map[string]string{}
	old := map[string]string{}
	for _, a := range prev.Theme.Assets() {
		old[a.Name] = a.Path
	}
	nextAssets := next.Theme.Assets()
	if len(nextAssets) != len(old) {
		return nil
	}
	for _, a := range nextAssets {
		o, ok := old[a.Name]
		if !ok {
			return nil
		}
		if o != a.Path {
			if path.Ext(a.Name) != ".css" {
				return nil
			}
			swaps[next.Site.RelURL(o)] = next.Site.RelURL(a.Path)
		}
	}
	for _, p := range c.Static {
		sitePath := strings.TrimPrefix(p, "static")
		if _, ok := next.Lookup(sitePath); !ok {
			return nil
		}
		swaps[next.Site.RelURL(sitePath)] = next.Site.RelURL(sitePath) // same URL: the page adds a cache-buster
	}
	if len(swaps) == 0 {
		return nil
	}
	return swaps
}

// movedPages maps the URL of each page whose URL changed to its new URL: a page file kept its
// name and got a new slug, or one file went and another with the same title came.
func movedPages(prev, next *generator.Site) map[string]string {
	if prev == nil || next == nil || prev == next {
		return nil
	}
	moved := map[string]string{}
	var gone, came []*generator.Page
	for _, p := range prev.Pages {
		if n := next.PageByFile(p.File); n != nil {
			if n.Path != p.Path && n.File == p.File {
				moved[p.Path] = n.Path
			}
		} else {
			gone = append(gone, p)
		}
	}
	for _, n := range next.Pages {
		if prev.PageByFile(n.File) == nil {
			came = append(came, n)
		}
	}
	// A rename is one page gone and one come; several at once are paired by title.
	for _, g := range gone {
		for i, c := range came {
			if c != nil && (c.Title == g.Title || len(gone) == 1 && len(came) == 1) && next.PageByPath(g.Path) == nil {
				moved[g.Path] = c.Path
				came[i] = nil
				break
			}
		}
	}
	if len(moved) == 0 {
		return nil
	}
	return moved
}
