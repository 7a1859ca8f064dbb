package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// nextCommands returns the commands init printed after "next", without their comments.
func nextCommands(t *testing.T, out string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(out, "next, from this folder:\n")
	if !ok {
		t.Fatalf("init printed no next steps:\n%s", out)
	}
	var cmds []string
	for _, l := range strings.Split(rest, "\n") {
		if c, ok := strings.CutPrefix(l, "  "); ok {
			c, _, _ = strings.Cut(c, "  #")
			cmds = append(cmds, strings.TrimSpace(c))
		}
	}
	if len(cmds) == 0 {
		t.Fatalf("init printed no commands:\n%s", out)
	}
	return cmds
}

// splitWords splits a command line as a POSIX shell does, for the quoting init uses.
func splitWords(s string) []string {
	var words []string
	var w strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == ' ':
			if in {
				words = append(words, w.String())
				w.Reset()
			}
			in = false
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words
}

// TestInitNextSteps runs the commands init prints, as printed, from the folder it ran in
// (serve but stays up, so it is left out): "cd DIR && mentorgen build" failed when nothing
// had put mentorgen on PATH. Under go test this binary is go run's, so they start with
// "go run ."; the folder has a space, so quoting is tested too.
func TestInitNextSteps(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme portal")
	code, out, stderr := mentorgen(t, "init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	for _, c := range nextCommands(t, out) {
		args := splitWords(c)
		if len(args) < 3 || strings.Join(args[:2], " ") != "go run" || args[2] != "." {
			t.Fatalf("init printed %q, want it to start with go run . under go test", c)
		}
		args = args[3:]
		if args[0] == "serve" {
			continue
		}
		if code, out, stderr := mentorgen(t, args...); code != 0 {
			t.Errorf("%s: exit %d\n%s%s", c, code, out, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "mentors", "ana-lima", "index.html")); err == nil {
		t.Error("the new mentor is a draft, but build published it")
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "index.html")); err != nil {
		t.Errorf("the printed build wrote no home page: %v", err)
	}
}

// TestInitStarter: the starter teaches. Its placeholder base_url warns at its line until it
// is set (so --strict fails), --base-url sets it, its vocabularies give did-you-mean hints at
// once, and the home page has a real introduction.
func TestInitStarter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "portal")
	if code, _, stderr := mentorgen(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	code, out, _ := mentorgen(t, "check", "--src", dir)
	if want := fmt.Sprintf("site.yaml:%d:11: warning: base_url: \"https://replace-me.example.org/\" is the template's placeholder", lineOf(t, dir, "site.yaml", "base_url:")); code != 0 || !strings.Contains(out, want) {
		t.Errorf("check: exit %d\n%s\nwant it to hold\n%s", code, out, want)
	}
	if code, out, _ := mentorgen(t, "build", "--src", dir, "--strict"); code != exitContent {
		t.Errorf("build --strict: exit %d, want %d\n%s", code, exitContent, out)
	}
	if code, out, _ := mentorgen(t, "build", "--src", dir, "--strict", "--base-url", "https://org.example/"); code != 0 {
		t.Errorf("build --strict --base-url: exit %d\n%s", code, out)
	}

	os.WriteFile(filepath.Join(dir, "content", "tips", "typo.md"), []byte("---\ntitle: Typo\nexpertise: [roadmaping]\n---\n"), 0o644)
	code, out, _ = mentorgen(t, "check", "--src", dir)
	if want := `content/tips/typo.md:3:13: error: expertise: "roadmaping"`; code != exitContent || !strings.Contains(out, want) || !strings.Contains(out, `did you mean "roadmapping"?`) {
		t.Errorf("check with a typo: exit %d\n%s\nwant %s … did you mean", code, out, want)
	}
	os.Remove(filepath.Join(dir, "content", "tips", "typo.md"))

	other := filepath.Join(t.TempDir(), "set")
	if code, _, stderr := mentorgen(t, "init", other, "--base-url", "https://org.github.io/portal/"); code != 0 {
		t.Fatalf("init --base-url: exit %d: %s", code, stderr)
	}
	if code, out, _ := mentorgen(t, "check", "--src", other, "--strict"); code != 0 || strings.Contains(out, "warning") {
		t.Errorf("check --strict of a site made with --base-url: exit %d\n%s", code, out)
	}
	if code, _, _ := mentorgen(t, "build", "--src", other, "--quiet"); code != 0 {
		t.Fatalf("build: exit %d", code)
	}
	home, _ := os.ReadFile(filepath.Join(other, "public", "index.html"))
	if !strings.Contains(string(home), "Breaking into product management") {
		t.Error("the starter's home page has no introduction")
	}
	list, _ := os.ReadFile(filepath.Join(other, "public", "mentors", "index.html"))
	if !strings.Contains(string(list), "Every mentor here volunteers their time") {
		t.Error("the starter's mentor directory has no introduction (is content/mentors/_index.md embedded?)")
	}
}

func TestInitHelp(t *testing.T) {
	code, _, stderr := mentorgen(t, "init", "--help")
	if code != 0 || !strings.Contains(stderr, "Usage: mentorgen init DIR [flags]") || !strings.Contains(stderr, "-base-url") {
		t.Errorf("init --help: exit %d\n%s", code, stderr)
	}
}

// TestInstall follows the README: `go install .` from the repository puts mentorgen in GOBIN,
// and with GOBIN on PATH, init prints commands that start with plain "mentorgen" and work
// as printed, in a shell.
func TestInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short; go install builds the binary")
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		t.Skipf("SKIP: no go tool at %s", goTool)
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("SKIP: no sh to run the printed commands")
	}
	bin := t.TempDir()
	install := exec.Command(goTool, "install", ".")
	install.Env = append(os.Environ(), "GOBIN="+bin)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install .: %v\n%s", err, out)
	}
	work := t.TempDir()
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	shell := func(c string) (string, error) {
		cmd := exec.Command(sh, "-c", c)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := shell("mentorgen init acme")
	if err != nil {
		t.Fatalf("mentorgen init acme: %v\n%s", err, out)
	}
	for _, c := range nextCommands(t, out) {
		if !strings.HasPrefix(c, "mentorgen ") {
			t.Errorf("init printed %q, want it to start with mentorgen", c)
		}
		if strings.HasPrefix(c, "mentorgen serve") {
			continue
		}
		if out, err := shell(c); err != nil {
			t.Errorf("%s: %v\n%s", c, err, out)
		}
	}
	if _, err := os.Stat(filepath.Join(work, "acme", "public", "index.html")); err != nil {
		t.Error(err)
	}
}
