package generator

import (
	"path"
	"strings"
)

// Area is the part of a site folder a path belongs to.
type Area int

const (
	AreaNone    Area = iota // not a site input: outside the four areas, hidden, or an editor's scratch file
	AreaConfig              // site.yaml
	AreaContent             // content/…: .md files are pages, other files are copied beside them
	AreaLayouts             // layouts/…: the site's own theme files
	AreaStatic              // static/…: copied as they are
)

// InputArea is the one rule that says which files are site inputs. Load, the preview's
// Session, its event planner and its file watcher all ask it, so a file that one of them
// reads is a file that the others watch and publish.
//
// p is a slash path relative to the site folder; folders may be asked about too. Hidden names
// (a leading dot) are never inputs, at any depth, with one exception: static/.well-known/,
// which hosts must serve (security.txt, ACME challenges, app links). Editors' swap, backup
// and lock files are never inputs either.
func InputArea(p string) Area {
	p = strings.TrimPrefix(path.Clean(p), "./")
	top, rest, _ := strings.Cut(p, "/")
	var area Area
	switch top {
	case "site.yaml":
		if rest == "" {
			return AreaConfig
		}
		return AreaNone
	case "content":
		area = AreaContent
	case "layouts":
		area = AreaLayouts
	case "static":
		area = AreaStatic
	default:
		return AreaNone
	}
	if rest == "" {
		return area
	}
	parts := strings.Split(rest, "/")
	for i, part := range parts {
		if part == "" || part == ".." {
			return AreaNone
		}
		if strings.HasPrefix(part, ".") && !(area == AreaStatic && i == 0 && part == ".well-known") {
			return AreaNone
		}
	}
	if scratchFile(parts[len(parts)-1]) {
		return AreaNone
	}
	return area
}

// scratchFile reports whether a file name is an editor's temporary, swap, backup or lock file.
func scratchFile(base string) bool {
	switch {
	case strings.HasSuffix(base, "~"), // vim and emacs backups
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"),
		strings.HasSuffix(base, ".swpx"),                                                 // vim swap files
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),                     // emacs auto-saves
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"), // JetBrains safe write
		base == "Thumbs.db", base == "desktop.ini":
		return true
	}
	return false
}
