package generator

import (
	"io/fs"
	"path"
	"strings"

	"mentorgen/generator/photos"
)

// staticRoutes copies the files of static/ and the files beside pages, as they are, except
// that a JPEG or PNG loses its metadata (EXIF with a GPS position, XMP, comments), its
// picture kept byte for byte: a camera photo used in a tip tells no one where it was taken.
func staticRoutes(o *Output) []Route {
	out := make([]Route, 0, len(o.Site.Files))
	for _, f := range o.Site.Files {
		src := f.Src
		strip := false
		switch strings.ToLower(path.Ext(src)) {
		case ".jpg", ".jpeg", ".png":
			strip = true
		}
		out = append(out, Route{Path: f.Path, Kind: RouteStatic, Src: src, from: origin{file: src},
			produce: func(site fs.FS) ([]byte, error) {
				data, err := fs.ReadFile(site, src)
				if err != nil || !strip {
					return data, err
				}
				return photos.Strip(src, data), nil
			}})
	}
	return out
}
