package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mentorgen runs the CLI in-process and returns its exit code and output.
func mentorgen(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestExampleSiteLinks builds the example portal in this repository and checks that every
// internal link, anchor and asset in the output resolves to a file (and an id) that exists.
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
		checkLinks(t, out, prefix)
		checkXML(t, filepath.Join(out, "feed.xml"), "feed", 10)
		checkXML(t, filepath.Join(out, "sitemap.xml"), "urlset", 100)
	}
}

// checkXML parses a feed or sitemap and counts its entries (children of the root).
func checkXML(t *testing.T, file, root string, atLeast int) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name
		Items   []struct{ XMLName xml.Name } `xml:",any"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s is not well-formed XML: %v", file, err)
	}
	if doc.XMLName.Local != root || len(doc.Items) < atLeast {
		t.Errorf("%s: root <%s> with %d children, want <%s> with at least %d", file, doc.XMLName.Local, len(doc.Items), root, atLeast)
	}
}

var linkAttrRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
var idRE = regexp.MustCompile(`id="([^"]*)"`)

func checkLinks(t *testing.T, out, prefix string) {
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
	checked := 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, g := range linkAttrRE.FindAllSubmatch(data, -1) {
			link := strings.ReplaceAll(string(g[1]), "&amp;", "&")
			if link == "" || strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") {
				continue
			}
			target, frag, _ := strings.Cut(link, "#")
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
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 500 {
		t.Errorf("checked only %d links; is the example site built?", checked)
	}
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
	os.WriteFile(filepath.Join(dir, "content", "mentors", "bad.md"), []byte("---\ntitle: Bad\nrole: PM\nseniority: seinor\nexpertise: [x]\ntimezone: Mars/Base\n---\n"), 0o644)
	code, out, _ = mentorgen(t, "check", "--src", dir)
	want := "content/mentors/bad.md:4:12: seniority: \"seinor\" is not one of junior, mid, senior, principal, executive (did you mean \"senior\"?)\n" +
		"content/mentors/bad.md:6:11: timezone: \"Mars/Base\" is not a known time zone (use an IANA name such as \"Europe/Berlin\" or \"America/Sao_Paulo\")\n"
	if code != exitContent || out != want {
		t.Errorf("check: exit %d\n%s\nwant\n%s", code, out, want)
	}
}

// TestCorpusBuilds builds a small corpus from the shared benchmark generator: the content
// model it writes must always build.
func TestCorpusBuilds(t *testing.T) {
	gen := filepath.Join("..", "shared", "bench", "gen_corpus.py")
	if _, err := os.Stat(gen); err != nil {
		t.Skipf("SKIP: %s not found (it lives in ../shared beside the repository)", gen)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("SKIP: python3 is not installed; it runs the corpus generator")
	}
	dir := t.TempDir()
	if out, err := exec.Command(py, gen, dir, "--mentors", "300").CombinedOutput(); err != nil {
		t.Fatalf("gen_corpus: %v\n%s", err, out)
	}
	code, _, stderr := mentorgen(t, "build", "--src", dir, "--base-url", "https://mentors.example.org/portal/", "--quiet")
	if code != 0 {
		t.Fatalf("corpus build: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "mentors", "page", "2", "index.html")); err != nil {
		t.Error(err)
	}
}
