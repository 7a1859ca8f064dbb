package importer

import (
	"bytes"
	"strings"
	"testing"

	"mentorgen/generator"
)

// FuzzReadSheet feeds arbitrary exports to the sheet reader and the importer. Properties:
// neither panics, every cell and every diagnostic lies inside the file (line between 1 and
// the file's line count, or 0 for the whole file), and CSV columns are 1-based indexes
// within the header.
func FuzzReadSheet(f *testing.F) {
	seeds := []struct{ name, data string }{
		{"s.csv", "Full name,Job title,Skills,Time zone,Email,Bio\nAna Lima,PM,\"discovery; pricing\",Europe/Lisbon,ana@example.org,\"Hi 👋\nthere\"\n"},
		{"s.csv", "\ufeffName;Seniority;Skills;Timezone\r\nBo;senior;growth;Asia/Seoul\r\nBo;mid;x;Mars\r\n"},
		{"s.tsv", "Name\tRole\tLinkedIn\nCy\tPM\tlinkedin.com/in/cy\n"},
		{"s.csv", "Name,Role\n\"unclosed,PM\n"},
		{"s.csv", "Name\nA,extra\n,\n"},
		{"s.csv", ""},
		{"s.json", `[{"Name": "Ana", "Skills": ["a", 1, true, null], "Accepting": "yes", "Capacity": 2}]`},
		{"s.json", `[{"Name": {"x": 1}}]`},
		{"s.json", `[{"Name": "A", "Name": "B"}] x`},
		{"s.json", "[1, 2"},
		{"s.csv", "[not json"},
	}
	for _, s := range seeds {
		f.Add(s.name, []byte(s.data))
	}
	cfg, _ := generator.ParseConfig("site.yaml", []byte("vocabularies:\n  expertise: [discovery, pricing, growth]\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if !strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".tsv") {
			name = "s.csv"
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		inside := func(what string, d generator.Diagnostic) {
			if d.Line < 0 || d.Line > lines || d.Col < 0 {
				t.Fatalf("%s outside the file (%d lines): %v", what, lines, d)
			}
		}
		s, diags := ReadSheet(name, data)
		for _, d := range diags {
			inside("ReadSheet diagnostic", d)
		}
		if s == nil {
			return
		}
		for _, r := range s.Rows {
			if len(r.Cells) != len(s.Header) {
				t.Fatalf("row at line %d has %d cells for %d headers", r.Line, len(r.Cells), len(s.Header))
			}
			for i, c := range r.Cells {
				inside("cell", generator.Diagnostic{Line: c.Line, Col: c.Col})
				if !s.JSON && c.Col != i+1 {
					t.Fatalf("cell %d has column %d", i, c.Col)
				}
			}
		}
		_, diags = Build(s, nil, Options{Config: cfg})
		for _, d := range diags {
			inside("Build diagnostic", d)
		}
	})
}
