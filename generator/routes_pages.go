package generator

import (
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"
	"time"
)

// pageRoutes renders every content page with the layout of its kind, or of its section.
func pageRoutes(o *Output) []Route {
	s := o.Site
	out := make([]Route, 0, len(s.Pages))
	// Similar mentors are worked out once per Output, when the first profile is rendered.
	similar := sync.OnceValue(func() [][]int32 { return similarMentors(s.Mentors, similarK) })
	mentorIndex := sync.OnceValue(func() map[*Page]int {
		m := make(map[*Page]int, len(s.Mentors))
		for i, p := range s.Mentors {
			m[p] = i
		}
		return m
	})
	reachOut := reachOutTip(s.Tips)
	for _, p := range s.Pages {
		if p.Kind == KindHome || p.Kind == KindSection {
			continue // lists: routes_lists.go
		}
		layouts, _ := pageLayouts(p)
		r := o.page(RoutePage, p.Path, p, func(v *View) {
			v.Content = s.content(p)
			v.JSONLD = s.jsonLD(p)
			switch p.Kind {
			case KindTip:
				v.Related = s.mentorsForTip(p, 6)
			case KindProgram:
				v.Related = s.mentorsForProgram(p, 3)
			case KindMentor:
				if i, ok := mentorIndex()[p]; ok {
					v.Similar = similarOf(s.Mentors, similar()[i], p)
				}
				v.ReachOut = reachOut
			}
		}, layouts...)
		r.Sitemap = true
		r.Feed = !p.Date.IsZero() && (p.Kind != KindPage || p.Section != "")
		r.from = origin{page: p, key: "slug"}
		out = append(out, r)
	}
	return out
}

// pageLayouts lists the layouts a page may render with, first that exists wins. The first
// asked of them are those that its type and layout name, as Hugo looks them up for a
// single page: <type>/<layout>.html, _default/<layout>.html, <type>/single.html; the type is
// the section unless front matter names one. Then come the layouts of its kind.
func pageLayouts(p *Page) (layouts []string, asked int) {
	typ := p.Type
	if typ == "" {
		typ = p.Section
	}
	if p.Layout != "" {
		if typ != "" {
			layouts = append(layouts, typ+"/"+p.Layout+".html")
		}
		layouts = append(layouts, "_default/"+p.Layout+".html")
	}
	if p.Type != "" {
		layouts = append(layouts, p.Type+"/single.html")
	}
	asked = len(layouts)
	switch p.Kind {
	case KindMentor:
		layouts = append(layouts, "mentors/single.html")
	case KindProgram:
		layouts = append(layouts, "programs/single.html")
	case KindTip:
		layouts = append(layouts, "tips/single.html")
	default:
		if p.Section != "" {
			layouts = append(layouts, p.Section+"/single.html")
		}
	}
	return append(layouts, "_default/single.html"), asked
}

// layoutDiags warns about pages whose type or layout names no layout that exists: they render
// with the layout of their kind instead.
func layoutDiags(s *Site, t *Theme) Diagnostics {
	var diags Diagnostics
	for _, p := range s.Pages {
		layouts, asked := pageLayouts(p)
		if asked == 0 || p.Kind == KindHome || p.Kind == KindSection {
			continue
		}
		if name, _ := t.lookup(layouts[:asked]...); name != "" {
			continue
		}
		used, _ := t.lookup(layouts[asked:]...)
		key, val := "layout", p.Layout
		if p.Layout == "" {
			key, val = "type", p.Type
		}
		pos := p.keyPos[key]
		diags = append(diags, Diagnostic{File: p.File, Line: pos[0], Col: pos[1], Warning: true, Code: "layout-fallback",
			Msg:  fmt.Sprintf("%s: %q: no layout layouts/%s exists; the page uses %s", key, val, strings.Join(layouts[:asked], " or layouts/"), used),
			Hint: "add that layout file, or remove " + key + ":"})
	}
	return diags
}

// mentorsForTip lists accepting mentors with expertise that the tip names.
func (s *Site) mentorsForTip(p *Page, n int) []*Page {
	if p.Tip == nil || len(p.Tip.Expertise) == 0 {
		return nil
	}
	tax := s.Taxonomy("expertise")
	if tax == nil {
		return nil
	}
	var out []*Page
	seen := map[*Page]bool{}
	for _, e := range p.Tip.Expertise {
		t := tax.Term(e)
		if t == nil {
			continue
		}
		for _, m := range t.Mentors {
			if !seen[m] && m.Mentor.Accepting {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	return first(out, n)
}

// mentorsForProgram lists accepting mentors who offer the guide's program type.
func (s *Site) mentorsForProgram(p *Page, n int) []*Page {
	if p.Program == nil || p.Program.Type == "" {
		return nil
	}
	var out []*Page
	for _, m := range s.Mentors {
		if m.Mentor.Accepting && slices.Contains(m.Mentor.ProgramTypes, p.Program.Type) {
			if out = append(out, m); len(out) == n {
				break
			}
		}
	}
	return out
}

// jsonLD returns schema.org data for mentors (Person) and guides and tips (Article).
func (s *Site) jsonLD(p *Page) template.JS {
	var data map[string]any
	switch p.Kind {
	case KindMentor:
		m := p.Mentor
		data = map[string]any{"@context": "https://schema.org", "@type": "Person", "name": p.Title,
			"url": s.AbsURL(p.Path), "jobTitle": m.Role, "description": p.Description}
		if m.Company != "" {
			data["worksFor"] = map[string]any{"@type": "Organization", "name": m.Company}
		}
		if len(m.Expertise) > 0 {
			data["knowsAbout"] = m.Expertise
		}
		if len(m.Languages) > 0 {
			data["knowsLanguage"] = m.Languages
		}
		if ph := s.photoURL[p]; ph != "" {
			data["image"] = s.AbsURL(ph)
		}
		if m.Location != "" {
			data["homeLocation"] = map[string]any{"@type": "Place", "name": m.Location}
		}
	case KindProgram, KindTip:
		data = map[string]any{"@context": "https://schema.org", "@type": "Article", "headline": p.Title,
			"url": s.AbsURL(p.Path), "description": p.Description, "wordCount": p.Words,
			"publisher": map[string]any{"@type": "Organization", "name": s.Config.Title}}
		if !p.Date.IsZero() {
			data["datePublished"] = p.Date.Format(time.RFC3339)
		}
		if !p.Lastmod.IsZero() {
			data["dateModified"] = p.Lastmod.Format(time.RFC3339)
		}
		if p.Author != "" {
			data["author"] = map[string]any{"@type": "Person", "name": p.Author}
		}
	default:
		return ""
	}
	b, _ := json.Marshal(data) // escapes <, > and & so the script cannot be closed early
	return template.JS(b)
}
