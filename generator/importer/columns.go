package importer

import (
	"fmt"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"mentorgen/generator"
)

// A field is a mentor front matter key a column can fill, and how its cells read.
type field struct {
	key  string
	kind kind
}

type kind int

const (
	text kind = iota
	list
	number
	boolean
	email // booking_url from an e-mail address: mailto: is added
	link  // one entry of links, titled after its column
	body  // the Markdown body
)

// fields are the columns' targets, in the order the front matter is written.
var fields = []field{
	{"title", text}, {"name_latin", text}, {"role", text}, {"company", text},
	{"years_experience", number}, {"seniority", text}, {"expertise", list}, {"helps_with", list},
	{"industries", list}, {"program_types", list}, {"formats", list}, {"style", list},
	{"timezone", text}, {"languages", list}, {"capacity", number}, {"accepting", boolean},
	{"availability", list}, {"availability_confirmed", text}, {"booking_url", text},
	{"location", text}, {"photo", text}, {"links", list}, {"summary", text},
}

// synonyms maps a header, folded by headerKey, to a field. "email" and the link columns are
// special kinds of booking_url and links; "body" is the Markdown body.
var synonyms = map[string]string{
	"name": "title", "fullname": "title", "title": "title", "mentorname": "title", "yourname": "title",
	"namelatin": "name_latin", "latinname": "name_latin", "nameinlatinscript": "name_latin", "romanizedname": "name_latin",
	"role": "role", "jobtitle": "role", "position": "role", "currentrole": "role",
	"company": "company", "employer": "company", "organization": "company", "organisation": "company",
	"yearsexperience": "years_experience", "yearsofexperience": "years_experience", "experienceyears": "years_experience",
	"seniority": "seniority", "level": "seniority", "senioritylevel": "seniority",
	"expertise": "expertise", "skills": "expertise", "areasofexpertise": "expertise",
	"helpswith": "helps_with", "canhelpwith": "helps_with", "careergoals": "helps_with",
	"industries": "industries", "industry": "industries",
	"programtypes": "program_types", "programtype": "program_types", "programs": "program_types",
	"formats": "formats", "format": "formats", "mentoringformats": "formats",
	"style": "style", "mentoringstyle": "style",
	"timezone": "timezone", "tz": "timezone",
	"languages": "languages", "language": "languages", "languagesspoken": "languages",
	"capacity": "capacity", "mentees": "capacity", "openplaces": "capacity", "howmanymentees": "capacity",
	"accepting": "accepting", "acceptingmentees": "accepting", "opentonewmentees": "accepting",
	"availability":          "availability",
	"availabilityconfirmed": "availability_confirmed",
	"bookingurl":            "booking_url", "booking": "booking_url", "bookinglink": "booking_url", "calendarlink": "booking_url",
	"email": "email", "emailaddress": "email",
	"location": "location", "city": "location",
	"photo": "photo", "photourl": "photo",
	"links": "links", "link": "links",
	"linkedin": "LinkedIn", "linkedinurl": "LinkedIn", "linkedinprofile": "LinkedIn",
	"website": "Website", "personalwebsite": "Website", "github": "GitHub", "twitter": "X", "x": "X",
	"mastodon": "Mastodon", "blog": "Blog",
	"summary": "summary", "tagline": "summary", "shortbio": "summary",
	"bio": "body", "about": "body", "aboutyou": "body", "aboutme": "body", "biography": "body",
}

// headerKey folds a header for matching: case, spaces and punctuation don't count, so "Time
// zone", "TIMEZONE " and "time_zone" are one key.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// A Map names columns the synonyms don't know and says how list cells split. In MAP.yaml:
//
//	columns:
//	  "What can you help with?": helps_with
//	  "Timestamp": "-"          # ignore this column
//	split: ";"                  # list cells split on ";" only (default: ";" if the cell has one, else ",")
type Map struct {
	Columns map[string]string // header key → field, "email", a link title (capitalized) or "body"; "-" ignores
	Split   string            // "", ";" or ","
}

// ParseMap reads a MAP.yaml file.
func ParseMap(file string, data []byte) (*Map, generator.Diagnostics) {
	var root yaml.Node
	m := &Map{Columns: map[string]string{}}
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, generator.Diagnostics{{File: file, Code: "import-map", Msg: err.Error()}}
	}
	var diags generator.Diagnostics
	bad := func(n *yaml.Node, hint, format string, args ...any) {
		diags = append(diags, generator.Diagnostic{File: file, Line: n.Line, Col: n.Column, Code: "import-map", Msg: fmt.Sprintf(format, args...), Hint: hint})
	}
	if len(root.Content) == 0 {
		return m, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		bad(doc, "write columns: and split:", "want a mapping")
		return nil, diags
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "columns":
			if v.Kind != yaml.MappingNode {
				bad(v, `write "Column header": field`, "columns: want a mapping")
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				ck, cv := v.Content[j], v.Content[j+1]
				target, ok := mapTarget(cv.Value)
				if !ok {
					bad(cv, "use one of "+strings.Join(targetNames(), ", ")+`, or "-" to ignore the column`,
						"columns: %q is not a mentor field", cv.Value)
					continue
				}
				m.Columns[headerKey(ck.Value)] = target
			}
		case "split":
			if v.Value != ";" && v.Value != "," {
				bad(v, `write split: ";" or split: ","`, "split: want \";\" or \",\", got %q", v.Value)
				continue
			}
			m.Split = v.Value
		default:
			bad(k, "the keys are columns and split", "unknown key %q", k.Value)
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	return m, nil
}

func mapTarget(s string) (string, bool) {
	switch s {
	case "-", "email", "body":
		return s, true
	}
	for _, f := range fields {
		if f.key == s {
			return s, true
		}
	}
	if t, ok := synonyms[headerKey(s)]; ok && t != strings.ToLower(t) { // a link title: LinkedIn, GitHub…
		return t, true
	}
	return "", false
}

func targetNames() []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.key)
	}
	return append(out, "email", "body")
}

// A column is a sheet column with the field it fills.
type column struct {
	index  int
	header string
	target string // field key, "email", "body", or a link title
}

// columns maps each header to its target; unknown headers are returned as ignored.
func columns(s *Sheet, m *Map) (cols []column, ignored []string, diags generator.Diagnostics) {
	taken := map[string]string{}
	for i, h := range s.Header {
		key := headerKey(h)
		target, ok := "", false
		if m != nil {
			target, ok = m.Columns[key]
		}
		if !ok {
			target, ok = synonyms[key]
		}
		if !ok || target == "-" {
			if !ok && h != "" {
				ignored = append(ignored, h)
			}
			continue
		}
		if prev, dup := taken[target]; dup && !isLinkTitle(target) {
			diags = append(diags, generator.Diagnostic{File: s.File, Line: 1, Col: i + 1, Code: "import-column",
				Msg:  fmt.Sprintf("columns %q and %q both fill %s", prev, h, target),
				Hint: `ignore one of them in --map with "` + h + `": "-"`})
			continue
		}
		taken[target] = h
		cols = append(cols, column{i, h, target})
	}
	if s.JSON {
		for i := range diags {
			diags[i].Line, diags[i].Col = 0, 0
		}
	}
	return cols, ignored, diags
}

func isLinkTitle(t string) bool { return t != "" && unicode.IsUpper(rune(t[0])) }
