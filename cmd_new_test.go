package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewRefuses: new writes nothing where the file would collide with a page, outside a
// site, or for a kind that does not exist, and says why.
func TestNewRefuses(t *testing.T) {
	dir := writeArchive(t, `
-- site.yaml --
title: T
-- content/mentors/priya-natarajan/index.md --
---
title: Priya Natarajan
role: Product Manager
seniority: mid
expertise: [discovery]
timezone: Asia/Kolkata
---
-- content/tips/ask.md --
---
title: Ask
---
`)
	missing := filepath.Join(t.TempDir(), "nonexistent")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"mentor", "Priya Natarajan"}, exitContent, filepath.Join(dir, "content", "mentors", "priya-natarajan", "index.md") + " already exists; edit it, or choose another name"},
		{[]string{"tip", "Ask"}, exitContent, filepath.Join(dir, "content", "tips", "ask.md") + " already exists"},
		{[]string{"mentee", "X"}, exitUsage, `there is no kind "mentee"; the kinds are mentor, program and tip`},
		{[]string{"mentor", "X", "--src", missing}, exitUsage, missing + " has no site.yaml; is --src the site folder?"},
	} {
		args := append([]string{"new"}, c.args...)
		if len(c.args) == 2 {
			args = append(args, "--src", dir)
		}
		code, out, stderr := mentorgen(t, args...)
		if code != c.code || out != "" || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", args, code, out, stderr, c.code, c.msg)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("new --src %s made the folder", missing)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "mentors", "priya-natarajan.md")); !os.IsNotExist(err) {
		t.Error("new wrote priya-natarajan.md beside the bundle")
	}
	if code, out, _ := mentorgen(t, "check", "--src", dir); code != exitOK {
		t.Errorf("check after the refusals: exit %d\n%s", code, out)
	}
}

// TestNewPlaceholders: a new file builds at once, with a warning at every placeholder the
// template wrote, and fails --strict; the warnings are the template's, line for line.
func TestNewPlaceholders(t *testing.T) {
	dir := writeArchive(t, "-- site.yaml --\ntitle: T\n-- content/_index.md --\n---\ntitle: T\n---\n")
	for _, kind := range []string{"mentor", "program", "tip"} {
		if code, _, stderr := mentorgen(t, "new", kind, "Ana Lima", "--src", dir); code != 0 {
			t.Fatalf("new %s: exit %d: %s", kind, code, stderr)
		}
	}
	code, out, _ := mentorgen(t, "check", "--src", dir, "--drafts")
	want := []string{
		`content/mentors/ana-lima.md:5:7: warning: role: "REPLACE: job title`,
		`content/mentors/ana-lima.md:15:11: warning: timezone: "Etc/UTC" is the template's placeholder`,
		`content/mentors/ana-lima.md:20:14: warning: booking_url: "mailto:REPLACE-ME@example.org" is the template's placeholder`,
		`content/programs/ana-lima.md:6:11: warning: duration:`,
		`content/programs/ana-lima.md:10:7: warning: cost:`,
		`content/tips/ana-lima.md:4:8: warning: topic:`,
		// and the editor's lint: a new profile has no photo and no bio yet.
		`content/mentors/ana-lima.md:4:1: warning: the profile has no photo`,
		`content/mentors/ana-lima.md:25:1: warning: the bio has 8 words, fewer than 40`,
		"no errors, 11 warnings (--strict makes warnings errors)\n",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("check --drafts: exit %d, output lacks %q:\n%s", code, w, out)
		}
	}
	if code != exitOK {
		t.Errorf("check --drafts: exit %d, want 0 (warnings only)", code)
	}
	if code, out, _ := mentorgen(t, "check", "--src", dir, "--drafts", "--strict"); code != exitContent || !strings.HasSuffix(out, "11 problems\n") {
		t.Errorf("check --drafts --strict: exit %d\n%s", code, out)
	}
	// Without --drafts the new files are left out, and so are their warnings.
	if code, out, _ := mentorgen(t, "build", "--src", dir, "--strict"); code != exitOK || !strings.Contains(out, "3 left out: 3 drafts (--drafts)") {
		t.Errorf("build --strict: exit %d\n%s", code, out)
	}
}
