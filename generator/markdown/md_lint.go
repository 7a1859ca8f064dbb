package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"mentorgen/generator/slug"

	"github.com/yuin/goldmark/ast"
)

// lintBody walks a parsed body for the editor's warnings: accessibility problems in any
// content (codes a11y-*), and e-mail addresses and phone numbers (privacy-*, kept only for
// mentor profiles by lintPage). Offsets are of the body; code spans and blocks are skipped,
// since an address in an example is no contact detail.
func lintBody(doc ast.Node, body []byte) []Problem {
	var out []Problem
	add := func(off int, code, msg, hint string) {
		out = append(out, Problem{Offset: max(off, 0), Code: code, Msg: msg, Hint: hint, Warning: true})
	}
	prevLevel := 1                // the layout gives the page's title the <h1>
	headings := map[string]bool{} // the base ids of the headings so far
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			if n.Level > prevLevel+1 {
				add(n.Pos(), "a11y-heading-skip", fmt.Sprintf("heading level %d follows level %d", n.Level, prevLevel),
					fmt.Sprintf("use %s, so screen readers can follow the outline", strings.Repeat("#", prevLevel+1)))
			}
			prevLevel = n.Level
			id := slug.Make(nodeText(n, body), true)
			if headings[id] && id != "" {
				add(n.Pos(), "a11y-duplicate-id", fmt.Sprintf("heading %q repeats an earlier heading, so #%s leads only to the first", nodeText(n, body), id),
					"reword one of them, so each section has its own address")
			} else {
				headings[id] = true
			}
		case *ast.Image:
			if strings.TrimSpace(nodeText(n, body)) == "" {
				add(inlinePos(n, body), "a11y-img-alt", "an image has no alt text",
					"describe what it shows in ![…], for readers who cannot see it")
			}
		case *ast.Link:
			txt := strings.TrimSpace(nodeText(n, body))
			switch {
			case txt == "" && !hasAltText(n, body):
				add(inlinePos(n, body), "a11y-empty-link", "a link has no text",
					"write what it leads to in […]")
			case vagueLinkText(txt):
				add(inlinePos(n, body), "a11y-link-text", fmt.Sprintf("link text %q does not say where it leads", txt),
					"name the destination, e.g. [the booking page](…), for readers who jump from link to link")
			}
			if dest := string(n.Destination); strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				add(inlinePos(n, body), "privacy-email", "the body shows the e-mail address "+dest[len("mailto:"):], emailHint)
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkEmail {
				add(inlinePos(n, body), "privacy-email", "the body shows the e-mail address "+string(n.Label(body)), emailHint)
			}
		case *ast.Text:
			seg := n.Segment
			if digits(seg.Value(body)) < 8 { // no phone number; the regexp would cost a third of the parse
				break
			}
			for _, m := range phoneRE.FindAllIndex(seg.Value(body), -1) {
				if isPhone(body, seg.Start+m[0], seg.Start+m[1]) {
					add(seg.Start+m[0], "privacy-phone", "the body shows the phone number "+string(body[seg.Start+m[0]:seg.Start+m[1]]),
						"remove it: a public page is read by anyone; mentees reach the mentor through booking_url")
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

const emailHint = "put contact details in booking_url (mailto:…) or links, where the profile shows them as a button, not in the bio"

// phoneRE finds candidates: an optional +country code, an optional (area), then three to
// five more groups of digits with spaces, dots or hyphens between them. isPhone decides.
var phoneRE = regexp.MustCompile(`(\+\d{1,3}[ .-]?)?(\(\d{1,4}\)[ .-]?)?\d{2,4}([ .-]\d{2,4}){1,4}`)

// isPhone reports whether body[i:j], a phoneRE match, is a phone number: one with a +country
// code and at least 8 digits, or at least 10 digits. Year ranges ("2019-2023"), dates and version
// numbers have fewer; a match inside a longer run of digits or letters is none.
func isPhone(body []byte, i, j int) bool {
	if i > 0 && isWordByte(body[i-1]) || j < len(body) && isWordByte(body[j]) {
		return false
	}
	s := body[i:j]
	n := digits(s)
	return n >= 10 || bytes.HasPrefix(s, []byte("+")) && n >= 8
}

// digits counts the ASCII digits of s.
func digits(s []byte) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-'
}

// vagueLinkText reports link texts that say nothing out of context.
func vagueLinkText(s string) bool {
	s = strings.ToLower(strings.Trim(s, " .!:…"))
	return s == "here" || s == "click here" || s == "click" || s == "this link"
}

// hasAltText reports whether link n holds an image with alt text, which names the link.
func hasAltText(n ast.Node, src []byte) bool {
	found := false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := c.(*ast.Image); ok && entering && strings.TrimSpace(nodeText(img, src)) != "" {
			found = true
		}
		return ast.WalkContinue, nil
	})
	return found
}

// inlinePos is the body offset of an inline node: its own position when the parser set one
// (links and images); for an autolink, where its label is found after the text before it
// (linkify splits it from that text, and the position it gets may include a space before
// it); else its block's.
func inlinePos(n ast.Node, body []byte) int {
	if a, ok := n.(*ast.AutoLink); ok {
		from := max(a.Pos(), 0)
		if t, ok := n.PreviousSibling().(*ast.Text); ok {
			from = t.Segment.Start
		}
		if i := bytes.Index(body[from:], a.Label(body)); i >= 0 {
			return from + i
		}
	}
	if p := n.Pos(); p >= 0 {
		return p
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Pos() >= 0 {
			return p.Pos()
		}
	}
	return 0
}
