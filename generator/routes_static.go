package generator

import "io/fs"

// staticRoutes copies the files of static/ and the files beside pages, as they are.
func staticRoutes(o *Output) []Route {
	out := make([]Route, 0, len(o.Site.Files))
	for _, f := range o.Site.Files {
		src := f.Src
		out = append(out, Route{Path: f.Path, Kind: RouteStatic, Src: src, from: origin{file: src},
			produce: func(site fs.FS) ([]byte, error) { return fs.ReadFile(site, src) }})
	}
	return out
}
