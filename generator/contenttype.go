package generator

import (
	"path"
	"strings"
)

// contentTypes maps output file extensions to the content types build, serve and deploy give
// them. It is our own table, the same on every machine: mime.TypeByExtension reads the
// system's, which differ.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".json": "application/json", ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
	".md": "text/markdown; charset=utf-8", ".csv": "text/csv; charset=utf-8",
	".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
	".gif": "image/gif", ".ico": "image/x-icon", ".avif": "image/avif",
	".woff2": "font/woff2", ".woff": "font/woff", ".pdf": "application/pdf",
	".webmanifest": "application/manifest+json", ".wasm": "application/wasm",
}

// contentTypesByName are the types of files that hosts read by their whole name, which
// have no extension to go by.
var contentTypesByName = map[string]string{
	"_headers": "text/plain; charset=utf-8", "_redirects": "text/plain; charset=utf-8",
}

// ContentType returns the content type of an output file, by its extension (or, for
// _headers and _redirects, its name); application/octet-stream when neither is known.
func ContentType(file string) string {
	if t, ok := LookupContentType(file); ok {
		return t
	}
	return "application/octet-stream"
}

// LookupContentType is ContentType, with false when the type is not known by the file's
// name, so that a caller holding the bytes can sniff them instead.
func LookupContentType(file string) (string, bool) {
	if t, ok := contentTypesByName[path.Base(file)]; ok {
		return t, true
	}
	t, ok := contentTypes[strings.ToLower(path.Ext(file))]
	return t, ok
}

// mimeByExt is ContentType without parameters, as the minifier names its types.
func mimeByExt(file string) string {
	t, _, _ := strings.Cut(ContentType(file), ";")
	switch t {
	case "text/javascript":
		return "application/javascript"
	case "application/atom+xml":
		return "application/xml"
	}
	return t
}
