package generator

import "io/fs"

// assetRoutes serves the theme's assets: stylesheets and scripts under content-hashed names,
// images under their own. A file of the same path under static/ replaces one.
func assetRoutes(o *Output) []Route {
	var out []Route
	for _, a := range o.Theme.Assets() {
		a := a
		out = append(out, Route{Path: a.Path, Kind: RouteAsset, what: "the theme asset " + a.Name,
			produce: func(fs.FS) ([]byte, error) { return a.Data, nil }})
	}
	return out
}
