package markdown

import (
	"bytes"
	"strings"
	"testing"

	ghtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"

	"mentorgen/generator/urls"
)

// FuzzRefs converts arbitrary page bodies and checks the refs they yield. Properties: every
// ref is a clean site path or a slash path in the site fs (a .md file for page refs), with no
// "." or ".." left; its offset lies inside the file; and every slot lies inside the body, in
// ascending order, at the empty value of an href or src attribute.
func FuzzRefs(f *testing.F) {
	for _, s := range []string{
		"[a](../tips/a.md#x) [b](/programs/?q=1#f) ![c](img.png) [d](https://x.org) [e](#top)",
		"[a](a/../../../b.md) ![](</images/my photo.png>) [x](//evil.org/x) [j](javascript:alert(1))",
		"[r][ref]\n\n[ref]: ../files/deck%20v2.pdf \"t\"\n",
		"Text mentorgen-link:0 and `mentorgen-link:0` and [l](mentorgen-link:0)\n",
		"x[^1]\n\n[^1]: see [a](a.md)\n\n[b](b.md)\n",
		"![alt [in](in.md)](pic.png) [\\_e\\_](a\\_b.md) [&amp;](x&amp;y.png) [dot](./) [up](..)",
		"- \t[tab](tab.png)\n\n> [q](/q/)\n\n| a |\n|---|\n| [c](c.md) |\n",
		"[a *b*]({{< ref \"a.md#x\" >}}) [[n]]({{< relref \"/tips/b.md\" >}}) {{< ref `../c.md` >}} [x]({{< ref >}})\n",
		"{{< figure src=\"../img/a b.png\" link=\"x.md\" alt=\"\\\"q\" >}}\n\n\t{{< figure src=\"/i/a.png\" >}}\n",
		"{{< highlight go >}}[a](a.md){{< /highlight >}}\n\n`{{< ref \"a.md\" >}}` {{</* ref \"a.md\" */>}}\n",
		"- [x]({{< ref \"a.md\" >}})\n\n> [y](\n{{< ref \"b.md\" >}})\n\n[z]({{< ref \"c.md\" >}} \"t\")\n",
	} {
		f.Add(s)
	}
	m := New(Config{})
	const front = "---\ntitle: T\n---\n"
	clean := func(p string) bool {
		for _, seg := range strings.Split(p, "/") {
			if seg == "." || seg == ".." {
				return false
			}
		}
		return p != ""
	}
	f.Fuzz(func(t *testing.T, body string) {
		src := []byte(front + body)
		res, err := m.Convert("content/tips/x.md", src[len(front):], len(front))
		if err != nil {
			t.Fatalf("convert: %v", err)
		}
		for _, r := range res.Refs {
			switch r.Kind {
			case RefPage:
				// "../../../x.md" climbs out of content/ to "x.md": no page, and assemble says so.
				if strings.HasPrefix(r.Target, "/") || !strings.HasSuffix(strings.ToLower(r.Target), ".md") || !clean(r.Target) {
					t.Errorf("%q: page ref to %q, not a file in the site fs", r.Raw, r.Target)
				}
			case RefSite:
				if !strings.HasPrefix(r.Target, "/") || strings.HasPrefix(r.Target, "//") || urls.CleanPath(r.Target) != r.Target {
					t.Errorf("%q: site ref to %q, not a clean site path", r.Raw, r.Target)
				}
			case RefFile:
				if strings.HasPrefix(r.Target, "/") || !clean(r.Target) {
					t.Errorf("%q: file ref to %q, not a path in the site fs", r.Raw, r.Target)
				}
			}
		}
		for _, r := range append(res.Refs, res.SelfLinks...) {
			if r.Offset < len(front) || r.Offset >= len(src) {
				t.Errorf("%q: offset %d outside the body [%d, %d)", r.Raw, r.Offset, len(front), len(src))
			}
		}
		if len(res.Slots) != len(res.Refs) {
			t.Fatalf("%d slots for %d refs", len(res.Slots), len(res.Refs))
		}
		prev := 0
		for _, slot := range res.Slots {
			before := string(res.HTML[:max(slot, 0)])
			if slot < prev || slot >= len(res.HTML) || res.HTML[slot] != '"' ||
				!strings.HasSuffix(before, ` href="`) && !strings.HasSuffix(before, ` src="`) {
				t.Fatalf("slot %d is not at an empty href or src after %d in\n%s", slot, prev, res.HTML)
			}
			prev = slot
		}
	})
}

// FuzzInertHTML converts arbitrary bodies with unsafe and reads the whole output as
// a browser would. Property: nothing in it can run a script or load anything but an image,
// however raw HTML, shortcodes and Markdown interleave.
func FuzzInertHTML(f *testing.F) {
	for _, s := range []string{
		"<aside class=x>a</aside> <script>alert(1)</script>\n\n<div>\n<iframe src=x></iframe>\n</div>\n",
		"<!-- open\n\nmore <b title=\"-->\"><img src=x onerror=alert(1)>\n",
		"<div title=\"open\n\n[x](onmouseover=alert(1)//)\n",
		"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">\n",
		"<a href=\"jav&#x09;ascript:alert(1)\">x</a> [y](javascript:alert(1)) <svg><style>\n",
		"{{< figure src=\"x\" link=\"javascript:alert(1)\" caption=\"<script>\" >}} {{< youtube \"x\\\"onload\" >}}\n",
		"- [ ] task <input onfocus=alert(1) autofocus>\n\n<p style=\"background:url(//x)\">\n",
	} {
		f.Add(s)
	}
	m := New(Config{Unsafe: true})
	goldmarkTags := setOf("input") // GFM task lists: <input checked="" disabled="" type="checkbox">
	f.Fuzz(func(t *testing.T, body string) {
		res, err := m.Convert("content/tips/x.md", []byte(body), 0)
		if err != nil {
			t.Fatalf("convert: %v", err)
		}
		z := html.NewTokenizer(bytes.NewReader(res.HTML))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			tok := z.Token()
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			if !inertElements[tok.Data] && !isCustomElement(tok.Data) && !goldmarkTags[tok.Data] {
				t.Fatalf("<%s> in the output of %q:\n%s", tok.Data, body, res.HTML)
			}
			for _, a := range tok.Attr {
				w := attrProblem(a)
				switch a.Key {
				case "href", "src", "cite":
					// Markdown links may have any scheme goldmark does not find dangerous.
					w = ""
					if ghtml.IsDangerousURL([]byte(strings.ToLower(strings.Map(dropSpace, a.Val)))) {
						w = a.Key + "=" + a.Val
					}
				case "checked", "disabled":
					if tok.Data == "input" {
						w = ""
					}
				}
				if w != "" {
					t.Fatalf("<%s %s> in the output of %q:\n%s", tok.Data, w, body, res.HTML)
				}
			}
		}
	})
}

func dropSpace(r rune) rune {
	if r <= ' ' || r == 0x7f {
		return -1
	}
	return r
}
