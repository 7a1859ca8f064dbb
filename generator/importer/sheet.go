// Package importer turns a program's sign-up export (CSV, TSV or a JSON array of objects)
// into mentor content files. It reads the sheet, maps its columns to mentor fields, renders
// each row as the front matter mentorgen would write, validates it with the generator's own
// parser, and maps every diagnostic back to the sheet's row and column. Only Plan.Write
// touches the disk.
package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"mentorgen/generator"
)

// A Sheet is a table read from an export: a header and the records under it.
type Sheet struct {
	File   string // as named on the command line, used in diagnostics
	JSON   bool   // positions are line:col of the value in the JSON text
	Header []string
	Rows   []Row
}

// A Row is one record. Its cells line up with Sheet.Header; a missing cell is empty.
type Row struct {
	Line  int // CSV: the 1-based line the record starts on; JSON: the line of its '{'
	Index int // 0-based position among the records
	Cells []Cell
}

// A Cell is one value with its position.
type Cell struct {
	Value string
	List  []string // a JSON array, item by item; nil otherwise
	Line  int      // CSV: the record's line; JSON: the value's line
	Col   int      // CSV: the 1-based column index (A = 1); JSON: the value's byte column
	Set   bool     // the record has this cell (a JSON object may leave keys out)
}

var bom = []byte("\ufeff")

// ReadSheet reads an export. A name ending in .json (or data starting with '[') is a JSON
// array of objects; .tsv is tab-separated; anything else is CSV with a comma or semicolon
// separator, whichever the header line has more of outside quotes. A UTF-8 byte order mark
// is dropped, CRLF line ends are fine, and cells are trimmed of surrounding spaces.
func ReadSheet(file string, data []byte) (*Sheet, generator.Diagnostics) {
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		return nil, generator.Diagnostics{{File: file, Code: "import-sheet", Msg: "the file is not UTF-8 text",
			Hint: "export as \"CSV UTF-8\" (Excel) or UTF-8 (other programs)"}}
	}
	trim := bytes.TrimLeft(data, " \t\r\n")
	if strings.EqualFold(path.Ext(file), ".json") || len(trim) > 0 && trim[0] == '[' {
		return readJSON(file, data)
	}
	sep := ','
	if strings.EqualFold(path.Ext(file), ".tsv") {
		sep = '\t'
	} else {
		sep = detectSeparator(data)
	}
	return readCSV(file, data, sep)
}

// detectSeparator counts commas, semicolons and tabs on the first line, outside quotes.
func detectSeparator(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range data {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted {
			counts[c]++
		}
	}
	switch {
	case counts['\t'] > counts[','] && counts['\t'] > counts[';']:
		return '\t'
	case counts[';'] > counts[',']:
		return ';'
	}
	return ','
}

func readCSV(file string, data []byte, sep rune) (*Sheet, generator.Diagnostics) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.FieldsPerRecord = -1
	// Not LazyQuotes: it would swallow the rest of the file into a cell whose quote never
	// closes, where a positioned error says what to fix. Excel and form exports quote
	// properly.
	s := &Sheet{File: file}
	var diags generator.Diagnostics
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line {
				// The reader gives up where the file ends; the fix is where the quote opened.
				return nil, append(diags, generator.Diagnostic{File: file, Code: "import-sheet", Line: pe.StartLine,
					Msg:  fmt.Sprintf("a quoted cell in this record never closes (the reader went on to line %d)", pe.Line),
					Hint: `end the cell with a quote; a quote inside a cell is written "" in a quoted cell`})
			}
			if errors.As(err, &pe) {
				return nil, append(diags, generator.Diagnostic{File: file, Code: "import-sheet", Line: pe.Line, Col: pe.Column, Msg: pe.Err.Error(),
					Hint: `a quoted cell must end with a quote, and a quote inside a cell is written "" in a quoted cell`})
			}
			return nil, append(diags, generator.Diagnostic{File: file, Code: "import-sheet", Msg: err.Error()})
		}
		line, _ := r.FieldPos(0)
		if s.Header == nil {
			for _, h := range rec {
				s.Header = append(s.Header, strings.TrimSpace(h))
			}
			continue
		}
		if blank(rec) {
			continue
		}
		row := Row{Line: line, Index: len(s.Rows), Cells: make([]Cell, len(s.Header))}
		for i := range row.Cells {
			row.Cells[i] = Cell{Line: line, Col: i + 1}
		}
		for i, v := range rec {
			if i >= len(s.Header) {
				if strings.TrimSpace(v) != "" {
					diags = append(diags, generator.Diagnostic{File: file, Code: "import-column", Line: line, Col: i + 1,
						Msg:  fmt.Sprintf("a value in column %d, which has no header", i+1),
						Hint: "give the column a header, or remove the value"})
				}
				continue
			}
			row.Cells[i] = Cell{Value: strings.TrimSpace(v), Line: line, Col: i + 1, Set: true}
		}
		s.Rows = append(s.Rows, row)
	}
	if s.Header == nil {
		return nil, generator.Diagnostics{{File: file, Code: "import-sheet", Msg: "the sheet is empty", Hint: "export it with its header row"}}
	}
	return s, diags
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// readJSON reads an array of flat objects. Values are strings, numbers, booleans, null or
// arrays of those; the header is every key in order of first appearance.
func readJSON(file string, data []byte) (*Sheet, generator.Diagnostics) {
	lines := lineStarts(data)
	at := func(off int64) (int, int) {
		// InputOffset is just after the previous token: skip separators to the value.
		o := int(off)
		for o < len(data) && strings.IndexByte(" \t\r\n:,", data[o]) >= 0 {
			o++
		}
		return pos(lines, o)
	}
	fail := func(off int64, format string, args ...any) (*Sheet, generator.Diagnostics) {
		l, c := at(off)
		return nil, generator.Diagnostics{{File: file, Code: "import-sheet", Line: l, Col: c, Msg: fmt.Sprintf(format, args...),
			Hint: `write an array of objects: [{"Name": "Ana Lima", "Skills": ["discovery"]}, …]`}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	s := &Sheet{File: file, JSON: true}
	col := map[string]int{}
	jsonErr := func(err error) (*Sheet, generator.Diagnostics) {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			l, c := pos(lines, int(se.Offset))
			return nil, generator.Diagnostics{{File: file, Code: "import-sheet", Line: l, Col: c, Msg: "JSON: " + se.Error()}}
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		l, c := pos(lines, len(data))
		return nil, generator.Diagnostics{{File: file, Code: "import-sheet", Line: l, Col: c, Msg: "JSON: " + err.Error()}}
	}
	off := dec.InputOffset()
	tok, err := dec.Token()
	if err != nil {
		return jsonErr(err)
	}
	if tok != json.Delim('[') {
		return fail(off, "want an array of objects, got %s", jsonKind(tok))
	}
	type pending struct {
		key  string
		cell Cell
	}
	for dec.More() {
		off = dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return jsonErr(err)
		}
		if tok != json.Delim('{') {
			return fail(off, "record %d: want an object, got %s", len(s.Rows), jsonKind(tok))
		}
		line, _ := at(off)
		var cells []pending
		seen := map[string]bool{}
		for dec.More() {
			off = dec.InputOffset()
			kt, err := dec.Token()
			if err != nil {
				return jsonErr(err)
			}
			key := strings.TrimSpace(kt.(string))
			if seen[key] {
				return fail(off, "record %d: key %q appears twice", len(s.Rows), key)
			}
			seen[key] = true
			off = dec.InputOffset()
			l, c := at(off)
			cell := Cell{Line: l, Col: c, Set: true}
			vt, err := dec.Token()
			if err != nil {
				return jsonErr(err)
			}
			switch v := vt.(type) {
			case json.Delim:
				if v != '[' {
					return fail(off, "record %d, key %q: want text, a number, true/false or a list, got an object", len(s.Rows), key)
				}
				cell.List = []string{}
				for dec.More() {
					it, err := dec.Token()
					if err != nil {
						return jsonErr(err)
					}
					item, ok := scalar(it)
					if !ok {
						return fail(off, "record %d, key %q: want a list of plain values", len(s.Rows), key)
					}
					if item = strings.TrimSpace(item); item != "" {
						cell.List = append(cell.List, item)
					}
				}
				if _, err := dec.Token(); err != nil {
					return jsonErr(err)
				}
				cell.Value = strings.Join(cell.List, "; ")
			default:
				cell.Value, _ = scalar(v)
				cell.Value = strings.TrimSpace(cell.Value)
			}
			cells = append(cells, pending{key, cell})
			if _, ok := col[key]; !ok {
				col[key] = len(s.Header)
				s.Header = append(s.Header, key)
			}
		}
		if _, err := dec.Token(); err != nil {
			return jsonErr(err)
		}
		row := Row{Line: line, Index: len(s.Rows)}
		row.Cells = make([]Cell, 0, len(cells))
		for _, p := range cells {
			i := col[p.key]
			for len(row.Cells) <= i {
				row.Cells = append(row.Cells, Cell{Line: line, Col: 1})
			}
			row.Cells[i] = p.cell
		}
		s.Rows = append(s.Rows, row)
	}
	if _, err := dec.Token(); err != nil {
		return jsonErr(err)
	}
	off = dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return fail(off, "unexpected text after the array")
	}
	for i := range s.Rows {
		for len(s.Rows[i].Cells) < len(s.Header) {
			s.Rows[i].Cells = append(s.Rows[i].Cells, Cell{Line: s.Rows[i].Line, Col: 1})
		}
	}
	return s, nil
}

func scalar(t json.Token) (string, bool) {
	switch v := t.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	case nil:
		return "", true
	}
	return "", false
}

func jsonKind(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return "text"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	}
	return "null"
}

func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// pos turns a byte offset into a 1-based line and byte column.
func pos(starts []int, off int) (int, int) {
	lo, hi := 0, len(starts)
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if starts[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return lo + 1, off - starts[lo] + 1
}
