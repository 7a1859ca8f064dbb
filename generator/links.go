package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// resolveLinks resolves the relative .md links of one page to URLs and checks its links to
// its own headings. excluded says why a file that is not published was left out.
func (s *Site) resolveLinks(p *Page, excluded map[string]string) ([]string, Diagnostics) {
	var diags Diagnostics
	resolved := make([]string, len(p.links))
	for i, l := range p.links {
		line, col := p.lines.pos(l.Offset)
		target := s.byFile[l.Target]
		if target == nil {
			target = s.byFile[strings.TrimSuffix(l.Target, ".md")+"/index.md"]
		}
		switch {
		case target == nil && excluded[l.Target] != "":
			diags = append(diags, Diagnostic{File: p.File, Line: line, Col: col,
				Msg: fmt.Sprintf("link to %s: that page %s", l.Raw, excluded[l.Target])})
		case target == nil:
			diags = append(diags, Diagnostic{File: p.File, Line: line, Col: col,
				Msg: fmt.Sprintf("link to %s: no such page (%s)", l.Raw, l.Target), Hint: linkHint(l.Target, s.byFile)})
		case l.Anchor != "" && !target.anchors[l.Anchor]:
			diags = append(diags, Diagnostic{File: p.File, Line: line, Col: col,
				Msg: fmt.Sprintf("link to %s: %s has no heading with id %q", l.Raw, target.File, l.Anchor), Hint: anchorHint(l.Anchor, target)})
		default:
			resolved[i] = s.RelURL(target.Path)
			if l.Anchor != "" {
				resolved[i] += "#" + l.Anchor
			}
		}
	}
	for _, l := range p.selfLinks {
		if l.Anchor != "" && !p.anchors[l.Anchor] && !strings.HasPrefix(l.Anchor, "fn:") && !strings.HasPrefix(l.Anchor, "fnref:") {
			line, col := p.lines.pos(l.Offset)
			diags = append(diags, Diagnostic{File: p.File, Line: line, Col: col,
				Msg: fmt.Sprintf("link to %s: this page has no heading with id %q", l.Raw, l.Anchor), Hint: anchorHint(l.Anchor, p)})
		}
	}
	return resolved, diags
}

// content returns the page body with relative .md links replaced by the URLs assemble found.
func (s *Site) content(p *Page) template.HTML {
	links := s.links[p]
	if len(links) == 0 {
		return template.HTML(p.body)
	}
	var b bytes.Buffer
	b.Grow(len(p.body) + 64*len(links))
	rest := p.body
	for {
		i := bytes.Index(rest, []byte(linkPlaceholder))
		if i < 0 {
			b.Write(rest)
			break
		}
		b.Write(rest[:i])
		rest = rest[i+len(linkPlaceholder):]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(string(rest[:j]))
		if err != nil || n >= len(links) {
			b.WriteString(linkPlaceholder)
			continue
		}
		b.WriteString(template.HTMLEscapeString(links[n]))
		rest = rest[j:]
	}
	return template.HTML(b.String())
}

// contentAbs is content with absolute URLs, for the feed: feed readers resolve root-relative
// links against the feed's host inconsistently.
func (s *Site) contentAbs(p *Page) template.HTML {
	root, rel := s.AbsURL("/"), s.RelURL("/")
	r := strings.NewReplacer(`href="`+rel, `href="`+root, `src="`+rel, `src="`+root)
	return template.HTML(r.Replace(string(s.content(p))))
}
