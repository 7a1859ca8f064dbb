package preview

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"mentorgen/generator"
)

// Debounce timings. An editor's save is a burst of events a few milliseconds long; the batch
// closes once the folder has been quiet for Quiet, and never later than Max after its first
// event, so a long stream of changes (a git checkout) still shows progress. When a file named
// in a Remove or Rename is missing when the batch closes, it waits Settle once more: an atomic
// save may have renamed the original away and not yet moved the new file in.
type Debounce struct {
	Quiet, Max, Settle time.Duration
}

// DefaultDebounce suits local disks: saves show within about 10 ms.
var DefaultDebounce = Debounce{Quiet: 10 * time.Millisecond, Max: 300 * time.Millisecond, Settle: 40 * time.Millisecond}

// Watch watches the site folder dir until ctx is done and calls batch with each debounced
// burst of events (paths relative to dir, with slashes). It watches dir itself (for site.yaml,
// and for content/, layouts/ or static/ appearing) and every folder under content/, layouts/
// and static/, adding folders as they are created and dropping them as they go; fsnotify is
// not recursive. batch runs on Watch's goroutine; events that arrive meanwhile wait for the
// next batch. warn receives problems that do not stop watching, such as the system's limit on
// watched folders.
func Watch(ctx context.Context, dir string, d Debounce, batch func([]Event), warn func(string)) error {
	w, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return err
	}
	defer w.Close()
	ww := &watcher{w: w, dir: dir, warn: warn}
	if err := w.Add(dir); err != nil {
		return err
	}
	for _, top := range []string{"content", "layouts", "static"} {
		ww.addTree(top)
	}
	events := make(chan Event, 1024)
	go func() {
		defer close(events)
		for {
			select {
			case <-ctx.Done():
				return
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				if errors.Is(err, fsnotify.ErrEventOverflow) {
					// The kernel dropped events: re-read everything rather than miss a change.
					select {
					case events <- Event{Path: "site.yaml", Op: fsnotify.Write}:
					case <-ctx.Done():
						return
					}
				} else if warn != nil {
					warn("watching: " + err.Error())
				}
			case e, ok := <-w.Events:
				if !ok {
					return
				}
				rel, err := filepath.Rel(dir, e.Name)
				if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
					continue
				}
				rel = filepath.ToSlash(rel)
				switch {
				case e.Has(fsnotify.Create):
					ww.addTree(rel) // a new folder (or one moved in): watch it and all below
				case e.Has(fsnotify.Remove) || e.Has(fsnotify.Rename):
					ww.dropTree(e.Name) // a folder moved away keeps its watches under the old name
				}
				if generator.InputArea(rel) == generator.AreaNone {
					continue // Plan drops it anyway; it must not hold a batch open (a swap file's writes)
				}
				select {
				case events <- Event{Path: rel, Op: e.Op}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	exists := func(p string) bool {
		_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p)))
		return err == nil
	}
	debounce(ctx, events, d, exists, batch)
	return nil
}

type watcher struct {
	w    *fsnotify.Watcher
	dir  string
	warn func(string)
	full bool // the watch limit was hit and reported
}

// addTree watches rel (a slash path under dir) and every folder below it that
// generator.InputArea calls an input: content/, layouts/ and static/ and their folders, but
// not hidden ones (.git, .cache, .obsidian), except static/.well-known.
func (ww *watcher) addTree(rel string) {
	if generator.InputArea(rel) == generator.AreaNone {
		return
	}
	root := filepath.Join(ww.dir, filepath.FromSlash(rel))
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root {
			r, err := filepath.Rel(ww.dir, p)
			if err != nil || generator.InputArea(filepath.ToSlash(r)) == generator.AreaNone {
				return filepath.SkipDir
			}
		}
		if err := ww.w.Add(p); err != nil {
			if errors.Is(err, syscall.ENOSPC) && !ww.full && ww.warn != nil {
				ww.full = true
				ww.warn("cannot watch more folders (raise fs.inotify.max_user_watches); changes under " +
					filepath.ToSlash(p) + " and later new folders will not show until restart")
			}
			return filepath.SkipDir
		}
		return nil
	})
}

// dropTree stops watching a folder that was removed or renamed, and every folder below it.
func (ww *watcher) dropTree(name string) {
	prefix := name + string(filepath.Separator)
	for _, p := range ww.w.WatchList() {
		if p == name || strings.HasPrefix(p, prefix) {
			_ = ww.w.Remove(p)
		}
	}
}

// debounce gathers events into batches (see Debounce) and calls batch with each, until in is
// closed or ctx is done. exists reports whether a path is there now.
func debounce(ctx context.Context, in <-chan Event, d Debounce, exists func(string) bool, batch func([]Event)) {
	var pending []Event
	var first time.Time
	settled := false
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-in:
			if !ok {
				return
			}
			now := time.Now()
			if len(pending) == 0 {
				first, settled = now, false
			}
			pending = append(pending, e)
			wait := d.Quiet
			if deadline := first.Add(d.Max); now.Add(wait).After(deadline) {
				wait = max(deadline.Sub(now), 0)
			}
			timer.Reset(wait)
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			if !settled && time.Since(first) < d.Max && savingMidway(pending, exists) {
				settled = true
				timer.Reset(d.Settle)
				continue
			}
			b := pending
			pending = nil
			batch(b)
		}
	}
}

// savingMidway reports whether a file (a name with an extension) that an event removed or
// renamed away is missing: the tail of an atomic save may still be on its way.
func savingMidway(events []Event, exists func(string) bool) bool {
	for _, e := range events {
		if e.Op.Has(fsnotify.Remove) || e.Op.Has(fsnotify.Rename) {
			if path.Ext(e.Path) != "" && generator.InputArea(e.Path) != generator.AreaNone && !exists(e.Path) {
				return true
			}
		}
	}
	return false
}
