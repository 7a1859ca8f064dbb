package generator_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"mentorgen/generator"
	"mentorgen/layouts"
)

var update = flag.Bool("update", false, "rewrite want/diagnostics of the txtar archives in testdata/sites")

// TestSites builds every archive in testdata/sites. The archive's files (except want/…) are the
// site. Its comment may hold one line "flags: --drafts --future --base-url URL --minify
// --strict". want/diagnostics must equal the build's diagnostics exactly, warnings included;
// when there are errors, nothing may be written; every line of want/<path> must appear in the built file <path>; want-not/<path>
// lines must not appear; want-missing lists files that must not exist. Check must report
// exactly what Build reports.
func TestSites(t *testing.T) {
	archives, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no archives in testdata/sites")
	}
	for _, file := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			runSiteArchive(t, file)
		})
	}
}

// leftOut lists the files left out, and why, one a line.
func leftOut(l []generator.LeftOut) string {
	var b strings.Builder
	for _, lo := range l {
		fmt.Fprintf(&b, "%s %s\n", lo.Page.File, lo.Why)
	}
	return b.String()
}

var knownCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range generator.Codes {
		m[c.Code] = true
	}
	return m
}()

func runSiteArchive(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	site := &txtar.Archive{}
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want") {
			site.Files = append(site.Files, f)
		}
	}
	fsys, err := txtar.FS(site)
	if err != nil {
		t.Fatal(err)
	}
	opts := generator.Options{Site: fsys, Theme: layouts.FS, Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
	dst := generator.Destination{Dir: filepath.Join(t.TempDir(), "public"), SiteDir: t.TempDir()}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		flags, ok := strings.CutPrefix(line, "flags:")
		if !ok {
			continue
		}
		args := strings.Fields(flags)
		for i := 0; i < len(args); i++ {
			switch args[i] {
			case "--drafts":
				opts.Drafts = true
			case "--future":
				opts.Future = true
			case "--minify":
				opts.Minify = true
			case "--strict":
				opts.Strict = true
			case "--lint":
				opts.Lint = true
			case "--base-url":
				i++
				opts.BaseURL = args[i]
			default:
				t.Fatalf("%s: unknown flag %q in comment", file, args[i])
			}
		}
	}
	res, buildErr := generator.Build(opts, dst)
	var got string
	failed := false
	switch ds, ok := buildErr.(generator.Diagnostics); {
	case ok:
		got, failed = ds.Error()+"\n", true
	case buildErr != nil:
		t.Fatalf("%s: build failed: %v", file, buildErr)
	case len(res.Warnings) > 0:
		got = res.Warnings.Error() + "\n"
	}
	// check must say exactly what build says, warnings included, with the same options
	// (minify too, since the minifier can fail).
	rep, checkErr := generator.Check(opts)
	checkSays := fmt.Sprint(checkErr)
	if checkErr == nil {
		checkSays = rep.Warnings.Error()
		if res != nil && leftOut(rep.LeftOut) != leftOut(res.LeftOut) {
			t.Errorf("%s: check leaves out %s, build %s", file, leftOut(rep.LeftOut), leftOut(res.LeftOut))
		}
	}
	if buildSays := strings.TrimSuffix(got, "\n"); checkSays != buildSays {
		t.Errorf("%s: check and build disagree\n--- check\n%s\n--- build\n%s", file, checkSays, buildSays)
	}
	// Every diagnostic carries a documented code, so --format json never has "code": "".
	all, _ := buildErr.(generator.Diagnostics)
	if res != nil {
		all = append(all, res.Warnings...)
	}
	for _, d := range all {
		if !knownCodes[d.Code] {
			t.Errorf("%s: diagnostic without a code from generator.Codes (%q): %s", file, d.Code, d)
		}
	}

	wantDiags, hasDiags := "", false
	for _, f := range ar.Files {
		if f.Name == "want/diagnostics" {
			wantDiags, hasDiags = string(f.Data), true
		}
	}
	if *update && hasDiags && got != wantDiags {
		for i := range ar.Files {
			if ar.Files[i].Name == "want/diagnostics" {
				ar.Files[i].Data = []byte(got)
			}
		}
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	switch {
	case hasDiags && got != wantDiags:
		t.Fatalf("%s: diagnostics differ\n--- got\n%s--- want\n%s", file, got, wantDiags)
	case !hasDiags && got != "":
		t.Fatalf("%s: unexpected diagnostics:\n%s", file, got)
	case failed:
		if _, err := os.Stat(dst.Dir); !os.IsNotExist(err) {
			t.Fatalf("%s: a failed build wrote %s", file, dst.Dir)
		}
		return
	}

	for _, f := range ar.Files {
		switch {
		case f.Name == "want-missing":
			for _, p := range nonEmptyLines(f.Data) {
				if _, err := os.Stat(filepath.Join(dst.Dir, p)); err == nil {
					t.Errorf("%s: %s exists, want it missing", file, p)
				}
			}
		case f.Name == "want/diagnostics": // compared above; a build with warnings only gets here
		case strings.HasPrefix(f.Name, "want/"), strings.HasPrefix(f.Name, "want-not/"):
			neg := strings.HasPrefix(f.Name, "want-not/")
			out := strings.TrimPrefix(strings.TrimPrefix(f.Name, "want/"), "want-not/")
			data, err := os.ReadFile(filepath.Join(dst.Dir, out))
			if err != nil {
				t.Errorf("%s: %v", file, err)
				continue
			}
			for _, line := range nonEmptyLines(f.Data) {
				if has := bytes.Contains(data, []byte(line)); has == neg {
					verb := "lacks"
					if neg {
						verb = "has"
					}
					t.Errorf("%s: %s %s the line\n  %s\n--- %s:\n%s", file, out, verb, line, out, excerpt(data))
				}
			}
		}
	}
}

func nonEmptyLines(b []byte) []string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func excerpt(b []byte) string {
	if len(b) > 3000 {
		return string(b[:3000]) + "\n…"
	}
	return string(b)
}
