package generator

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// textProblem says why src is not a UTF-8 text file, or returns nil. It runs before anything
// else parses the file: the YAML decoder and goldmark would otherwise report a binary file as
// "title is missing", or pass bytes of another encoding through into the HTML unnoticed.
func textProblem(file string, src []byte) *Diagnostic {
	if utf8.Valid(src) {
		return nil // the fast path: one pass, even over a 10 MB file
	}
	// UTF-16 (what Windows Notepad calls "Unicode") starts with a byte order mark.
	if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) {
		return &Diagnostic{File: file, Code: "text-encoding", Msg: "the file is saved as UTF-16, not UTF-8", Hint: "save it as UTF-8"}
	}
	// A NUL byte near the start means the file is not text at all; git decides the same way.
	if bytes.IndexByte(src[:min(len(src), 8000)], 0) >= 0 {
		return &Diagnostic{File: file, Code: "text-encoding", Msg: "not a text file: a page must be UTF-8 Markdown",
			Hint: "a picture or download beside a page needs its own extension, such as .png or .pdf"}
	}
	off := 0
	for off < len(src) {
		r, n := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		off += n
	}
	line, col := newLineIndex(src).pos(off)
	return &Diagnostic{File: file, Code: "text-encoding", Line: line, Col: col,
		Msg:  fmt.Sprintf("invalid UTF-8: byte 0x%02x is not part of a UTF-8 character", src[off]),
		Hint: "save the file as UTF-8; it may have been saved as Latin-1 or Windows-1252"}
}
