package generator

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Placeholder values. `mentorgen new` and `mentorgen init` write them into their templates for
// the values an editor must fill in, and the build warns (errors with --strict) wherever one
// is left unchanged. Each is valid for its field, so a fresh file builds, and each says
// plainly that it is to be replaced, so a page published with --drafts does not look real: a
// working-looking "mailto:someone@example.org" made a live "Book an intro call" button.
//
// The templates are written with these constants, so what `new` writes and what the build
// recognizes cannot drift apart.
const (
	PlaceholderRole       = "REPLACE: job title, e.g. Senior Product Manager"
	PlaceholderTimezone   = "Etc/UTC" // valid, but no one writes it for a real mentor; "UTC" is not flagged
	PlaceholderBookingURL = "mailto:REPLACE-ME@example.org"
	PlaceholderDuration   = "REPLACE: e.g. 6 months"
	PlaceholderCadence    = "REPLACE: e.g. fortnightly"
	PlaceholderCommitment = "REPLACE: e.g. 2 hours a month"
	PlaceholderAudience   = "REPLACE: e.g. new product managers"
	PlaceholderCost       = "REPLACE: e.g. free"
	PlaceholderTopic      = "REPLACE: e.g. goal-setting"
	PlaceholderBaseURL    = "https://replace-me.example.org/"
)

// placeholder is a template value and what to write instead.
type placeholder struct {
	kind       Kind
	key, value string
	hint       string
}

var placeholders = []placeholder{
	{KindMentor, "role", PlaceholderRole, `write the mentor's job title, e.g. "Senior Product Manager"`},
	{KindMentor, "timezone", PlaceholderTimezone, `write the mentor's IANA time zone, e.g. "Europe/Berlin"; if they really keep UTC, write "UTC"`},
	{KindMentor, "booking_url", PlaceholderBookingURL, "write an https: booking page or a mailto: address"},
	{KindProgram, "duration", PlaceholderDuration, "say how long the program runs"},
	{KindProgram, "cadence", PlaceholderCadence, "say how often mentors and mentees meet"},
	{KindProgram, "commitment", PlaceholderCommitment, "say how much time it takes"},
	{KindProgram, "audience", PlaceholderAudience, "say who the program is for"},
	{KindProgram, "cost", PlaceholderCost, "say what it costs"},
	{KindTip, "topic", PlaceholderTopic, "name the tip's topic"},
}

// pagePlaceholders returns a warning at each template value left unchanged in the front
// matter root of a page of kind.
func pagePlaceholders(file string, kind Kind, root *yaml.Node) Diagnostics {
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	var diags Diagnostics
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		for _, p := range placeholders {
			if p.kind == kind && p.key == k.Value && v.Kind == yaml.ScalarNode && v.Value == p.value {
				diags = append(diags, placeholderWarning(file, v, p.key, p.hint))
			}
		}
	}
	return diags
}

// configPlaceholders returns a warning at site.yaml's base_url when it is still the starter's
// placeholder and no --base-url replaces it: canonical URLs, the sitemap and the feed would
// point at a site that does not exist.
func configPlaceholders(file string, src []byte, cfg *Config, opts Options) Diagnostics {
	if opts.BaseURL != "" || cfg.BaseURL != PlaceholderBaseURL {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil // ParseConfig reports it
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "base_url" {
			return Diagnostics{placeholderWarning(file, root.Content[i+1], "base_url",
				`write the address the site is published at, e.g. "https://org.github.io/portal/", or build with --base-url`)}
		}
	}
	return nil
}

func placeholderWarning(file string, v *yaml.Node, key, hint string) Diagnostic {
	return Diagnostic{File: file, Line: v.Line, Col: v.Column, Warning: true, Code: "placeholder",
		Msg: fmt.Sprintf("%s: %q is the template's placeholder", key, v.Value), Hint: hint}
}
