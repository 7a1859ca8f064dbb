package generator

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"mentorgen/generator/internal/editdist"

	"go.yaml.in/yaml/v3"
)

// fieldDecoder reads typed values out of front matter (or site.yaml) nodes and records a
// diagnostic, with the node's position, for every value of the wrong type.
type fieldDecoder struct {
	file  string
	diags Diagnostics
	// suggested holds known keys offered as "did you mean" for a misspelled key, or whose value
	// was already reported, so that the same mistake is not reported a second time as a
	// missing field.
	suggested map[string]bool
}

// errorf records an error with code at node n.
func (d *fieldDecoder) errorf(code string, n *yaml.Node, hint, format string, args ...any) {
	d.diags = append(d.diags, Diagnostic{File: d.file, Line: n.Line, Col: n.Column, Code: code,
		Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// field is one key of a mapping with its value node.
type field struct {
	key, value *yaml.Node
}

// fields returns the key/value pairs of a mapping node in source order, reporting duplicate
// keys (YAML allows them silently in some decoders; we don't).
func (d *fieldDecoder) fields(m *yaml.Node) []field {
	if m == nil {
		return nil
	}
	out := make([]field, 0, len(m.Content)/2)
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if seen[k.Value] {
			d.errorf("duplicate-key", k, "remove one of them", "key %q appears twice", k.Value)
			continue
		}
		seen[k.Value] = true
		out = append(out, field{k, v})
	}
	return out
}

// unknownKey reports a key that the schema does not have, with the closest known key.
// With params, the hint mentions params:, where a page's custom fields belong.
func (d *fieldDecoder) unknownKey(k *yaml.Node, known []string, params bool) {
	hint := editdist.DidYouMean(k.Value, known)
	if hint != "" {
		if d.suggested == nil {
			d.suggested = map[string]bool{}
		}
		for _, c := range known {
			if hint == editdist.DidYouMean(k.Value, []string{c}) {
				d.suggested[c] = true
			}
		}
	}
	if hint == "" {
		hint = "known keys: " + strings.Join(known, ", ")
		if params {
			hint = "put custom fields under params:; " + hint
		}
	}
	d.errorf("unknown-key", k, hint, "unknown key %q", k.Value)
}

// reported records that key has had its diagnostic, so it is not reported again as missing.
func (d *fieldDecoder) reported(key string) {
	if d.suggested == nil {
		d.suggested = map[string]bool{}
	}
	d.suggested[key] = true
}

func (d *fieldDecoder) str(n *yaml.Node, key string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		if n.Tag == "!!null" {
			return ""
		}
		d.errorf("field-type", n, "write a single value", "%s: want text, got %s", key, describe(n))
		d.reported(key) // `title: [a, b]` is one mistake, not also a missing title
		return ""
	}
	return n.Value
}

func (d *fieldDecoder) boolean(n *yaml.Node, key string) bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		return b
	}
	d.errorf("field-type", n, "write true or false", "%s: want true or false, got %s", key, describe(n))
	return false
}

func (d *fieldDecoder) integer(n *yaml.Node, key string) int {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		i, err := strconv.Atoi(n.Value)
		if err == nil {
			return i
		}
	}
	d.errorf("field-type", n, "write a whole number such as 3", "%s: want a whole number, got %s", key, describe(n))
	return 0
}

func (d *fieldDecoder) nonNegative(n *yaml.Node, key string) int {
	i := d.integer(n, key)
	if i < 0 {
		d.errorf("field-value", n, "", "%s: must not be negative, got %d", key, i)
		return 0
	}
	return i
}

// strList accepts a list of scalars, or a single scalar as a one-element list. A scalar with
// commas is an error: `expertise: pricing, growth` is one YAML string, and would silently
// become one term.
func (d *fieldDecoder) strList(n *yaml.Node, key string) []string {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return nil
	case n.Kind == yaml.ScalarNode && strings.Contains(n.Value, ","):
		var items []string
		for _, s := range strings.Split(n.Value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, flowItem(s))
			}
		}
		hint := "write a list: [" + strings.Join(items, ", ") + "]"
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			hint += fmt.Sprintf(", or [%s] for one value", strconv.Quote(n.Value))
		}
		d.errorf("field-type", n, hint, "%s: %q is one value with commas, not a list", key, n.Value)
		d.reported(key)
		return nil
	case n.Kind == yaml.ScalarNode:
		return []string{n.Value}
	case n.Kind == yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for _, e := range n.Content {
			if e.Kind != yaml.ScalarNode {
				d.errorf("field-type", e, "write a list of plain values, e.g. [a, b]", "%s: want text items, got %s", key, describe(e))
				continue
			}
			out = append(out, e.Value)
		}
		return out
	}
	d.errorf("field-type", n, "write a list, e.g. [a, b]", "%s: want a list, got %s", key, describe(n))
	return nil
}

// flowItem writes s as an item of a YAML flow list, quoted when it would not read back as
// the same plain string.
func flowItem(s string) string {
	var v []string
	if strings.ContainsAny(s, "[]{}#&*!|>'\"%@`:") || yaml.Unmarshal([]byte("["+s+"]"), &v) != nil || len(v) != 1 || v[0] != s {
		return strconv.Quote(s)
	}
	return s
}

var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

func (d *fieldDecoder) date(n *yaml.Node, key string) time.Time {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, n.Value); err == nil {
				return t
			}
		}
	}
	d.errorf("field-type", n, "write a date as 2025-03-14 or 2025-03-14T09:30:00Z", "%s: %s is not a date", key, describe(n))
	return time.Time{}
}

// anyValue converts a node into plain Go values, for params.
func anyValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = anyValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = anyValue(c)
		}
		return s
	case yaml.AliasNode:
		if n.Alias != nil {
			return anyValue(n.Alias)
		}
		return nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	return v
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!str":
		return strconv.Quote(n.Value)
	}
	return n.Value
}

// oneOf reports v if it is not in allowed, with the allowed values that are closest.
func (d *fieldDecoder) oneOf(n *yaml.Node, key, v string, allowed []string) bool {
	if slices.Contains(allowed, v) {
		return true
	}
	d.notIn(n, key, v, allowed, "")
	return false
}

// notIn reports v, which is not in allowed. A short list is named in full in the message; the
// hint is a did-you-mean only for a value that is nearly right, and otherwise, for a long
// list, names its closest values ("lead" is no misspelling of "mid"). source, if not empty, is
// where the list is declared.
func (d *fieldDecoder) notIn(n *yaml.Node, key, v string, allowed []string, source string) {
	const short = 8
	msg := fmt.Sprintf("%s: %q is not one of %s", key, v, strings.Join(allowed, ", "))
	if len(allowed) > short {
		msg = fmt.Sprintf("%s: %q is not one of the %d values of %s", key, v, len(allowed), source)
	}
	hint := ""
	switch near := closest(v, allowed, 5); {
	case len(near) > 0 && nearlyEqual(v, near[0]):
		hint = fmt.Sprintf("did you mean %q?", near[0])
	case len(allowed) > short && source != "":
		hint = "closest: " + strings.Join(near, ", ") + "; or add it to the vocabulary"
	case len(allowed) > short:
		hint = "closest: " + strings.Join(near, ", ")
	case source != "":
		hint = "add it to " + source + " to allow it"
	}
	d.errorf("enum-value", n, hint, "%s", msg)
}

// itemNode returns the node of the i-th item of a list (or the node itself for a scalar), so a
// diagnostic about one item points at that item.
func itemNode(n *yaml.Node, i int) *yaml.Node {
	if n.Kind == yaml.SequenceNode && i < len(n.Content) {
		return n.Content[i]
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
