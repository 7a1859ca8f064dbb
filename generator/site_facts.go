package generator

import (
	"maps"
	"reflect"
	"slices"
	"time"
)

// pageFacts is everything about a page that Assemble's work across pages depends on: whether
// it is published, where, under which other URLs, how it sorts, which terms and headings it
// has, its photo. It is made with the helpers Assemble itself uses (exclusion, aliasPath, the
// taxonomy definitions), and it is how the preview's Session decides that an edit can skip a
// full Assemble: when a re-parsed page has the facts of the page it replaces, every list,
// section, taxonomy and link of the site stays as it was, and only the page itself changes.
//
// A new input of Assemble's must be added here; TestSessionSchemaEdits edits every front
// matter key of every kind and compares the preview's routes with a full build, so a fact
// that is missing shows up there.
type pageFacts struct {
	excluded string // why the page is not published, or ""
	file     string
	path     string
	kind     Kind
	section  string
	bundle   bool
	title    string
	weight   int
	date     time.Time // UTC
	aliases  []string  // as served
	terms    [][]string
	anchors  []string // sorted heading ids, which links from other pages may name
	photo    string   // as written
	latin    string   // the mentor's name_latin, which the directory sorts by
}

func factsOf(p *Page, opts Options, now time.Time) pageFacts {
	f := pageFacts{excluded: exclusion(p, opts, now), file: p.File, path: p.Path, kind: p.Kind, section: p.Section,
		bundle: p.Bundle, title: p.Title, weight: p.Weight, date: p.Date.UTC(), anchors: sortedKeys(p.anchors)}
	for _, a := range p.Aliases {
		f.aliases = append(f.aliases, aliasPath(p, a))
	}
	for _, def := range taxonomyDefs {
		f.terms = append(f.terms, slices.Clone(def.values(p)))
	}
	// The site's own taxonomies (site.yaml): a change of site.yaml assembles in full anyway.
	f.terms = append(f.terms, slices.Clone(p.Categories))
	for _, k := range sortedKeys(p.Terms) {
		f.terms = append(f.terms, append([]string{k + ":"}, p.Terms[k]...))
	}
	if p.Mentor != nil {
		f.photo, f.latin = p.Mentor.Photo, p.Mentor.NameLatin
	}
	return f
}

func (f pageFacts) equal(g pageFacts) bool { return reflect.DeepEqual(f, g) }

// withPages returns a copy of the site in which each page o of repl is replaced by repl[o],
// wherever the site lists it. The pages must have equal facts (see pageFacts), so no list
// changes order; the links of the new pages are resolved again by the caller. Every field
// of Site that holds pages is carried over here: a field added to Site must be too.
func (s *Site) withPages(repl map[*Page]*Page) *Site {
	next := *s
	swap := func(ps []*Page) []*Page {
		if !slices.ContainsFunc(ps, func(p *Page) bool { return repl[p] != nil }) {
			return ps
		}
		out := slices.Clone(ps)
		for i, p := range out {
			if n := repl[p]; n != nil {
				out[i] = n
			}
		}
		return out
	}
	next.Pages, next.Mentors, next.Programs, next.Tips = swap(s.Pages), swap(s.Mentors), swap(s.Programs), swap(s.Tips)
	if n := repl[s.Home]; n != nil {
		next.Home = n
	}
	next.Sections = make([]*Section, len(s.Sections))
	for i, sec := range s.Sections {
		c := *sec
		if n := repl[c.Index]; n != nil {
			c.Index = n
		}
		c.Pages = swap(sec.Pages)
		next.Sections[i] = &c
	}
	next.Taxonomies = make([]*Taxonomy, len(s.Taxonomies))
	for i, tax := range s.Taxonomies {
		c := *tax
		c.Terms = make([]*Term, len(tax.Terms))
		for j, t := range tax.Terms {
			tc := *t
			tc.Mentors, tc.Pages = swap(t.Mentors), swap(t.Pages)
			c.Terms[j] = &tc
		}
		next.Taxonomies[i] = &c
	}
	next.byPath = maps.Clone(s.byPath)
	next.byFile = maps.Clone(s.byFile)
	next.links = maps.Clone(s.links)
	next.photoURL = maps.Clone(s.photoURL)
	for o, n := range repl {
		next.byPath[n.Path] = n
		next.byFile[n.File] = n
		delete(next.links, o)
		if ph, ok := next.photoURL[o]; ok {
			delete(next.photoURL, o)
			next.photoURL[n] = ph
		}
	}
	return &next
}
