package generator

import "testing"

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
