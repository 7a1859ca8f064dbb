package photos

import (
	"bytes"
	"encoding/binary"
	"path"
	"strings"
)

// Strip returns a JPEG's or PNG's bytes without their metadata, chosen by the extension of
// name (.jpg, .jpeg, .png, in any case). Nothing is re-encoded: the segments or chunks that
// make the picture are kept byte for byte, so the pixels are exactly those of the original.
//
// A JPEG loses its APP1..APP15 segments (EXIF with GPS position and camera serial, XMP,
// vendor notes) and its comments, except an APP2 ICC_PROFILE (colour, not personal data)
// and an APP14 Adobe segment (it says how the decoder converts colours). A PNG loses its
// tEXt, zTXt, iTXt, eXIf and tIME chunks. Whatever follows the end of the image (EOI, IEND)
// is dropped too: cameras append second pictures and vendor blocks there, with their own EXIF.
//
// Data that does not parse as the format its name says, and any other name, is returned
// as it is. When there is nothing to drop, data itself is returned.
func Strip(name string, data []byte) []byte {
	var out []byte
	var ok bool
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg":
		out, ok = stripJPEG(data)
	case ".png":
		out, ok = stripPNG(data)
	default:
		return data
	}
	if !ok || len(out) == len(data) {
		return data
	}
	return out
}

// stripJPEG walks the marker segments up to EOI; ok is false if data is not a whole JPEG.
func stripJPEG(data []byte) (out []byte, ok bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, false
	}
	out = make([]byte, 0, len(data))
	out = append(out, data[:2]...)
	i := 2
	for {
		start := i
		if i >= len(data) || data[i] != 0xFF {
			return nil, false
		}
		for i < len(data) && data[i] == 0xFF { // a marker may be preceded by fill bytes
			i++
		}
		if i >= len(data) {
			return nil, false
		}
		marker := data[i]
		i++
		switch {
		case marker == 0x00:
			return nil, false
		case marker == 0xD9: // EOI
			return append(out, data[start:i]...), true
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7): // TEM, RSTn: no length
			out = append(out, data[start:i]...)
			continue
		}
		if i+2 > len(data) {
			return nil, false
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return nil, false
		}
		body := data[i+2 : i+n]
		i += n
		if keepJPEGSegment(marker, body) {
			out = append(out, data[start:i]...)
		}
		if marker != 0xDA { // SOS: the entropy-coded data follows, up to the next marker
			continue
		}
		j := i
		for {
			if j+1 >= len(data) {
				return nil, false
			}
			if data[j] == 0xFF {
				if next := data[j+1]; next != 0x00 && (next < 0xD0 || next > 0xD7) {
					break
				}
			}
			j++
		}
		out = append(out, data[i:j]...)
		i = j
	}
}

// keepJPEGSegment reports whether a segment is kept: everything but APP1..APP15 and COM,
// save an ICC profile (APP2) and Adobe's colour transform (APP14).
func keepJPEGSegment(marker byte, body []byte) bool {
	switch {
	case marker == 0xFE: // COM
		return false
	case marker == 0xE2:
		return bytes.HasPrefix(body, []byte("ICC_PROFILE\x00"))
	case marker == 0xEE:
		return bytes.HasPrefix(body, []byte("Adobe"))
	case marker >= 0xE1 && marker <= 0xEF:
		return false
	}
	return true
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// stripPNG walks the chunks up to IEND; ok is false if data is not a whole PNG.
func stripPNG(data []byte) (out []byte, ok bool) {
	if !bytes.HasPrefix(data, pngSignature) {
		return nil, false
	}
	out = make([]byte, 0, len(data))
	out = append(out, pngSignature...)
	for i := len(pngSignature); ; {
		if i+12 > len(data) {
			return nil, false
		}
		n := binary.BigEndian.Uint32(data[i:])
		if n > uint32(len(data)-i-12) {
			return nil, false
		}
		end := i + 12 + int(n)
		switch typ := string(data[i+4 : i+8]); typ {
		case "tEXt", "zTXt", "iTXt", "eXIf", "tIME":
		default:
			out = append(out, data[i:end]...)
			if typ == "IEND" {
				return out, true
			}
		}
		i = end
	}
}
