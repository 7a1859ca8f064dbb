package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// pagesWorkflow is the part of a GitHub Actions workflow the test reads.
type pagesWorkflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		Needs string `yaml:"needs"`
		Steps []struct {
			ID   string            `yaml:"id"`
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestInitPagesWorkflow reads the GitHub Pages workflow that init writes as YAML, and runs
// its build command as the runner would, in the site's folder, with the base URL
// configure-pages gives a project site: the site builds under the sub-path into the folder
// the workflow uploads.
func TestInitPagesWorkflow(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "portal")
	if code, _, stderr := mentorgen(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "pages.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf pagesWorkflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("pages.yml is not valid YAML: %v", err)
	}
	if wf.On["push"] == nil || wf.Permissions["pages"] != "write" || wf.Permissions["id-token"] != "write" {
		t.Errorf("pages.yml: on %v, permissions %v; want a push trigger and pages and id-token write", wf.On, wf.Permissions)
	}
	var build, upload string
	uses := map[string]bool{}
	for _, s := range wf.Jobs["build"].Steps {
		uses[strings.Split(s.Uses, "@")[0]] = true
		if s.Name == "Build" {
			build = s.Run
		}
		if strings.HasPrefix(s.Uses, "actions/upload-pages-artifact@") {
			upload = s.With["path"]
		}
	}
	for _, a := range []string{"actions/checkout", "actions/setup-go", "actions/configure-pages", "actions/upload-pages-artifact"} {
		if !uses[a] {
			t.Errorf("the build job does not use %s", a)
		}
	}
	if dep := wf.Jobs["deploy"]; dep.Needs != "build" || len(dep.Steps) != 1 || !strings.HasPrefix(dep.Steps[0].Uses, "actions/deploy-pages@") {
		t.Errorf("the deploy job does not run actions/deploy-pages after build")
	}
	const expr = "${{ steps.pages.outputs.base_url }}"
	if !strings.Contains(build, expr) {
		t.Fatalf("the Build step %q does not take the base URL from configure-pages", build)
	}
	args := splitWords(strings.TrimSpace(strings.ReplaceAll(build, expr, "https://org.github.io/portal")))
	if len(args) < 2 || args[0] != "mentorgen" || args[1] != "build" {
		t.Fatalf("the Build step runs %q, want mentorgen build", build)
	}
	t.Chdir(dir)
	if code, stdout, stderr := mentorgen(t, args[1:]...); code != 0 {
		t.Fatalf("%s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	home, err := os.ReadFile(filepath.Join(dir, upload, "index.html"))
	if err != nil {
		t.Fatalf("the build wrote no index.html into %q, the folder the workflow uploads: %v", upload, err)
	}
	if !strings.Contains(string(home), `href="/portal/assets/style.`) || !strings.Contains(string(home), `"https://org.github.io/portal/"`) {
		t.Errorf("the home page is not built for https://org.github.io/portal/")
	}
}
