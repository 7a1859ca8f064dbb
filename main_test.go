package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mentorgen/bench/corpusfix"
)

// mentorgen runs the CLI in-process and returns its exit code and output.
func mentorgen(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestExampleSiteLinks builds the example portal in this repository and checks what holds
// for any site, never its text: every internal link, anchor and asset in the output resolves
// to a file (and an id) that exists, the feed and the sitemap are well-formed, and every URL
// they list is built. The sitemap lists every page that is not a redirect or the 404 page.
func TestExampleSiteLinks(t *testing.T) {
	for _, base := range []string{"", "https://org.github.io/portal/"} {
		out := filepath.Join(t.TempDir(), "public")
		args := []string{"build", "--out", out, "--quiet"}
		if base != "" {
			args = append(args, "--base-url", base)
		}
		if code, _, stderr := mentorgen(t, args...); code != 0 {
			t.Fatalf("build %v: exit %d\n%s", args, code, stderr)
		}
		prefix := "/"
		if base != "" {
			prefix = "/portal/"
		}
		pages := checkLinks(t, out, prefix)
		feed := checkXML(t, out, prefix, "feed.xml", "feed", "entry", "link", "href")
		if len(feed) == 0 || len(feed) > 30 {
			t.Errorf("feed.xml has %d entries, want 1 to 30", len(feed))
		}
		listed := map[string]bool{}
		for _, f := range checkXML(t, out, prefix, "sitemap.xml", "urlset", "url", "loc", "") {
			listed[f] = true
		}
		for _, f := range feed {
			if !listed[f] {
				t.Errorf("feed.xml has %s, but sitemap.xml does not", f)
			}
		}
		for _, f := range pages {
			if !listed[f] {
				t.Errorf("%s is built but not in sitemap.xml", f)
			}
		}
		if len(listed) != len(pages) {
			t.Errorf("sitemap.xml lists %d pages, %d are built", len(listed), len(pages))
		}
	}
}

// checkXML parses a feed or sitemap under out: its root element must be root, and each of its
// item children must have an elem child whose attr (or, with attr "", whose text) is an
// absolute URL of a file built under prefix. It returns those files.
func checkXML(t *testing.T, out, prefix, name, root, item, elem, attr string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name
		Items   []struct {
			XMLName xml.Name
			Elems   []struct {
				XMLName xml.Name
				Attrs   []xml.Attr `xml:",any,attr"`
				Text    string     `xml:",chardata"`
			} `xml:",any"`
		} `xml:",any"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s is not well-formed XML: %v", name, err)
	}
	if doc.XMLName.Local != root {
		t.Errorf("%s: root <%s>, want <%s>", name, doc.XMLName.Local, root)
	}
	var files []string
	for _, it := range doc.Items {
		if it.XMLName.Local != item {
			continue
		}
		found := false
		for _, e := range it.Elems {
			if e.XMLName.Local != elem {
				continue
			}
			u := strings.TrimSpace(e.Text)
			for _, a := range e.Attrs {
				if attr != "" && a.Name.Local == attr {
					u = a.Value
				}
			}
			found = true
			file, ok := builtFile(out, prefix, u)
			if !ok {
				t.Errorf("%s: <%s> %q is not a URL of the site", name, elem, u)
				continue
			}
			if _, err := os.Stat(file); err != nil {
				t.Errorf("%s: <%s> %q: %s does not exist", name, elem, u, file)
				continue
			}
			files = append(files, file)
		}
		if !found {
			t.Errorf("%s: an <%s> without <%s>", name, item, elem)
		}
	}
	return files
}

// builtFile maps an absolute URL of the site (any host, path under prefix) to the file under
// out that serves it.
func builtFile(out, prefix, u string) (string, bool) {
	_, p, ok := strings.Cut(u, "://")
	if !ok {
		return "", false
	}
	if i := strings.IndexByte(p, '/'); i >= 0 {
		p = p[i:]
	} else {
		p = "/"
	}
	rest, ok := strings.CutPrefix(p, prefix)
	if !ok {
		return "", false
	}
	file := filepath.Join(out, filepath.FromSlash(rest))
	if rest == "" || strings.HasSuffix(rest, "/") {
		file = filepath.Join(file, "index.html")
	}
	return file, true
}

var linkAttrRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
var idRE = regexp.MustCompile(`id="([^"]*)"`)

// checkLinks checks every href and src in the HTML files under out, and returns the pages a
// sitemap must list: every HTML file but redirects and 404.html. Every page must link to
// something of the site (the menu, at least).
func checkLinks(t *testing.T, out, prefix string) (pages []string) {
	t.Helper()
	ids := map[string]map[string]bool{}
	idsOf := func(file string) map[string]bool {
		if m, ok := ids[file]; ok {
			return m
		}
		m := map[string]bool{}
		data, _ := os.ReadFile(file)
		for _, g := range idRE.FindAllSubmatch(data, -1) {
			m[string(g[1])] = true
		}
		ids[file] = m
		return m
	}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Contains(data, []byte(`http-equiv="refresh"`)) && p != filepath.Join(out, "404.html") {
			pages = append(pages, p)
		}
		checked := 0
		for _, g := range linkAttrRE.FindAllSubmatch(data, -1) {
			link := strings.ReplaceAll(string(g[1]), "&amp;", "&")
			if link == "" || strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") {
				continue
			}
			target, frag, _ := strings.Cut(link, "#")
			target, _, _ = strings.Cut(target, "?") // a query (/match/?expertise=…) is for the page's script
			file := p
			if target != "" {
				if !strings.HasPrefix(target, prefix) {
					t.Errorf("%s: link %q is outside the base path %s", p, link, prefix)
					continue
				}
				file = filepath.Join(out, strings.TrimPrefix(target, prefix))
				if strings.HasSuffix(target, "/") {
					file = filepath.Join(file, "index.html")
				}
			}
			checked++
			if _, err := os.Stat(file); err != nil {
				t.Errorf("%s: link %q: %s does not exist", p, link, file)
				continue
			}
			if frag != "" && strings.HasSuffix(file, ".html") && !idsOf(file)[frag] {
				t.Errorf("%s: link %q: no id %q in %s", p, link, frag, file)
			}
		}
		if checked == 0 {
			t.Errorf("%s links to no page or asset of the site", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Error("the example portal built no pages")
	}
	return pages
}

func TestCLIExitCodes(t *testing.T) {
	if code, _, _ := mentorgen(t, "build", "--no-such-flag"); code != exitUsage {
		t.Errorf("unknown flag: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := mentorgen(t, "frobnicate"); code != exitUsage {
		t.Errorf("unknown command: exit %d, want %d", code, exitUsage)
	}
	if code, out, _ := mentorgen(t, "build", "--help"); code != exitOK || out != "" {
		t.Errorf("build --help: exit %d", code)
	}
	if code, out, _ := mentorgen(t, "version"); code != exitOK || !strings.HasPrefix(out, "mentorgen ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
	if code, _, stderr := mentorgen(t, "build", "--src", t.TempDir()); code != exitUsage || !strings.Contains(stderr, "site.yaml") {
		t.Errorf("build without site.yaml: exit %d, %q", code, stderr)
	}
}

// TestInitNewBuild follows a new user: init a site, add a mentor, check it, build it.
func TestInitNewBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "portal")
	if code, _, stderr := mentorgen(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	code, out, stderr := mentorgen(t, "new", "mentor", "Zoë Lefèvre", "--src", dir)
	if code != 0 || strings.TrimSpace(out) != filepath.Join(dir, "content", "mentors", "zoe-lefevre.md") {
		t.Fatalf("new mentor: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	for _, kind := range []string{"program", "tip"} {
		if code, _, stderr := mentorgen(t, "new", kind, "First steps", "--src", dir); code != 0 {
			t.Fatalf("new %s: exit %d: %s", kind, code, stderr)
		}
	}
	if code, _, stderr := mentorgen(t, "check", "--src", dir); code != 0 {
		t.Fatalf("check: exit %d: %s", code, stderr)
	}
	if code, _, stderr := mentorgen(t, "build", "--src", dir, "--drafts", "--quiet"); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "mentors", "zoe-lefevre", "index.html")); err != nil {
		t.Fatal(err)
	}
	// A content error: exit 1, every problem as path:line:col, nothing written.
	os.WriteFile(filepath.Join(dir, "content", "mentors", "bad.md"), []byte("---\ntitle: Bad\nrole: PM\nseniority: seinor\nexpertise: [discovery]\ntimezone: Mars/Base\n---\n"), 0o644)
	code, out, _ = mentorgen(t, "check", "--src", dir)
	want := "content/mentors/bad.md:2:1: warning: the profile gives mentees no way to reach the mentor (add booking_url: (https: or mailto:) or links:)\n" +
		"content/mentors/bad.md:2:1: warning: the profile has no photo (add photo: with a file beside the profile or under static/, or write photo: none to show initials on purpose)\n" +
		"content/mentors/bad.md:4:12: error: seniority: \"seinor\" is not one of junior, mid, senior, principal, executive (did you mean \"senior\"?)\n" +
		"content/mentors/bad.md:6:11: error: timezone: \"Mars/Base\" is not a known time zone (use an IANA name such as \"Europe/Berlin\" or \"America/Sao_Paulo\")\n" +
		"content/mentors/bad.md:7:1: warning: the bio has 0 words, fewer than 40 (say in a few sentences what the mentor has done and what they can help with)\n" +
		fmt.Sprintf("site.yaml:%d:11: warning: base_url: \"https://replace-me.example.org/\" is the template's placeholder (write the address the site is published at, e.g. \"https://org.github.io/portal/\", or build with --base-url)\n", lineOf(t, dir, "site.yaml", "base_url:")) +
		"2 problems and 4 warnings\n"
	if code != exitContent || out != want {
		t.Errorf("check: exit %d\n%s\nwant\n%s", code, out, want)
	}
}

// TestCorpusBuilds builds a small corpus from the shared benchmark generator: the content
// model it writes must always build.
func TestCorpusBuilds(t *testing.T) {
	dir := generatedCorpus(t, 300)
	code, _, stderr := mentorgen(t, "build", "--src", dir, "--base-url", "https://mentors.example.org/portal/", "--quiet")
	if code != 0 {
		t.Fatalf("corpus build: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "mentors", "page", "2", "index.html")); err != nil {
		t.Error(err)
	}
}

// generatedCorpus writes a corpus of n mentors with ../shared/bench/gen_corpus.py into a
// temporary folder, or skips the test (loudly) without the generator or python3.
func generatedCorpus(t *testing.T, n int) string {
	t.Helper()
	gen := filepath.Join("..", "shared", "bench", "gen_corpus.py")
	if _, err := os.Stat(gen); err != nil {
		t.Skipf("SKIP: %s not found (it lives in ../shared beside the repository)", gen)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("SKIP: python3 is not installed; it runs the corpus generator")
	}
	dir := t.TempDir()
	if out, err := exec.Command(py, gen, dir, "--mentors", strconv.Itoa(n)).CombinedOutput(); err != nil {
		t.Fatalf("gen_corpus: %v\n%s", err, out)
	}
	// The generator's one embedded photo does not decode; mentorgen rightly reports each copy
	// (see bench/corpusfix), so the corpus gets valid photos in their place.
	if _, err := corpusfix.Photos(dir); err != nil {
		t.Fatalf("corpusfix: %v", err)
	}
	return dir
}

// lineOf returns the 1-based number of the first line of a site file that starts with prefix,
// so that tests need not know the starter's layout line by line.
func lineOf(t *testing.T, dir, file, prefix string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line starting with %q", file, prefix)
	return 0
}
