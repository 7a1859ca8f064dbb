package generator

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"mentorgen/generator/tz"
)

// timezone reads an IANA time zone name. An abbreviation is a warning naming the likely zone;
// anything else not a known zone is an error with the closest names.
func (d *fieldDecoder) timezone(n *yaml.Node, key string) string {
	s := d.str(n, key)
	if n.Kind != yaml.ScalarNode {
		return s
	}
	if zone, ok := tz.Abbreviation(s); ok {
		d.diags = append(d.diags, Diagnostic{File: d.file, Line: n.Line, Col: n.Column, Warning: true, Code: "tz-fixed-offset",
			Msg:  fmt.Sprintf("%s: %q is a fixed offset, wrong for half the year where clocks change", key, s),
			Hint: fmt.Sprintf("write the place's zone, e.g. %s: %s", key, zone)})
		return s
	}
	if tz.Known(s) {
		return s
	}
	hint := `use an IANA name such as "Europe/Berlin" or "America/Sao_Paulo"`
	if c := tz.Suggest(s); len(c) > 0 {
		hint = "did you mean " + quoteList(c, " or ") + "?"
	}
	d.errorf("tz-unknown", n, hint, "%s: %q is not a known time zone", key, s)
	return s
}

// quoteList writes items as "a", "b" or "c".
func quoteList(items []string, last string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + last + q[len(q)-1]
}
