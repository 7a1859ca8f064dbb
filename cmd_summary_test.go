package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A mentor, a draft and a page dated after any build: the summaries say what they left out.
const leftOutSite = `
-- site.yaml --
title: T
-- content/tips/a.md --
---
title: A
---
-- content/tips/draft.md --
---
title: Draft
draft: true
---
-- content/tips/later.md --
---
title: Later
date: 2099-01-15
---
`

// TestSummariesLeftOut pins the last lines of build and check: what was published, in
// grammatical counts, and what was left out, by reason and by file.
func TestSummariesLeftOut(t *testing.T) {
	dir := writeArchive(t, leftOutSite)
	leftOut := "2 left out: 1 draft (--drafts), 1 dated 2099-01-15 (--future)\n" +
		"  content/tips/draft.md: a draft\n" +
		"  content/tips/later.md: dated 2099-01-15\n"

	code, out, _ := mentorgen(t, "check", "--src", dir)
	if want := "checked 1 tip, 5 list pages, 0 taxonomy terms: no problems found\n" + leftOut; code != 0 || out != want {
		t.Errorf("check: exit %d\n%s\nwant\n%s", code, out, want)
	}
	code, out, _ = mentorgen(t, "build", "--src", dir, "--out", filepath.Join(t.TempDir(), "public"))
	if code != 0 || !strings.HasPrefix(out, "built 1 tip, 5 list pages, 0 taxonomy terms\n") || !strings.HasSuffix(out, leftOut) {
		t.Errorf("build: exit %d\n%s\nwant it to start with the counts and end with\n%s", code, out, leftOut)
	}
	code, out, _ = mentorgen(t, "check", "--src", dir, "--drafts")
	if want := "1 left out: 1 dated 2099-01-15 (--future)\n  content/tips/later.md: dated 2099-01-15\n"; code != 0 || !strings.HasSuffix(out, want) {
		t.Errorf("check --drafts: exit %d\n%s\nwant it to end with\n%s", code, out, want)
	}
	code, out, _ = mentorgen(t, "check", "--src", dir, "--drafts", "--future")
	if code != 0 || strings.Contains(out, "left out") {
		t.Errorf("check --drafts --future: exit %d\n%s\nwant nothing left out", code, out)
	}
}

// TestLeftOutSummaryCounts: with more than maxNamed pages left out, counts only.
func TestLeftOutSummaryCounts(t *testing.T) {
	archive := "-- site.yaml --\ntitle: T\n-- content/tips/a.md --\n---\ntitle: A\n---\n"
	for _, name := range []string{"b", "c", "d", "e", "f", "g"} {
		archive += "-- content/tips/" + name + ".md --\n---\ntitle: " + name + "\ndraft: true\n---\n"
	}
	code, out, _ := mentorgen(t, "check", "--src", writeArchive(t, archive))
	if want := "6 left out: 6 drafts (--drafts)\n"; code != 0 || !strings.HasSuffix(out, "no problems found\n"+want) {
		t.Errorf("check: exit %d\n%s\nwant it to end with\n%s", code, out, want)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 list pages", 1: "1 list page", 2: "2 list pages"} {
		if got := count(n, "list page", "list pages"); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}
