package generator

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"
)

// frontMatter is the decoded head of a content file. Both YAML and TOML are turned into a
// yaml.Node mapping, so that one decoder checks fields and reports positions for both.
type frontMatter struct {
	root       *yaml.Node // a MappingNode; nil when the file has no front matter
	bodyOffset int        // byte offset of the Markdown body in the file
	lineOffset int        // lines before the front matter's first line (the opening delimiter)
}

// rawFrontMatter records which delimiter matched and the bytes between the delimiters.
type rawFrontMatter struct {
	format string
	data   []byte
}

func captureFormat(start, format string) *frontmatter.Format {
	return frontmatter.NewFormat(start, start, func(data []byte, v any) error {
		raw := v.(*rawFrontMatter)
		raw.format, raw.data = format, data
		return nil
	})
}

var frontMatterFormats = []*frontmatter.Format{captureFormat("---", "yaml"), captureFormat("+++", "toml")}

// bom is the UTF-8 byte order mark that Windows editors write at the start of "UTF-8 with
// BOM" files. yaml.v3 skips it in site.yaml; adrg/frontmatter does not, and would see no
// opening delimiter.
var bom = []byte("\xef\xbb\xbf")

// splitFrontMatter finds and decodes the front matter of src. Errors carry positions counted
// from the top of the file. A byte order mark at the start is skipped.
func splitFrontMatter(file string, src []byte) (frontMatter, Diagnostics) {
	var raw rawFrontMatter
	skip := 0
	if bytes.HasPrefix(src, bom) {
		skip = len(bom)
	}
	rest, err := frontmatter.Parse(bytes.NewReader(src[skip:]), &raw, frontMatterFormats...)
	if err != nil {
		return frontMatter{}, Diagnostics{{File: file, Line: 1, Msg: "cannot read front matter: " + err.Error()}}
	}
	fm := frontMatter{bodyOffset: len(src) - len(rest)}
	// The opening delimiter is the first non-blank line.
	open := skip
	for open < len(src) {
		end := bytes.IndexByte(src[open:], '\n')
		if end < 0 {
			end = len(src) - open
		}
		if len(bytes.TrimSpace(src[open:open+end])) > 0 {
			break
		}
		open += end + 1
	}
	fm.lineOffset = bytes.Count(src[:min(open, len(src))], []byte("\n"))
	if raw.format == "" {
		line := bytes.TrimSpace(firstLine(src[min(open, len(src)):]))
		if string(line) == "---" || string(line) == "+++" {
			return fm, Diagnostics{{File: file, Line: fm.lineOffset + 1, Col: 1,
				Msg:  "front matter is not closed",
				Hint: fmt.Sprintf("did you forget the closing %s line?", line)}}
		}
		return fm, nil
	}
	var diags Diagnostics
	switch raw.format {
	case "yaml":
		fm.root, diags = decodeYAML(file, raw.data, fm.lineOffset+1)
	case "toml":
		fm.root, diags = decodeTOML(file, raw.data, fm.lineOffset+1)
	}
	return fm, diags
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

var yamlLineRE = regexp.MustCompile(`line (\d+): (.*)`)

// decodeYAML parses data into a mapping node whose lines count from the top of the file;
// lineShift is the number of lines before data.
func decodeYAML(file string, data []byte, lineShift int) (*yaml.Node, Diagnostics) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Diagnostics{yamlError(file, err, lineShift)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}, nil
	}
	root := doc.Content[0]
	shiftLines(root, lineShift)
	if root.Kind != yaml.MappingNode {
		return nil, Diagnostics{{File: file, Line: root.Line, Col: root.Column,
			Msg: "want `key: value` lines, got " + describe(root), Hint: "write one `key: value` per line"}}
	}
	return root, nil
}

// yamlError turns a yaml.v3 error ("yaml: line 3: mapping values are not allowed…") into a
// diagnostic with the line counted from the top of the file.
func yamlError(file string, err error, lineShift int) Diagnostic {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return Diagnostic{File: file, Line: n + lineShift, Msg: "invalid YAML: " + m[2],
			Hint: "check indentation and quote values that contain a colon"}
	}
	return Diagnostic{File: file, Line: lineShift + 1, Msg: "invalid YAML: " + trimPrefix(msg, "yaml: ")}
}

func trimPrefix(s, p string) string {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

// decodeTOML parses TOML front matter and converts it into the same yaml.Node shape that YAML
// front matter has. BurntSushi/toml keeps no positions per key, so each top-level key's line is
// found by scanning for `key =` at the start of a line.
func decodeTOML(file string, data []byte, lineShift int) (*yaml.Node, Diagnostics) {
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Diagnostics{{File: file, Line: pe.Position.Line + lineShift, Col: pe.Position.Col,
				Msg: "invalid TOML: " + pe.Message}}
		}
		return nil, Diagnostics{{File: file, Line: lineShift + 1, Msg: "invalid TOML: " + err.Error()}}
	}
	lines := bytes.Split(data, []byte("\n"))
	keyLine := func(key string) int {
		re := regexp.MustCompile(`^\s*("` + regexp.QuoteMeta(key) + `"|` + regexp.QuoteMeta(key) + `)\s*=`)
		for i, l := range lines {
			if re.Match(l) {
				return i + 1 + lineShift
			}
		}
		return lineShift + 1
	}
	return tomlToNode(m, keyLine), nil
}

func tomlToNode(m map[string]any, keyLine func(string) int) *yaml.Node {
	root := &yaml.Node{Kind: yaml.MappingNode, Line: 1}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		line := 0
		if keyLine != nil {
			line = keyLine(k)
		}
		kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: line, Column: 1}
		vn := tomlValue(m[k], line)
		root.Content = append(root.Content, kn, vn)
	}
	return root
}

func tomlValue(v any, line int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: 1}
	switch v := v.(type) {
	case string:
		n.Tag, n.Value = "!!str", v
	case int64:
		n.Tag, n.Value = "!!int", strconv.FormatInt(v, 10)
	case float64:
		n.Tag, n.Value = "!!float", strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		n.Tag, n.Value = "!!bool", strconv.FormatBool(v)
	case time.Time:
		n.Tag, n.Value = "!!timestamp", v.Format(time.RFC3339)
	case []any:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		for _, e := range v {
			n.Content = append(n.Content, tomlValue(e, line))
		}
	case []map[string]any:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		for _, e := range v {
			n.Content = append(n.Content, tomlValue(e, line))
		}
	case map[string]any:
		sub := tomlToNode(v, nil)
		for _, c := range sub.Content {
			c.Line = line
		}
		sub.Line = line
		return sub
	default:
		n.Tag, n.Value = "!!str", fmt.Sprint(v)
	}
	return n
}
