package deploy

import (
	"strings"
	"testing"

	"mentorgen/generator"
)

// TestPlanOrder pins the order that never shows a broken page (assets, then pages, then
// indexes, then deletions), what counts as unchanged, and that keys outside the prefix are
// never deleted.
func TestPlanOrder(t *testing.T) {
	files := []File{
		{Path: "sitemap.xml", MD5: "01"}, {Path: "index.html", MD5: "02"}, {Path: "assets/style.325d9aa1.css", MD5: "03"},
		{Path: "mentors/ana/photo-64.jpg", MD5: "04"}, {Path: "robots.txt", MD5: "05"}, {Path: "mentors/ana/index.html", MD5: "06"},
		{Path: "feed.xml", MD5: "07"},
	}
	remote := map[string]string{
		"p/index.html": `"02"`, "p/mentors/ana/index.html": `"ff"`, "p/old/index.html": `"aa"`, "other/x.html": `"bb"`,
	}
	p := MakePlan(files, remote, "p/", nil)
	var got []string
	for _, u := range p.Uploads {
		got = append(got, u.Phase.String()+" "+u.Key)
	}
	want := []string{
		"assets p/assets/style.325d9aa1.css", "assets p/mentors/ana/photo-64.jpg",
		"pages p/mentors/ana/index.html",
		"indexes p/feed.xml", "indexes p/robots.txt", "indexes p/sitemap.xml",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("uploads:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p.Unchanged != 1 || len(p.Deletes) != 1 || p.Deletes[0] != "p/old/index.html" {
		t.Errorf("unchanged %d, deletes %v; want 1 and [p/old/index.html]", p.Unchanged, p.Deletes)
	}
}

func TestCacheControl(t *testing.T) {
	rules := []generator.CacheRule{{Match: "*.pdf", Control: "public, max-age=86400"}, {Match: "mentors/*/photo-*.jpg", Control: "public, max-age=600"}}
	for _, c := range []struct{ path, want string }{
		{"assets/style.325d9aa1.css", CacheImmutable},
		{"assets/main.e7644148.js", CacheImmutable},
		{"index.html", CacheShort}, {"mentors.json", CacheShort}, {"sitemap.xml", CacheShort}, {"robots.txt", CacheShort},
		{"assets/favicon.svg", CacheDefault},
		{"docs/guide.pdf", "public, max-age=86400"},
		{"mentors/ana/photo-64.jpg", "public, max-age=600"},
		{"images/ana.jpg", CacheDefault},
	} {
		if got := CacheControl(c.path, rules); got != c.want {
			t.Errorf("CacheControl(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

// TestDeployConfig pins site.yaml's deploy section: what it accepts, and that anything that
// looks like a credential is an error at its position.
func TestDeployConfig(t *testing.T) {
	good := `deploy:
  targets:
    - name: production
      url: "s3://site?region=eu-west-1&endpoint=http://127.0.0.1:8333"
      prefix: /portal
      cache:
        - {match: "*.pdf", control: "public, max-age=86400"}
`
	c, diags := generator.ParseConfig("site.yaml", []byte(good))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := generator.DeployTarget{Name: "production", URL: "s3://site?region=eu-west-1&endpoint=http://127.0.0.1:8333",
		Bucket: "site", Region: "eu-west-1", Endpoint: "http://127.0.0.1:8333", Prefix: "portal/",
		Cache: []generator.CacheRule{{Match: "*.pdf", Control: "public, max-age=86400"}}}
	if len(c.Deploy.Targets) != 1 || c.Deploy.Targets[0].Name != want.Name || c.Deploy.Targets[0].Prefix != want.Prefix ||
		c.Deploy.Targets[0].Endpoint != want.Endpoint || c.Deploy.Targets[0].Region != want.Region || len(c.Deploy.Targets[0].Cache) != 1 {
		t.Errorf("targets = %+v, want [%+v]", c.Deploy.Targets, want)
	}
	for _, c := range []struct{ yaml, want string }{
		{"deploy:\n  targets:\n    - name: p\n      url: s3://b\n      secret_access_key: abc\n", `site.yaml:5:7: error: deploy: "secret_access_key" looks like a credential`},
		{"deploy:\n  targets:\n    - name: p\n      url: s3://b?region=x&access_key=AKIAABCDEFGHIJKLMNOP\n", `site.yaml:4:12: error: deploy: this value looks like an AWS access key`},
		{"deploy:\n  targets:\n    - name: p\n      url: s3://key:pw@b\n", `site.yaml:4:12: error: deploy.targets.url: "s3://key:xxxxx@b" carries a user name or password`},
		{"deploy:\n  targets:\n    - name: p\n      url: s3://b?regoin=x\n", `site.yaml:4:12: error: deploy.targets.url: unknown parameter "regoin" (did you mean "region"?)`},
		{"deploy:\n  targets:\n    - name: p\n      url: https://b\n", `site.yaml:4:12: error: deploy.targets.url: "https://b" is not an s3:// URL with a bucket`},
		{"deploy:\n  targets:\n    - name: p\n", `site.yaml:3:7: error: deploy.targets: target without name or url`},
	} {
		_, diags := generator.ParseConfig("site.yaml", []byte(c.yaml))
		var got []string
		for _, d := range diags {
			got = append(got, d.String())
		}
		if len(got) == 0 || !strings.HasPrefix(got[0], c.want) {
			t.Errorf("%s\ngot  %q\nwant %q", c.yaml, got, c.want)
		}
	}
}
