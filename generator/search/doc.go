// Package search builds the site's search index: plain documents in, a set of small static
// JSON files out, which the browser engine (layouts/assets/search-core.js) queries without
// a server. It knows nothing of pages or routes: the route provider turns pages into
// Documents, and serves the files a Plan names.
//
// Ranking is BM25 with field weights (title > keywords > summary > body), computed here and
// quantized per (term, document), so a browser only adds integers. Terms are split into
// buckets of about equal size; each bucket also carries the records and snippets
// of each term's ten best documents, so a one-word query needs the manifest and one bucket.
// FORMAT.md describes every file.
package search

// Document is one searchable page in plain values (the package never sees the generator's
// *Page).
type Document struct {
	Kind     string              // "mentor", "program", "tip", "page"
	Title    string              // weighted first; for a mentor, the full name
	Person   bool                // Title is a person's name: a query of exactly its words puts this document first
	Keywords []string            // expertise labels, role, company, tags: weighted second
	Summary  string              // weighted third; also the snippet when no better one is found
	Body     string              // plain text; weighted last
	Show     map[string]any      // copied into the result record; the keys of Reserved are the package's
	Facets   map[string][]string // facet name → value keys (for filters); nil for pages without facets
}

// Facet is one filter of the directory.
type Facet struct {
	Name   string            // "expertise": key in Document.Facets and in URLs
	Label  string            // "Expertise"
	Values map[string]string // value key → display label (missing: show the key)
}

// Reserved lists the record keys the package writes itself; a Show key of the same name is
// dropped: "k" the kind, "t" the title, "s" the snippet.
var Reserved = []string{"k", "t", "s"}
