package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// vnuJar finds the Nu HTML Checker (the W3C's HTML5 conformance checker): $MENTORGEN_VNU_JAR,
// or where .ci/run installs it from npm's vnu-jar package.
func vnuJar() string {
	cands := []string{os.Getenv("MENTORGEN_VNU_JAR")}
	if home, err := os.UserHomeDir(); err == nil {
		cands = append(cands, filepath.Join(home, ".cache", "mentorgen-tools", "node_modules", "vnu-jar", "build", "dist", "vnu.jar"))
	}
	for _, c := range cands {
		if c != "" {
			if _, err := os.Stat(c); err == nil {
				return c
			}
		}
	}
	return ""
}

// TestHTMLConformance builds the example portal twice (minified, and as rendered) and runs
// the Nu HTML Checker over every page, the CSS and the SVG: no errors allowed.
func TestHTMLConformance(t *testing.T) {
	jar := vnuJar()
	if jar == "" {
		t.Skip("SKIP: the Nu HTML Checker is not installed; .ci/run installs it (npm vnu-jar into ~/.cache/mentorgen-tools), or set MENTORGEN_VNU_JAR")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("SKIP: no java on PATH; the Nu HTML Checker needs it (apt-get install -y default-jre-headless)")
	}
	for _, minify := range []bool{true, false} {
		out := filepath.Join(t.TempDir(), "public")
		_, err := generator.Build(generator.Options{Site: os.DirFS(".."), Theme: layouts.FS, Minify: minify}, generator.Destination{Dir: out, SiteDir: ".."})
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(java, "-jar", jar, "--errors-only", "--also-check-css", "--also-check-svg", "--skip-non-html", out)
		msg, err := cmd.CombinedOutput()
		if err != nil || len(strings.TrimSpace(string(msg))) > 0 {
			t.Errorf("minify=%v: the HTML checker reports:\n%s", minify, msg)
		}
	}
}
