package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Bad input that needs real files on disk: symbolic links, odd file names, a large file, and
// output folders that cannot be written. Each test runs the CLI in-process and checks the
// exact message, the exit code, and that the previous public/ is byte for byte as it was (or
// that nothing was created). Encodings, front matter and templates are in generator's
// TestBadEncodings and testdata/sites; the README's "What a build guarantees" lists them all.

// badSite is a small site that builds.
const badSite = `
-- site.yaml --
title: T
base_url: https://example.org/
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/tips/a.md --
---
title: A tip
date: 2025-01-01
---
Ask early.
`

// builtSite writes badSite to a folder, builds it into its public/ and returns both.
func builtSite(t *testing.T) (src, out string) {
	t.Helper()
	src = writeArchive(t, badSite)
	out = filepath.Join(src, "public")
	if code, _, stderr := mentorgen(t, "build", "--src", src, "--quiet"); code != exitOK {
		t.Fatalf("the good site does not build: exit %d\n%s", code, stderr)
	}
	return src, out
}

// treeHash hashes every name, mode, modification time, link target and byte under dir; it is
// "" when dir does not exist.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Lstat(dir); os.IsNotExist(err) {
		return ""
	}
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %v %d\n", p, info.Mode(), info.ModTime().UnixNano())
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			fmt.Fprintln(h, target)
		case info.Mode().IsRegular():
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(h, f)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// failBuild builds src into out, wants exit code and exactly the lines want on stderr, and
// checks that out is as it was.
func failBuild(t *testing.T, src, out string, code int, want string) {
	t.Helper()
	before := treeHash(t, out)
	got, stdout, stderr := mentorgen(t, "build", "--src", src, "--out", out)
	if got != code || stderr != want {
		t.Errorf("exit %d, stderr\n%s\nwant exit %d, stderr\n%s", got, stderr, code, want)
	}
	if stdout != "" {
		t.Errorf("a failed build printed %q on stdout", stdout)
	}
	if treeHash(t, out) != before {
		t.Errorf("a failed build changed %s", out)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}

// symlinkSite adds the symbolic links that a site may not hold to a built site: a page and a
// static file that lead outside the site, a link to a folder outside, a loop of two links, a
// folder that links to itself, and a dangling link. A link to a file inside the site is fine.
func symlinkSite(t *testing.T) (src, out string) {
	src, out = builtSite(t)
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("---\ntitle: Secret\n---\nThe secret.\n"), 0o644)
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("the secret\n"), 0o644)
	os.MkdirAll(filepath.Join(src, "content", "loop"), 0o755)
	os.MkdirAll(filepath.Join(src, "static"), 0o755)
	// Relative links that climb out, and one absolute link.
	for from, to := range map[string]string{"content/tips/secret.md": "secret.md", "static/secret.txt": "secret.txt"} {
		link := filepath.Join(src, filepath.FromSlash(from))
		rel, err := filepath.Rel(filepath.Dir(link), filepath.Join(outside, to))
		if err != nil {
			t.Fatal(err)
		}
		symlink(t, rel, link)
	}
	symlink(t, outside, filepath.Join(src, "content", "elsewhere"))
	symlink(t, "b.md", filepath.Join(src, "content", "loop", "a.md"))
	symlink(t, "a.md", filepath.Join(src, "content", "loop", "b.md"))
	symlink(t, "../loop", filepath.Join(src, "content", "loop", "self"))
	symlink(t, "gone.md", filepath.Join(src, "content", "tips", "dangling.md"))
	symlink(t, "a.md", filepath.Join(src, "content", "tips", "same.md"))
	return src, out
}

// symlinkWant is what build, check and serve say about symlinkSite, with its folder for
// outside.
func symlinkWant(outside string) string {
	const hint = "(mentorgen reads only files inside the site folder; copy the file in, or use a relative link that stays inside)"
	return "content/elsewhere: error: symbolic link to " + outside + " points outside the site folder " + hint + "\n" +
		"content/loop/a.md: error: symbolic link to b.md goes round in a loop (point it at a file, or remove it)\n" +
		"content/loop/b.md: error: symbolic link to a.md goes round in a loop (point it at a file, or remove it)\n" +
		"content/loop/self: error: is a symbolic link to a folder, which mentorgen does not follow (move the folder into the site, or link the files in it one by one)\n"
}

// TestBadInputSymlinks: a symbolic link that leads outside the site is refused, naming the
// link, so a build never publishes a file from elsewhere; loops and dangling links are errors
// too, and never hang. Nothing is written, and check says the same.
func TestBadInputSymlinks(t *testing.T) {
	src, out := symlinkSite(t)
	outside, _ := os.Readlink(filepath.Join(src, "content", "elsewhere"))
	secret, _ := os.Readlink(filepath.Join(src, "content", "tips", "secret.md"))
	static, _ := os.Readlink(filepath.Join(src, "static", "secret.txt"))
	const hint = "(mentorgen reads only files inside the site folder; copy the file in, or use a relative link that stays inside)"
	diags := symlinkWant(outside) +
		"content/tips/dangling.md: error: symbolic link to gone.md, which does not exist (point it at a file, or remove it)\n" +
		"content/tips/secret.md: error: symbolic link to " + secret + " points outside the site folder " + hint + "\n" +
		"static/secret.txt: error: symbolic link to " + static + " points outside the site folder " + hint + "\n"
	failBuild(t, src, out, exitContent, diags+"7 problems; nothing was written\n")
	code, stdout, _ := mentorgen(t, "check", "--src", src)
	if code != exitContent || stdout != diags+"7 problems\n" {
		t.Errorf("check: exit %d, stdout\n%s", code, stdout)
	}
}

// TestBadInputSymlinkServe: serve refuses the same links with the same words as build, and
// never serves the file outside.
func TestBadInputSymlinkServe(t *testing.T) {
	src, _ := symlinkSite(t)
	for _, l := range []string{"content/loop", "content/tips/dangling.md"} {
		os.RemoveAll(filepath.Join(src, l))
	}
	outside, _ := os.Readlink(filepath.Join(src, "content", "elsewhere"))
	secret, _ := os.Readlink(filepath.Join(src, "content", "tips", "secret.md"))
	static, _ := os.Readlink(filepath.Join(src, "static", "secret.txt"))
	const hint = " points outside the site folder (mentorgen reads only files inside the site folder; copy the file in, or use a relative link that stays inside)\n"
	want := "content/elsewhere: error: symbolic link to " + outside + hint +
		"content/tips/secret.md: error: symbolic link to " + secret + hint +
		"static/secret.txt: error: symbolic link to " + static + hint
	_, _, buildErr := mentorgen(t, "build", "--src", src, "--quiet")
	if siteLines(buildErr) != want {
		t.Errorf("build says\n%s\nwant\n%s", buildErr, want)
	}

	var stdout, stderr lockedBuffer
	stop := make(chan struct{})
	done := make(chan int, 1)
	go func() { done <- serve([]string{"--src", src, "--addr", "127.0.0.1:0"}, &stdout, &stderr, stop) }()
	defer func() { close(stop); <-done }()
	for i := 0; !strings.Contains(stdout.String(), "loading the site:"); i++ {
		if i > 1000 {
			t.Fatalf("serve reported nothing after 10 s\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := siteLines(stdout.String()); got != want {
		t.Errorf("serve says\n%s\nbuild says\n%s", got, want)
	}
	first, _, _ := strings.Cut(stdout.String(), "\n")
	url := strings.TrimPrefix(first, "mentorgen serve: ")
	for _, p := range []string{"tips/secret/", "elsewhere/secret/", "secret.txt"} {
		resp, err := http.Get(url + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(strings.ToLower(string(body)), "the secret") {
			t.Errorf("GET /%s serves the file outside the site", p)
		}
	}
}

// siteLines keeps the lines of output that name a file under content/ or static/.
func siteLines(out string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(out, "\n") {
		if strings.HasPrefix(l, "content/") || strings.HasPrefix(l, "static/") {
			b.WriteString(l)
		}
	}
	return b.String()
}

// TestBadInputNames: file and folder names with spaces and in non-Latin scripts build; the
// output keeps the letters, URLs percent-encode them, and a link between two such pages
// resolves.
func TestBadInputNames(t *testing.T) {
	src := writeArchive(t, badSite)
	files := map[string]string{
		"content/tips/Ask early and often.md":   "---\ntitle: Ask early\n---\nSee [the notes](<../Заметки ментора/日本語 ノート.md>).\n",
		"content/Заметки ментора/_index.md":     "---\ntitle: Заметки\n---\n",
		"content/Заметки ментора/日本語 ノート.md":    "---\ntitle: ノート\n---\nمرحبا\n",
		"content/Заметки ментора/صورة/index.md": "---\ntitle: صورة\n---\n![x](<رسم بياني.png>)\n",
	}
	for name, data := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(src, "content", "Заметки ментора", "صورة", "رسم بياني.png"), []byte("\x89PNG\r\n\x1a\n"), 0o644)
	out := filepath.Join(src, "public")
	if code, _, stderr := mentorgen(t, "build", "--src", src, "--quiet"); code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr\n%s", code, stderr)
	}
	for _, f := range []string{"tips/Ask early and often/index.html", "Заметки ментора/日本語 ノート/index.html",
		"Заметки ментора/صورة/index.html", "Заметки ментора/صورة/رسم بياني.png"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Errorf("%s was not built: %v", f, err)
		}
	}
	page, _ := os.ReadFile(filepath.Join(out, "tips", "Ask early and often", "index.html"))
	link := `href="/%D0%97%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B8%20%D0%BC%D0%B5%D0%BD%D1%82%D0%BE%D1%80%D0%B0/%E6%97%A5%E6%9C%AC%E8%AA%9E%20%E3%83%8E%E3%83%BC%E3%83%88/"`
	if !strings.Contains(string(page), link) {
		t.Errorf("the tip lacks the link %s", link)
	}
	sitemap, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if !strings.Contains(string(sitemap), "<loc>https://example.org/tips/Ask%20early%20and%20often/</loc>") {
		t.Errorf("sitemap.xml lacks the tip's encoded URL:\n%s", sitemap)
	}
}

// TestBadInputLargeFile: a 10 MB content file of ordinary prose builds, in seconds, not
// minutes. There is no size limit; what can take long is goldmark on markup nested thousands
// deep (a line of 100,000 ">"), which no size limit would catch.
func TestBadInputLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10 MB page")
	}
	src := writeArchive(t, badSite)
	words := strings.Fields("mentor product roadmap discovery pricing interview the a of and to with")
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("---\ntitle: Big\n---\n")
	for b.Len() < 10<<20 {
		for range 12 {
			b.WriteString(words[r.IntN(len(words))] + " ")
		}
		b.WriteString("\n")
		if r.IntN(8) == 0 {
			b.WriteString("\n## A heading\n\n")
		}
	}
	os.WriteFile(filepath.Join(src, "content", "tips", "big.md"), []byte(b.String()), 0o644)
	start := time.Now()
	if code, _, stderr := mentorgen(t, "build", "--src", src, "--quiet"); code != exitOK {
		t.Fatalf("exit %d, stderr\n%s", code, stderr)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("a 10 MB page took %v to build; about a second is usual", d)
	}
	if info, err := os.Stat(filepath.Join(src, "public", "tips", "big", "index.html")); err != nil || info.Size() < 10<<20 {
		t.Errorf("the big page was not built whole: %v", err)
	}
}

// TestBadInputOutputFolder: an --out that is a file, or a folder with files that mentorgen
// did not write (no .mentorgen marker), is refused and left exactly as it was.
func TestBadInputOutputFolder(t *testing.T) {
	src := writeArchive(t, badSite)
	file := filepath.Join(t.TempDir(), "public")
	os.WriteFile(file, []byte("a file"), 0o644)
	failBuild(t, src, file, exitContent,
		"mentorgen build: --out "+file+" is a file, not a folder: remove it or choose another --out\n")

	foreign := filepath.Join(t.TempDir(), "docs")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("precious"), 0o644)
	failBuild(t, src, foreign, exitContent, "mentorgen build: refusing to replace "+foreign+
		": it is not empty and was not written by mentorgen (no .mentorgen file in it); remove it or choose another --out\n")
}

// TestBadInputPreviousOutput: a build that fails on its content leaves the previous public/
// exactly as it was, modification times included.
func TestBadInputPreviousOutput(t *testing.T) {
	src, out := builtSite(t)
	os.WriteFile(filepath.Join(src, "content", "tips", "a.md"), []byte("---\ntitle: A tip\ndate: soon\n---\nChanged.\n"), 0o644)
	failBuild(t, src, out, exitContent, "content/tips/a.md:3:7: error: date: \"soon\" is not a date (write a date as 2025-03-14 or 2025-03-14T09:30:00Z)\n"+
		"1 problem; nothing was written\n")
}

// smallDisk mounts a tmpfs of size bytes at a new folder, or skips the test saying why. Only
// root can mount; as root a chmod'ed folder does not stop a write, so a real file system is
// the honest way to test a full or read-only disk.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("SKIP: mounting a small tmpfs needs root; the writer's own TestFullDiskLeavesPreviousBuild fakes a full disk instead")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("SKIP: cannot mount a tmpfs (%v: %s); the writer's own TestFullDiskLeavesPreviousBuild fakes a full disk instead", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// TestBadInputFullDisk: a disk that fills up during a build gives an error that names the
// file and says what to do, and the previous site is untouched.
func TestBadInputFullDisk(t *testing.T) {
	disk := smallDisk(t, "1m")
	src := writeArchive(t, badSite)
	out := filepath.Join(disk, "public")
	if code, _, stderr := mentorgen(t, "build", "--src", src, "--out", out, "--quiet", "--no-minify"); code != exitOK {
		t.Fatalf("the first build does not fit in 1 MB: exit %d\n%s", code, stderr)
	}
	// One page of 2 MB does not fit beside the first build; it is rendered and written
	// before its folder's list page, in no fixed order, so only the file's name may vary.
	os.WriteFile(filepath.Join(src, "content", "tips", "big.md"),
		[]byte("---\ntitle: Big\n---\n"+strings.Repeat("Ask early, ask often.\n", 100_000)), 0o644)
	before := treeHash(t, out)
	code, _, stderr := mentorgen(t, "build", "--src", src, "--out", out, "--no-minify")
	prefix, suffix := "mentorgen build: cannot write ", ": no space left on device: free some space and build again; the previous site in "+out+" is untouched\n"
	if code != exitContent || !strings.HasPrefix(stderr, prefix) || !strings.HasSuffix(stderr, suffix) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr\n%s\nwant exit 1, %s…%s", code, stderr, prefix, suffix)
	}
	if treeHash(t, out) != before {
		t.Error("a build on a full disk changed the previous site")
	}
	if _, err := os.Stat(filepath.Join(disk, ".public.staging")); !os.IsNotExist(err) {
		t.Error("the staging folder was left on the full disk")
	}
}

// TestBadInputReadOnlyOutput: an output folder on a read-only file system is an error that
// says what to do, and the previous site is untouched.
func TestBadInputReadOnlyOutput(t *testing.T) {
	disk := smallDisk(t, "1m")
	src := writeArchive(t, badSite)
	out := filepath.Join(disk, "public")
	if code, _, stderr := mentorgen(t, "build", "--src", src, "--out", out, "--quiet"); code != exitOK {
		t.Fatalf("the first build failed: exit %d\n%s", code, stderr)
	}
	if msg, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
		t.Skipf("SKIP: cannot remount the tmpfs read-only (%v: %s)", err, msg)
	}
	os.WriteFile(filepath.Join(src, "content", "tips", "a.md"), []byte("---\ntitle: A tip\n---\nChanged.\n"), 0o644)
	failBuild(t, src, out, exitContent, "mentorgen build: cannot create a staging folder beside "+out+
		": read-only file system: make the folder writable, or choose another --out; the previous site in "+out+" is untouched\n")
}

// TestBadInputTable keeps the README's table of bad input honest: every test it names
// exists, as a test function in this module or as an archive in generator/testdata/sites.
func TestBadInputTable(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## What a build guarantees\n")
	if !ok {
		t.Fatal(`README.md has no "## What a build guarantees" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	funcs := map[string]bool{}
	err = filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return err
		}
		src, err := os.ReadFile(p)
		for _, l := range strings.Split(string(src), "\n") {
			if name, ok := strings.CutPrefix(l, "func Test"); ok {
				name, _, _ = strings.Cut(name, "(")
				funcs["Test"+name] = true
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, l := range strings.Split(section, "\n") {
		cells := strings.Split(l, " | ")
		if !strings.HasPrefix(l, "| ") || len(cells) < 4 || strings.HasPrefix(l, "| input ") {
			continue
		}
		rows++
		for _, name := range strings.Split(strings.TrimSuffix(cells[len(cells)-1], " |"), ", ") {
			if strings.HasPrefix(name, "Test") {
				if !funcs[name] {
					t.Errorf("README names %s, which is no test function", name)
				}
			} else if _, err := os.Stat(filepath.Join("generator", "testdata", "sites", name+".txtar")); err != nil {
				t.Errorf("README names %s, which is no archive in generator/testdata/sites", name)
			}
		}
	}
	if rows < 20 {
		t.Errorf("found %d rows in the table, want at least 20", rows)
	}
}
