// Package photos turns a mentor's photo into the small, upright, metadata-free images a theme
// shows: decode (JPEG, PNG, WebP), apply the EXIF orientation, crop to a centred square,
// resize, re-encode, and cache the results by content hash; and strips the metadata from
// any other JPEG or PNG without re-encoding it (Strip). It knows nothing of pages.
package photos

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strconv"
	"sync/atomic"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP decoding with image.Decode
)

// MaxPixels is the largest photo decoded: 40 megapixels, more than any phone camera makes,
// and a bound on the memory a decompression bomb can ask for (about 160 MB as RGBA).
const MaxPixels = 40_000_000

// Quality is the JPEG quality of every encoded photo.
const Quality = 82

// version names the way photos are made; it is part of every cache key, so that a change
// of filter, quality or crop never serves an old result.
const version = "v1-catmullrom-q82-square"

// Format is an encoding of a published photo.
type Format int

const (
	JPEG Format = iota
	PNG         // for images that may have transparency
)

// Ext is the file extension of the format, with its dot.
func (f Format) Ext() string {
	if f == PNG {
		return ".png"
	}
	return ".jpg"
}

// Key names the content of a photo in the cache: a hash of its bytes and of the way photos
// are made.
func Key(src []byte) string {
	h := sha256.New()
	h.Write([]byte(version))
	h.Write(src)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Check reads only the header of src and reports what would stop it from decoding: not an
// image of a known format, or more pixels than MaxPixels.
func Check(src []byte) (image.Config, error) {
	cfg, name, err := image.DecodeConfig(bytes.NewReader(src))
	switch {
	case errors.Is(err, image.ErrFormat):
		return cfg, errors.New("is not a JPEG, PNG or WebP image")
	case err != nil:
		return cfg, fmt.Errorf("is not a readable %s image: %s", formatName(src), describe(err))
	case cfg.Width <= 0 || cfg.Height <= 0:
		return cfg, fmt.Errorf("is a %s image with no pixels", name)
	case int64(cfg.Width)*int64(cfg.Height) > MaxPixels:
		return cfg, fmt.Errorf("is %d×%d pixels, more than the limit of %d megapixels", cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	return cfg, nil
}

// Decode decodes src, after Check, and turns it upright by its EXIF orientation.
func Decode(src []byte) (image.Image, error) {
	if _, err := Check(src); err != nil {
		return nil, err
	}
	img, name, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("is a damaged or truncated %s image: %s", formatName(src), describe(err))
	}
	if name == "jpeg" {
		img = Orient(img, Orientation(src))
	}
	return img, nil
}

// Square crops img to its centred square and resizes it to size×size pixels.
func Square(img image.Image, size int) image.Image {
	b := img.Bounds()
	side := min(b.Dx(), b.Dy())
	x0, y0 := b.Min.X+(b.Dx()-side)/2, b.Min.Y+(b.Dy()-side)/2
	crop := image.Rect(x0, y0, x0+side, y0+side)
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	// Catmull-Rom looks best, but its cost grows with the source: a source more than four
	// times the target is first brought to twice the target with a cheap filter, which
	// Catmull-Rom then smooths (bench_test.go measures both).
	if side > 4*size {
		mid := image.NewRGBA(image.Rect(0, 0, 2*size, 2*size))
		draw.ApproxBiLinear.Scale(mid, mid.Bounds(), img, crop, draw.Src, nil)
		img, crop = mid, mid.Bounds()
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, crop, draw.Src, nil)
	return dst
}

// Encode writes img in format f, with no metadata: the encoders write pixels only.
func Encode(img image.Image, f Format) ([]byte, error) {
	var b bytes.Buffer
	var err error
	if f == PNG {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, flatten(img), &jpeg.Options{Quality: Quality})
	}
	return b.Bytes(), err
}

// flatten puts an image with transparency on white, as JPEG has no alpha.
func flatten(img image.Image) image.Image {
	rgba, ok := img.(*image.RGBA)
	if !ok || rgba.Opaque() {
		return img
	}
	dst := image.NewRGBA(rgba.Bounds())
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), rgba, rgba.Bounds().Min, draw.Over)
	return dst
}

// made counts the photos Make has decoded, for tests that a rebuild does no image work.
var made atomic.Int64

// Made returns how many photos Make has decoded in this process.
func Made() int64 { return made.Load() }

// Make decodes src once and returns it encoded in format f at each size: a centred square of
// size×size pixels, or the whole picture, upright, for size 0.
func Make(src []byte, f Format, sizes []int) ([][]byte, error) {
	made.Add(1)
	img, err := Decode(src)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(sizes))
	for i, size := range sizes {
		sized := img
		if size > 0 {
			sized = Square(img, size)
		}
		if out[i], err = Encode(sized, f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// describe says what went wrong in a decoder's words, without the package prefix.
func describe(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "the file ends too soon"
	}
	return err.Error()
}

// formatName guesses the format from the first bytes, for messages.
func formatName(src []byte) string {
	switch {
	case bytes.HasPrefix(src, []byte("\xff\xd8")):
		return "JPEG"
	case bytes.HasPrefix(src, []byte("\x89PNG")):
		return "PNG"
	case len(src) >= 12 && string(src[8:12]) == "WEBP":
		return "WebP"
	}
	return "image"
}

// SizeName is the file name suffix of a size: "-64", or "" for the whole picture.
func SizeName(size int) string {
	if size == 0 {
		return ""
	}
	return "-" + strconv.Itoa(size)
}
