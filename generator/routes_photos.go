package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"mentorgen/generator/photos"
)

// photoSizes are the sizes, in device pixels, at which a mentor photo is published: the
// theme shows it as a 4rem circle on cards and a 10rem one (6rem on narrow screens) on the
// profile (layouts/assets/style.css, .avatar), and each at 1× and 2×. A 6rem avatar takes
// the 128 or the 320 one.
var photoSizes = []int{64, 128, 160, 320}

// photoRoutes publishes each mentor photo at photoSizes, as centred squares re-encoded with
// no metadata, beside the profile: /mentors/ana/photo-64.jpg. A route at the original's own
// URL replaces the static file there (Routes settles it), and serves the largest size, or,
// when site.yaml asks for originals, the whole picture, upright and re-encoded. Image work happens in produce, when a
// route is rendered, once per photo content, and is cached on disk by content hash.
func photoRoutes(o *Output) []Route {
	s := o.Site
	src := make(map[string]string, len(s.Files)) // site path → path in the site fs
	for _, f := range s.Files {
		src[f.Path] = f.Src
	}
	w := &photoWork{cache: photos.Cache{Dir: photos.DefaultDir()}, originals: s.Config.Photos.Originals}
	var out []Route
	for _, p := range s.Mentors {
		orig := s.PhotoPath(p)
		file, ok := src[orig]
		if orig == "" || !ok {
			continue
		}
		f := photoFormat(orig)
		for _, size := range photoSizes {
			out = append(out, w.route(p, photoPath(p, size, f), file, size, f))
		}
		// The original's own URL keeps working (JSON-LD, links in a bio) but serves the
		// largest size, or the whole picture re-encoded when site.yaml asks for originals.
		full := photoSizes[len(photoSizes)-1]
		if w.originals {
			full = 0
		}
		r := w.route(p, orig, file, full, f)
		if !strings.HasSuffix(strings.ToLower(orig), f.Ext()) && !(f == photos.JPEG && strings.HasSuffix(strings.ToLower(orig), ".jpeg")) {
			// A WebP or GIF original cannot be re-encoded as itself: its URL is withdrawn
			// (the route replaces the static file, and is dropped).
			r.reserveOnly = true
		}
		out = append(out, r)
	}
	return out
}

// photoFormat is the format a photo is published in, from its name: PNG for a PNG (the
// format of pictures with transparency), JPEG for every other.
func photoFormat(name string) photos.Format {
	if strings.EqualFold(path.Ext(name), ".png") {
		return photos.PNG
	}
	return photos.JPEG
}

// photoPath is the site path of p's photo at a size: /mentors/ana/photo-64.jpg.
func photoPath(p *Page, size int, f photos.Format) string {
	return strings.TrimSuffix(p.Path, "/") + "/photo" + photos.SizeName(size) + f.Ext()
}

// photoWork is the image work of one Output, each piece done once.
type photoWork struct {
	cache     photos.Cache
	originals bool
	keys      onceMap[string]         // by file: its content key, after a header check
	made      onceMap[map[int][]byte] // by key and format: what the cache could not keep
}

// onceMap runs a function once per key, and keeps its results.
type onceMap[V any] struct {
	mu sync.Mutex
	m  map[string]func() (V, error)
}

func (o *onceMap[V]) do(k string, f func() (V, error)) (V, error) {
	o.mu.Lock()
	if o.m == nil {
		o.m = map[string]func() (V, error){}
	}
	g, ok := o.m[k]
	if !ok {
		g = sync.OnceValues(f)
		o.m[k] = g
	}
	o.mu.Unlock()
	return g()
}

func (w *photoWork) route(p *Page, sitePath, file string, size int, f photos.Format) Route {
	what := fmt.Sprintf("the %d px photo of %s", size, p.File)
	if size == 0 {
		what = "the photo of " + p.File
	}
	return Route{Path: sitePath, Kind: RoutePhoto, Src: file, what: what, from: origin{page: p, key: "photo"},
		produce: func(site fs.FS) ([]byte, error) {
			data, err := w.produce(site, file, size, f)
			if err != nil {
				d := origin{page: p, key: "photo"}.diag()
				d.Code = "photo-process"
				d.Msg = fmt.Sprintf("photo: %s %s", file, err)
				d.Hint = photoErrHint(err)
				return nil, d
			}
			return data, nil
		}}
}

// produce returns a photo at a size: from the cache, or made (every size at once) and cached.
func (w *photoWork) produce(site fs.FS, file string, size int, f photos.Format) ([]byte, error) {
	key, err := w.keys.do(file, func() (string, error) { return photoKey(site, file) })
	if err != nil {
		return nil, err
	}
	if b, ok := w.cache.Get(key, size, f); ok {
		return b, nil
	}
	mem, err := w.made.do(key+f.Ext(), func() (map[int][]byte, error) { return w.make(site, file, key, f) })
	if err != nil {
		return nil, err
	}
	if b, ok := mem[size]; ok {
		return b, nil
	}
	if b, ok := w.cache.Get(key, size, f); ok {
		return b, nil
	}
	return nil, errors.New("was processed, but its cached file is gone; build again")
}

// make decodes a photo and encodes every size, into the cache; what the cache cannot keep
// (there is no cache folder, or it is read-only) comes back in memory.
func (w *photoWork) make(site fs.FS, file, key string, f photos.Format) (map[int][]byte, error) {
	data, err := fs.ReadFile(site, file)
	if err != nil {
		return nil, err
	}
	sizes := photoSizes
	if w.originals {
		sizes = append(sizes[:len(sizes):len(sizes)], 0)
	}
	out, err := photos.Make(data, f, sizes)
	if err != nil {
		return nil, err
	}
	mem := map[int][]byte{}
	for i, size := range sizes {
		if !w.cache.Put(key, size, f, out[i]) {
			mem[size] = out[i]
		}
	}
	return mem, nil
}

// photoKey reads a photo, checks its header, and returns its content key.
func photoKey(site fs.FS, file string) (string, error) {
	data, err := fs.ReadFile(site, file)
	if err != nil {
		return "", err
	}
	if _, err := photos.Check(data); err != nil {
		return "", err
	}
	return photos.Key(data), nil
}

func photoErrHint(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "megapixels"):
		return fmt.Sprintf("export it smaller (the theme shows it at %d px at most), or remove the photo line", photoSizes[len(photoSizes)-1])
	case strings.Contains(msg, "is not a JPEG"):
		return "export it as JPEG or PNG, or remove the photo line to show initials instead"
	}
	return "export it again as JPEG or PNG, or remove the photo line to show initials instead"
}
