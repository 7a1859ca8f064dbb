package photos

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"golang.org/x/image/draw"
)

// tagged returns a w×h JPEG, red on its left half and blue on its right, carrying an EXIF
// block written by hand: IFD0 with Orientation and a GPS IFD pointer, a GPS IFD with a
// latitude, and a comment (COM) segment.
func tagged(t testing.TB, w, h, orientation int) []byte {
	t.Helper()
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
		t.Fatal(err)
	}
	return append(append([]byte{0xFF, 0xD8}, append(app1(orientation), com("shot at home")...)...), b.Bytes()[2:]...)
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
	for _, m := range []string{"Exif", "http://ns.adobe.com/xap", "shot at home"} {
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

func TestOrientation(t *testing.T) {
	for o := 1; o <= 8; o++ {
		if got := Orientation(tagged(t, 8, 4, o)); got != o {
			t.Errorf("orientation %d read as %d", o, got)
		}
	}
	if got := Orientation([]byte("\xff\xd8\xff\xe1\x00\x08Exif\x00\x00")); got != 1 {
		t.Errorf("damaged EXIF: orientation %d, want 1", got)
	}
}

// A photo taken with the camera turned (orientation 6) is shown upright: a 40×20 picture,
// red left and blue right, becomes 20×40, red on top.
func TestDecodeAppliesOrientation(t *testing.T) {
	img, err := Decode(tagged(t, 40, 20, 6))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 20 || b.Dy() != 40 {
		t.Fatalf("bounds %v, want 20×40", b)
	}
	top, bottom := img.At(10, 5).(color.RGBA), img.At(10, 35).(color.RGBA)
	if top.R < 200 || top.B > 60 || bottom.B < 200 || bottom.R > 60 {
		t.Errorf("top %v, bottom %v: want red on top, blue below", top, bottom)
	}
}

func TestMakeStripsMetadata(t *testing.T) {
	src := tagged(t, 400, 300, 6)
	if m := Metadata(src); len(m) == 0 {
		t.Fatal("the test photo carries no metadata to strip")
	}
	out, err := Make(src, JPEG, []int{64, 320, 0})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []image.Point{{64, 64}, {320, 320}, {300, 400}} {
		if m := Metadata(out[i]); len(m) > 0 {
			t.Errorf("size %v: published bytes carry %v", want, m)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(out[i]))
		if err != nil || cfg.Width != want.X || cfg.Height != want.Y {
			t.Errorf("size %v: got %d×%d, %v", want, cfg.Width, cfg.Height, err)
		}
	}
}

func TestBadInput(t *testing.T) {
	good := tagged(t, 256, 256, 1)
	var huge bytes.Buffer // a PNG header claiming 10000×5000 pixels: 50 megapixels
	png.Encode(&huge, image.NewGray(image.Rect(0, 0, 1, 1)))
	bomb := huge.Bytes()
	binary.BigEndian.PutUint32(bomb[16:], 10000)
	binary.BigEndian.PutUint32(bomb[20:], 5000)
	binary.BigEndian.PutUint32(bomb[29:], crc32.ChecksumIEEE(bomb[12:29])) // IHDR's CRC
	for _, c := range []struct {
		name string
		src  []byte
		want string
	}{
		{"text", []byte("hello, I am not a photo"), "is not a JPEG, PNG or WebP image"},
		{"truncated", good[:len(good)/2], "damaged or truncated jpeg image"},
		{"header only", good[:20], "is not a readable JPEG image"},
		{"bomb", bomb, "is 10000×5000 pixels, more than the limit of 40 megapixels"},
	} {
		_, err := Make(c.src, JPEG, []int{64})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func TestCache(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	key := Key([]byte("photo"))
	if _, ok := c.Get(key, 64, JPEG); ok {
		t.Fatal("empty cache has a photo")
	}
	if !c.Put(key, 64, JPEG, []byte("bytes")) {
		t.Fatal("Put failed")
	}
	if b, ok := c.Get(key, 64, JPEG); !ok || string(b) != "bytes" {
		t.Fatalf("Get = %q, %v", b, ok)
	}
	if _, ok := (Cache{}).Get(key, 64, JPEG); ok {
		t.Fatal("the zero Cache has a photo")
	}
}

// BenchmarkSquare measures a 12-megapixel camera photo brought to the profile's 2× size,
// with the two-step filter Square uses against Catmull-Rom and bilinear alone.
func BenchmarkSquare(b *testing.B) {
	img, err := Decode(tagged(b, 4000, 3000, 1))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("two-step", func(b *testing.B) {
		for b.Loop() {
			Square(img, 320)
		}
	})
	for name, s := range map[string]interface {
		Scale(dst draw.Image, dr image.Rectangle, src image.Image, sr image.Rectangle, op draw.Op, opts *draw.Options)
	}{"catmullrom": draw.CatmullRom, "approxbilinear": draw.ApproxBiLinear} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				dst := image.NewRGBA(image.Rect(0, 0, 320, 320))
				s.Scale(dst, dst.Bounds(), img, image.Rect(500, 0, 3500, 3000), draw.Src, nil)
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	src := tagged(b, 4000, 3000, 6)
	for b.Loop() {
		if _, err := Decode(src); err != nil {
			b.Fatal(err)
		}
	}
}
