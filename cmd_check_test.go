package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// A tip that links to a draft: build and check must give the same answer for the same
// flags, with the same defaults (drafts and future pages left out).
const linkToDraft = `
-- site.yaml --
title: T
-- content/tips/a.md --
---
title: A
---
Read [the draft](b.md).
-- content/tips/b.md --
---
title: B
draft: true
---
-- content/tips/c.md --
---
title: C
date: 2099-01-01
---
`

// writeArchive writes a txtar archive's files into a new temporary folder: a site on disk
// for the commands to read.
func writeArchive(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	fsys, err := txtar.FS(txtar.Parse([]byte(archive)))
	if err == nil {
		err = os.CopyFS(dir, fsys)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCheckAgreesWithBuild(t *testing.T) {
	dir := writeArchive(t, linkToDraft)
	for _, flags := range [][]string{nil, {"--drafts"}, {"--future"}, {"--drafts", "--future"}} {
		args := append([]string{"--src", dir}, flags...)
		checkCode, checkOut, _ := mentorgen(t, append([]string{"check"}, args...)...)
		buildCode, _, buildErr := mentorgen(t, append([]string{"build", "--quiet", "--out", filepath.Join(t.TempDir(), "public")}, args...)...)
		// The same problems, line for line; only the verdicts differ ("; nothing was written").
		if checkCode != buildCode || diagLines(checkOut) != diagLines(buildErr) {
			t.Errorf("flags %v: check exit %d %q, build exit %d %q", flags, checkCode, checkOut, buildCode, buildErr)
		}
		wantFail := !strings.Contains(strings.Join(flags, " "), "--drafts")
		if (checkCode == exitContent) != wantFail {
			t.Errorf("flags %v: check exit %d, want failure %v", flags, checkCode, wantFail)
			continue
		}
		if wantFail && !strings.Contains(checkOut, "content/tips/a.md:4:18: error: link to b.md: that page is a draft") {
			t.Errorf("flags %v: check printed %q", flags, checkOut)
		}
	}
}

// diagLines keeps the lines of output that are diagnostics: path:line: or path: message.
func diagLines(out string) string {
	var b strings.Builder
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "content/") || strings.HasPrefix(l, "site.yaml") || strings.HasPrefix(l, "layouts/") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}
