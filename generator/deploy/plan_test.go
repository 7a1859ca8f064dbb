package deploy

import (
	"context"
	"os"
	"path/filepath"
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
	// use_path_style, as gocloud.dev and so Hugo write it, and its older spelling.
	for url, want := range map[string]bool{
		"s3://b?region=x": false, "s3://b?region=x&use_path_style=true": true, "s3://b?s3ForcePathStyle=true": true,
		"s3://b?endpoint=http://127.0.0.1:8333": true, "s3://b?endpoint=http://127.0.0.1:8333&use_path_style=false": false,
	} {
		c, diags := generator.ParseConfig("site.yaml", []byte("deploy:\n  targets:\n    - name: p\n      url: \""+url+"\"\n"))
		if len(diags) > 0 || len(c.Deploy.Targets) != 1 || c.Deploy.Targets[0].PathStyle != want {
			t.Errorf("%s: targets %+v, %v; want PathStyle %v", url, c.Deploy.Targets, diags, want)
		}
	}
	for _, c := range []struct{ yaml, want string }{
		{"deploy:\n  targets:\n    - name: p\n      url: s3://b\n      secret_access_key: abc\n", `site.yaml:5:7: error: deploy: "secret_access_key" looks like a credential`},
		{"deploy:\n  targets:\n    - name: p\n      url: s3://b?region=x&access_key=AKIAABCDEFGHIJKLMNOP\n", `site.yaml:4:12: error: deploy: this value looks like an AWS access key`},
		{"deploy:\n  targets:\n    - name: p\n      url: s3://key:pw@b\n", `site.yaml:4:12: error: deploy.targets.url: the url of target "p" carries a user name or password (s3://REDACTED@b)`},
		{"deploy:\n  targets:\n    - name: p\n      url: s3://b?endpoint=http://key:pw@h:9\n", `site.yaml:4:12: error: deploy.targets.url: the url of target "p" carries a user name or password (s3://b?endpoint=http://REDACTED@h:9)`},
		{"deploy:\n  targets:\n    - name: p\n      url: https://key:pw@b\n", `site.yaml:4:12: error: deploy.targets.url: the url of target "p" carries a user name or password (https://REDACTED@b)`},
		{"deploy:\n  targets:\n    - name: p\n      url: s3://b?endpoint=http://h:9/?X-Amz-Credential=k\n", `site.yaml:4:12: error: deploy.targets.url: the endpoint of target "p" has a parameter "X-Amz-Credential" that looks like a credential`},
		{"deploy:\n  targets:\n    - name: p\n      url: s3://b?use_path_style=yes\n", `site.yaml:4:12: error: deploy.targets.url: use_path_style="yes" is not true or false`},
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

// TestScanContentTypes: files whose extension says nothing get a type that fits them, from
// their name (_headers, _redirects) or their bytes, not application/octet-stream for all.
func TestScanContentTypes(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		markerFile:      "built",
		"_headers":      "/*\n  X-Content-Type-Options: nosniff\n",
		"_redirects":    "/old /new 301\n",
		"LICENSE":       "Permission is hereby granted, free of charge.\n",
		"data/blob":     "\x00\x01\x02\x03binary",
		"photo.unknown": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"index.html":    "<!doctype html><title>x</title>",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scanned, err := Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range MakePlan(scanned, nil, "", nil).Uploads {
		got[u.Path] = u.ContentType
	}
	for name, want := range map[string]string{
		"_headers": "text/plain; charset=utf-8", "_redirects": "text/plain; charset=utf-8", "LICENSE": "text/plain; charset=utf-8",
		"data/blob": "application/octet-stream", "photo.unknown": "image/png", "index.html": "text/html; charset=utf-8",
	} {
		if got[name] != want {
			t.Errorf("%s: Content-Type %q, want %q", name, got[name], want)
		}
	}
}

// TestNoSecretsInErrors: a target handed to Deploy directly, not through site.yaml, with a
// user and password in its endpoint is refused without quoting them; and the redaction that
// deploy's messages go through hides the user info of every URL in an SDK-shaped error.
func TestNoSecretsInErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, markerFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	none := filepath.Join(dir, "none")
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_PROFILE": "", "AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_S3": ""} {
		t.Setenv(k, v)
	}
	const secret = "Sup3rS3cretValue"
	_, err := Deploy(context.Background(), Options{Dir: dir,
		Target: generator.DeployTarget{Name: "p", Bucket: "b", Endpoint: "http://KEYNAME:" + secret + "@127.0.0.1:9", PathStyle: true}})
	if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "KEYNAME") || !strings.Contains(err.Error(), "environment") {
		t.Errorf("Deploy with credentials in the endpoint: %v", err)
	}
	sdk := `operation error S3: ListObjectsV2, https response error StatusCode: 0, request send failed, Get "https://KEYNAME:` + secret +
		`@s3.example.net/b?list-type=2": dial tcp: lookup s3.example.net; also http://u@h/x and s3://k:s@bucket`
	want := `operation error S3: ListObjectsV2, https response error StatusCode: 0, request send failed, Get "https://REDACTED@s3.example.net/b?list-type=2": dial tcp: lookup s3.example.net; also http://REDACTED@h/x and s3://REDACTED@bucket`
	if got := generator.RedactUserinfo(sdk); got != want {
		t.Errorf("RedactUserinfo:\n got %s\nwant %s", got, want)
	}
}
