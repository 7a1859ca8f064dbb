package generator_test

import (
	"bytes"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"mentorgen/generator/photos/phototest"
)

// A camera JPEG under static/ or beside a tip is published without its EXIF (GPS position)
// and comment, its picture unchanged; other static files are copied as they are.
func TestStaticImagesLoseMetadata(t *testing.T) {
	site := smallSite()
	camera := phototest.Tagged(64, 48, 1)
	site["static/images/x.jpg"] = &fstest.MapFile{Data: camera}
	site["content/tips/b/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndate: 2025-02-01\n---\n![shot](shot.jpeg)\n")}
	site["content/tips/b/shot.jpeg"] = &fstest.MapFile{Data: camera}
	site["static/images/raw.bin"] = &fstest.MapFile{Data: camera}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := buildInto(t, site, out); err != nil {
		t.Fatal(err)
	}
	want, err := jpeg.Decode(bytes.NewReader(camera))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"images/x.jpg", "tips/b/shot.jpeg"} {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if m := phototest.Metadata(data); len(m) > 0 {
			t.Errorf("%s carries metadata: %v", name, m)
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if img.Bounds() != want.Bounds() {
			t.Fatalf("%s: bounds %v, want %v", name, img.Bounds(), want.Bounds())
		}
		for y := range 48 {
			for x := range 64 {
				if img.At(x, y) != want.At(x, y) {
					t.Fatalf("%s: pixel %d,%d differs", name, x, y)
				}
			}
		}
	}
	if data, err := os.ReadFile(filepath.Join(out, "images", "raw.bin")); err != nil || !bytes.Equal(data, camera) {
		t.Errorf("images/raw.bin was not copied as it is (err %v)", err)
	}
}
