package generator

import "testing"

func TestURLs(t *testing.T) {
	cases := []struct{ base, path, rel, abs string }{
		{"/", "/mentors/ana/", "/mentors/ana/", "/mentors/ana/"},
		{"https://org.github.io/portal/", "/mentors/ana/", "/portal/mentors/ana/", "https://org.github.io/portal/mentors/ana/"},
		{"https://org.github.io/portal", "/", "/portal/", "https://org.github.io/portal/"},
		{"https://example.org/", "/My Notes/Hello World/", "/My%20Notes/Hello%20World/", "https://example.org/My%20Notes/Hello%20World/"},
		{"https://example.org/", "/my%20notes/", "/my%20notes/", "https://example.org/my%20notes/"}, // already encoded: once
		{"https://example.org/", "/café/", "/caf%C3%A9/", "https://example.org/caf%C3%A9/"},
		{"https://example.org/", "/expertise/数据/", "/expertise/%E6%95%B0%E6%8D%AE/", "https://example.org/expertise/%E6%95%B0%E6%8D%AE/"},
		{"https://example.org/a%20b/", "/x/", "/a%20b/x/", "https://example.org/a%20b/x/"},
		{"https://example.org/", "/mentors/?expertise=pricing#top", "/mentors/?expertise=pricing#top", "https://example.org/mentors/?expertise=pricing#top"},
		{"https://example.org/", "/100%/", "/100%25/", "https://example.org/100%25/"},
		{"https://example.org/", "https://other.example/x", "https://other.example/x", "https://other.example/x"},
		{"https://example.org/", "mailto:a@example.org", "mailto:a@example.org", "mailto:a@example.org"},
		{"https://example.org/", "//cdn.example/x", "//cdn.example/x", "//cdn.example/x"},
	}
	for _, c := range cases {
		u := NewURLs(c.base)
		if got := u.Rel(c.path); got != c.rel {
			t.Errorf("NewURLs(%q).Rel(%q) = %q, want %q", c.base, c.path, got, c.rel)
		}
		if got := u.Abs(c.path); got != c.abs {
			t.Errorf("NewURLs(%q).Abs(%q) = %q, want %q", c.base, c.path, got, c.abs)
		}
	}
}

func TestInputArea(t *testing.T) {
	cases := map[string]Area{
		"site.yaml": AreaConfig, "site.yaml/x": AreaNone, "content": AreaContent,
		"content/mentors/ana.md": AreaContent, "content/news/2026/spring.md": AreaContent,
		"content/.git/config": AreaNone, "content/mentors/.ana.md.swp": AreaNone, "content/mentors/ana.md~": AreaNone,
		"content/#ana.md#": AreaNone, "content/ana.md___jb_tmp___": AreaNone,
		"static/.well-known/security.txt": AreaStatic, "static/.well-known": AreaStatic,
		"static/a/.well-known/x": AreaNone, "static/.git/HEAD": AreaNone, "static/.DS_Store": AreaNone,
		"static/img/Thumbs.db": AreaNone, "static/img/a.png": AreaStatic,
		"layouts/partials/card.html": AreaLayouts, "layouts/.cache/x": AreaNone,
		"public/index.html": AreaNone, ".git/HEAD": AreaNone, "README.md": AreaNone, "../content/x.md": AreaNone,
	}
	for p, want := range cases {
		if got := InputArea(p); got != want {
			t.Errorf("InputArea(%q) = %d, want %d", p, got, want)
		}
	}
}
