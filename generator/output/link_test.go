package output_test

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorgen/generator/output"
)

// linkedOutput makes the layout of a host that serves a folder through a symbolic link:
// site/public → ../www/portal. It returns the link and its target, which does not exist yet.
func linkedOutput(t *testing.T) (link, target string) {
	t.Helper()
	dir := t.TempDir()
	link, target = filepath.Join(dir, "site", "public"), filepath.Join(dir, "www", "portal")
	for _, d := range []string{filepath.Dir(link), filepath.Dir(target)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join("..", "www", "portal"), link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	return link, target
}

// stillLinked fails the test unless link is still the symbolic link to target.
func stillLinked(t *testing.T, link, target string) {
	t.Helper()
	info, err := os.Lstat(link)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symbolic link: %v", link, info.Mode())
	}
	if dest, err := os.Readlink(link); err != nil || dest != filepath.Join("..", "www", "portal") {
		t.Fatalf("%s now links to %q (%v)", link, dest, err)
	}
	info, err = os.Lstat(target)
	if err != nil || !info.IsDir() {
		t.Fatalf("the link's target %s is not a folder: %v", target, err)
	}
}

// wantSite fails the test unless dir holds exactly files and the marker.
func wantSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	snap := snapshot(t, dir)
	for f, v := range files {
		if snap[f].data != v {
			t.Errorf("%s = %q, want %q", f, snap[f].data, v)
		}
	}
	for p, e := range snap {
		if _, ok := files[p]; !ok && p != output.MarkerFile && !e.info.IsDir() {
			t.Errorf("%s should not be there", p)
		}
	}
}

// An output folder that is a symbolic link to an empty folder stays a link; the site is built
// in its target, and nothing is staged beside the link.
func TestLinkToEmptyFolder(t *testing.T) {
	link, target := linkedOutput(t)
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	build(t, link, site)
	stillLinked(t, link, target)
	wantSite(t, target, site)
	noStaging(t, link)
	noStaging(t, target)
}

// A link to a previous build: the target gets the new site, unchanged files keep their inode,
// and the link stays a link.
func TestLinkToPreviousBuild(t *testing.T) {
	link, target := linkedOutput(t)
	build(t, target, site)
	age(t, target)
	before := snapshot(t, target)
	next := maps.Clone(site)
	next["about/index.html"] = "about, changed"
	delete(next, "images/x.txt")
	m := build(t, link, next)
	wantList(t, "Written", m.Written, []string{"about/index.html"})
	wantList(t, "Removed", m.Removed, []string{"images/x.txt"})
	stillLinked(t, link, target)
	wantSite(t, target, next)
	after := snapshot(t, target)
	for _, f := range m.Unchanged {
		if !same(before[f], after[f]) {
			t.Errorf("%s was rewritten though its bytes did not change", f)
		}
	}
	noStaging(t, link)
	noStaging(t, target)
}

// A build through a link that fails leaves the link and its target exactly as they were.
func TestLinkFailedBuild(t *testing.T) {
	link, target := linkedOutput(t)
	build(t, target, site)
	before := snapshot(t, target)
	w, err := output.New(link)
	if err != nil {
		t.Fatal(err)
	}
	w.Write("index.html", []byte("home, changed"))
	w.Write("new/index.html", []byte("new"))
	w.Abort()
	stillLinked(t, link, target)
	checkUntouched(t, before, snapshot(t, target))
	noStaging(t, link)
	noStaging(t, target)
}

// A link that leads nowhere is refused with a message naming it; nothing is made.
func TestLinkDangling(t *testing.T) {
	link, target := linkedOutput(t)
	for _, err := range []error{output.Check(t.TempDir(), link), newErr(link)} {
		if err == nil || !strings.Contains(err.Error(), "--out "+link+" is a symbolic link to "+filepath.Join("..", "www", "portal")+", which does not exist") {
			t.Errorf("err = %v, want it to say the link leads nowhere", err)
		}
	}
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Errorf("the link's target was made: %v", err)
	}
	noStaging(t, link)
	noStaging(t, target)
}

func newErr(out string) error {
	w, err := output.New(out)
	if err == nil {
		w.Abort()
	}
	return err
}

// Check judges the folder a link leads to: a link to the site's empty static/ folder is as
// wrong as --out static.
func TestLinkIntoSite(t *testing.T) {
	src := t.TempDir()
	if err := os.Mkdir(filepath.Join(src, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := os.Symlink(filepath.Join(src, "static"), out); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	if err := output.Check(src, out); err == nil || !strings.Contains(err.Error(), "inside the site's static/") {
		t.Errorf("err = %v, want it to refuse the site's static/ folder", err)
	}
}
