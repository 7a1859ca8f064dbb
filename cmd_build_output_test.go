package main

import (
	"os"
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
