package main

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// fileState is a file or folder as the test left it: its bytes, mode and modification time,
// so that even a rewrite of the same bytes shows.
type fileState struct {
	sum  [32]byte
	mode fs.FileMode
	mod  time.Time
}

// siteState records every file and folder under dir by its slash path.
func siteState(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st := fileState{mode: info.Mode(), mod: info.ModTime()}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			st.sum = sha256.Sum256(b)
		} else {
			st.mod = time.Time{} // a folder's time moves when the test adds a file to it
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = st
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestServeNeverWritesSite runs the real `mentorgen serve` on a copy of a site, edits the
// site under it so that it rebuilds (a good edit, then a broken one, then a fix, in quick
// bursts), and stops it at a random moment: with SIGINT in some runs, SIGKILL in the others.
// After every run each file is as the test saved it (bytes, mode and time), no file or folder
// appeared, and a watch on every folder of the site saw no file created, written or removed
// but the test's own.
func TestServeNeverWritesSite(t *testing.T) {
	if src := os.Getenv("MENTORGEN_SERVE_KILL_CHILD"); src != "" {
		os.Exit(run([]string{"serve", "--src", src, "--addr", "127.0.0.1:0"}, os.Stdout, os.Stderr))
	}
	runs := 8
	if testing.Short() {
		runs = 4
	}
	site := filepath.Join(t.TempDir(), "site")
	writeKillSite(t, site, 0)
	if err := os.MkdirAll(filepath.Join(site, "static", "images"), 0o755); err != nil {
		t.Fatal(err)
	}

	// The watch: every event must be on a path the test is writing at that moment.
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			err = w.Add(p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	ours := map[string]bool{} // absolute paths the test writes
	var stray []string
	go func() {
		for ev := range w.Events {
			mu.Lock()
			if !ours[ev.Name] && ev.Op&(fsnotify.Create|fsnotify.Write|fsnotify.Remove|fsnotify.Rename|fsnotify.Chmod) != 0 {
				stray = append(stray, ev.String())
			}
			mu.Unlock()
		}
	}()
	var want map[string]fileState // the site as the test saved it
	save := func(rel, data string) {
		t.Helper()
		p := filepath.Join(site, filepath.FromSlash(rel))
		mu.Lock()
		ours[p] = true
		mu.Unlock()
		err := os.WriteFile(p, []byte(data), 0o644)
		var info fs.FileInfo
		if err == nil {
			info, err = os.Stat(p)
		}
		if err != nil {
			t.Fatal(err)
		}
		want[rel] = fileState{sum: sha256.Sum256([]byte(data)), mode: info.Mode(), mod: info.ModTime()}
	}

	var sigints, sigkills, rebuilds int
	mentor := func(rel string, i, k int, broken bool) {
		body := fmt.Sprintf("---\ntitle: Mentor edited %d-%d\nrole: PM\nseniority: senior\nexpertise: [discovery]\ntimezone: Europe/Berlin\n---\nRun %d, edit %d.\n", i, k, i, k)
		if broken {
			body = strings.Replace(body, "seniority: senior", "seniority: [senior", 1) // an unclosed YAML list
		}
		save(rel, body)
	}
	broken := ""
	for i := range runs {
		want = siteState(t, site)
		if broken != "" { // the last run may have stopped before the fix: serve starts on a good site
			mentor(broken, i, -1, false)
			broken = ""
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestServeNeverWritesSite$")
		cmd.Env = append(os.Environ(), "MENTORGEN_SERVE_KILL_CHILD="+site)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1000)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		waitLine := func(substr string, within time.Duration) bool {
			deadline := time.After(within)
			for {
				select {
				case l, ok := <-lines:
					if !ok {
						return false
					}
					if strings.Contains(l, substr) {
						return true
					}
				case <-deadline:
					return false
				}
			}
		}
		if !waitLine("ready", 30*time.Second) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("run %d: serve did not get ready within 30 s", i)
		}
		// A burst of saves: edits to several mentors, a broken one, its fix, then a stop
		// somewhere in the rebuilds they start.
		for k := range 3 + rand.IntN(4) {
			rel := fmt.Sprintf("content/mentors/m%03d.md", rand.IntN(120))
			switch {
			case k == 1:
				broken = rel
				mentor(rel, i, k, true)
			case k == 3:
				mentor(broken, i, k, false)
				broken = ""
			default:
				if rel != broken {
					mentor(rel, i, k, false)
				}
			}
			time.Sleep(time.Duration(rand.IntN(60)) * time.Millisecond)
		}
		if i%2 == 0 && waitLine("rebuilt", 5*time.Second) {
			rebuilds++
		}
		time.Sleep(time.Duration(rand.IntN(150)) * time.Millisecond)
		sig := os.Signal(syscall.SIGKILL)
		if i%3 == 0 {
			sig = syscall.SIGINT
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			for range lines { // drain, so the child never blocks on a full pipe
			}
			done <- cmd.Wait()
		}()
		select {
		case err := <-done:
			if sig == syscall.SIGINT {
				sigints++
				if err != nil {
					t.Errorf("run %d: after SIGINT: %v", i, err)
				}
			} else {
				sigkills++
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatalf("run %d: serve still running 10 s after %v", i, sig)
		}
		got := siteState(t, site)
		for rel, st := range got {
			if w, ok := want[rel]; !ok {
				t.Errorf("run %d (%v): %s appeared in the site folder", i, sig, rel)
			} else if w != st {
				t.Errorf("run %d (%v): %s is not as the test saved it", i, sig, rel)
			}
		}
		for rel := range want {
			if _, ok := got[rel]; !ok {
				t.Errorf("run %d (%v): %s is gone from the site folder", i, sig, rel)
			}
		}
	}
	time.Sleep(100 * time.Millisecond) // the watch's last events
	mu.Lock()
	defer mu.Unlock()
	for _, s := range stray {
		t.Errorf("something but the test changed the site folder: %s", s)
	}
	if sigints == 0 || sigkills == 0 {
		t.Errorf("%d runs stopped by SIGINT and %d by SIGKILL, want both", sigints, sigkills)
	}
	t.Logf("%d runs: %d stopped by SIGINT, %d by SIGKILL; %d waited for a rebuild first", runs, sigints, sigkills, rebuilds)
}
