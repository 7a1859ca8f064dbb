package photos_test

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"mentorgen/generator/photos"
	"mentorgen/generator/photos/phototest"
)

// FuzzPhoto feeds any bytes to what a mentor's photo goes through: the header check, the
// decoder with its EXIF orientation, the square crop and the encoder, and the metadata strip
// of static images. None may panic; a file that passes Check and decodes must encode, and
// Strip must never return more bytes than it got.
func FuzzPhoto(f *testing.F) {
	for _, o := range []int{1, 3, 6, 8} {
		f.Add(phototest.Tagged(12, 8, o))
	}
	var b bytes.Buffer
	_ = png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 5, 3)))
	f.Add(b.Bytes())
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, name := range []string{"a.jpg", "a.png"} {
			if out := photos.Strip(name, src); len(out) > len(src) {
				t.Fatalf("Strip(%s) grew %d bytes to %d", name, len(src), len(out))
			}
		}
		img, err := photos.Decode(src)
		if err != nil {
			return
		}
		for _, f := range []photos.Format{photos.JPEG, photos.PNG} {
			if _, err := photos.Encode(photos.Square(img, 16), f); err != nil {
				t.Fatalf("a decoded image does not encode: %v", err)
			}
		}
	})
}
