package photos

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"mentorgen/generator/photos/phototest"
)

func segment(marker byte, body string) []byte {
	return append([]byte{0xFF, marker, byte((len(body) + 2) >> 8), byte(len(body) + 2)}, body...)
}

// insertAfterSOI puts segments right after a JPEG's SOI.
func insertAfterSOI(data []byte, segs ...[]byte) []byte {
	out := append([]byte{}, data[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, data[2:]...)
}

func samePixels(t *testing.T, a, b []byte, decode func([]byte) (image.Image, error)) {
	t.Helper()
	ia, err := decode(a)
	if err != nil {
		t.Fatalf("original: %v", err)
	}
	ib, err := decode(b)
	if err != nil {
		t.Fatalf("stripped: %v", err)
	}
	if ia.Bounds() != ib.Bounds() {
		t.Fatalf("bounds %v, want %v", ib.Bounds(), ia.Bounds())
	}
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ca, cb := color.NRGBA64Model.Convert(ia.At(x, y)), color.NRGBA64Model.Convert(ib.At(x, y)); ca != cb {
				t.Fatalf("pixel %d,%d: %v, want %v", x, y, cb, ca)
			}
		}
	}
}

func decodeJPEG(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
func decodePNG(b []byte) (image.Image, error)  { return png.Decode(bytes.NewReader(b)) }

// A camera JPEG loses its EXIF (with GPS), XMP, comment and what follows EOI; it keeps its
// ICC profile and Adobe segment, and every byte of the picture.
func TestStripJPEG(t *testing.T) {
	icc := segment(0xE2, "ICC_PROFILE\x00\x01\x01fake profile")
	adobe := segment(0xEE, "Adobe\x00\x64\x00\x00\x00\x00\x01")
	xmp := segment(0xE1, "http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>")
	tagged := phototest.Tagged(40, 24, 1) // SOI, APP1 Exif (GPS), COM, then the encoder's JPEG
	src := append(insertAfterSOI(tagged, icc, adobe, xmp), "trailer with Exif"...)
	if m := phototest.Metadata(src); len(m) < 3 {
		t.Fatalf("the test photo carries too little metadata: %v", m)
	}
	got := Strip("x.JPG", src)
	for _, s := range []string{"Exif", "http://ns.adobe.com/xap", phototest.Comment, "trailer"} {
		if bytes.Contains(got, []byte(s)) {
			t.Errorf("stripped JPEG still contains %q", s)
		}
	}
	for _, seg := range [][]byte{icc, adobe} {
		if !bytes.Contains(got, seg) {
			t.Errorf("stripped JPEG lost segment %q", seg[4:9])
		}
	}
	for i := 2; i+4 <= len(got) && got[i] == 0xFF && got[i+1] != 0xDA; i += 2 + int(binary.BigEndian.Uint16(got[i+2:])) {
		if m := got[i+1]; m == 0xFE || m == 0xE1 {
			t.Errorf("stripped JPEG has marker %X", m)
		}
	}
	// The encoder's own bytes, after SOI, are all there in order.
	if want := append(append([]byte{0xFF, 0xD8}, append(icc, adobe...)...), encoded(tagged)...); !bytes.Equal(got, want) {
		t.Errorf("stripped JPEG is not the original without its metadata (%d bytes, want %d)", len(got), len(want))
	}
	samePixels(t, src, got, decodeJPEG)
	if again := Strip("x.jpeg", got); !bytes.Equal(again, got) {
		t.Error("stripping twice changed the file")
	}
}

// encoded is what follows the comment segment of a phototest.Tagged JPEG: the encoder's
// own bytes after its SOI.
func encoded(tagged []byte) []byte {
	i := 2
	for range 2 { // APP1, COM
		i += 2 + int(binary.BigEndian.Uint16(tagged[i+2:]))
	}
	return tagged[i:]
}

func pngChunk(typ, body string) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	c = append(c, typ...)
	c = append(c, body...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE([]byte(typ+body)))
}

// A PNG loses its text, EXIF and time chunks; every other chunk is kept byte for byte.
func TestStripPNG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 9, 7))
	for y := range 7 {
		for x := range 9 {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 28), uint8(y * 36), 200, uint8(100 + x*y)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	plain := b.Bytes()
	ihdrEnd := 8 + 25 // signature, then IHDR (13 bytes of data)
	gama := pngChunk("gAMA", "\x00\x00\xb1\x8f")
	src := append(append([]byte{}, plain[:ihdrEnd]...), pngChunk("tEXt", "Comment\x00shot at home")...)
	src = append(src, pngChunk("eXIf", "MM\x00\x2a\x00\x00\x00\x08Exif GPS")...)
	src = append(src, gama...)
	src = append(src, pngChunk("iTXt", "XML:com.adobe.xmp\x00\x00\x00\x00\x00http://ns.adobe.com/xap/1.0/")...)
	src = append(src, pngChunk("zTXt", "Author\x00\x00x")...)
	src = append(src, pngChunk("tIME", "\x07\xea\x01\x02\x03\x04\x05")...)
	src = append(src, plain[ihdrEnd:]...)
	got := Strip("p.png", src)
	want := append(append(append([]byte{}, plain[:ihdrEnd]...), gama...), plain[ihdrEnd:]...)
	if !bytes.Equal(got, want) {
		t.Errorf("stripped PNG is not the original without its metadata chunks (%d bytes, want %d)", len(got), len(want))
	}
	for _, s := range []string{"tEXt", "eXIf", "iTXt", "zTXt", "tIME", "shot at home", "Exif"} {
		if bytes.Contains(got, []byte(s)) {
			t.Errorf("stripped PNG still contains %q", s)
		}
	}
	samePixels(t, src, got, decodePNG)
	samePixels(t, plain, got, decodePNG)
}

// What does not parse, and what is neither JPEG nor PNG, is returned as it is.
func TestStripLeavesOthersAlone(t *testing.T) {
	tagged := phototest.Tagged(16, 16, 1)
	var pngBytes bytes.Buffer
	png.Encode(&pngBytes, image.NewGray(image.Rect(0, 0, 4, 4)))
	withText := append(append([]byte{}, pngBytes.Bytes()[:33]...), append(pngChunk("tEXt", "a\x00b"), pngBytes.Bytes()[33:]...)...)
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"garbage.jpg", []byte("not an image at all \xff\xd8\xff\xe1")},
		{"garbage.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\xff\xffIHDR")},
		{"empty.jpg", nil},
		{"truncated.jpg", tagged[:len(tagged)/2]},
		{"no-eoi.jpg", tagged[:len(tagged)-2]},
		{"truncated.png", withText[:len(withText)-6]},
		{"a-jpeg-named.png", tagged},
		{"tagged.gif", tagged},
		{"notes.txt", []byte("Exif")},
	} {
		if got := Strip(c.name, c.data); !bytes.Equal(got, c.data) {
			t.Errorf("%s: changed (%d bytes, was %d)", c.name, len(got), len(c.data))
		}
	}
}
