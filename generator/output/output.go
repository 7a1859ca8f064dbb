// Package output writes one build into an output folder as a whole. Files are staged in a
// folder beside the output folder and swapped in at the end, so a failed build changes
// nothing; a file whose bytes did not change keeps its inode and mtime, so a deploy by rsync
// or object-store sync moves only what changed. The package knows nothing about sites: it
// takes slash paths and bytes, and reports what a build did in a Manifest.
package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// MarkerFile is the name of the file, at the top of an output folder, that proves the folder
// was written by mentorgen. A non-empty folder without it is never replaced or deleted.
const MarkerFile = ".mentorgen"

const markerText = "This folder is written by `mentorgen build`. Each build replaces it as a whole.\n"

// A Manifest says what a build did to the output folder. Paths are slash paths relative to
// the output folder, sorted; the marker file is never listed.
type Manifest struct {
	Written   []string // new or changed files
	Unchanged []string // files whose bytes were equal to the previous build's
	Removed   []string // files of the previous build that this build no longer produced
	Bytes     int64    // bytes of every file of this build, written or unchanged
}

// Check refuses an output folder that a build would destroy although it is not ours: one
// that is or contains the site folder srcDir, one inside the site's content/, static/ or
// layouts/ folder, a file, or a non-empty folder without the marker file. A missing or empty
// folder is fine.
//
// When out is a symbolic link, the folder it leads to is judged, since that is what a build
// replaces.
func Check(srcDir, out string) error {
	absSrc, err := filepath.Abs(srcDir)
	if err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(absSrc); err == nil {
		absSrc = real // so that a site reached through a link still contains its own folders
	}
	absOut, err := resolve(out)
	if err != nil {
		return err
	}
	if within(absSrc, absOut) {
		return fmt.Errorf("--out %s contains the site folder %s: the build replaces the whole output folder; choose a folder such as %s",
			out, srcDir, filepath.Join(srcDir, "public"))
	}
	for _, d := range []string{"content", "static", "layouts"} {
		if within(absOut, filepath.Join(absSrc, d)) {
			return fmt.Errorf("--out %s is inside the site's %s/ folder; choose a folder outside content/, static/ and layouts/", out, d)
		}
	}
	return checkFolder(out, absOut)
}

// resolve returns the absolute path of the folder that a build of out replaces: out itself,
// or, when out is a symbolic link, the folder it leads to. Hosts often serve a folder through
// a link (public → /var/www/portal); swapping the link itself for the new build would turn
// it into a plain folder and leave its target stale.
func resolve(out string) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err == nil {
		return real, nil
	}
	if info, lerr := os.Lstat(abs); lerr == nil && info.Mode()&fs.ModeSymlink != 0 {
		dest, _ := os.Readlink(abs)
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("--out %s is a symbolic link to %s, which does not exist: create that folder, or remove the link", out, dest)
		}
		return "", fmt.Errorf("cannot follow --out %s, a symbolic link to %s: %w", out, dest, cause(err))
	}
	// out does not exist yet. Its parent may be a link; it may not exist either, and then
	// New makes it.
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs)), nil
	}
	return abs, nil
}

// within reports whether the absolute path p is dir or lies inside it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// checkFolder is the part of Check that New repeats, so that a Writer is safe even for a
// caller that forgot Check. dir is the resolved output folder; messages name out.
func checkFolder(out, dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot read output folder %s: %w", out, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("--out %s is a file, not a folder: remove it or choose another --out", out)
	}
	if _, err := os.Lstat(filepath.Join(dir, MarkerFile)); err == nil {
		return nil
	}
	// Read one name, not the whole folder: a foreign folder may be large.
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("cannot read output folder %s: %w", out, err)
	}
	defer f.Close()
	if _, err := f.Readdirnames(1); err == io.EOF {
		return nil
	} else if err != nil {
		return fmt.Errorf("cannot read output folder %s: %w", out, err)
	}
	return fmt.Errorf("refusing to replace %s: it is not empty and was not written by mentorgen (no %s file in it); remove it or choose another --out", out, MarkerFile)
}

// A Writer stages one build in a folder beside the output folder and swaps it in at Commit.
// Write may be called from many goroutines at once; Commit and Abort are called once, after
// every Write has returned.
type Writer struct {
	name  string // the output folder as the caller named it, for messages
	out   string // the same, absolute, and the folder it leads to when it is a symbolic link
	stage string // "."+base(out)+".staging" beside out; never named in an error
	had   bool   // out holds a previous build: it has the marker file
	lock  *outputLock
	end   sync.Once // lets go of the lock, after removing the staging folder on Abort

	// link is os.Link; tests replace it to take the copy fallback.
	link func(oldname, newname string) error
	// writeFile is os.WriteFile; tests replace it to fill the disk.
	writeFile func(name string, data []byte, perm os.FileMode) error

	bytes atomic.Int64

	mu    sync.Mutex
	done  bool              // Commit or Abort ran
	files map[string]bool   // every file of this build: true when equal to the previous build's
	dirs  map[string]string // every folder this build's files need, with the first file that needed it
	made  map[string]bool   // folders already created in the staging folder
}

// New prepares a build of the output folder out. It refuses what Check's last part refuses
// (a file, a foreign non-empty folder), and removes a staging folder left by a build that was
// killed: its name says it is ours. When out is a symbolic link, the build replaces the
// folder it leads to and the link stays as it is.
//
// Only one Writer at a time, in any process, builds a given output folder: New waits until
// the Writer before it has committed or aborted. It is NewContext with no context and no
// notice.
func New(out string) (*Writer, error) {
	return NewContext(context.Background(), out, nil)
}

// NewContext is New that, when another build holds the output folder, calls waiting (when
// set) once and waits for that build until ctx is done, or fails after a long while saying
// that another build of this output is running.
func NewContext(ctx context.Context, out string, waiting func()) (*Writer, error) {
	abs, err := resolve(out)
	if err != nil {
		return nil, err
	}
	// The output folder's parent may not exist yet: --out deep/new/public is fine. The lock
	// file lives there.
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, failed(out, "cannot create the folder of "+out, err)
	}
	lock, err := lockOutput(ctx, out, abs, waiting)
	if err != nil {
		return nil, err
	}
	w, err := prepare(out, abs)
	if err != nil {
		lock.unlock()
		return nil, err
	}
	w.lock = lock
	return w, nil
}

// prepare is the part of New that runs under the output folder's lock: with no other build
// of it running, whatever staging folder is there was left by a build that died.
func prepare(out, abs string) (*Writer, error) {
	stage := filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".staging")
	// exchangeByRename parks the previous build at stage+".old" for a moment. If a build
	// was killed then, out is missing and that folder is whole: put it back, so this build
	// can still keep unchanged files.
	parked := stage + ".old"
	if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
		_ = os.Rename(parked, abs) // fails harmlessly when nothing is parked
	}
	if err := checkFolder(out, abs); err != nil {
		return nil, err
	}
	for _, dir := range []string{stage, parked} {
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			continue // and RemoveAll would fail on a read-only disk
		}
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("cannot remove the staging folder an earlier build left beside %s: %w", beside(out, abs), cause(err))
		}
	}
	if err := os.Mkdir(stage, 0o755); err != nil {
		return nil, failed(out, "cannot create a staging folder beside "+beside(out, abs), err)
	}
	_, err := os.Lstat(filepath.Join(abs, MarkerFile))
	return &Writer{name: out, out: abs, stage: stage, had: err == nil, link: os.Link, writeFile: os.WriteFile,
		files: map[string]bool{}, dirs: map[string]string{".": ""}, made: map[string]bool{".": true}}, nil
}

// beside names the folder a build of out stages beside, abs, for a message: out, or when out
// is a symbolic link, the folder it leads to, since that is the one whose parent must be
// writable.
func beside(out, abs string) string {
	if info, err := os.Lstat(out); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return abs + " (where " + out + " leads)"
	}
	return out
}

// Write stores one file of the build. file is a slash path relative to the output folder.
// Write refuses a file written twice, and a file that is also a folder of another file of
// the same build ("about" and "about/index.html"), whichever arrives first.
func (w *Writer) Write(file string, data []byte) error {
	if !fs.ValidPath(file) || file == "." {
		return fmt.Errorf("cannot write %q: not a slash path inside the output folder", file)
	}
	if file == MarkerFile || strings.HasPrefix(file, MarkerFile+"/") {
		return fmt.Errorf("cannot write %s: the name is kept for mentorgen's marker file", file)
	}
	same := w.had && w.equal(file, data)
	if err := w.claim(file, same); err != nil {
		return err
	}
	w.bytes.Add(int64(len(data)))
	if same {
		// Linked at Commit, not now: a build where nothing changed then costs only reads.
		return nil
	}
	if err := w.mkdir(path.Dir(file)); err != nil {
		return failed(w.name, "cannot write "+file, err)
	}
	if err := w.writeFile(filepath.Join(w.stage, filepath.FromSlash(file)), data, 0o644); err != nil {
		return failed(w.name, "cannot write "+file, err)
	}
	return nil
}

// equal reports whether the previous build has file with exactly these bytes.
func (w *Writer) equal(file string, data []byte) bool {
	f, err := os.Open(filepath.Join(w.out, filepath.FromSlash(file)))
	if err != nil {
		return false
	}
	defer f.Close()
	// The size first: a changed file usually has another, and then it is not read at all.
	// Open follows a symbolic link, which our builds never make; one put there by hand is
	// kept as it is if its target holds these bytes.
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	// One read into a reused buffer: os.ReadFile would allocate for every file and read
	// again to see the end.
	bp := buffers.Get().(*[]byte)
	defer buffers.Put(bp)
	if cap(*bp) < len(data) {
		*bp = make([]byte, len(data))
	}
	old := (*bp)[:len(data)]
	_, err = io.ReadFull(f, old)
	return err == nil && bytes.Equal(old, data)
}

var buffers = sync.Pool{New: func() any { return new([]byte) }}

// claim records file as part of the build, after checking it against every file recorded
// so far. Both checks happen under one lock, so the order in which files arrive does not
// matter.
func (w *Writer) claim(file string, same bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return fmt.Errorf("cannot write %s: the build was already committed or aborted", file)
	}
	if _, ok := w.files[file]; ok {
		return fmt.Errorf("cannot write %s twice in one build", file)
	}
	if other, ok := w.dirs[file]; ok {
		return clash(file, other)
	}
	for dir := path.Dir(file); dir != "."; dir = path.Dir(dir) {
		if _, ok := w.files[dir]; ok {
			return clash(dir, file)
		}
	}
	w.files[file] = same
	for dir := path.Dir(file); ; dir = path.Dir(dir) {
		if _, ok := w.dirs[dir]; ok {
			break // and so are its parents
		}
		w.dirs[dir] = file
	}
	return nil
}

// clash describes a file that another file of the same build, inside, needs as a folder.
// The message is the same whichever of the two arrived first.
func clash(file, inside string) error {
	return fmt.Errorf("cannot write both %s and %s: %s cannot be a file and a folder at once", file, inside, file)
}

// mkdir creates a folder (a slash path) in the staging folder, once.
func (w *Writer) mkdir(dir string) error {
	w.mu.Lock()
	done := w.made[dir]
	w.mu.Unlock()
	if done {
		return nil
	}
	// MkdirAll is safe when two goroutines make the same folder.
	if err := os.MkdirAll(filepath.Join(w.stage, filepath.FromSlash(dir)), 0o755); err != nil {
		return cause(err)
	}
	w.mu.Lock()
	w.made[dir] = true
	w.mu.Unlock()
	return nil
}

// Commit makes the staged build the output folder and says what changed. When no file
// changed and none went away it touches nothing in the output folder, not even its mtime.
// On Linux the swap is one renameat2(RENAME_EXCHANGE); elsewhere it is three renames, with a
// moment in which the output folder is missing. On an error the output folder is as it was,
// and the staging folder is removed.
func (w *Writer) Commit() (*Manifest, error) {
	w.mu.Lock()
	w.done = true
	m := &Manifest{Bytes: w.bytes.Load()}
	for f, same := range w.files {
		if same {
			m.Unchanged = append(m.Unchanged, f)
		} else {
			m.Written = append(m.Written, f)
		}
	}
	w.mu.Unlock()
	slices.Sort(m.Written)
	slices.Sort(m.Unchanged)
	m, err := w.commit(m)
	if err != nil {
		w.Abort()
		return nil, err
	}
	w.end.Do(w.lock.unlock)
	return m, nil
}

func (w *Writer) commit(m *Manifest) (*Manifest, error) {
	if w.had {
		removed, err := w.removed()
		if err != nil {
			return nil, err
		}
		m.Removed = removed
		if len(m.Written) == 0 && len(m.Removed) == 0 {
			return m, os.RemoveAll(w.stage)
		}
	}
	for _, f := range m.Unchanged {
		if err := w.keep(f); err != nil {
			return nil, failed(w.name, "cannot keep the unchanged file "+f, err)
		}
	}
	if err := os.WriteFile(filepath.Join(w.stage, MarkerFile), []byte(markerText), 0o644); err != nil {
		return nil, failed(w.name, "cannot write "+MarkerFile, err)
	}
	if !w.had {
		// out is missing or an empty folder (checked by New); os.Remove would also delete a
		// file, so look first.
		if info, err := os.Lstat(w.out); err == nil {
			if !info.IsDir() {
				return nil, fmt.Errorf("--out %s is a file, not a folder: remove it or choose another --out", w.name)
			}
			if err := os.Remove(w.out); err != nil {
				return nil, fmt.Errorf("cannot replace the empty output folder %s: %w", w.name, cause(err))
			}
		}
		if err := os.Rename(w.stage, w.out); err != nil {
			return nil, fmt.Errorf("cannot move the new build into %s: %w", w.name, cause(err))
		}
		return m, nil
	}
	if err := exchange(w.stage, w.out); err != nil {
		return nil, failed(w.name, "cannot swap the new build into "+w.name, err)
	}
	// The previous build now sits in the staging folder. The new one is in place whatever
	// happens here, and the next New removes what is left.
	_ = os.RemoveAll(w.stage)
	return m, nil
}

// removed lists the files of the previous build that this build did not produce.
func (w *Writer) removed() ([]string, error) {
	var removed []string
	err := filepath.WalkDir(w.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(w.out, p)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); rel == MarkerFile {
			return nil
		}
		if _, ok := w.files[rel]; !ok {
			removed = append(removed, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read the previous build in %s: %w", w.name, cause(err))
	}
	// WalkDir sorts the names within each folder, so it lists "a/b" before "a.b"; the
	// manifest sorts whole paths, like Written and Unchanged.
	slices.Sort(removed)
	return removed, nil
}

// keep puts the previous build's copy of an unchanged file into the staging folder. A hard
// link keeps its inode and mtime, and creates no inode: creating tens of thousands of files
// right after deleting as many is slow on common Linux disks (shared/bench/RESULTS.md,
// "Conditions"). Where links are not possible, a copy with the old mtime keeps deploys
// incremental.
func (w *Writer) keep(file string) error {
	if err := w.mkdir(path.Dir(file)); err != nil {
		return err
	}
	src := filepath.Join(w.out, filepath.FromSlash(file))
	dst := filepath.Join(w.stage, filepath.FromSlash(file))
	if w.link(src, dst) == nil {
		return nil
	}
	return cause(copyFile(src, dst))
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err := errors.Join(err, out.Close()); err != nil {
		return err
	}
	return os.Chtimes(dst, time.Time{}, info.ModTime()) // the zero atime is left alone
}

// Abort removes the staging folder. The output folder is left as it was. After Commit it
// does nothing: the staging folder may then be another build's.
func (w *Writer) Abort() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
	w.end.Do(func() {
		_ = os.RemoveAll(w.stage)
		w.lock.unlock()
	})
}

// failed says what went wrong writing a build into out, and what to do about it. The previous
// build is untouched whatever it was: nothing reaches out before Commit swaps it in.
func failed(out, what string, err error) error {
	err = cause(err)
	todo := "fix that and build again"
	switch {
	case errors.Is(err, syscall.ENOSPC):
		todo = "free some space and build again"
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		todo = "make the folder writable, or choose another --out"
	}
	return fmt.Errorf("%s: %w: %s; the previous site in %s is untouched", what, err, todo, out)
}

// cause strips the path from an *fs.PathError or *os.LinkError. Their paths name the
// staging folder, which the caller never sees; our messages name the file relative to the
// output folder instead.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
