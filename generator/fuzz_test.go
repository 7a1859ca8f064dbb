package generator

import (
	"strings"
	"testing"
)

// FuzzParsePage feeds arbitrary files to the page parser. Properties: it never panics, and
// every diagnostic points inside the file (line between 1 and the file's line count).
func FuzzParsePage(f *testing.F) {
	seeds := []string{
		"---\ntitle: Ana\nrole: PM\nseniority: senior\nexpertise: [a]\ntimezone: UTC\n---\nBody [x](../tips/a.md#b)\n",
		"+++\ntitle = \"A\"\nweight = 3\n+++\n## H\n",
		"---\ntitle: [unclosed\n---\n",
		"---\n---\n",
		"---\ntitle: A\n",
		"no front matter at all\n\n<script>x</script>",
		"---\navailability: [\"Tue 18:00-20:00\", 3]\ncapacity: -1\n---\n",
		"---\nlinks: [{title: a, url: 'javascript:x'}]\nparams: {a: {b: [1]}}\n---\n[^1]\n\n[^1]: n\n",
	}
	for _, s := range seeds {
		f.Add("content/mentors/a.md", s)
		f.Add("content/tips/b.md", s)
	}
	cfg, _ := ParseConfig("site.yaml", []byte("title: T\nvocabularies: {expertise: [a, b]}\n"))
	p := NewParser(cfg)
	f.Fuzz(func(t *testing.T, file, src string) {
		if !strings.HasPrefix(file, "content/") || !strings.HasSuffix(file, ".md") {
			return
		}
		_, diags := p.ParsePage(file, []byte(src))
		lines := strings.Count(src, "\n") + strings.Count(src, "\r") + 1 // YAML also breaks lines at \r
		for _, d := range diags {
			if d.File != file || d.Line < 0 || d.Line > lines+1 {
				t.Errorf("diagnostic outside the file (%d lines): %s", lines, d)
			}
		}
	})
}

// FuzzRewriteLink checks that every rewritten link is a site path under the base path, and
// that .md links resolve to paths under content/ or are left for assemble to reject.
func FuzzRewriteLink(f *testing.F) {
	for _, s := range []string{"../tips/a.md#x", "/programs/", "https://x.org", "#top", "mailto:a@b", "a/../../b.md", "//evil.org/x", "javascript:alert(1)", "?q=1", "img.png"} {
		f.Add(s)
	}
	m := newMarkdown(MarkdownConfig{}, "/portal/")
	f.Fuzz(func(t *testing.T, dest string) {
		out, link, kind := m.rewrite("content/mentors/", dest)
		switch kind {
		case linkSite:
			if !strings.HasPrefix(out, "/portal/") || strings.HasPrefix(out, "//") {
				t.Errorf("rewrite(%q) = %q: not under the base path", dest, out)
			}
		case linkPage:
			if link.Target == ".." || strings.HasPrefix(link.Target, "../") || strings.Contains(link.Target, "/../") || strings.HasSuffix(link.Target, "/..") {
				t.Errorf("rewrite(%q): target %q still has ..", dest, link.Target)
			}
		}
	})
}

// FuzzParseConfig: site.yaml never panics the parser, and positions stay inside the file.
func FuzzParseConfig(f *testing.F) {
	f.Add("title: T\nbase_url: https://a.org/x\nmenus: {main: [{name: A, url: /a/}]}\n")
	f.Add("vocabularies: {expertise: [a], bogus: 1}\nmarkdown: {unsafe: maybe}\n")
	f.Add("- just\n- a list\n")
	f.Fuzz(func(t *testing.T, src string) {
		_, diags := ParseConfig("site.yaml", []byte(src))
		lines := strings.Count(src, "\n") + strings.Count(src, "\r") + 1 // YAML also breaks lines at \r
		for _, d := range diags {
			if d.Line > lines+1 {
				t.Errorf("diagnostic outside the file: %s", d)
			}
		}
	})
}
