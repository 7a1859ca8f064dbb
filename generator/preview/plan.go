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
// Attribute changes alone (chmod, touch) are ignored, and so is every path that
// generator.InputArea says is no site input: Plan has no rule of its own.
func Plan(events []Event) generator.Changes {
	var c generator.Changes
	for _, e := range events {
		if e.Op&^fsnotify.Chmod == 0 {
			continue // attributes only: the bytes did not change
		}
		p := path.Clean(strings.TrimPrefix(e.Path, "./"))
		switch generator.InputArea(p) {
		case generator.AreaConfig:
			c.Config = true
		case generator.AreaContent:
			c.Content = append(c.Content, p)
		case generator.AreaLayouts:
			c.Layouts = append(c.Layouts, p)
		case generator.AreaStatic:
			c.Static = append(c.Static, p)
		}
	}
	c.Content, c.Layouts, c.Static = unique(c.Content), unique(c.Layouts), unique(c.Static)
	return c
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

// goneScratch reports whether every change is to a file without an extension that is gone
// again: vim's probe that a folder is writable (4913, 5036, …) or a tool's temporary file.
func goneScratch(c generator.Changes, exists func(string) bool) bool {
	if c.Config || c.Empty() {
		return false
	}
	for _, l := range [][]string{c.Content, c.Layouts, c.Static} {
		for _, p := range l {
			if path.Ext(p) != "" || exists(p) {
				return false
			}
		}
	}
	return true
}

func describeFallback(listed []string) string {
	if len(listed) == 0 {
		return "nothing"
	}
	return listed[0]
}
