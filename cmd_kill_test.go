package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBuildKilledAnywhere kills a real `mentorgen build` process with SIGKILL at random
// moments, over and over, while it replaces one version of a site with another. After every
// kill, public/ must be exactly the old site or exactly the new one (never a mix, never
// missing), and the next build must finish and leave no staging folder behind.
func TestBuildKilledAnywhere(t *testing.T) {
	if args := os.Getenv("MENTORGEN_BUILD_CHILD"); args != "" {
		os.Exit(run(strings.Split(args, "\n"), os.Stdout, os.Stderr))
	}
	runs := 50
	if testing.Short() {
		runs = 10
	}
	root, site, out, build := childBuild(t, "TestBuildKilledAnywhere")
	versions, _ := buildVersions(t, site, out, build)
	// public/ now holds version 1. Each round asks for the other version and kills the build
	// somewhere between its start and its expected end.
	start := time.Now()
	if b, err := build().CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	full := time.Since(start)
	current, kills, completed := 1, 0, 0
	for i := range runs {
		want := 1 - current
		writeKillSite(t, site, want)
		cmd := build()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(full + full/4))))
		if cmd.Process.Kill() == nil {
			kills++
		}
		_ = cmd.Wait()
		got := snapshot(t, out)
		switch {
		case equal(got, versions[want]):
			current = want
			completed++
		case equal(got, versions[current]):
		default:
			t.Fatalf("run %d: after SIGKILL, %s is neither version: %s", i, out, diffSummary(got, versions[current], versions[want]))
		}
	}
	writeKillSite(t, site, 1-current)
	if b, err := build().CombinedOutput(); err != nil {
		t.Fatalf("the build after the kills failed: %v\n%s", err, b)
	}
	if !equal(snapshot(t, out), versions[1-current]) {
		t.Fatal("the build after the kills did not produce the site")
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.Name() != "site" && e.Name() != "public" {
			t.Errorf("left behind after the last build: %s", e.Name())
		}
	}
	t.Logf("%d runs, %d killed, %d finished before the kill; a build takes %v", runs, kills, completed, full)
}

// writeKillSite writes version v of a site of 120 mentors, each page's text naming v.
func writeKillSite(t *testing.T, dir string, v int) {
	t.Helper()
	files := map[string]string{"site.yaml": "title: Kill test\n"}
	for i := range 120 {
		files[fmt.Sprintf("content/mentors/m%03d.md", i)] = fmt.Sprintf(
			"---\ntitle: Mentor %d\nrole: PM\nseniority: senior\nexpertise: [discovery, pricing]\ntimezone: Europe/Berlin\n---\nVersion %d of mentor %d.\n", i, v, i)
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot hashes every file under dir by its slash path; a missing dir is an empty map.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

func equal(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// diffSummary says how got differs from both versions, for the failure message.
func diffSummary(got, old, new map[string][32]byte) string {
	var fromOld, fromNew, neither int
	for k, v := range got {
		switch {
		case old[k] == v:
			fromOld++
		case new[k] == v:
			fromNew++
		default:
			neither++
		}
	}
	return fmt.Sprintf("%d files: %d as in the old site, %d as in the new, %d in neither (old has %d, new %d)", len(got), fromOld, fromNew, neither, len(old), len(new))
}

// TestBuildInterrupted sends SIGINT (Ctrl-C) to a real build at five moments: the build says
// it was interrupted, public/ is exactly the old site or the new one, and no staging folder is
// left beside it.
func TestBuildInterrupted(t *testing.T) {
	if args := os.Getenv("MENTORGEN_BUILD_CHILD"); args != "" {
		os.Exit(run(strings.Split(args, "\n"), os.Stdout, os.Stderr))
	}
	root, site, out, build := childBuild(t, "TestBuildInterrupted")
	versions, full := buildVersions(t, site, out, build)
	current, interrupted := 1, 0
	for i := range 5 {
		want := 1 - current
		writeKillSite(t, site, want)
		cmd := build()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(full * time.Duration(2*i+1) / 10)
		_ = cmd.Process.Signal(os.Interrupt)
		err := cmd.Wait()
		got := snapshot(t, out)
		// A signal that comes before the build has set up its handler stops the process as
		// Ctrl-C stops any program; that too must leave the old site.
		switch {
		case err != nil && equal(got, versions[current]):
			if strings.Contains(stderr.String(), "interrupted; "+out+" is as it was") {
				interrupted++
			}
		case err == nil && equal(got, versions[want]):
			current = want
		default:
			t.Fatalf("run %d: %v\n%s\n%s is neither version: %s", i, err, stderr.String(), out, diffSummary(got, versions[current], versions[want]))
		}
		if entries, _ := os.ReadDir(root); len(entries) != 2 {
			t.Fatalf("run %d: beside the output: %v", i, entries)
		}
	}
	if interrupted == 0 {
		t.Error("no build was interrupted: the signal came after every build had finished")
	}
	t.Logf("5 runs, %d interrupted, 0 mixed outputs", interrupted)
}

// childBuild returns a temporary root with the site and output folders of a kill test, and
// a command that runs `build` on them in a child process: the test binary re-run as test,
// whose first lines run the CLI when MENTORGEN_BUILD_CHILD is set.
func childBuild(t *testing.T, test string) (root, site, out string, build func() *exec.Cmd) {
	root = t.TempDir()
	site, out = filepath.Join(root, "site"), filepath.Join(root, "public")
	build = func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
		cmd.Env = append(os.Environ(), "MENTORGEN_BUILD_CHILD="+strings.Join([]string{"build", "--quiet", "--src", site, "--out", out}, "\n"))
		return cmd
	}
	return root, site, out, build
}

// buildVersions builds the two versions of the kill test's site, in which every page
// differs, and returns what each builds to and the longer of the two builds' times. The
// output holds version 1 afterwards.
func buildVersions(t *testing.T, site, out string, build func() *exec.Cmd) ([]map[string][32]byte, time.Duration) {
	t.Helper()
	versions := make([]map[string][32]byte, 2)
	var full time.Duration
	for v := range versions {
		writeKillSite(t, site, v)
		start := time.Now()
		if b, err := build().CombinedOutput(); err != nil {
			t.Fatalf("build of version %d: %v\n%s", v, err, b)
		}
		full = max(full, time.Since(start))
		versions[v] = snapshot(t, out)
	}
	return versions, full
}
