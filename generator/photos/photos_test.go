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

	"mentorgen/generator/photos/phototest"

	"golang.org/x/image/draw"
)

func TestOrientation(t *testing.T) {
	for o := 1; o <= 8; o++ {
		if got := Orientation(phototest.Tagged(8, 4, o)); got != o {
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
	img, err := Decode(phototest.Tagged(40, 20, 6))
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
	src := phototest.Tagged(400, 300, 6)
	if m := phototest.Metadata(src); len(m) == 0 {
		t.Fatal("the test photo carries no metadata to strip")
	}
	out, err := Make(src, JPEG, []int{64, 320, 0})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []image.Point{{64, 64}, {320, 320}, {300, 400}} {
		if m := phototest.Metadata(out[i]); len(m) > 0 {
			t.Errorf("size %v: published bytes carry %v", want, m)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(out[i]))
		if err != nil || cfg.Width != want.X || cfg.Height != want.Y {
			t.Errorf("size %v: got %d×%d, %v", want, cfg.Width, cfg.Height, err)
		}
	}
}

func TestBadInput(t *testing.T) {
	good := phototest.Tagged(256, 256, 1)
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
		{"truncated", good[:len(good)/2], "damaged or truncated JPEG image"},
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
	img, err := Decode(phototest.Tagged(4000, 3000, 1))
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
	src := phototest.Tagged(4000, 3000, 6)
	for b.Loop() {
		if _, err := Decode(src); err != nil {
			b.Fatal(err)
		}
	}
}
