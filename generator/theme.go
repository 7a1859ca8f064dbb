package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Theme is the parsed set of layouts and the fingerprinted assets, built once per build (and
// again in the preview server only when a layout changes).
type Theme struct {
	layouts  map[string]*template.Template // by layout file: "mentors/single.html"
	partials *template.Template            // baseof and partials alone, for cached fragments
	assets   map[string]*Asset             // by name under assets/: "style.css"
	minify   *minify.M                     // nil with --no-minify
}

// Asset is a theme file served under a content-hashed name, so browsers may cache it forever.
type Asset struct {
	Name string // style.css
	Path string // site path: /assets/style.3f2a9c1e.css
	Data []byte
}

// overlayFS serves a site's own layouts/ over the built-in theme, file by file.
type overlayFS struct{ site, builtin fs.FS }

func (o overlayFS) Open(name string) (fs.File, error) {
	if o.site != nil {
		if f, err := o.site.Open(name); err == nil {
			return f, nil
		}
	}
	return o.builtin.Open(name)
}

// layoutFiles lists the files of both layers, without duplicates.
func (o overlayFS) files() []string {
	seen := map[string]bool{}
	for _, layer := range []fs.FS{o.site, o.builtin} {
		if layer == nil {
			continue
		}
		_ = fs.WalkDir(layer, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasPrefix(path.Base(p), ".") {
				seen[p] = true
			}
			return nil
		})
	}
	return sortedKeys(seen)
}

// LoadTheme parses the layouts: those of the site (siteLayouts, may be nil) replace the
// built-in ones of the same name. Template errors name the layout file and line. With minify,
// assets are minified and rendered pages will be.
func LoadTheme(siteLayouts, builtin fs.FS, minify bool) (*Theme, Diagnostics) {
	o := overlayFS{site: siteLayouts, builtin: builtin}
	t := &Theme{layouts: map[string]*template.Template{}, assets: map[string]*Asset{}}
	if minify {
		t.minify = newMinifier()
	}
	var diags Diagnostics
	base := template.New("").Funcs(templateFuncMap)
	var pageLayouts []string
	files := o.files()
	for _, f := range files {
		switch {
		case strings.HasPrefix(f, "assets/"):
			data, err := fs.ReadFile(o, f)
			if err != nil {
				diags = append(diags, Diagnostic{File: "layouts/" + f, Code: "read-error", Msg: "cannot read: " + cleanFSError(err)})
				continue
			}
			t.addAsset(strings.TrimPrefix(f, "assets/"), data)
		case !strings.HasSuffix(f, ".html"):
		case f == "_default/baseof.html" || strings.HasPrefix(f, "partials/"):
			if err := parseLayout(base, o, f); err != nil {
				diags = append(diags, templateDiag(f, err))
			}
		default:
			pageLayouts = append(pageLayouts, f)
		}
	}
	if base.Lookup("_default/baseof.html") == nil {
		diags = append(diags, Diagnostic{File: "layouts/_default/baseof.html", Code: "layout-missing", Msg: "the base layout is missing"})
		return t, diags
	}
	for _, f := range append(pageLayouts, "") {
		set, err := base.Clone()
		if f == "" {
			t.partials = set
			break
		}
		if err == nil {
			err = parseLayout(set, o, f)
		}
		if err != nil {
			diags = append(diags, templateDiag(f, err))
			continue
		}
		t.layouts[f] = set
	}
	return t, diags
}

func parseLayout(set *template.Template, fsys fs.FS, name string) error {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	_, err = set.New(name).Parse(string(src))
	return err
}

// templateErrRE matches text/template's "template: NAME:LINE:COL: msg" and html/template's
// "html/template:NAME:LINE:COL: msg", which has no space (a call of a missing partial).
var templateErrRE = regexp.MustCompile(`template: ?([^:]+):(\d+):(?:(\d+):)? ?(.*)`)

var missingTemplateRE = regexp.MustCompile(`no such template "([^"]+)"`)

// templateDiag turns an html/template error into a diagnostic on the layout file.
func templateDiag(file string, err error) Diagnostic {
	msg := err.Error()
	d := Diagnostic{File: "layouts/" + file, Code: "template-parse", Msg: msg}
	if m := templateErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		d = Diagnostic{File: "layouts/" + m[1], Line: line, Col: col, Code: "template-parse", Msg: strings.TrimSpace(m[4])}
	}
	switch {
	case strings.Contains(d.Msg, `function "partial" not defined`):
		d.Hint = `call a partial as {{ template "partials/NAME.html" . }}`
	case missingTemplateRE.MatchString(d.Msg):
		d.Hint = "add layouts/" + missingTemplateRE.FindStringSubmatch(d.Msg)[1] + " to the site, or correct the name"
	}
	return d
}

func (t *Theme) addAsset(name string, data []byte) {
	mime := mimeByExt(name)
	if t.minify != nil && (mime == "text/css" || mime == "application/javascript" || mime == "image/svg+xml") {
		if out, err := t.minify.Bytes(mime, data); err == nil {
			data = out
		}
	}
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	p := "/assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
	if mime != "text/css" && mime != "application/javascript" {
		p = "/assets/" + name // images keep their names: favicons are looked up by name
	}
	t.assets[name] = &Asset{Name: name, Path: p, Data: data}
}

// Assets returns the theme's assets sorted by name.
func (t *Theme) Assets() []*Asset {
	out := make([]*Asset, 0, len(t.assets))
	for _, k := range sortedKeys(t.assets) {
		out = append(out, t.assets[k])
	}
	return out
}

// lookup returns the first layout that exists among names.
func (t *Theme) lookup(names ...string) (string, *template.Template) {
	for _, n := range names {
		if set := t.layouts[n]; set != nil {
			return n, set
		}
	}
	return "", nil
}

func (t *Theme) execute(w *bytes.Buffer, data any, names ...string) error {
	name, set := t.lookup(names...)
	if set == nil {
		return Diagnostic{File: "layouts/" + names[0], Code: "layout-missing", Msg: "layout is missing", Hint: "none of " + strings.Join(names, ", ") + " exists"}
	}
	if err := set.ExecuteTemplate(w, "_default/baseof.html", data); err != nil {
		d := templateDiag(name, err)
		d.Code = "template-exec"
		return d
	}
	return nil
}

// Error lets a Diagnostic travel as an error from rendering.
func (d Diagnostic) Error() string { return d.String() }

func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("application/xml", xml.Minify)
	m.AddFunc("application/atom+xml", xml.Minify)
	return m
}

// minifyBytes minifies data of the given file type, or returns it as is.
func (t *Theme) minifyBytes(file string, data []byte) ([]byte, error) {
	if t.minify == nil {
		return data, nil
	}
	mime := mimeByExt(file)
	switch mime {
	case "text/html", "application/json", "application/xml", "image/svg+xml":
	default:
		return data, nil
	}
	out, err := t.minify.Bytes(mime, data)
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", file, err)
	}
	return out, nil
}
