package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildLinkedOutput: hosts often serve a folder through a symbolic link, and --out may be
// that link. The link stays a link and its target gets the site: first an empty folder, then
// the previous build; a failed build leaves the target byte for byte as it was.
func TestBuildLinkedOutput(t *testing.T) {
	src := writeArchive(t, badSite)
	target := filepath.Join(t.TempDir(), "portal")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(src, "public")
	symlink(t, target, link)
	page := filepath.Join(target, "tips", "a", "index.html")
	for _, text := range []string{"Ask early.", "Ask often."} {
		os.WriteFile(filepath.Join(src, "content", "tips", "a.md"), []byte("---\ntitle: A tip\n---\n"+text+"\n"), 0o644)
		if code, _, stderr := mentorgen(t, "build", "--src", src, "--quiet"); code != exitOK {
			t.Fatalf("building %q: exit %d\n%s", text, code, stderr)
		}
		if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("after building %q, public is no longer a symbolic link (%v)", text, err)
		}
		if data, err := os.ReadFile(page); err != nil || !strings.Contains(string(data), text) {
			t.Fatalf("after building %q, the link's target does not have it: %v", text, err)
		}
	}
	os.WriteFile(filepath.Join(src, "content", "tips", "a.md"), []byte("---\ntitle: A tip\ndate: soon\n---\nChanged.\n"), 0o644)
	before := treeHash(t, target)
	if code, _, _ := mentorgen(t, "build", "--src", src, "--quiet"); code != exitContent {
		t.Errorf("a bad date built: exit %d", code)
	}
	if treeHash(t, target) != before {
		t.Error("a failed build changed the link's target")
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("after a failed build, public is no longer a symbolic link (%v)", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(target)); len(entries) != 1 {
		t.Errorf("beside the link's target: %v, want only portal", entries)
	}
}

// TestBuildsRaceOnOneOutput runs two real `mentorgen build` processes on one --out at once,
// round after round. Both must succeed (the second waits for the first), neither may mention
// a staging folder, and the output must be the whole site. Before the output was locked, both
// usually failed.
func TestBuildsRaceOnOneOutput(t *testing.T) {
	if args := os.Getenv("MENTORGEN_BUILD_CHILD"); args != "" {
		os.Exit(run(strings.Split(args, "\n"), os.Stdout, os.Stderr))
	}
	root, site, out, quiet := childBuild(t, "TestBuildsRaceOnOneOutput")
	versions, _ := buildVersions(t, site, out, quiet)
	build := func() *exec.Cmd { // not --quiet: a waiting build says so
		cmd := exec.Command(os.Args[0], "-test.run=^TestBuildsRaceOnOneOutput$")
		cmd.Env = append(os.Environ(), "MENTORGEN_BUILD_CHILD="+strings.Join([]string{"build", "--src", site, "--out", out}, "\n"))
		return cmd
	}
	waited := 0
	for round := range 6 {
		v := round % 2
		writeKillSite(t, site, v)
		cmds, stderrs := make([]*exec.Cmd, 2), make([]strings.Builder, 2)
		for i := range cmds {
			cmds[i] = build()
			cmds[i].Stderr = &stderrs[i]
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, cmd := range cmds {
			err := cmd.Wait()
			msg := stderrs[i].String()
			if err != nil || strings.Contains(msg, "staging") {
				t.Errorf("round %d: build %d: %v\n%s", round, i, err, msg)
			}
			if strings.Contains(msg, "waiting: another build of this output is running") {
				waited++
			}
		}
		if got := snapshot(t, out); !equal(got, versions[v]) {
			t.Fatalf("round %d: %s is not the site: %s", round, out, diffSummary(got, versions[1-v], versions[v]))
		}
		if entries, _ := os.ReadDir(root); len(entries) != 2 {
			t.Fatalf("round %d: beside the output: %v", round, entries)
		}
	}
	t.Logf("6 rounds of two builds; %d builds waited for the other", waited)
}
