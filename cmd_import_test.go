package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importSite = `
-- site.yaml --
title: T
vocabularies:
  expertise: [discovery, pricing]
-- content/mentors/bo-chen.md --
---
title: Bo Chen
role: PM
seniority: mid
expertise: [discovery]
timezone: Asia/Shanghai
---

Bo's own words.
-- signups.csv --
Name,Job title,Seniority,Skills,Time zone,Email,Bio
Ana Lima,Product Manager,senior,Pricing,Europe/Lisbon,ana@example.org,Hello 👋
Bo Chen,Lead PM,mid,discovery,Asia/Shanghai,bo@example.org,New bio
`

// TestImportCLI: --dry-run writes nothing and says what it would do; a real run writes a
// draft and skips the existing file; --update changes its fields and keeps its body; a bad
// cell is exit 1 with its position; usage errors are exit 2.
func TestImportCLI(t *testing.T) {
	dir := writeArchive(t, importSite)
	sheet := filepath.Join(dir, "signups.csv")
	ana := filepath.Join(dir, "content", "mentors", "ana-lima.md")
	bo := filepath.Join(dir, "content", "mentors", "bo-chen.md")
	boBefore, _ := os.ReadFile(bo)
	imp := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := run(append([]string{"import", "mentors", sheet, "--src", dir}, args...), &out, &errOut)
		return code, out.String() + errOut.String()
	}

	code, out := imp("--dry-run")
	if code != exitOK || !strings.Contains(out, "would create "+ana) || !strings.Contains(out, "1 would create, 0 would update, 0 unchanged, 1 skipped") || !strings.Contains(out, "nothing written") {
		t.Errorf("--dry-run: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(ana); err == nil {
		t.Errorf("--dry-run wrote %s", ana)
	}

	code, out = imp()
	if code != exitOK || !strings.Contains(out, sheet+":3: skipped Bo Chen: "+bo+" exists (--update changes its fields from the sheet)") || !strings.Contains(out, "new files are drafts") {
		t.Errorf("import: exit %d\n%s", code, out)
	}
	if b, err := os.ReadFile(ana); err != nil || !strings.Contains(string(b), "draft: true") || !strings.Contains(string(b), "expertise: [pricing]") || !strings.Contains(string(b), "\nHello 👋\n") {
		t.Errorf("ana-lima.md: %s %v", b, err)
	}
	if b, _ := os.ReadFile(bo); !bytes.Equal(b, boBefore) {
		t.Errorf("bo-chen.md changed without --update:\n%s", b)
	}

	code, out = imp("--update")
	b, _ := os.ReadFile(bo)
	if code != exitOK || !strings.Contains(out, "updated "+bo) || !strings.Contains(out, "0 created, 1 updated, 1 unchanged, 0 skipped") {
		t.Errorf("--update: exit %d\n%s", code, out)
	}
	if !strings.Contains(string(b), `role: "Lead PM"`) || !strings.Contains(string(b), "\nBo's own words.\n") || strings.Contains(string(b), "New bio") || strings.Contains(string(b), "draft") {
		t.Errorf("bo-chen.md after --update:\n%s", b)
	}
	var cout bytes.Buffer
	if code := run([]string{"check", "--src", dir, "--drafts"}, &cout, &cout); code != exitOK {
		t.Errorf("check after import: exit %d\n%s", code, cout.String())
	}

	os.WriteFile(sheet, []byte("Name,Job title,Seniority,Skills,Time zone\nCy,PM,mid,pricing,Mars/Base\n"), 0o644)
	code, out = imp()
	if want := sheet + `:2:5: error: column "Time zone": timezone: "Mars/Base" is not a known time zone`; code != exitContent || !strings.Contains(out, want) || !strings.Contains(out, "1 problem; nothing written") {
		t.Errorf("bad cell: exit %d\n%s\nwant %s", code, out, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "mentors", "cy.md")); err == nil {
		t.Errorf("a file written despite an error")
	}

	for _, args := range [][]string{{"import"}, {"import", "mentees", sheet}, {"import", "mentors", filepath.Join(dir, "nope.csv"), "--src", dir}, {"import", "mentors", sheet, "--src", t.TempDir()}} {
		var out bytes.Buffer
		if code := run(args, &out, &out); code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitUsage, out.String())
		}
	}
}
