package generator

import (
	"fmt"
	"html/template"
	"path"
	"strings"
)

// resolveLinks resolves the refs of one page to site paths, with "#anchor" or the ref's
// suffix, one per ref and in the same order ("" for one that is reported), and checks the
// page's links to its own headings. excluded says why a file that is not published was left
// out.
func (s *Site) resolveLinks(p *Page, excluded map[string]string) ([]string, Diagnostics) {
	var diags Diagnostics
	report := func(r mdRef, hint, format string, args ...any) {
		line, col := p.lines.pos(r.Offset)
		what := "link to "
		if r.Image {
			what = "image "
		}
		diags = append(diags, Diagnostic{File: p.File, Line: line, Col: col,
			Msg: what + r.Raw + ": " + fmt.Sprintf(format, args...), Hint: hint})
	}
	resolved := make([]string, len(p.refs))
	for i, r := range p.refs {
		switch r.Kind {
		case refPage:
			target := s.byFile[r.Target]
			if target == nil {
				target = s.byFile[strings.TrimSuffix(r.Target, ".md")+"/index.md"]
			}
			switch {
			case target == nil && excluded[r.Target] != "":
				report(r, "", "that page %s", excluded[r.Target])
			case target == nil:
				report(r, linkHint(r.Target, s.byFile), "no such page (%s)", r.Target)
			case r.Anchor != "" && !target.anchors[r.Anchor]:
				report(r, anchorHint(r.Anchor, target), "%s has no heading with id %q", target.File, r.Anchor)
			case r.Anchor != "":
				resolved[i] = target.Path + "#" + r.Anchor
			default:
				resolved[i] = target.Path
			}
		case refSite:
			resolved[i] = r.Target + r.Suffix // checked against the routes in a later step
		case refFile:
			if sp, ok := s.fileSite[r.Target]; ok {
				resolved[i] = sp + r.Suffix
			} else {
				report(r, s.fileHint(r.Target), "no such file (%s)", r.Target)
			}
		}
	}
	for _, l := range p.selfLinks {
		if l.Anchor != "" && !p.anchors[l.Anchor] && !strings.HasPrefix(l.Anchor, "fn:") && !strings.HasPrefix(l.Anchor, "fnref:") {
			report(l, anchorHint(l.Anchor, p), "this page has no heading with id %q", l.Anchor)
		}
	}
	return resolved, diags
}

// fileHint suggests a published file close to a missing one, or says where files go.
func (s *Site) fileHint(target string) string {
	var cands []string
	for f := range s.fileSite {
		if path.Dir(f) == path.Dir(target) || path.Base(f) == path.Base(target) {
			cands = append(cands, f)
		}
	}
	if h := didYouMean(target, cands); h != "" {
		return h
	}
	return "paths are relative to the file they are written in; put the file beside the page, or under static/ and write its site path such as /images/a.png"
}

// content returns the page body with root-relative URLs at its refs' slots.
func (s *Site) content(p *Page) template.HTML { return s.splice(p, s.urls.Rel) }

// contentAbs returns the page body with absolute URLs at its refs' slots, for the feed,
// whose readers resolve root-relative URLs inconsistently.
func (s *Site) contentAbs(p *Page) template.HTML { return s.splice(p, s.urls.Abs) }

func (s *Site) splice(p *Page, url func(sitePath string) string) template.HTML {
	links := s.links[p]
	if len(p.slots) == 0 || len(links) != len(p.slots) {
		return template.HTML(p.body)
	}
	var b strings.Builder
	b.Grow(len(p.body) + 64*len(links))
	last := 0
	for i, slot := range p.slots {
		b.Write(p.body[last:slot])
		if links[i] != "" {
			b.WriteString(template.HTMLEscapeString(url(links[i])))
		}
		last = slot
	}
	b.Write(p.body[last:])
	return template.HTML(b.String())
}
