// Package phototest makes photos for tests: JPEGs carrying an EXIF orientation, a GPS
// position and a comment, written byte by byte, and a finder of metadata in published bytes.
package phototest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// Comment is the text of the comment segment Tagged writes.
const Comment = "shot at home"

// Tagged returns a w×h JPEG, red on its left half and blue on its right, carrying an EXIF
// block written by hand: IFD0 with Orientation and a GPS IFD pointer, a GPS IFD with a
// latitude, and a comment (COM) segment.
func Tagged(w, h, orientation int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 0, 0, 255}
			if x >= w/2 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		panic(err)
	}
	return append(append([]byte{0xFF, 0xD8}, append(app1(orientation), com(Comment)...)...), b.Bytes()[2:]...)
}

// app1 is an APP1 Exif segment (TIFF, little-endian) with IFD0 {Orientation, GPSInfo} and a
// GPS IFD {GPSLatitudeRef "N", GPSLatitude 52/1 31/1 0/1}.
func app1(orientation int) []byte {
	le := binary.LittleEndian
	var t []byte
	t = append(t, "II"...)
	t = le.AppendUint16(t, 42)
	t = le.AppendUint32(t, 8) // IFD0 at 8
	// IFD0: 2 entries (2 + 2*12 + 4 = 30 bytes), ends at 38; GPS IFD at 38.
	t = le.AppendUint16(t, 2)
	t = append(t, entry(0x0112, 3, 1, uint32(orientation))...)
	t = append(t, entry(0x8825, 4, 1, 38)...)
	t = le.AppendUint32(t, 0)
	// GPS IFD: 2 entries (30 bytes), ends at 68; rationals at 68.
	t = le.AppendUint16(t, 2)
	t = append(t, entry(0x0001, 2, 2, uint32('N'))...)
	t = append(t, entry(0x0002, 5, 3, 68)...)
	t = le.AppendUint32(t, 0)
	for _, v := range []uint32{52, 1, 31, 1, 0, 1} {
		t = le.AppendUint32(t, v)
	}
	seg := append([]byte("Exif\x00\x00"), t...)
	return append([]byte{0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}, seg...)
}

func entry(tag, typ uint16, count, value uint32) []byte {
	le := binary.LittleEndian
	e := le.AppendUint16(nil, tag)
	e = le.AppendUint16(e, typ)
	e = le.AppendUint32(e, count)
	return le.AppendUint32(e, value)
}

func com(s string) []byte {
	return append([]byte{0xFF, 0xFE, byte((len(s) + 2) >> 8), byte(len(s) + 2)}, s...)
}

// Metadata lists the byte strings that betray metadata in a published image: an EXIF block
// (with its GPS IFD), XMP, and a JPEG comment segment.
func Metadata(data []byte) []string {
	var found []string
	for _, m := range []string{"Exif", "http://ns.adobe.com/xap", Comment} {
		if bytes.Contains(data, []byte(m)) {
			found = append(found, m)
		}
	}
	for i := 2; i+4 <= len(data) && data[i] == 0xFF; { // JPEG segments up to the scan
		marker := data[i+1]
		if marker == 0xDA {
			break
		}
		if marker == 0xFE || (marker >= 0xE1 && marker <= 0xEF) {
			found = append(found, "marker "+string("0123456789ABCDEF"[marker>>4])+string("0123456789ABCDEF"[marker&15]))
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	return found
}
