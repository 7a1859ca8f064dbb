package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// markerFile proves that an output folder was written by mentorgen: a folder without it is
// never replaced or deleted.
const markerFile = ".mentorgen"

const markerText = "This folder is written by `mentorgen build`. Each build replaces it as a whole.\n"

// outputWriter writes a build into a staging folder beside the output folder and swaps it in
// at the end, so a failed build leaves the previous output as it was. Files whose bytes did
// not change are hard-linked from the previous output rather than written again: they keep
// their mtime (deploys by rsync or object-store sync move only what changed), and no new inode
// is made for them (creating many files right after deleting as many is slow on ext4 without
// a journal; see shared/bench/RESULTS.md, "Conditions").
type outputWriter struct {
	out, stage string
	hadOutput  bool

	written, unchanged atomic.Int64
	bytes              atomic.Int64
	mu                 sync.Mutex
	dirs               map[string]bool // folders already made in the staging folder
	same               []string        // files equal to the previous output, linked at commit
	produced           map[string]bool // every file of this build
}

// checkOutput refuses output folders that would destroy something that is not ours.
func checkOutput(srcDir, out string) error {
	absSrc, err1 := filepath.Abs(srcDir)
	absOut, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if absOut == absSrc || strings.HasPrefix(absSrc+string(filepath.Separator), absOut+string(filepath.Separator)) {
		return fmt.Errorf("--out %s contains the site folder %s: the build replaces the whole output folder; choose a folder such as %s",
			out, srcDir, filepath.Join(srcDir, "public"))
	}
	for _, d := range []string{"content", "static", "layouts"} {
		inside := filepath.Join(absSrc, d)
		if absOut == inside || strings.HasPrefix(absOut, inside+string(filepath.Separator)) {
			return fmt.Errorf("--out %s is inside the site's %s/ folder; choose a folder outside content/, static/ and layouts/", out, d)
		}
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("--out %s is a file, not a folder", out)
		}
		return fmt.Errorf("cannot read output folder %s: %w", out, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, markerFile)); err != nil {
		return fmt.Errorf("refusing to replace %s: it is not empty and was not written by mentorgen (no %s file in it); remove it or choose another --out", out, markerFile)
	}
	return nil
}

func newOutputWriter(out string) (*outputWriter, error) {
	out = filepath.Clean(out)
	stage := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".staging")
	// A staging folder left by a build that was killed is ours: its name says so.
	if err := os.RemoveAll(stage); err != nil {
		return nil, fmt.Errorf("cannot remove the old staging folder %s: %w", stage, err)
	}
	if err := os.MkdirAll(stage, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the staging folder: %w", err)
	}
	_, err := os.Stat(filepath.Join(out, markerFile))
	return &outputWriter{out: out, stage: stage, hadOutput: err == nil, dirs: map[string]bool{".": true}, produced: map[string]bool{}}, nil
}

// write stores one output file (a slash path relative to the output folder).
func (w *outputWriter) write(file string, data []byte) error {
	w.bytes.Add(int64(len(data)))
	w.mu.Lock()
	w.produced[file] = true
	w.mu.Unlock()
	if w.hadOutput {
		if old, err := os.ReadFile(filepath.Join(w.out, file)); err == nil && bytes.Equal(old, data) {
			w.unchanged.Add(1)
			w.mu.Lock()
			w.same = append(w.same, file)
			w.mu.Unlock()
			return nil
		}
	}
	w.written.Add(1)
	dst := filepath.Join(w.stage, file)
	if err := w.mkdir(filepath.Dir(file)); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

func (w *outputWriter) mkdir(dir string) error {
	w.mu.Lock()
	done := w.dirs[dir]
	w.mu.Unlock()
	if done {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(w.stage, dir), 0o755); err != nil {
		return err
	}
	w.mu.Lock()
	w.dirs[dir] = true
	w.mu.Unlock()
	return nil
}

// commit makes the staged build the output. When no file changed and none went away it
// touches nothing at all. It returns how many stale files the swap removed.
func (w *outputWriter) commit() (removed int, err error) {
	if w.hadOutput {
		_ = filepath.WalkDir(w.out, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() != markerFile {
				if rel, rerr := filepath.Rel(w.out, p); rerr == nil && !w.produced[filepath.ToSlash(rel)] {
					removed++
				}
			}
			return nil
		})
		if w.written.Load() == 0 && removed == 0 {
			return 0, os.RemoveAll(w.stage)
		}
	}
	for _, f := range w.same {
		if err := w.mkdir(filepath.Dir(f)); err != nil {
			return 0, err
		}
		if err := os.Link(filepath.Join(w.out, f), filepath.Join(w.stage, f)); err != nil {
			// A file system without hard links: copy instead.
			data, rerr := os.ReadFile(filepath.Join(w.out, f))
			if rerr != nil {
				return 0, rerr
			}
			if err := os.WriteFile(filepath.Join(w.stage, f), data, 0o644); err != nil {
				return 0, err
			}
		}
	}
	if err := os.WriteFile(filepath.Join(w.stage, markerFile), []byte(markerText), 0o644); err != nil {
		return 0, err
	}
	if !w.hadOutput {
		if err := os.RemoveAll(w.out); err != nil { // an empty folder, checked by checkOutput
			return 0, err
		}
		return removed, os.Rename(w.stage, w.out)
	}
	if err := exchange(w.stage, w.out); err != nil {
		return 0, fmt.Errorf("cannot swap the new build into %s: %w", w.out, err)
	}
	// The previous build now sits in the staging folder.
	return removed, os.RemoveAll(w.stage)
}

// abort removes the staging folder; the output folder was never touched.
func (w *outputWriter) abort() { _ = os.RemoveAll(w.stage) }
