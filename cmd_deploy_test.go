package main

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mentorgen/generator/deploy"
	"mentorgen/generator/deploy/s3test"
)

// deployEnv gives deploy the test server's credentials through the standard environment
// chain, and keeps the user's own AWS files and any instance metadata out of the test.
func deployEnv(t *testing.T) {
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": s3test.AccessKey, "AWS_SECRET_ACCESS_KEY": s3test.SecretKey,
		"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "",
	} {
		t.Setenv(k, v)
		if v == "" {
			os.Unsetenv(k)
		}
	}
}

// withTargets appends a deploy section to a site's site.yaml: name → url and prefix.
func withTargets(t *testing.T, dir string, targets ...[3]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("\ndeploy:\n  targets:\n")
	for _, tg := range targets {
		fmt.Fprintf(&b, "    - name: %s\n      url: %q\n      prefix: %q\n", tg[0], tg[1], tg[2])
	}
	f, err := os.OpenFile(filepath.Join(dir, "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(b.String()); err != nil {
		t.Fatal(err)
	}
}

// localFiles is path → MD5 of a built folder, without the marker file.
func localFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := deploy.Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Path] = f.MD5
	}
	return out
}

// localTypes is path → the Content-Type deploy gives each file of a built folder.
func localTypes(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := deploy.Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Path] = f.ContentType
	}
	return out
}

// diffKeys lists the paths whose MD5 differs between two scans, or that one of them lacks.
func diffKeys(a, b map[string]string) (changed, gone []string) {
	for p, m := range b {
		if a[p] != m {
			changed = append(changed, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			gone = append(gone, p)
		}
	}
	slices.Sort(changed)
	slices.Sort(gone)
	return changed, gone
}

var deployedRE = regexp.MustCompile(`: (\d+) uploaded \([^)]*\), (\d+) deleted, (\d+) unchanged; (\d+) requests`)

// deployed runs deploy and returns how many objects it uploaded, deleted and left alone.
func deployed(t *testing.T, args ...string) (up, del, same int) {
	t.Helper()
	code, stdout, stderr := mentorgen(t, append([]string{"deploy"}, args...)...)
	t.Log(strings.TrimSpace(stdout))
	m := deployedRE.FindStringSubmatch(stdout)
	if code != 0 || m == nil {
		t.Fatalf("deploy %v: exit %d\n%s%s", args, code, stdout, stderr)
	}
	fmt.Sscan(m[1], &up)
	fmt.Sscan(m[2], &del)
	fmt.Sscan(m[3], &same)
	return up, del, same
}

// planned runs deploy --dry-run and returns the keys it would upload and delete.
func planned(t *testing.T, args ...string) (up, del []string) {
	t.Helper()
	code, stdout, stderr := mentorgen(t, append([]string{"deploy", "--dry-run"}, args...)...)
	if code != 0 {
		t.Fatalf("deploy --dry-run %v: exit %d\n%s%s", args, code, stdout, stderr)
	}
	for _, l := range strings.Split(stdout, "\n") {
		if len(l) > 2 && (l[0] == '+' || l[0] == '~') {
			k, _, _ := strings.Cut(l[2:], "  [")
			up = append(up, k)
		} else if strings.HasPrefix(l, "- ") {
			del = append(del, l[2:])
		}
	}
	return up, del
}

// checkMirror asserts that the objects under prefix are exactly the built files, with their
// bytes, content types and cache headers.
func checkMirror(t *testing.T, srv *s3test.Server, bucket, prefix, dir string) map[string]s3test.Object {
	t.Helper()
	local := localFiles(t, dir)
	types := localTypes(t, dir)
	objs := srv.Objects(t, bucket, prefix, true)
	for p, sum := range local {
		o, ok := objs[prefix+p]
		if !ok {
			t.Errorf("%s: no object %s", bucket, prefix+p)
			continue
		}
		got := md5.Sum(o.Body)
		if hex.EncodeToString(got[:]) != sum || o.ETag != sum {
			t.Errorf("%s: bytes or ETag differ from the built file", prefix+p)
		}
		if want := types[p]; o.ContentType != want {
			t.Errorf("%s: Content-Type %q, want %q", prefix+p, o.ContentType, want)
		}
		if want := deploy.CacheControl(p, nil); o.CacheControl != want {
			t.Errorf("%s: Cache-Control %q, want %q", prefix+p, o.CacheControl, want)
		}
	}
	for k := range objs {
		if _, ok := local[strings.TrimPrefix(k, prefix)]; !ok {
			t.Errorf("%s: object %s has no built file", bucket, k)
		}
	}
	return objs
}

func copySite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	for _, d := range []string{"content", "static"} {
		if _, err := os.Stat(d); err == nil {
			if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(d)); err != nil {
				t.Fatal(err)
			}
		}
	}
	data, err := os.ReadFile("site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func build(t *testing.T, dir string) {
	t.Helper()
	if code, _, stderr := mentorgen(t, "build", "--src", dir, "--quiet"); code != 0 {
		t.Fatalf("build %s: exit %d\n%s", dir, code, stderr)
	}
}

// TestDeploy deploys the example portal and a generated 1,000-mentor site to a real
// S3-compatible server (SeaweedFS on 127.0.0.1) and reads every object back.
func TestDeploy(t *testing.T) {
	if src := os.Getenv("MENTORGEN_DEPLOY_CHILD"); src != "" { // the process testDeployKilled kills
		os.Exit(run([]string{"deploy", "--src", src}, os.Stdout, os.Stderr))
	}
	srv := s3test.Start(t)
	deployEnv(t)
	t.Run("example", func(t *testing.T) { testDeployExample(t, srv) })
	t.Run("corpus", func(t *testing.T) { testDeployCorpus(t, srv) })
	t.Run("errors", func(t *testing.T) { testDeployErrors(t, srv) })
	t.Run("retries", func(t *testing.T) { testDeployRetries(t, srv) })
	t.Run("killed", func(t *testing.T) { testDeployKilled(t, srv) })
	t.Run("pathstyle", func(t *testing.T) { testDeployPathStyle(t, srv) })
}

// testDeployPathStyle: a target url as Hugo users write it, gocloud.dev's use_path_style=true
// with an endpoint and a region, deploys.
func testDeployPathStyle(t *testing.T, srv *s3test.Server) {
	srv.CreateBucket(t, "hugo")
	dir := siteWithTarget(t, "s3://hugo?region=us-east-1&endpoint="+srv.Endpoint+"&use_path_style=true")
	build(t, dir)
	if n, _, _ := deployed(t, "--src", dir); n == 0 {
		t.Error("nothing uploaded")
	}
	checkMirror(t, srv, "hugo", "", filepath.Join(dir, "public"))
}

// testDeployKilled runs deploy in a child process, through a proxy that lets 30 uploads
// through and holds the rest, and SIGKILLs it once those 30 are written: the rerun uploads
// the rest, and the bucket ends as a complete deploy leaves it.
func testDeployKilled(t *testing.T, srv *s3test.Server) {
	const before = 30
	srv.CreateBucket(t, "killed")
	u, _ := url.Parse(srv.Endpoint)
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ErrorLog = log.New(io.Discard, "", 0) // the uploads the kill cuts off
	var admitted, written atomic.Int64
	reached, release := make(chan struct{}), make(chan struct{})
	gate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut {
			proxy.ServeHTTP(w, r)
			return
		}
		if admitted.Add(1) > before {
			select {
			case <-release: // the child is dead: the rerun goes through
			case <-r.Context().Done(): // the child died holding this upload
				return
			}
		}
		proxy.ServeHTTP(w, r)
		if written.Add(1) == before {
			close(reached)
		}
	}))
	defer gate.Close()
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	defer open() // before gate.Close, which waits for the held uploads
	dir := copySite(t)
	withTargets(t, dir, [3]string{"killed", "s3://killed?endpoint=" + gate.URL, "site"})
	build(t, dir)
	public := filepath.Join(dir, "public")
	total := len(localFiles(t, public))
	cmd := exec.Command(os.Args[0], "-test.run=^TestDeploy$")
	cmd.Env = append(os.Environ(), "MENTORGEN_DEPLOY_CHILD="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-reached:
	case err := <-exited:
		t.Fatalf("the deploy ended (%v) before it could be killed", err)
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-exited
		t.Fatalf("fewer than %d uploads after 20 s", before)
	}
	cmd.Process.Kill()
	<-exited
	open()
	partial := len(srv.Objects(t, "killed", "site/", false))
	if partial < before || partial >= total {
		t.Fatalf("%d of %d objects written when the deploy was killed after %d uploads", partial, total, before)
	}
	if n, d, same := deployed(t, "--src", dir); n+same != total || d != 0 || same < partial {
		t.Errorf("rerun after SIGKILL: %d uploaded, %d deleted, %d unchanged; %d were there, %d files", n, d, same, partial, total)
	}
	checkMirror(t, srv, "killed", "site/", public)
}

// testDeployExample: the first deploy uploads everything with the right headers, a second
// one nothing; an edit uploads exactly the files whose bytes changed, a removed page
// deletes exactly its objects, and objects under other prefixes stay.
func testDeployExample(t *testing.T, srv *s3test.Server) {
	srv.CreateBucket(t, "example")
	srv.Put(t, "example", "other/keep.txt", "not the site's")
	srv.Put(t, "example", "portal-old/index.html", "not the site's either")
	dir := copySite(t)
	withTargets(t, dir, [3]string{"staging", "s3://example?endpoint=" + srv.Endpoint, "portal"})
	public := filepath.Join(dir, "public")
	src := []string{"--src", dir}

	if code, _, stderr := mentorgen(t, "deploy", "--src", dir); code != exitContent || !strings.Contains(stderr, "run mentorgen build first") {
		t.Errorf("deploy before a build: exit %d, %q", code, stderr)
	}
	build(t, dir)
	before := localFiles(t, public)
	up, del := planned(t, src...)
	if len(up) != len(before) || len(del) != 0 || len(srv.Objects(t, "example", "portal/", false)) != 0 {
		t.Fatalf("dry run: plans %d uploads and %d deletes of %d files, or changed the bucket", len(up), len(del), len(before))
	}
	for i := 1; i < len(up); i++ { // assets, then pages, then indexes
		if phaseRank(up[i]) < phaseRank(up[i-1]) {
			t.Fatalf("the plan uploads %s after %s", up[i], up[i-1])
		}
	}
	if n, d, _ := deployed(t, src...); n != len(before) || d != 0 {
		t.Fatalf("first deploy uploaded %d, deleted %d; want %d and 0", n, d, len(before))
	}
	objs := checkMirror(t, srv, "example", "portal/", public)
	if got := objs["portal/_headers"].ContentType; got != "text/plain; charset=utf-8" {
		t.Errorf("portal/_headers: Content-Type %q, want text/plain; charset=utf-8", got)
	}
	for k, o := range objs {
		if strings.HasPrefix(k, "portal/assets/style.") && o.CacheControl != deploy.CacheImmutable {
			t.Errorf("%s: Cache-Control %q, want immutable", k, o.CacheControl)
		}
	}
	if n, d, same := deployed(t, src...); n != 0 || d != 0 || same != len(before) {
		t.Fatalf("second deploy: %d uploaded, %d deleted, %d unchanged; want 0, 0, %d", n, d, same, len(before))
	}

	mentor := firstMentor(t, dir)
	data, _ := os.ReadFile(mentor)
	if err := os.WriteFile(mentor, append(data, []byte("\nOne more sentence for the deploy test.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	build(t, dir)
	after := localFiles(t, public)
	changed, _ := diffKeys(before, after)
	up, _ = planned(t, src...)
	if len(changed) == 0 || !slices.Equal(withPrefix("portal/", changed), sorted(up)) {
		t.Errorf("after editing %s: plan uploads %v; the files that changed are %v", mentor, up, changed)
	}
	if n, d, _ := deployed(t, src...); n != len(changed) || d != 0 {
		t.Errorf("deploy after an edit: %d uploaded, %d deleted; want %d and 0", n, d, len(changed))
	}

	// A page that nothing links to comes and goes: its objects come and go with it.
	page := filepath.Join(dir, "content", "deploy-test.md")
	if err := os.WriteFile(page, []byte("---\ntitle: Deploy test\n---\nHere for a while.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build(t, dir)
	deployed(t, src...)
	after = localFiles(t, public)
	if err := os.Remove(page); err != nil {
		t.Fatal(err)
	}
	build(t, dir)
	final := localFiles(t, public)
	changed, gone := diffKeys(after, final)
	if !slices.Equal(gone, []string{"deploy-test/index.html"}) {
		t.Fatalf("removing content/deploy-test.md removed %v", gone)
	}
	code, stdout, stderr := mentorgen(t, "deploy", "--src", dir, "--max-deletes", "0")
	if code != exitContent || !strings.Contains(stderr, "more than --max-deletes 0") || len(srv.Objects(t, "example", "portal/", false)) != len(after) {
		t.Errorf("deploy --max-deletes 0: exit %d, %s%s; want a refusal that changes nothing", code, stdout, stderr)
	}
	if n, d, _ := deployed(t, src...); n != len(changed) || d != len(gone) {
		t.Errorf("deploy after removing a page: %d uploaded, %d deleted; want %d and %d (%v)", n, d, len(changed), len(gone), gone)
	}
	checkMirror(t, srv, "example", "portal/", public)
	if len(srv.Objects(t, "example", "other/", false)) != 1 || len(srv.Objects(t, "example", "portal-old/", false)) != 1 {
		t.Error("deploy touched objects outside its prefix")
	}
}

func phaseRank(key string) int {
	switch {
	case strings.HasSuffix(key, ".html"):
		return 1
	case strings.HasSuffix(key, ".xml"), strings.HasSuffix(key, "/robots.txt"):
		return 2
	}
	return 0
}

func withPrefix(prefix string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = prefix + p
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// firstMentor returns the first mentor file of a site, in name order.
func firstMentor(t *testing.T, dir string) string {
	t.Helper()
	var found string
	root := filepath.Join(dir, "content", "mentors")
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && found == "" && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "_index.md" {
			found = p
		}
		return nil
	})
	if found == "" {
		t.Fatalf("no mentor in %s", root)
	}
	return found
}

// testDeployCorpus: a generated 1,000-mentor site; a deploy interrupted after 40 uploads,
// then run again, ends exactly like a clean deploy; a mass delete is refused until --force.
func testDeployCorpus(t *testing.T, srv *s3test.Server) {
	dir := generatedCorpus(t, 1000)
	srv.CreateBucket(t, "corpus")
	url := "s3://corpus?endpoint=" + srv.Endpoint
	withTargets(t, dir, [3]string{"live", url, "live"}, [3]string{"clean", url, "clean"})
	build(t, dir)
	public := filepath.Join(dir, "public")
	files := localFiles(t, public)

	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr strings.Builder
	code := deployCtx(ctx, []string{"--src", dir}, &stdout, &stderr, func(done, total int) {
		if done == 40 {
			cancel()
		}
	})
	cancel()
	partial := len(srv.Objects(t, "corpus", "live/", false))
	if code != exitContent || !strings.Contains(stderr.String(), "interrupted") || partial < 40 || partial >= len(files) {
		t.Fatalf("interrupted deploy: exit %d, %d of %d objects written\n%s%s", code, partial, len(files), stdout.String(), stderr.String())
	}
	// An upload under way when the deploy stopped may still land: the store had its bytes.
	if n, _, same := deployed(t, "--src", dir); n+same != len(files) || same < partial {
		t.Errorf("rerun after the interruption: %d uploaded, %d unchanged; want %d in all, at least %d unchanged", n, same, len(files), partial)
	}
	if n, _, _ := deployed(t, "--src", dir, "--target", "clean"); n != len(files) {
		t.Errorf("clean deploy uploaded %d of %d", n, len(files))
	}
	// checkMirror reads every object back; the clean copy is compared by key and ETag.
	live := checkMirror(t, srv, "corpus", "live/", public)
	clean := srv.Objects(t, "corpus", "clean/", false)
	for k, o := range live {
		if c := clean["clean/"+strings.TrimPrefix(k, "live/")]; c.ETag != o.ETag {
			t.Errorf("%s after an interrupted deploy and a rerun has ETag %s; a clean deploy wrote %q", k, o.ETag, c.ETag)
		}
	}
	if len(live) != len(clean) {
		t.Errorf("%d objects after the rerun, %d after a clean deploy", len(live), len(clean))
	}

	// Editing one mentor moves only the files whose bytes changed.
	mentor := firstMentor(t, dir)
	data, _ := os.ReadFile(mentor)
	os.WriteFile(mentor, append(data, []byte("\nAn edit for the deploy test.\n")...), 0o644)
	build(t, dir)
	changed, _ := diffKeys(files, localFiles(t, public))
	if n, d, _ := deployed(t, "--src", dir); n != len(changed) || d != 0 || n == 0 || n > 100 {
		t.Errorf("one mentor edited: %d uploaded, %d deleted; %d files changed", n, d, len(changed))
	}

	// Half the directory gone is a mass delete: refused, then forced.
	entries, _ := os.ReadDir(filepath.Join(dir, "content", "mentors"))
	for i, e := range entries {
		if i%2 == 0 && e.Name() != "_index.md" {
			os.RemoveAll(filepath.Join(dir, "content", "mentors", e.Name()))
		}
	}
	build(t, dir)
	before := len(srv.Objects(t, "corpus", "live/", false))
	code2, out2, err2 := mentorgen(t, "deploy", "--src", dir)
	if code2 != exitContent || !strings.Contains(err2, "more than --max-deletes 256") || len(srv.Objects(t, "corpus", "live/", false)) != before {
		t.Errorf("mass delete: exit %d, %q; want a refusal that changes nothing", code2, err2)
	}
	if !strings.Contains(out2, "\n- live/mentors/") {
		t.Error("the refusal does not list what would be deleted")
	}
	if _, d, _ := deployed(t, "--src", dir, "--force"); d <= 256 {
		t.Errorf("--force deleted %d", d)
	}
	objs, local := srv.Objects(t, "corpus", "live/", false), localFiles(t, public)
	for p, sum := range local {
		if objs["live/"+p].ETag != sum {
			t.Errorf("after --force, live/%s is missing or differs", p)
		}
	}
	if len(objs) != len(local) {
		t.Errorf("after --force: %d objects for %d files", len(objs), len(local))
	}
}

// testDeployErrors: wrong credentials, a missing bucket, an unreachable endpoint and a
// misnamed target each say what is wrong, and change nothing.
func testDeployErrors(t *testing.T, srv *s3test.Server) {
	srv.CreateBucket(t, "errors")
	dir := copySite(t)
	withTargets(t, dir,
		[3]string{"good", "s3://errors?endpoint=" + srv.Endpoint, ""},
		[3]string{"missing", "s3://no-such-bucket?endpoint=" + srv.Endpoint, ""},
		[3]string{"offline", "s3://errors?endpoint=http://127.0.0.1:9", ""})
	build(t, dir)
	t.Run("credentials", func(t *testing.T) {
		t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong")
		code, _, stderr := mentorgen(t, "deploy", "--src", dir)
		if code != exitContent || !strings.Contains(stderr, "refused the credentials") || !strings.Contains(stderr, "nothing was changed") {
			t.Errorf("wrong secret: exit %d, %q", code, stderr)
		}
		t.Setenv("AWS_ACCESS_KEY_ID", "nobody")
		if code, _, stderr := mentorgen(t, "deploy", "--src", dir); code != exitContent || !strings.Contains(stderr, "refused the credentials") {
			t.Errorf("unknown key: exit %d, %q", code, stderr)
		}
		os.Unsetenv("AWS_ACCESS_KEY_ID")
		os.Unsetenv("AWS_SECRET_ACCESS_KEY")
		if code, _, stderr := mentorgen(t, "deploy", "--src", dir); code != exitContent || !strings.Contains(stderr, "no AWS credentials found") {
			t.Errorf("no credentials: exit %d, %q", code, stderr)
		}
		if n := len(srv.Objects(t, "errors", "", false)); n != 0 {
			t.Errorf("a deploy with wrong credentials left %d objects", n)
		}
	})
	for _, c := range []struct{ target, want string }{
		{"missing", "bucket no-such-bucket at " + srv.Endpoint + " does not exist"},
		{"offline", "cannot reach http://127.0.0.1:9"},
	} {
		code, _, stderr := mentorgen(t, "deploy", "--src", dir, "--target", c.target)
		if code != exitContent || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "nothing was changed") {
			t.Errorf("target %s: exit %d, %q; want %q", c.target, code, stderr, c.want)
		}
	}
	if code, _, stderr := mentorgen(t, "deploy", "--src", dir, "--target", "prod"); code != exitUsage || !strings.Contains(stderr, "it has good, missing, offline") {
		t.Errorf("unknown target: exit %d, %q", code, stderr)
	}
	bare := copySite(t)
	if code, _, stderr := mentorgen(t, "deploy", "--src", bare); code != exitUsage || !strings.Contains(stderr, "no deploy targets") {
		t.Errorf("no targets: exit %d, %q", code, stderr)
	}
}

// testDeployRetries puts a proxy in front of the server that answers the first attempt of
// every third upload with 503 Service Unavailable: the deploy retries them and ends complete.
func testDeployRetries(t *testing.T, srv *s3test.Server) {
	srv.CreateBucket(t, "flaky")
	u, _ := url.Parse(srv.Endpoint)
	var puts, failed atomic.Int64
	var mu sync.Mutex
	seen := map[string]bool{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ErrorLog = log.New(io.Discard, "", 0) // the uploads the kill cuts off
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		first := !seen[r.URL.Path]
		seen[r.URL.Path] = true
		mu.Unlock()
		if r.Method == http.MethodPut && first && puts.Add(1)%3 == 0 {
			failed.Add(1)
			http.Error(w, "<Error><Code>ServiceUnavailable</Code><Message>try again</Message></Error>", http.StatusServiceUnavailable)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer flaky.Close()
	dir := copySite(t)
	withTargets(t, dir, [3]string{"flaky", "s3://flaky?endpoint=" + flaky.URL, "site"})
	build(t, dir)
	if n, _, _ := deployed(t, "--src", dir); n != len(localFiles(t, filepath.Join(dir, "public"))) || failed.Load() == 0 {
		t.Errorf("through a proxy that failed %d uploads: %d uploaded", failed.Load(), n)
	}
	checkMirror(t, srv, "flaky", "site/", filepath.Join(dir, "public"))
}
