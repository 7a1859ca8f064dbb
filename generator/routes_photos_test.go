package generator_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	_ "image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"mentorgen/generator"
	"mentorgen/generator/photos"
	"mentorgen/generator/photos/phototest"
	"mentorgen/layouts"
)

// photoSite is a site with two mentors: Ana's photo is a bundle JPEG taken with the camera
// turned (EXIF orientation 6), with a GPS position and a comment; Bo's is a PNG under static/.
func photoSite(siteYAML string) fstest.MapFS {
	var pngBytes bytes.Buffer
	png.Encode(&pngBytes, image.NewNRGBA(image.Rect(0, 0, 30, 20)))
	mentor := func(name, photo string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + name + "\nrole: PM\nseniority: senior\nexpertise: [discovery]\ntimezone: UTC\nphoto: " + photo + "\n---\nHello.\n")}
	}
	return fstest.MapFS{
		"site.yaml":                    {Data: []byte("title: T\nbase_url: https://mentors.example.org/\n" + siteYAML)},
		"content/mentors/ana/index.md": mentor("Ana Lima", "ana.jpg"),
		"content/mentors/ana/ana.jpg":  {Data: phototest.Tagged(400, 300, 6)},
		"content/mentors/bo.md":        mentor("Bo Chen", "/images/bo.png"),
		"static/images/bo.png":         {Data: pngBytes.Bytes()},
	}
}

func buildPhotos(t *testing.T, site fstest.MapFS, out string) (*generator.BuildResult, error) {
	t.Helper()
	opts := generator.Options{Site: site, Theme: layouts.FS, Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
	if _, err := generator.Check(opts); err != nil {
		return nil, err
	}
	return generator.Build(opts, generator.Destination{Dir: out, SiteDir: t.TempDir()})
}

// Mentor photos are published at the theme's sizes, upright, with no metadata, in markup
// with srcset, sizes, width and height; the original's URL serves the largest size; a
// rebuild decodes nothing; originals: true publishes the whole picture, upright.
func TestPhotos(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the photo cache: os.UserCacheDir
	out := filepath.Join(t.TempDir(), "public")
	made := photos.Made()
	if _, err := buildPhotos(t, photoSite(""), out); err != nil {
		t.Fatal(err)
	}
	if n := photos.Made() - made; n != 2 {
		t.Errorf("first build decoded %d photos, want 2", n)
	}
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	decode := func(name string) image.Image {
		t.Helper()
		data := read(name)
		if m := phototest.Metadata(data); len(m) > 0 {
			t.Errorf("%s carries metadata: %v", name, m)
		}
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return img
	}
	for _, size := range []int{64, 128, 160, 320} {
		for _, name := range []string{"mentors/ana/photo-%d.jpg", "mentors/bo/photo-%d.png"} {
			name = strings.Replace(name, "%d", strconv.Itoa(size), 1)
			if b := decode(name).Bounds(); b.Dx() != size || b.Dy() != size {
				t.Errorf("%s is %v, want %d×%d", name, b, size, size)
			}
		}
	}
	// Upright: the 400×300 picture, red left and blue right, was taken turned clockwise, so
	// its square crop shows red on top and blue below.
	img := decode("mentors/ana/photo-320.jpg")
	if top, bottom := rgb(img.At(160, 20)), rgb(img.At(160, 300)); !(top.R > 200 && top.B < 60 && bottom.B > 200 && bottom.R < 60) {
		t.Errorf("photo-320.jpg: top %v, bottom %v; want red on top, blue below", top, bottom)
	}
	// The original's URL serves the largest size, never the file as it is.
	if b := decode("mentors/ana/ana.jpg").Bounds(); b.Dx() != 320 || b.Dy() != 320 {
		t.Errorf("ana.jpg is %v, want the 320 px square", b)
	}
	if b := decode("images/bo.png").Bounds(); b.Dx() != 320 {
		t.Errorf("bo.png is %v, want the 320 px square", b)
	}
	profile := string(read("mentors/ana/index.html"))
	for _, want := range []string{
		`src="/mentors/ana/photo-160.jpg" srcset="/mentors/ana/photo-64.jpg 64w, /mentors/ana/photo-128.jpg 128w, /mentors/ana/photo-160.jpg 160w, /mentors/ana/photo-320.jpg 320w" sizes="(min-width: 40rem) 10rem, 6rem"`,
		`width="160" height="160"`,
		`"image":"https://mentors.example.org/mentors/ana/ana.jpg"`,
	} {
		if !strings.Contains(profile, want) {
			t.Errorf("profile lacks %s", want)
		}
	}
	if list := string(read("mentors/index.html")); !strings.Contains(list, `src="/mentors/bo/photo-64.png" srcset="/mentors/bo/photo-64.png 64w,`) {
		t.Errorf("the card lacks Bo's 64 px photo with a srcset")
	}

	// A rebuild, into a fresh folder, takes every photo from the cache.
	made = photos.Made()
	if _, err := buildPhotos(t, photoSite(""), filepath.Join(t.TempDir(), "public")); err != nil {
		t.Fatal(err)
	}
	if n := photos.Made() - made; n != 0 {
		t.Errorf("rebuild decoded %d photos, want 0", n)
	}

	// originals: true publishes the whole picture, upright (300×400), still without metadata.
	out = filepath.Join(t.TempDir(), "public")
	if _, err := buildPhotos(t, photoSite("photos: {originals: true}\n"), out); err != nil {
		t.Fatal(err)
	}
	if b := decode("mentors/ana/ana.jpg").Bounds(); b.Dx() != 300 || b.Dy() != 400 {
		t.Errorf("the original is %v, want 300×400", b)
	}
}

// A photo that is not an image, a truncated one and one whose header claims more than the
// pixel limit are errors at the photo line, in check and build alike; nothing is written.
func TestPhotoErrors(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	good := phototest.Tagged(256, 256, 1)
	var bomb bytes.Buffer
	png.Encode(&bomb, image.NewGray(image.Rect(0, 0, 1, 1)))
	b := bomb.Bytes()
	binary.BigEndian.PutUint32(b[16:], 10000) // IHDR: 10000×5000
	binary.BigEndian.PutUint32(b[20:], 5000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"text", []byte("not a photo\n"), "content/mentors/ana/index.md:7:1: error: photo: content/mentors/ana/ana.jpg is not a JPEG, PNG or WebP image (export it as JPEG or PNG, or remove the photo line to show initials instead)"},
		{"truncated", good[:len(good)*2/3], "content/mentors/ana/index.md:7:1: error: photo: content/mentors/ana/ana.jpg is a damaged or truncated JPEG image: "},
		{"bomb", b, "content/mentors/ana/index.md:7:1: error: photo: content/mentors/ana/ana.jpg is 10000×5000 pixels, more than the limit of 40 megapixels (export it smaller (the theme shows it at 320 px at most), or remove the photo line)"},
	} {
		site := photoSite("")
		site["content/mentors/ana/ana.jpg"] = &fstest.MapFile{Data: c.data}
		out := filepath.Join(t.TempDir(), "public")
		opts := generator.Options{Site: site, Theme: layouts.FS}
		_, checkErr := generator.Check(opts)
		_, buildErr := generator.Build(opts, generator.Destination{Dir: out, SiteDir: t.TempDir()})
		for _, err := range []error{checkErr, buildErr} {
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("%s: got %v\nwant %s", c.name, err, c.want)
			}
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a failed build wrote %s", c.name, out)
		}
	}
}

func rgb(c color.Color) color.RGBA {
	r, g, b, _ := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
}
