package generator

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"time"

	"mentorgen/generator/tz"
)

// directoryRoutes publish the mentor directory for other programs: /mentors.json, every
// public mentor with the public fields of the profile, and /mentors.schema.json, the JSON
// Schema that says what each field is. It does not depend on the clock, so a rebuild of the
// same content writes the same bytes (and a deploy uploads nothing). Partner organizations
// read it; so it never holds a
// draft, a page dated in the future or a page that is not rendered, whatever the build's
// flags, and its field names are a promise (add fields, never rename one).
func directoryRoutes(o *Output) []Route {
	return []Route{
		{Path: "/mentors.json", Kind: RouteData, Type: "application/json", what: "the mentor directory data",
			produce: func(fs.FS) ([]byte, error) { return o.directoryJSON() }},
		{Path: "/mentors.schema.json", Kind: RouteData, Type: "application/schema+json", what: "the mentor directory schema",
			produce: func(fs.FS) ([]byte, error) { return []byte(mentorsSchema), nil }},
	}
}

// publicMentor is one entry of mentors.json. Empty optional fields are left out.
type publicMentor struct {
	Name                  string       `json:"name"`
	NameLatin             string       `json:"name_latin,omitempty"`
	URL                   string       `json:"url"`
	Summary               string       `json:"summary,omitempty"`
	Role                  string       `json:"role,omitempty"`
	Company               string       `json:"company,omitempty"`
	YearsExperience       int          `json:"years_experience,omitempty"`
	Seniority             string       `json:"seniority,omitempty"`
	Expertise             []string     `json:"expertise"`
	HelpsWith             []string     `json:"helps_with"`
	Industries            []string     `json:"industries"`
	ProgramTypes          []string     `json:"program_types"`
	Formats               []string     `json:"formats"`
	Style                 []string     `json:"style"`
	Languages             []string     `json:"languages"`
	Timezone              string       `json:"timezone,omitempty"`
	UTCOffset             string       `json:"utc_offset,omitempty"`
	Availability          []publicSlot `json:"availability"`
	AvailabilityConfirmed string       `json:"availability_confirmed,omitempty"`
	Accepting             bool         `json:"accepting"`
	Capacity              int          `json:"capacity"`
	BookingURL            string       `json:"booking_url,omitempty"`
	Photo                 string       `json:"photo,omitempty"`
	Location              string       `json:"location,omitempty"`
	Links                 []publicLink `json:"links"`
}

type publicSlot struct {
	Day   string `json:"day"`
	Start string `json:"start"`
	End   string `json:"end"`
}

type publicLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// publicMentors are the mentors that anyone may see: never a draft, a page dated in the
// future or a headless one, even in a build with --drafts or --future.
func (s *Site) publicMentors() []*Page {
	var out []*Page
	for _, p := range s.Mentors {
		if p.Draft || p.Headless || p.Date.After(s.Built) || p.PublishDate.After(s.Built) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func (o *Output) directoryJSON() ([]byte, error) {
	s := o.Site
	list := []publicMentor{}
	for _, p := range s.publicMentors() {
		m := p.Mentor
		e := publicMentor{
			Name: p.Title, NameLatin: m.NameLatin, URL: s.AbsURL(p.Path), Summary: p.Summary,
			Role: m.Role, Company: m.Company, YearsExperience: m.YearsExperience, Seniority: m.Seniority,
			Expertise: nonNil(m.Expertise), HelpsWith: nonNil(m.HelpsWith), Industries: nonNil(m.Industries),
			ProgramTypes: nonNil(m.ProgramTypes), Formats: nonNil(m.Formats), Style: nonNil(m.Style),
			Languages: nonNil(m.Languages), Timezone: m.Timezone, Availability: []publicSlot{},
			Accepting: m.Accepting, Capacity: m.Capacity, BookingURL: m.BookingURL, Location: m.Location,
			Links: []publicLink{},
		}
		if off, ok := tz.StandardOffset(m.Timezone, s.Built.Year()); ok && m.Timezone != "" {
			e.UTCOffset = tz.OffsetLabel(off)
		}
		for _, w := range m.Availability {
			e.Availability = append(e.Availability, publicSlot{Day: w.Day, Start: w.Start, End: w.End})
		}
		if !m.AvailabilityConfirmed.IsZero() {
			e.AvailabilityConfirmed = m.AvailabilityConfirmed.Format(time.DateOnly)
		}
		if ph := s.photoURL[p]; ph != "" {
			e.Photo = s.AbsURL(ph)
		}
		for _, l := range m.Links {
			e.Links = append(e.Links, publicLink{Title: l.Title, URL: l.URL})
		}
		list = append(list, e)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b) // escapes <, > and &: the data can be pasted into a page safely
	if o.Theme.minify == nil { // a build with --no-minify writes it for reading
		enc.SetIndent("", " ")
	}
	err := enc.Encode(map[string]any{
		"$schema": s.AbsURL("/mentors.schema.json"),
		"site":    map[string]string{"title": s.Config.Title, "url": s.AbsURL("/")},
		"count":   len(list),
		"mentors": list,
	})
	return b.Bytes(), err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// mentorsSchema describes mentors.json (JSON Schema 2020-12). TestDirectorySchema checks it
// against publicMentor's fields, so the two cannot drift apart.
const mentorsSchema = `{
 "$schema": "https://json-schema.org/draft/2020-12/schema",
 "$id": "mentors.schema.json",
 "title": "Mentor directory",
 "description": "The public mentors of a mentorgen portal. Drafts, pages dated in the future and pages that are not published are never listed.",
 "type": "object",
 "required": ["site", "count", "mentors"],
 "properties": {
  "$schema": {"type": "string", "description": "The URL of this schema."},
  "site": {"type": "object", "required": ["title", "url"], "properties": {"title": {"type": "string"}, "url": {"type": "string", "format": "uri"}}},
  "count": {"type": "integer", "minimum": 0, "description": "How many mentors are listed."},
  "mentors": {"type": "array", "description": "In directory order.", "items": {"$ref": "#/$defs/mentor"}}
 },
 "$defs": {
  "list": {"type": "array", "items": {"type": "string"}},
  "mentor": {
   "type": "object",
   "required": ["name", "url", "expertise", "helps_with", "industries", "program_types", "formats", "style", "languages", "availability", "accepting", "capacity", "links"],
   "properties": {
    "name": {"type": "string", "description": "Full name, as the mentor writes it."},
    "name_latin": {"type": "string", "description": "A Latin spelling of a name written in another script."},
    "url": {"type": "string", "format": "uri", "description": "The profile page."},
    "summary": {"type": "string", "description": "One or two sentences from the profile."},
    "role": {"type": "string"},
    "company": {"type": "string"},
    "years_experience": {"type": "integer", "minimum": 0},
    "seniority": {"type": "string", "enum": ["junior", "mid", "senior", "principal", "executive"]},
    "expertise": {"$ref": "#/$defs/list", "description": "Skills the mentor helps with, as slugs (pricing, user-research)."},
    "helps_with": {"$ref": "#/$defs/list", "description": "Career steps the mentor helps with (\"aspiring PM\", \"PM to senior PM\")."},
    "industries": {"$ref": "#/$defs/list"},
    "program_types": {"$ref": "#/$defs/list", "description": "formal, informal, online or company-sponsored."},
    "formats": {"$ref": "#/$defs/list", "description": "1:1 video, async chat, group sessions, …"},
    "style": {"$ref": "#/$defs/list", "description": "How the mentor works: structured, supportive, challenging, …"},
    "languages": {"$ref": "#/$defs/list"},
    "timezone": {"type": "string", "description": "IANA time zone name (America/Sao_Paulo)."},
    "utc_offset": {"type": "string", "description": "The zone's standard offset, as people read it: UTC−3, UTC+5:30, UTC."},
    "availability": {"type": "array", "description": "Weekly windows in the mentor's time zone.", "items": {
     "type": "object", "required": ["day", "start", "end"],
     "properties": {"day": {"enum": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}, "start": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}, "end": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}}}},
    "availability_confirmed": {"type": "string", "format": "date", "description": "When the mentor last confirmed the windows."},
    "accepting": {"type": "boolean", "description": "Whether the mentor takes new mentees now."},
    "capacity": {"type": "integer", "minimum": 0, "description": "How many mentees the mentor takes at a time (0: not said)."},
    "booking_url": {"type": "string", "format": "uri"},
    "photo": {"type": "string", "format": "uri", "description": "The largest published size of the photo, without metadata."},
    "location": {"type": "string"},
    "links": {"type": "array", "items": {"type": "object", "required": ["title", "url"], "properties": {"title": {"type": "string"}, "url": {"type": "string", "format": "uri"}}}}
   },
   "additionalProperties": false
  }
 }
}
`
