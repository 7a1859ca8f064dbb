package generator

import (
	"fmt"
	"html/template"
	"path"
	"strings"

	"mentorgen/generator/internal/editdist"
	"mentorgen/generator/markdown"
)

// A siteLink is a resolved ref: the site path it leads to and the query and fragment written
// after it ("#anchor"), which URLs keep as they are.
type siteLink struct{ Path, Suffix string }

// resolveLinks resolves the refs of one page to site links, one per ref and in the same order
// (a zero siteLink for one that is reported), and checks the page's links to its own
// headings. excluded says why a file that is not published was left
// out.
func (s *Site) resolveLinks(p *Page, excluded map[string]string) ([]siteLink, Diagnostics) {
	var diags Diagnostics
	report := func(r markdown.Ref, code, hint, format string, args ...any) {
		line, col := p.lines.pos(r.Offset)
		what := "link to "
		if r.Image {
			what = "image "
		}
		diags = append(diags, Diagnostic{File: p.File, Line: line, Col: col, Code: code,
			Msg: what + r.Raw + ": " + fmt.Sprintf(format, args...), Hint: hint})
	}
	resolved := make([]siteLink, len(p.refs))
	for i, r := range p.refs {
		switch r.Kind {
		case markdown.RefPage:
			target := s.byFile[r.Target]
			if target == nil {
				target = s.byFile[strings.TrimSuffix(r.Target, ".md")+"/index.md"]
			}
			switch {
			case target == nil && excluded[r.Target] != "":
				report(r, "broken-link", "", "that page %s", excluded[r.Target])
			case target == nil:
				report(r, "broken-link", s.linkHint(p, r), "no such page (%s)", r.Target)
			case r.Anchor != "" && !target.anchors[r.Anchor]:
				report(r, "broken-anchor", anchorHint(r.Anchor, target), "%s has no heading with id %q", target.File, r.Anchor)
			case r.Anchor != "":
				resolved[i] = siteLink{target.Path, "#" + r.Anchor}
			default:
				resolved[i] = siteLink{Path: target.Path}
			}
		case markdown.RefSite:
			resolved[i] = siteLink{r.Target, r.Suffix} // checked against the routes in a later step
		case markdown.RefFile:
			if sp, ok := s.fileSite[r.Target]; ok {
				resolved[i] = siteLink{sp, r.Suffix}
			} else {
				report(r, "broken-link", s.fileHint(r.Target), "no such file (%s)", r.Target)
			}
		}
	}
	for _, l := range p.selfLinks {
		if l.Anchor != "" && !p.anchors[l.Anchor] && !strings.HasPrefix(l.Anchor, "fn:") && !strings.HasPrefix(l.Anchor, "fnref:") {
			report(l, "broken-anchor", anchorHint(l.Anchor, p), "this page has no heading with id %q", l.Anchor)
		}
	}
	return resolved, diags
}

// linkHint suggests a page for a .md link that names none, written as the link is (relative
// to the page, or content-absolute): the page of the same file name whose path ends most like
// the link's, which fixes a wrong number of "../"; failing that, the closest file name.
func (s *Site) linkHint(p *Page, r markdown.Ref) string {
	dir := path.Dir(p.File) + "/"
	// A bundle answers to its folder's name too: ../mentors/ana.md for mentors/ana/index.md.
	forms := map[string]string{} // a name a link may use → the file
	for f := range s.byFile {
		forms[f] = f
		if d, ok := strings.CutSuffix(f, "/index.md"); ok {
			forms[d+".md"] = f
		}
	}
	best, bestScore := "", 0
	for _, name := range sortedKeys(forms) {
		if !strings.EqualFold(path.Base(name), path.Base(r.Target)) {
			continue
		}
		n := commonSuffixSegments(name, r.Target)
		if b := path.Base(name); (b == "index.md" || b == "_index.md") && n < 2 {
			continue // every bundle has an index.md: the name alone says nothing
		}
		if n > bestScore {
			best, bestScore = name, n
		}
	}
	if best == "" { // a typo in the name: the closest, as didYouMean measures it
		bestDist := min(len(r.Target)/2+2, 4)
		for _, name := range sortedKeys(forms) {
			if d := editdist.Distance(strings.ToLower(r.Target), strings.ToLower(name)); d < bestDist {
				best, bestDist = name, d
			}
		}
	}
	if best == "" {
		return "links are relative to the file they are written in, e.g. ../tips/set-smart-goals.md"
	}
	written := relSlash(dir, best)
	if strings.HasPrefix(r.Raw, "/") {
		written = "/" + strings.TrimPrefix(best, "content/")
	}
	return fmt.Sprintf("did you mean %q?", written)
}

// commonSuffixSegments counts the path segments that a and b end with alike, case aside.
func commonSuffixSegments(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(as) && n < len(bs) && strings.EqualFold(as[len(as)-1-n], bs[len(bs)-1-n]) {
		n++
	}
	return n
}

// relSlash is the relative path from the folder dir ("content/tips/") to the file target.
func relSlash(dir, target string) string {
	ds := strings.Split(strings.TrimSuffix(dir, "/"), "/")
	ts := strings.Split(target, "/")
	i := 0
	for i < len(ds) && i < len(ts)-1 && ds[i] == ts[i] {
		i++
	}
	return strings.Repeat("../", len(ds)-i) + strings.Join(ts[i:], "/")
}

// fileHint suggests a published file close to a missing one, or says where files go.
func (s *Site) fileHint(target string) string {
	var cands []string
	for f := range s.fileSite {
		if path.Dir(f) == path.Dir(target) || path.Base(f) == path.Base(target) {
			cands = append(cands, f)
		}
	}
	if h := editdist.DidYouMean(target, cands); h != "" {
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
		if l := links[i]; l.Path != "" {
			b.WriteString(template.HTMLEscapeString(url(l.Path) + l.Suffix))
		}
		last = slot
	}
	b.Write(p.body[last:])
	return template.HTML(b.String())
}
