// Package preview is mentorgen's preview server: it watches a site folder, re-reads only what
// changed, serves every route from memory through the same route table as build, pushes
// reloads to open pages over Server-Sent Events, and shows problems in an overlay while it
// keeps serving the last good version.
package preview

import (
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/fsnotify/fsnotify"

	"mentorgen/generator"
)

// Event is one file-system event, with a slash path relative to the site folder.
type Event struct {
	Path string
	Op   fsnotify.Op
}

// Plan turns a burst of events into what the site must re-read. It is pure: the order of the
// events, duplicates and the intermediate steps of an editor's atomic save (write a temporary
// file, rename the original away, rename the temporary over it, delete the backup) do not
// matter, because Plan only names paths and Session.Update reads what is there afterwards.
// Attribute changes alone (chmod, touch) and editors' temporary and backup files are ignored.
func Plan(events []Event) generator.Changes {
	var c generator.Changes
	for _, e := range events {
		if e.Op&^fsnotify.Chmod == 0 {
			continue // attributes only: the bytes did not change
		}
		p := path.Clean(strings.TrimPrefix(e.Path, "./"))
		if p == "." || p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") || ignored(p) {
			continue
		}
		top, _, _ := strings.Cut(p, "/")
		switch top {
		case "site.yaml":
			if p == top {
				c.Config = true
			}
		case "content":
			c.Content = append(c.Content, p)
		case "layouts":
			c.Layouts = append(c.Layouts, p)
		case "static":
			c.Static = append(c.Static, p)
		}
	}
	c.Content, c.Layouts, c.Static = unique(c.Content), unique(c.Layouts), unique(c.Static)
	return c
}

// ignored reports whether a path is an editor's scratch file, or hidden where the generator
// does not read hidden files (static/ copies hidden folders such as .well-known).
func ignored(p string) bool {
	base := path.Base(p)
	switch {
	case strings.HasSuffix(base, "~"), // vim and emacs backups
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"),
		strings.HasSuffix(base, ".swpx"),                                                 // vim swap files
		strings.HasPrefix(base, ".#"),                                                    // emacs locks
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),                     // emacs auto-saves
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"), // JetBrains safe write
		base == ".DS_Store", base == "Thumbs.db",
		allDigits(base): // vim's probe that a folder is writable: 4913, 5036, …
		return true
	}
	if strings.HasPrefix(p, "static/") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func unique(ps []string) []string {
	if len(ps) == 0 {
		return nil
	}
	sort.Strings(ps)
	return slices.Compact(ps)
}

// cssOnly reports whether every change is to a stylesheet: then open pages swap their
// stylesheets instead of reloading.
func cssOnly(c generator.Changes) bool {
	if c.Config || len(c.Content) > 0 || len(c.Layouts)+len(c.Static) == 0 {
		return false
	}
	for _, p := range c.Layouts {
		if !strings.HasPrefix(p, "layouts/assets/") || path.Ext(p) != ".css" {
			return false
		}
	}
	for _, p := range c.Static {
		if path.Ext(p) != ".css" {
			return false
		}
	}
	return true
}

// describe names the changes for the terminal: one file, or the first few and a count. It
// leaves out the folders of listed files, and names without an extension that are gone (the
// temporary files of tools such as sed -i).
func describe(c generator.Changes, exists func(string) bool) string {
	var all []string
	if c.Config {
		all = append(all, "site.yaml")
	}
	listed := append(append(append([]string(nil), c.Content...), c.Layouts...), c.Static...)
	for i, p := range listed {
		if i+1 < len(listed) && strings.HasPrefix(listed[i+1], p+"/") {
			continue // a folder of the next path (the lists are sorted)
		}
		if path.Ext(p) == "" && exists != nil && !exists(p) && path.Dir(p) != "." {
			continue
		}
		all = append(all, p)
	}
	switch n := len(all); {
	case n == 0:
		return describeFallback(listed)
	case n <= 3:
		return strings.Join(all, ", ")
	default:
		return strings.Join(all[:2], ", ") + " and " + strconv.Itoa(n-2) + " more"
	}
}

func describeFallback(listed []string) string {
	if len(listed) == 0 {
		return "nothing"
	}
	return listed[0]
}
