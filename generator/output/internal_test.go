package output

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func write(t *testing.T, w *Writer, files map[string]string) *Manifest {
	t.Helper()
	for f, v := range files {
		if err := w.Write(f, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	m, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func newWriter(t *testing.T, out string) *Writer {
	t.Helper()
	w, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// Where hard links fail, an unchanged file is copied and keeps its mtime, so a deploy by
// rsync or object-store sync still skips it.
func TestCopyFallbackKeepsMtime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, newWriter(t, out), map[string]string{"a/index.html": "a", "b.html": "b"})
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(out, "a", "index.html"), old, old); err != nil {
		t.Fatal(err)
	}
	w := newWriter(t, out)
	w.link = func(string, string) error { return errors.New("no hard links here") }
	m := write(t, w, map[string]string{"a/index.html": "a", "b.html": "b, changed"})
	if len(m.Unchanged) != 1 || m.Unchanged[0] != "a/index.html" {
		t.Fatalf("Unchanged = %q", m.Unchanged)
	}
	info, err := os.Stat(filepath.Join(out, "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !info.ModTime().Equal(old) {
		t.Errorf("copied file has mtime %v, want %v", info.ModTime(), old)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "a", "index.html")); string(data) != "a" {
		t.Errorf("copied file = %q, want %q", data, "a")
	}
}

func TestExchangeByRename(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, d := range []string{a, b} {
		os.Mkdir(d, 0o755)
		os.WriteFile(filepath.Join(d, "name"), []byte(d), 0o644)
	}
	if err := exchangeByRename(a, b); err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]string{a: b, b: a} {
		if data, _ := os.ReadFile(filepath.Join(d, "name")); string(data) != want {
			t.Errorf("%s holds %s's files, want %s's", d, data, want)
		}
	}
	if _, err := os.Stat(a + ".old"); !os.IsNotExist(err) {
		t.Error("the parked folder was left behind")
	}
}

// A build killed in the middle of exchangeByRename leaves the output folder missing and the
// previous build parked; the next build puts it back and keeps its unchanged files.
func TestNewRestoresParkedBuild(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	write(t, newWriter(t, out), map[string]string{"index.html": "home"})
	if err := os.Rename(out, filepath.Join(dir, ".public.staging.old")); err != nil {
		t.Fatal(err)
	}
	m := write(t, newWriter(t, out), map[string]string{"index.html": "home"})
	if len(m.Unchanged) != 1 || len(m.Written) != 0 {
		t.Errorf("manifest = %+v, want index.html unchanged", m)
	}
	if _, err := os.Stat(filepath.Join(dir, ".public.staging.old")); !os.IsNotExist(err) {
		t.Error("the parked folder was left behind")
	}
}

// A full disk while staging is an error that names the file and says what to do; the
// previous build is left exactly as it was. The write is faked, so the test runs anywhere;
// TestBadInputFullDisk in the main package fills a real (tmpfs) disk.
func TestFullDiskLeavesPreviousBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, newWriter(t, out), map[string]string{"index.html": "home", "tips/a/index.html": "a"})
	before, _ := os.ReadFile(filepath.Join(out, "tips", "a", "index.html"))
	w := newWriter(t, out)
	w.writeFile = func(name string, _ []byte, _ os.FileMode) error {
		return &os.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
	}
	err := w.Write("tips/a/index.html", []byte("a, changed"))
	want := "cannot write tips/a/index.html: no space left on device: free some space and build again; the previous site in " + out + " is untouched"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	w.Abort()
	if after, _ := os.ReadFile(filepath.Join(out, "tips", "a", "index.html")); string(after) != string(before) {
		t.Errorf("the previous build's file is now %q, want %q", after, before)
	}
	if _, err := os.Stat(w.stage); !os.IsNotExist(err) {
		t.Error("the staging folder was left behind")
	}
}
