package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"mentorgen/generator"
)

// deploySite is a small site whose one target is given by the test: %s is its url.
const deploySite = `
-- site.yaml --
title: T
base_url: https://portal.example.net/
deploy:
  targets:
    - name: production
      url: "%s"
-- content/tips/a.md --
---
title: A
---
A tip.
`

// secret is the password the tests put in URLs; it must never be printed.
const secret = "Sup3rS3cretValue"

func siteWithTarget(t *testing.T, url string) string {
	t.Helper()
	return writeArchive(t, strings.Replace(deploySite, "%s", url, 1))
}

// TestCheckRefusesCredentialsInTargetURL: a user and password in a target's endpoint are
// an error at the url's line and column in check and deploy, naming the target and saying
// where credentials go instead, and the password is never printed.
func TestCheckRefusesCredentialsInTargetURL(t *testing.T) {
	// Built before the credentials were added, so that deploy finds a build to publish.
	dir := siteWithTarget(t, "s3://site?region=eu-west-1&endpoint=http://127.0.0.1:9")
	build(t, dir)
	yml := filepath.Join(dir, "site.yaml")
	data, _ := os.ReadFile(yml)
	data = []byte(strings.Replace(string(data), "http://127.0.0.1:9", "http://AKEYNAME:"+secret+"@127.0.0.1:9", 1))
	if err := os.WriteFile(yml, data, 0o644); err != nil {
		t.Fatal(err)
	}
	deployEnv(t)
	want := `site.yaml:6:12: error: deploy.targets.url: the url of target "production" carries a user name or password`
	code, stdout, stderr := mentorgen(t, "check", "--src", dir)
	if code != exitContent || !strings.Contains(stdout+stderr, want) || !strings.Contains(stdout+stderr, "AWS_ACCESS_KEY_ID") {
		t.Errorf("check: exit %d\n%s%s\nwant %q", code, stdout, stderr, want)
	}
	code, stdout, stderr = mentorgen(t, "deploy", "--src", dir)
	if code != exitContent || !strings.Contains(stderr, want) {
		t.Errorf("deploy: exit %d\n%s%s\nwant %q", code, stdout, stderr, want)
	}
	for _, out := range []string{stdout, stderr} {
		if strings.Contains(out, secret) || strings.Contains(out, "AKEYNAME") {
			t.Errorf("the credentials were printed:\n%s", out)
		}
	}
}

// TestDeployNeverPrintsSecrets: an endpoint with a user and password that reaches deploy
// from the SDK's environment (AWS_ENDPOINT_URL_S3, which site.yaml's check cannot see) is not
// repeated in deploy's messages. (The SDK drops the user info today; this keeps it so.)
func TestDeployNeverPrintsSecrets(t *testing.T) {
	dir := siteWithTarget(t, "s3://site?region=eu-west-1")
	build(t, dir)
	deployEnv(t)
	t.Setenv("AWS_ENDPOINT_URL_S3", "http://AKEYNAME:"+secret+"@127.0.0.1:9")
	for _, args := range [][]string{{"--src", dir}, {"--src", dir, "--dry-run"}} {
		code, stdout, stderr := mentorgen(t, append([]string{"deploy"}, args...)...)
		if code != exitContent || !strings.Contains(stderr, "127.0.0.1:9") {
			t.Errorf("deploy %v: exit %d\n%s%s\nwant an error about the unreachable endpoint", args, code, stdout, stderr)
		}
		if strings.Contains(stdout+stderr, secret) || strings.Contains(stdout+stderr, "AKEYNAME") {
			t.Errorf("deploy %v printed the credentials:\n%s%s", args, stdout, stderr)
		}
	}
}

// TestDeployQuietSDK runs deploy in a child process, so that what the SDK writes to the
// process's own stderr is seen, with no credentials and an instance metadata service on
// 127.0.0.1 that answers 404: the SDK's "WARN falling back to IMDSv1" must not show. A target
// with an endpoint (a store that is not AWS) never asks the metadata service at all.
func TestDeployQuietSDK(t *testing.T) {
	if args := os.Getenv("MENTORGEN_DEPLOY_SDK_CHILD"); args != "" {
		os.Exit(run(strings.Split(args, "\n"), os.Stdout, os.Stderr))
	}
	var asked atomic.Int64
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		http.NotFound(w, r)
	}))
	defer imds.Close()
	none := filepath.Join(t.TempDir(), "none")
	env := []string{"AWS_CONFIG_FILE=" + none, "AWS_SHARED_CREDENTIALS_FILE=" + none, "AWS_EC2_METADATA_SERVICE_ENDPOINT=" + imds.URL}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	for _, c := range []struct {
		url      string
		extraEnv string
		askIMDS  bool
	}{
		{"s3://site?endpoint=http://127.0.0.1:9", "", false},
		{"s3://site?region=eu-west-1", "AWS_ENDPOINT_URL_S3=http://127.0.0.1:9", true},
	} {
		dir := siteWithTarget(t, c.url)
		build(t, dir)
		asked.Store(0)
		cmd := exec.Command(os.Args[0], "-test.run=^TestDeployQuietSDK$")
		cmd.Env = append(env, "MENTORGEN_DEPLOY_SDK_CHILD=deploy\n--src\n"+dir, c.extraEnv)
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "no AWS credentials found") {
			t.Errorf("%s: %v\n%s\nwant a failure for want of credentials", c.url, err, out)
		}
		if strings.Contains(string(out), "SDK ") || strings.Contains(string(out), "WARN") {
			t.Errorf("%s: the SDK's log lines were printed:\n%s", c.url, out)
		}
		if (asked.Load() > 0) != c.askIMDS {
			t.Errorf("%s: %d requests to the instance metadata service; want some: %v", c.url, asked.Load(), c.askIMDS)
		}
	}
}

// TestDeployDryRunSaysWhatItNeeds: a dry run that cannot list the bucket says that it lists
// it, and so needs the network and credentials that may read the listing.
func TestDeployDryRunSaysWhatItNeeds(t *testing.T) {
	dir := siteWithTarget(t, "s3://site?endpoint=http://127.0.0.1:9")
	build(t, dir)
	deployEnv(t)
	code, stdout, stderr := mentorgen(t, "deploy", "--src", dir, "--dry-run")
	for _, want := range []string{"cannot reach http://127.0.0.1:9", "--dry-run changes nothing but lists the objects", "network access to", "credentials allowed to list"} {
		if code != exitContent || !strings.Contains(stderr, want) {
			t.Errorf("dry run against an unreachable store: exit %d\n%s%s\nwant %q", code, stdout, stderr, want)
		}
	}
}

// TestDeployRefusesPlaceholderBaseURL: a public/ built with the starter's placeholder
// base_url has every canonical link, the sitemap and the feed pointing at a site that does
// not exist; deploy (and its dry run) refuses it before any request, saying what to do. Built
// with --base-url, the same site goes on to the store.
func TestDeployRefusesPlaceholderBaseURL(t *testing.T) {
	archive := strings.Replace(deploySite, "https://portal.example.net/", generator.PlaceholderBaseURL, 1)
	dir := writeArchive(t, strings.Replace(archive, "%s", "s3://site?endpoint=http://127.0.0.1:9", 1))
	build(t, dir)
	deployEnv(t)
	for _, args := range [][]string{{"--src", dir}, {"--src", dir, "--dry-run"}} {
		code, stdout, stderr := mentorgen(t, append([]string{"deploy"}, args...)...)
		for _, want := range []string{"placeholder base_url " + generator.PlaceholderBaseURL, "set base_url in site.yaml", "--base-url", "nothing was changed"} {
			if code != exitContent || !strings.Contains(stderr, want) {
				t.Errorf("deploy %v: exit %d\n%s%s\nwant %q", args, code, stdout, stderr, want)
			}
		}
		if strings.Contains(stderr, "cannot reach") {
			t.Errorf("deploy %v went to the network before refusing: %s", args, stderr)
		}
	}
	if code, _, stderr := mentorgen(t, "build", "--src", dir, "--quiet", "--base-url", "https://portal.example.net/"); code != 0 {
		t.Fatalf("build --base-url: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := mentorgen(t, "deploy", "--src", dir); code != exitContent || !strings.Contains(stderr, "cannot reach http://127.0.0.1:9") {
		t.Errorf("deploy of a build with --base-url: exit %d %q; want it to get as far as the store", code, stderr)
	}
}
