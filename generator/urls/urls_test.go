package urls

import (
	"net/url"
	"strings"
	"testing"
)

func TestURLs(t *testing.T) {
	// A site path's every character is a letter of a name: '%', '?' and '#' are encoded.
	cases := []struct{ base, path, rel, abs string }{
		{"/", "/mentors/ana/", "/mentors/ana/", "/mentors/ana/"},
		{"https://org.github.io/portal/", "/mentors/ana/", "/portal/mentors/ana/", "https://org.github.io/portal/mentors/ana/"},
		{"https://org.github.io/portal", "/", "/portal/", "https://org.github.io/portal/"},
		{"https://example.org/", "/My Notes/Hello World/", "/My%20Notes/Hello%20World/", "https://example.org/My%20Notes/Hello%20World/"},
		{"https://example.org/", "/tips/a%20b/", "/tips/a%2520b/", "https://example.org/tips/a%2520b/"}, // the folder "a%20b"
		{"https://example.org/", "/tips/c#/", "/tips/c%23/", "https://example.org/tips/c%23/"},
		{"https://example.org/", "/tips/what?/", "/tips/what%3F/", "https://example.org/tips/what%3F/"},
		{"https://example.org/", "/tips/c++/", "/tips/c%2B%2B/", "https://example.org/tips/c%2B%2B/"},
		{"https://example.org/", "/a;b,c/", "/a%3Bb%2Cc/", "https://example.org/a%3Bb%2Cc/"},
		{"https://example.org/", "/café/", "/caf%C3%A9/", "https://example.org/caf%C3%A9/"},
		{"https://example.org/", "/expertise/数据/", "/expertise/%E6%95%B0%E6%8D%AE/", "https://example.org/expertise/%E6%95%B0%E6%8D%AE/"},
		{"https://example.org/a%20b/", "/x/", "/a%20b/x/", "https://example.org/a%20b/x/"},
		{"https://example.org/", "/100%/", "/100%25/", "https://example.org/100%25/"},
	}
	for _, c := range cases {
		u := New(c.base)
		if got := u.Rel(c.path); got != c.rel {
			t.Errorf("New(%q).Rel(%q) = %q, want %q", c.base, c.path, got, c.rel)
		}
		if got := u.Abs(c.path); got != c.abs {
			t.Errorf("New(%q).Abs(%q) = %q, want %q", c.base, c.path, got, c.abs)
		}
	}
}

func TestURLsRef(t *testing.T) {
	// A reference is written as a URL: escapes are decoded, a query and fragment kept.
	cases := []struct{ base, ref, rel, abs string }{
		{"https://example.org/", "/mentors/?expertise=pricing#top", "/mentors/?expertise=pricing#top", "https://example.org/mentors/?expertise=pricing#top"},
		{"https://example.org/p/", "/my%20notes/", "/p/my%20notes/", "https://example.org/p/my%20notes/"},
		{"https://example.org/", "/tips/a%2520b/", "/tips/a%2520b/", "https://example.org/tips/a%2520b/"},
		{"https://example.org/", "/tips/c%23/#x", "/tips/c%23/#x", "https://example.org/tips/c%23/#x"},
		{"https://example.org/", "/a%2Fb/", "/a%252Fb/", "https://example.org/a%252Fb/"}, // %2F never joins two names
		{"https://example.org/", "/100%/", "/100%25/", "https://example.org/100%25/"},
		{"https://example.org/", "about/", "/about/", "https://example.org/about/"},
		{"https://example.org/", "#top", "#top", "#top"},
		{"https://example.org/", "https://other.example/x", "https://other.example/x", "https://other.example/x"},
		{"https://example.org/", "mailto:a@example.org", "mailto:a@example.org", "mailto:a@example.org"},
		{"https://example.org/", "//cdn.example/x", "//cdn.example/x", "//cdn.example/x"},
	}
	for _, c := range cases {
		u := New(c.base)
		if got := u.Ref(c.ref); got != c.rel {
			t.Errorf("New(%q).Ref(%q) = %q, want %q", c.base, c.ref, got, c.rel)
		}
		if got := u.AbsRef(c.ref); got != c.abs {
			t.Errorf("New(%q).AbsRef(%q) = %q, want %q", c.base, c.ref, got, c.abs)
		}
	}
}

// FuzzURLRoundTrip builds the URL of a site path made of arbitrary names and reads it back
// as a server and a browser do. Properties: a name that Unservable accepts comes back
// whole from the URL's decoded path (so the server finds the file the build wrote), the URL
// has nothing a browser rewrites (no '?', '#', '\', space or non-ASCII byte), and writing the
// URL as a Markdown link (SplitRef) names the same site path.
func FuzzURLRoundTrip(f *testing.F) {
	for _, s := range []string{"a%20b", "c#", "what?", "my notes", "100%", "c++", "café", "a;b,c", "数据", `a\b`, "%2F", "..x", "q&a", "o'brien"} {
		f.Add(s, "https://example.org/portal/")
	}
	f.Add("x", "/")
	f.Fuzz(func(t *testing.T, name, base string) {
		if name == "" || name == "." || name == ".." || strings.Contains(name, "/") || Unservable(name) != "" {
			return
		}
		sitePath := "/tips/" + name + "/"
		us := New("https://example.org/portal/")
		rel := us.Rel(sitePath)
		if strings.ContainsAny(rel, "?# \\\"<>") {
			t.Fatalf("Rel(%q) = %q: a browser would cut or rewrite it", sitePath, rel)
		}
		for i := 0; i < len(rel); i++ {
			if rel[i] >= 0x80 || rel[i] < 0x21 {
				t.Fatalf("Rel(%q) = %q has byte %#x", sitePath, rel, rel[i])
			}
		}
		u, err := url.Parse("https://example.org" + rel)
		if err != nil {
			t.Fatalf("Rel(%q) = %q does not parse: %v", sitePath, rel, err)
		}
		if got := strings.TrimPrefix(u.Path, "/portal"); got != sitePath {
			t.Fatalf("Rel(%q) = %q, which a server reads as %q", sitePath, rel, got)
		}
		if p, suffix := SplitRef(strings.TrimPrefix(rel, "/portal")); p != sitePath || suffix != "" {
			t.Fatalf("SplitRef(%q) = %q, %q; want %q", rel, p, suffix, sitePath)
		}
		_ = New(base).Abs(sitePath) // any base URL: never a panic
	})
}
