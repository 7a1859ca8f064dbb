package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"mentorgen/generator"
)

// A site with one error (a broken link) and one lint warning (an image without alt text).
const errorAndWarning = `
-- site.yaml --
title: T
-- content/tips/a.md --
---
title: A
---
Read [the missing page](missing.md).

![](/logo.png)
-- static/logo.png --
png
`

// TestCheckFormatJSON: --format json prints only a JSON array on stdout, one object per
// diagnostic with its code and severity, and exits as the text format does: 1 with an error,
// 0 for warnings alone, 1 for warnings under --strict, and [] for a clean site.
func TestCheckFormatJSON(t *testing.T) {
	decode := func(t *testing.T, out []byte) []jsonDiag {
		t.Helper()
		var got []jsonDiag
		dec := json.NewDecoder(bytes.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("stdout is not a JSON array of diagnostics: %v\n%s", err, out)
		}
		if dec.More() {
			t.Fatalf("stdout has more than the array:\n%s", out)
		}
		return got
	}
	check := func(t *testing.T, dir string, flags ...string) (int, []byte, string) {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"check", "--src", dir, "--format", "json"}, flags...), &stdout, &stderr)
		return code, stdout.Bytes(), stderr.String()
	}

	dir := writeArchive(t, errorAndWarning)
	code, out, errOut := check(t, dir)
	got := decode(t, out)
	want := []jsonDiag{
		{File: "content/tips/a.md", Line: 4, Col: 25, Severity: "error", Code: "broken-link",
			Message: "link to missing.md: no such page (content/tips/missing.md)",
			Hint:    "links are relative to the file they are written in, e.g. ../tips/set-smart-goals.md"},
		{File: "content/tips/a.md", Line: 6, Col: 1, Severity: "warning", Code: "a11y-img-alt",
			Message: "an image has no alt text", Hint: "describe what it shows in ![…], for readers who cannot see it"},
	}
	if code != exitContent || len(got) != len(want) {
		t.Fatalf("exit %d, %d diagnostics, want exit 1 and %d:\n%s", code, len(got), len(want), out)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("diagnostic %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if !strings.Contains(errOut, "1 problem") {
		t.Errorf("stderr %q, want the count", errOut)
	}

	// Warnings alone: exit 0, and 1 with --strict, where they are errors.
	if err := os.WriteFile(dir+"/content/tips/a.md", []byte("---\ntitle: A\n---\n![](/logo.png)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := check(t, dir); code != exitOK || len(decode(t, out)) != 1 || !strings.Contains(errOut, "1 warning") {
		t.Errorf("warnings only: exit %d, stderr %q, stdout\n%s", code, errOut, out)
	}
	if code, out, _ := check(t, dir, "--strict"); code != exitContent || decode(t, out)[0].Severity != "error" {
		t.Errorf("warnings with --strict: exit %d, stdout\n%s", code, out)
	}

	// Clean: an empty array, not null.
	if err := os.WriteFile(dir+"/content/tips/a.md", []byte("---\ntitle: A\n---\n![The logo](/logo.png)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := check(t, dir); code != exitOK || strings.TrimSpace(string(out)) != "[]" {
		t.Errorf("clean: exit %d, stdout %q, want 0 and []", code, out)
	}

	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--src", dir, "--format", "xml"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("--format xml: exit %d, want %d", code, exitUsage)
	}
}

// TestCheckCodesDocumented: the README's table of diagnostic codes lists exactly the codes of
// generator.Codes, each with its severity.
func TestCheckCodesDocumented(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\| (error|warning) \\|")
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = m[2]
	}
	for _, c := range generator.Codes {
		switch sev, ok := documented[c.Code]; {
		case !ok:
			t.Errorf("code %s is not in the README's table of codes", c.Code)
		case sev != c.Severity:
			t.Errorf("code %s: the README says %s, generator.Codes %s", c.Code, sev, c.Severity)
		}
		delete(documented, c.Code)
	}
	for c := range documented {
		t.Errorf("the README documents code %s, which generator.Codes does not have", c)
	}
}

// TestBuildCapsWarnings: build prints at most maxBuildWarnings warnings and says how many
// more there are; check prints every one, and build's result still counts them all.
func TestBuildCapsWarnings(t *testing.T) {
	var b strings.Builder
	b.WriteString("-- site.yaml --\ntitle: T\n")
	for i := range 12 { // two warnings each: no photo, a short bio
		fmt.Fprintf(&b, "-- content/mentors/m%02d.md --\n---\ntitle: M%d\nrole: PM\nseniority: senior\nexpertise: [discovery]\ntimezone: Europe/Lisbon\nbooking_url: https://example.org/m%d\n---\nShort.\n", i, i, i)
	}
	dir := writeArchive(t, b.String())
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--src", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	if len(lines) != maxBuildWarnings+1 || lines[maxBuildWarnings] != "… and 4 more warnings: run `mentorgen check` to see them all" {
		t.Errorf("build printed %d lines, want %d warnings and a count:\n%s", len(lines), maxBuildWarnings, stderr.String())
	}
	if !strings.Contains(stdout.String(), "24 warnings (--strict makes warnings errors)") {
		t.Errorf("build's summary does not count every warning:\n%s", stdout.String())
	}
	stdout.Reset()
	run([]string{"check", "--src", dir}, &stdout, &stderr)
	if n := strings.Count(stdout.String(), ": warning: "); n != 24 {
		t.Errorf("check printed %d warnings, want 24", n)
	}
}
