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
		"\ufeff---\r\ntitle: A\r\n---\r\n[x](y.md)\r\n",
		"\ufeff+++\ntitle = \"A\"\n+++\n",
		"\ufeff[x](y.md) no front matter\n",
		"---\ntitle: A\nlinks:\n  - title: B\n     url: y\n---\n",
		"---\nrole: PM\n    company: X\n\tsummary: one: two\n---\n",
		"---\ntags: [a, {b: [c\nsummary: \"x\n- y\n---\n",
		"---\ntimezone: buenos aires\nseniority: lead\nexpertise: [A, zz]\nbooking_url: a@b.c\n---\n",
		"---\ntimezone: EST\n---\n",
		"---\nexpertise: a, b,, \"c\"\nlanguages: 'x, y'\navailability: Tue 18:00-20:00, [\n---\n",
		"---\ntitle: A\n---\n{{< notice >}}\n*x*\n{{< /notice >}} {{% figur %}} {{< a.inline >}}{{ . }}{{< /a.inline >}}\n",
		"---\ntitle: A\n---\n{{< figure\n  src=\"a.png\"\n  caption=\"c\"\n>}}\n\n{{< youtube >}} {{< gist u >}}\n",
		"---\ntitle: A\n---\n{{< highlight go >}}\nx\n\n{{< y >}}\n",
		"---\ntitle: A\n---\n\t- {{< x \"unclosed >}}\n> {{< ref\n> \"a.md\" >}}\n",
		"---\ntitle: A\nphoto: none\n---\n#### x\n## x\n\n![](a.png) [](b) [here](c) a@b.co <c@d.org> +351 912 345 678\n",
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
		pg, diags := p.ParsePage(file, []byte(src))
		if pg != nil {
			diags = append(diags, pg.lint...)
		}
		lines := strings.Count(src, "\n") + strings.Count(src, "\r") + 1 // YAML also breaks lines at \r
		for _, d := range diags {
			if d.File != file || d.Line < 0 || d.Line > lines+1 {
				t.Errorf("diagnostic outside the file (%d lines): %s", lines, d)
			}
			if d.Code == "" {
				t.Errorf("diagnostic without a code: %s", d)
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
