package generator

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"mentorgen/generator/search"
	"mentorgen/generator/tz"
)

// searchRoutes serve the site's search: the /search/ page, which without JavaScript lists the
// directory and every taxonomy and term, and the index under /search/ that
// layouts/assets/search-core.js reads (see generator/search/FORMAT.md). The index is built
// from the assembled pages, never from the HTML, and only when one of its files is asked
// for: its file names depend on counts alone, so routing the site (the preview does it after
// every edit) costs nothing.
func searchRoutes(o *Output) []Route {
	s := o.Site
	pages := s.searchablePages()
	facets := s.searchFacets()
	plan := search.NewPlan(len(pages), facets)
	index := sync.OnceValues(func() (*search.Index, error) { return search.Build(plan, s.searchDocuments(pages)) })

	sp := &Page{Kind: KindSearch, Path: "/search/", Title: "Search",
		Description: fmt.Sprintf("Search %s: mentors, program guides and tips.", s.Config.Title)}
	page := o.page(RouteList, "/search/", sp, nil, "search.html")
	page.tree, page.what = true, "the search page and its index"
	page.Sitemap = true // without a query it is a map of the directory and every taxonomy
	out := []Route{page}
	for _, name := range plan.Files() {
		name := name
		out = append(out, Route{Path: "/search/" + name, Kind: RouteData, Type: "application/json", what: "the search index",
			produce: func(fs.FS) ([]byte, error) {
				ix, err := index()
				if err != nil {
					return nil, err
				}
				b, ok := ix.File(name)
				if !ok {
					return nil, fmt.Errorf("the search index has no file %s", name)
				}
				return b, nil
			}})
	}
	return out
}

// KindSearch is the kind of the search page, as layouts see it in .Page.Kind.
const KindSearch Kind = "search"

// searchablePages are the pages a search can find, in the order of their document ids:
// mentors in directory order first (so that a filtered directory reads consecutive chunks of
// the index), then program guides, tips, and every other rendered page by path.
func (s *Site) searchablePages() []*Page {
	out := make([]*Page, 0, len(s.Pages))
	out = append(out, s.Mentors...)
	out = append(out, s.Programs...)
	out = append(out, s.Tips...)
	// Section pages come from Sections, not Pages: a section without an _index.md (or with a
	// draft one) has a synthesized index that only Sections holds, and the preview's fast
	// path, which swaps a synthesized index for a re-parsed file, updates Sections alone.
	var rest []*Page
	for _, p := range s.Pages {
		if p.Headless || p.Kind == KindHome || p.Kind == KindSection || p.Kind == KindMentor || p.Kind == KindProgram || p.Kind == KindTip {
			continue
		}
		rest = append(rest, p)
	}
	for _, sec := range s.Sections {
		if !sec.Index.Headless {
			rest = append(rest, sec.Index)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Path < rest[j].Path })
	return append(out, rest...)
}

// The directory's filters, in the order the directory shows them. Each is a mentor field; the
// time-zone region is computed from the mentor's IANA zone (tz.BandOf).
var searchFacetDefs = []struct{ name, label, taxonomy string }{
	{"expertise", "Expertise", "expertise"},
	{"helps_with", "Career goal", "helps_with"},
	{"seniority", "Seniority", ""},
	{"program_type", "Program type", "program_types"},
	{"industry", "Industry", "industries"},
	{"language", "Language", "languages"},
	{"region", "Time zone", ""},
	{"accepting", "Availability", ""},
	// Read by /match/ only (matchdata.go); the directory's panel leaves them out.
	{"style", "Mentoring style", ""},
	{"format", "Format", ""},
	{"hours", "Hours (UTC)", ""},
	{"stale", "Availability not confirmed recently", ""},
}

// searchFacets describes the filters with a label for every value the site has.
func (s *Site) searchFacets() []search.Facet {
	var out []search.Facet
	for _, d := range searchFacetDefs {
		f := search.Facet{Name: d.name, Label: d.label, Values: map[string]string{}}
		switch d.name {
		case "seniority":
			for _, v := range Seniorities {
				f.Values[v] = label(v)
			}
		case "region":
			for _, b := range tz.Bands() {
				f.Values[b.Key] = b.Label
			}
		case "style":
			f.Values = s.mentorValues(func(m *Mentor) []string { return m.Style })
		case "format":
			f.Values = s.mentorValues(func(m *Mentor) []string { return m.Formats })
		case "hours":
			f.Values = availabilityBlocks()
		case "stale":
			f.Values["yes"] = "Availability not confirmed recently"
		case "accepting":
			// Both values, so that every mentor has one: the directory's text search asks for
			// both to keep guides, tips and pages out of its results.
			f.Values["yes"], f.Values["no"] = "Accepting mentees", "Not accepting now"
		default:
			if tax := s.Taxonomy(d.taxonomy); tax != nil {
				for _, t := range tax.Terms {
					f.Values[termSlug(t.Name)] = label(t.Name)
				}
			}
		}
		out = append(out, f)
	}
	return out
}

// searchDocuments turns pages into the search package's plain documents.
func (s *Site) searchDocuments(pages []*Page) []search.Document {
	docs := make([]search.Document, len(pages))
	for i, p := range pages {
		d := search.Document{Kind: string(p.Kind), Title: p.Title, Summary: p.Summary, Body: p.Plain,
			Show: map[string]any{"u": s.RelURL(p.Path)}}
		switch p.Kind {
		case KindMentor:
			s.mentorDocument(&d, p)
		case KindProgram:
			d.Keywords = []string{label(p.Program.Type)}
		case KindTip:
			d.Keywords = append([]string{p.Tip.Topic}, labels(p.Tip.Expertise)...)
		case KindSection:
			d.Kind = string(KindPage)
		default:
			d.Keywords = p.Tags
		}
		docs[i] = d
	}
	return docs
}

// mentorDocument fills in a mentor's document. Its record (Show) is what a card needs, with
// short keys because every result carries it: u URL, r role, c company, a accepting, lg the
// name's language when it is not the site's, nl the Latin spelling, ph the 128 px photo, ex
// the first three expertise labels and more how many are left out, sn seniority, tz the zone,
// cap the capacity when said, st true when the availability is not confirmed recently.
func (s *Site) mentorDocument(d *search.Document, p *Page) {
	m := p.Mentor
	d.Person = true
	d.Keywords = append(labels(m.Expertise), m.Role, m.Company)
	d.Show["r"], d.Show["c"], d.Show["a"] = m.Role, m.Company, m.Accepting
	if tag := nameLang(p); tag != "" { // a name in another script is read in its language
		if base, _, _ := strings.Cut(s.Config.Language, "-"); !strings.EqualFold(tag, base) {
			d.Show["lg"] = tag
		}
	}
	if m.NameLatin != "" {
		d.Show["nl"] = m.NameLatin
		d.Keywords = append(d.Keywords, m.NameLatin)
	}
	if orig := s.photoURL[p]; orig != "" { // a card's 64 px avatar, sharp on a 2× screen
		d.Show["ph"] = s.RelURL(photoPath(p, 128, photoFormat(orig)))
	}
	if len(m.Expertise) > 0 {
		d.Show["ex"] = labels(m.Expertise[:min(3, len(m.Expertise))])
		if n := len(m.Expertise) - 3; n > 0 {
			d.Show["more"] = n
		}
	}
	if m.Seniority != "" {
		d.Show["sn"] = label(m.Seniority)
	}
	var band tz.Band
	if off, found := tz.StandardOffset(m.Timezone, s.Built.Year()); found && m.Timezone != "" {
		band = tz.BandOf(off)
	}
	d.Facets = map[string][]string{
		"expertise":    slugs(m.Expertise),
		"helps_with":   slugs(m.HelpsWith),
		"program_type": slugs(m.ProgramTypes),
		"industry":     slugs(m.Industries),
		"language":     slugs(m.Languages),
	}
	if m.Seniority != "" {
		d.Facets["seniority"] = []string{m.Seniority}
	}
	if band.Key != "" {
		d.Facets["region"] = []string{band.Key}
		d.Show["tz"] = m.Timezone
	}
	d.Facets["style"], d.Facets["format"] = slugs(m.Style), slugs(m.Formats)
	d.Facets["hours"] = mentorBlocks(m, s.Built)
	if _, stale := s.staleDays(p); stale {
		d.Facets["stale"] = []string{"yes"}
		d.Show["st"] = true
	}
	if m.Capacity > 0 {
		d.Show["cap"] = m.Capacity
	}
	d.Facets["accepting"] = []string{"no"}
	if m.Accepting {
		d.Facets["accepting"] = []string{"yes"}
	}
}

func labels(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = label(v)
	}
	return out
}

func slugs(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = termSlug(v)
	}
	return out
}
