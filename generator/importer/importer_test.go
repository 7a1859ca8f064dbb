package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorgen/generator"
	"mentorgen/layouts"
)

const testSiteYAML = `title: Test portal
base_url: https://mentors.example.org/
vocabularies:
  expertise: [discovery, roadmapping, user-research, pricing, growth, analytics]
  languages: [English, Spanish, Mandarin, Korean, Russian, Hindi]
`

var today = time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)

// A bad row the generated export carries, and the diagnostic it must give.
type badRow struct {
	row  int    // 0-based record index
	col  string // header whose cell is spoiled
	cell string
	want string // the diagnostic, with %d for the record's line
}

var header = []string{"Full Name ", "JOB TITLE", "company", "Seniority", "Skills", "Time zone", "Languages",
	"E-mail", "LinkedIn", "Accepting mentees", "Capacity", "Bio", "Timestamp"}

var firsts = []string{"Ana", "Bruno", "Chen", "Dana", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas",
	"Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq"}
var lasts = []string{"Lima", "Costa", "Wei", "Novak", "Kaya", "Adeyemi", "Berg", "Moreau", "Silva", "Weber",
	"Mensah", "Fischer", "Rossi", "Okafor", "Haddad"}

// export generates a 300-row sign-up export the way forms produce them: trailing spaces,
// empty optional cells, duplicate and non-Latin names, emoji and line breaks in bios, e-mail
// addresses with and without mailto:. bad spoils some cells. It returns the records and the
// line each record starts on in the CSV that csv.Writer makes of them.
func export(bad []badRow) (recs [][]string, lines []int) {
	zones := []string{"Europe/Lisbon", "America/Sao_Paulo", "Asia/Kolkata", "Africa/Lagos", "Asia/Seoul"}
	skills := []string{"discovery; Roadmapping", "User research,pricing", "growth", " analytics ; discovery "}
	langs := []string{"English", "English; Spanish", "Mandarin, English", "Korean", "russian"}
	recs = append(recs, header)
	line := 2
	for i := range 300 {
		name := firsts[i%len(firsts)] + " " + lasts[i/len(firsts)%len(lasts)]
		switch i {
		case 10, 150, 290:
			name = "Ana Lima" // row 0's name again: ana-lima-2, ana-lima-3, ana-lima-4
		case 20:
			name = "王芳"
		case 21:
			name = "Анна Петрова"
		case 22:
			name = "김지우"
		}
		email := strings.ToLower(strings.ReplaceAll(firsts[i%len(firsts)], " ", "")) + fmt.Sprint(i) + "@example.org"
		if i%3 == 0 {
			email = "mailto:" + email
		}
		linkedin := ""
		if i%7 != 0 {
			linkedin = "linkedin.com/in/m" + fmt.Sprint(i)
		}
		company := ""
		if i%4 != 0 {
			company = "Company " + fmt.Sprint(i%9) + "  "
		}
		bio := "I mentor product people. 🚀"
		if i%5 == 0 {
			bio = "## About me\n\nFirst line.\nSecond line 🌱 with *emphasis*."
		}
		accepting := []string{"Yes", "no", "TRUE", ""}[i%4]
		capacity := []string{"2", "", "0", "5 "}[i%4]
		rec := []string{name + " ", "Product Manager ", company, []string{"Senior", "mid", "junior "}[i%3],
			skills[i%len(skills)], zones[i%len(zones)] + " ", langs[i%len(langs)], email, linkedin,
			accepting, capacity, bio, "2026-01-0" + fmt.Sprint(1+i%9) + " 10:00"}
		for _, b := range bad {
			if b.row == i {
				for j, h := range header {
					if h == b.col {
						rec[j] = b.cell
					}
				}
			}
		}
		recs = append(recs, rec)
		lines = append(lines, line)
		for _, c := range rec {
			line += strings.Count(c, "\n")
		}
		line++
	}
	return recs, lines
}

func writeCSV(recs [][]string, sep rune, crlf, bom bool) []byte {
	var b bytes.Buffer
	if bom {
		b.WriteString("\ufeff")
	}
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = sep, crlf
	w.WriteAll(recs)
	return b.Bytes()
}

func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(testSiteYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func siteOptions(t *testing.T, update bool) Options {
	t.Helper()
	cfg, diags := generator.ParseConfig("site.yaml", []byte(testSiteYAML))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return Options{Config: cfg, Today: today, Update: update}
}

func plan(t *testing.T, dir, name string, data []byte, opts Options) (*Plan, generator.Diagnostics) {
	t.Helper()
	s, diags := ReadSheet(name, data)
	if len(diags) > 0 {
		t.Fatalf("ReadSheet: %v", diags)
	}
	return Build(s, os.DirFS(dir), opts)
}

var bad = []badRow{
	{5, "Time zone", "Europe/Lisbn ", `signups.csv:%d:6: error: column "Time zone": timezone: "Europe/Lisbn" is not a known time zone (did you mean "Europe/Lisbon"?)`},
	{6, "Skills", "discovery; roadmaping", `signups.csv:%d:5: error: column "Skills": expertise: "roadmaping" is not one of discovery, roadmapping, user-research, pricing, growth, analytics (did you mean "roadmapping"?)`},
	{7, "E-mail", "calendly.com/dana", `signups.csv:%d:8: error: column "E-mail": booking_url: "calendly.com/dana" is not an https: or mailto: URL (did you mean "https://calendly.com/dana"?)`},
	{8, "Seniority", "", `signups.csv:%d:4: error: column "Seniority": seniority is missing (fill in the "Seniority" cell)`},
	{9, "Accepting mentees", "maybe", `signups.csv:%d:10: error: column "Accepting mentees": accepting: want true or false, got "maybe" (write true or false)`},
	{11, "Capacity", "two", `signups.csv:%d:11: error: column "Capacity": capacity: want a whole number, got "two" (write a whole number such as 3)`},
	{12, "Full Name ", "🙂", `signups.csv:%d:1: error: column "Full Name": cannot make a file name from "🙂" (write the name with letters or digits, or add a Latin spelling in a name_latin column)`},
}

// TestImportReportsEveryBadRow: each spoiled cell is reported at its record's line and
// column, with the parser's message and hint, all at once, and nothing is planned.
func TestImportReportsEveryBadRow(t *testing.T) {
	dir := newSite(t)
	recs, lines := export(bad)
	p, diags := plan(t, dir, "signups.csv", writeCSV(recs, ',', false, false), siteOptions(t, false))
	if p != nil {
		t.Errorf("a plan despite errors")
	}
	var want []string
	for _, b := range bad {
		want = append(want, fmt.Sprintf(b.want, lines[b.row]))
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
		if d.Code == "" { // the cell's own code, or the content parser's, kept when refiled
			t.Errorf("no code: %s", d)
		}
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", g, w)
	}
}

// TestImportWritesDrafts: the good export becomes 300 drafts that check without errors;
// duplicate names get suffixes in sheet order; cells are cleaned; Excel's semicolon CSV
// with BOM and CRLF gives the same files.
func TestImportWritesDrafts(t *testing.T) {
	dir := newSite(t)
	recs, lines := export(nil)
	p, diags := plan(t, dir, "signups.csv", writeCSV(recs, ',', false, false), siteOptions(t, false))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if n := p.Count(Create); n != 300 {
		t.Fatalf("%d created, want 300", n)
	}
	if want := []string{"Timestamp"}; fmt.Sprint(p.Ignored) != fmt.Sprint(want) {
		t.Errorf("ignored %v, want %v", p.Ignored, want)
	}
	if err := p.Write(dir); err != nil {
		t.Fatal(err)
	}
	for i, f := range map[int]string{0: "ana-lima", 10: "ana-lima-2", 150: "ana-lima-3", 290: "ana-lima-4", 20: "王芳", 21: "анна-петрова", 22: "김지우"} {
		if e := p.Entries[i]; e.File != "content/mentors/"+f+".md" || e.Line != lines[i] {
			t.Errorf("row %d: %s at line %d, want content/mentors/%s.md at line %d", i, e.File, e.Line, f, lines[i])
		}
	}
	got := read(t, dir, "content/mentors/ana-lima-2.md")
	want := fmt.Sprintf(`---
# Imported from signups.csv, line %d.
title: "Ana Lima"
role: "Product Manager"
company: "Company 1"
seniority: "mid"
expertise: [growth]
timezone: "Europe/Lisbon"
languages: [English]
capacity: 0
accepting: true
booking_url: "mailto:kofi10@example.org"
links:
  - title: "LinkedIn"
    url: "https://linkedin.com/in/m10"
date: 2026-03-04
draft: true # a sign-up, not reviewed yet: delete this line to publish
---

## About me

First line.
Second line 🌱 with *emphasis*.
`, lines[10])
	if got != want {
		t.Errorf("ana-lima-2.md:\n%s\nwant:\n%s", got, want)
	}
	// Vocabulary terms in other case or with spaces are written as site.yaml spells them.
	if got := read(t, dir, "content/mentors/"+p.Entries[4].File[len("content/mentors/"):]); !strings.Contains(got, "\nlanguages: [Russian]\n") || !strings.Contains(got, "\nexpertise: [discovery, roadmapping]\n") {
		t.Errorf("row 4:\n%s", got)
	}
	res, err := generator.Check(generator.Options{Site: os.DirFS(dir), Theme: layouts.FS, Drafts: true})
	if err != nil {
		t.Fatalf("check of the imported site: %v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("check warns: %v", res.Warnings)
	}

	// Excel's export of the same sheet: semicolons, a BOM and CRLF.
	excel := writeCSV(recs, ';', true, true)
	if !bytes.HasPrefix(excel, []byte("\ufeffFull Name ;JOB TITLE;")) || !bytes.Contains(excel, []byte("\r\n")) {
		t.Fatalf("the test's Excel export is not what Excel writes: %q", excel[:40])
	}
	p2, diags := plan(t, t.TempDir(), "signups.csv", excel, siteOptions(t, false))
	if len(diags) > 0 {
		t.Fatalf("Excel export: %v", diags)
	}
	for i, e := range p2.Entries {
		if e.File != p.Entries[i].File || !bytes.Equal(e.data, p.Entries[i].data) {
			t.Fatalf("row %d: the Excel export gives %s:\n%s\nthe comma CSV %s:\n%s", i, e.File, e.data, p.Entries[i].File, p.Entries[i].data)
		}
	}
}

func read(t *testing.T, dir, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestImportUpdate: a second import skips existing files; with --update it changes only
// the sheet's fields, keeps the editor's body, fields, order and comments, and leaves rows
// whose fields did not change alone.
func TestImportUpdate(t *testing.T) {
	dir := newSite(t)
	recs, _ := export(nil)
	data := writeCSV(recs, ',', false, false)
	p, diags := plan(t, dir, "signups.csv", data, siteOptions(t, false))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if err := p.Write(dir); err != nil {
		t.Fatal(err)
	}
	edited := `---
# Reviewed by Sam.
title: "Bruno Lima"
role: "Product Manager"
company: "Company 1"
seniority: "mid"
expertise: [user-research, pricing]
summary: "Written by the editor."   # keep
timezone: "America/Sao_Paulo"
languages:
  - English
  - Spanish
booking_url: "mailto:bruno1@example.org"
links:
  - title: "Blog"
    url: "https://bruno.example.org/"
  - title: "LinkedIn"
    url: "https://linkedin.com/in/old"
accepting: false
date: 2026-03-04
---

## About me

The editor's text.
`
	f := filepath.Join(dir, "content", "mentors", "bruno-lima.md")
	if err := os.WriteFile(f, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	p, diags = plan(t, dir, "signups.csv", data, siteOptions(t, false))
	if len(diags) > 0 || p.Count(Skip) != 300 {
		t.Fatalf("without --update: %d skipped, want 300; %v", p.Count(Skip), diags)
	}
	recs[2][1] = "Senior Product Manager" // row 1, Bruno Lima: a new job title
	p, diags = plan(t, dir, "signups.csv", writeCSV(recs, ',', false, false), siteOptions(t, true))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if u, n := p.Count(Update), p.Count(Unchanged); u != 1 || n != 299 {
		t.Fatalf("%d updated, %d unchanged; want 1 and 299", u, n)
	}
	if err := p.Write(dir); err != nil {
		t.Fatal(err)
	}
	got := read(t, dir, "content/mentors/bruno-lima.md")
	want := `---
# Reviewed by Sam.
title: "Bruno Lima"
role: "Senior Product Manager"
company: "Company 1"
seniority: "mid"
expertise: [user-research, pricing]
summary: "Written by the editor." # keep
timezone: "America/Sao_Paulo"
languages:
  - English
  - Spanish
booking_url: "mailto:bruno1@example.org"
links:
  - title: "Blog"
    url: "https://bruno.example.org/"
  - title: "LinkedIn"
    url: "https://linkedin.com/in/m1"
accepting: false
date: 2026-03-04
---

## About me

The editor's text.
`
	if got != want {
		t.Errorf("updated file:\n%s\nwant:\n%s", got, want)
	}
}

// TestImportJSON: a JSON array of objects, with lists as arrays; positions are the value's
// line and column, and the message names the record and key.
func TestImportJSON(t *testing.T) {
	dir := newSite(t)
	src := `[
  {"Name": "Ana Lima", "Job title": "PM", "Seniority": "senior", "Skills": ["discovery", "growth"],
   "Timezone": "Europe/Lisbon", "Accepting": true, "Capacity": 2},
  {"Name": "Bo", "Job title": "PM", "Seniority": "senior", "Skills": ["discovery"],
   "Timezone": "Mars/Olympus"}
]`
	p, diags := plan(t, dir, "signups.json", []byte(src), siteOptions(t, false))
	want := `signups.json:5:16: error: record 1, key "Timezone": timezone: "Mars/Olympus" is not a known time zone (use an IANA name such as "Europe/Berlin" or "America/Sao_Paulo")`
	if p != nil || len(diags) != 1 || diags[0].String() != want {
		t.Fatalf("diagnostics: %v\nwant: %s", diags, want)
	}
	src = strings.Replace(src, "Mars/Olympus", "Asia/Seoul", 1)
	p, diags = plan(t, dir, "signups.json", []byte(src), siteOptions(t, false))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if got := string(p.Entries[0].data); !strings.Contains(got, "expertise: [discovery, growth]\n") || !strings.Contains(got, "accepting: true\n") || !strings.Contains(got, "capacity: 2\n") {
		t.Errorf("ana-lima.md:\n%s", got)
	}
}

// TestImportMap: --map names a column and makes list cells split on ";" only.
func TestImportMap(t *testing.T) {
	m, diags := ParseMap("map.yaml", []byte("columns:\n  \"What can you help with?\": helps_with\n  Skills: expertise\n  Timestamp: \"-\"\nsplit: \";\"\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	dir := newSite(t)
	opts := siteOptions(t, false)
	opts.Config.Vocabularies["helps_with"] = []string{"first PM job", "interview prep, mock interviews"}
	opts.Map = m
	src := "Name,Role,Seniority,Skills,Time zone,What can you help with?,Timestamp\nAna Lima,PM,mid,discovery,UTC,\"first PM job; interview prep, mock interviews\",x\n"
	p, diags := plan(t, dir, "s.csv", []byte(src), opts)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if got := string(p.Entries[0].data); !strings.Contains(got, `helps_with: [first PM job, 'interview prep, mock interviews']`) {
		t.Errorf("file:\n%s", got)
	}
	if len(p.Ignored) != 0 {
		t.Errorf("ignored %v; the map ignores Timestamp silently", p.Ignored)
	}
	_, diags = ParseMap("map.yaml", []byte("columns:\n  Skills: expertize\n"))
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), `map.yaml:2:11: error: columns: "expertize" is not a mentor field`) {
		t.Errorf("bad map: %v", diags)
	}
}

// TestImportSheetErrors: a field no column holds is reported once, at the header; a quote
// that never closes is an error at the reader's position; a TSV reads like a CSV.
func TestImportSheetErrors(t *testing.T) {
	dir := newSite(t)
	s, diags := ReadSheet("s.csv", []byte("Name,Role,Skills\nAna,PM,discovery\nBo,PM,growth\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	_, diags = Build(s, os.DirFS(dir), siteOptions(t, false))
	want := `s.csv:1: error: no column holds seniority, which every mentor needs (add one, or name one in --map (columns: {"Your header": seniority}))
s.csv:1: error: no column holds timezone, which every mentor needs (add one, or name one in --map (columns: {"Your header": timezone}))`
	if got := diags.Error(); !strings.Contains(got, want) || len(diags) != 2 {
		t.Errorf("diagnostics:\n%v\nwant:\n%s", diags, want)
	}
	_, diags = ReadSheet("s.csv", []byte("Name,Role\n\"Ana,PM\nBo,PM\n"))
	if len(diags) != 1 || diags[0].String() != `s.csv:2: error: a quoted cell in this record never closes (the reader went on to line 3) (end the cell with a quote; a quote inside a cell is written "" in a quoted cell)` {
		t.Errorf("unclosed quote: %v", diags)
	}
	s, diags = ReadSheet("s.tsv", []byte("Name\tSkills\n Ana \tdiscovery, growth\n"))
	if len(diags) > 0 || len(s.Rows) != 1 || s.Rows[0].Cells[0].Value != "Ana" || s.Rows[0].Cells[1].Col != 2 {
		t.Errorf("TSV: %+v %v", s, diags)
	}
}
