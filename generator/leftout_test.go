package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLeftOutPagesAppearNowhere is the privacy proof the directory owes its mentors: a draft,
// a profile dated in the future, one past its expiryDate and a headless bundle appear in no
// file of the built site — no listing, term page, feed, sitemap, search index, match data,
// mentors.json or similar-mentors block — while a published mentor with the same expertise,
// language and zone appears in all of those. Each left-out profile carries a word found
// nowhere else, in its name, its body and its terms.
func TestLeftOutPagesAppearNowhere(t *testing.T) {
	mentor := func(name, extra, word string) *fstest.MapFile {
		return &fstest.MapFile{Data: fmt.Appendf(nil, `---
title: %s
role: PM at %sco
seniority: senior
timezone: Europe/Lisbon
expertise: [pricing, %s]
languages: [Portuguese]
helps_with: [%s interviews]
accepting: true
booking_url: https://cal.example.org/%s
%s
---
Ask me about %s pricing, any week.
`, name, word, word, word, word, extra, word)}
	}
	site := smallSite()
	site["content/mentors/public.md"] = mentor("Ana Public", "date: 2025-06-01", "visibleword")
	hidden := map[string]string{
		"draft":    "draft: true",
		"future":   "date: 2027-06-01",
		"expired":  "expiryDate: 2025-06-01",
		"headless": "headless: true",
	}
	for kind, extra := range hidden {
		file := "content/mentors/" + kind + ".md"
		if kind == "headless" {
			file = "content/mentors/" + kind + "/index.md"
		}
		site[file] = mentor("Zed "+strings.ToUpper(kind[:1])+kind[1:], extra, "secret"+kind)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := buildInto(t, site, out)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.LeftOut) != len(hidden) {
		t.Fatalf("left out %d pages, want %d: %v", len(res.LeftOut), len(hidden), res.LeftOut)
	}
	seen := map[string][]string{} // word → files holding it
	files := 0
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		rel, _ := filepath.Rel(out, p)
		text := strings.ToLower(string(data))
		for _, w := range []string{"visibleword", "secretdraft", "secretfuture", "secretexpired", "secretheadless", "zed "} {
			if strings.Contains(text, w) {
				seen[w] = append(seen[w], filepath.ToSlash(rel))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for w, where := range seen {
		if w != "visibleword" {
			t.Errorf("%q of a left-out page is in %s", w, strings.Join(where, ", "))
		}
	}
	// The published mentor shows where each kind of file is, so an empty result above means
	// the left-out ones were looked for in the right places.
	published := strings.Join(seen["visibleword"], " ")
	for _, want := range []string{"mentors/index.html", "feed.xml", "mentors.json", "sitemap.xml", "search/", "match/", "expertise/visibleword/index.html"} {
		if !strings.Contains(published, want) {
			t.Errorf("the published mentor is not in %s (found in %s)", want, published)
		}
	}
	t.Logf("%d files searched", files)
}
