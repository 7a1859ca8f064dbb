// Package deploy publishes a built site to an S3 bucket (AWS or an S3-compatible store),
// moving only what changed.
//
// What changed is decided against the bucket itself, never against a record of our own: a
// local file is uploaded when no object has its key or the object's ETag is not the file's
// MD5. S3 and the stores compatible with it give an object written by a single PutObject
// its content's MD5 as ETag, and deploy writes every object with one PutObject (and sends
// Content-MD5, so the store checks the bytes). So a deploy that was interrupted, a bucket
// edited by hand, or two builds between deploys all converge on the next run. An object
// whose ETag is not an MD5 (a multipart upload, SSE-KMS encryption) is uploaded again.
//
// Uploads go in an order that never shows a broken page: new and changed assets and photos
// first, then pages, then the sitemap, feeds and robots.txt, and deletions last.
package deploy

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"mentorgen/generator"
)

// Phase says when in a deploy an upload happens; lower phases go first, and each phase ends
// before the next begins.
type Phase int

const (
	PhaseAssets  Phase = iota // stylesheets, scripts, images, photos, data a page loads
	PhasePages                // HTML
	PhaseIndexes              // sitemap.xml, feeds and robots.txt, which point at pages
)

func (p Phase) String() string {
	return [...]string{"assets", "pages", "indexes"}[p]
}

// A File is one file of the built site.
type File struct {
	Path string // slash path relative to the built folder: "mentors/ana/index.html"
	Size int64
	MD5  string // lower-case hex
	// ContentType is the file's type by its name or, when its name says nothing (an
	// extension-less file, an unknown extension), by its first bytes. "": by name only.
	ContentType string
}

// An Upload is one object a deploy writes.
type Upload struct {
	File
	Key          string // the object's key: the target's prefix + Path
	New          bool   // no object had the key
	ContentType  string
	CacheControl string
	Phase        Phase
}

// A Plan is what a deploy will do.
type Plan struct {
	Uploads   []Upload // in the order they are made: by phase, then by path
	Deletes   []string // keys, sorted
	Unchanged int
}

// Bytes is how many bytes the plan uploads.
func (p *Plan) Bytes() int64 {
	var n int64
	for _, u := range p.Uploads {
		n += u.Size
	}
	return n
}

// MakePlan compares the local files with the remote objects (key → ETag) under prefix.
// Remote keys outside prefix are never deleted.
func MakePlan(files []File, remote map[string]string, prefix string, rules []generator.CacheRule) *Plan {
	p := &Plan{}
	local := make(map[string]bool, len(files))
	for _, f := range files {
		key := prefix + f.Path
		local[key] = true
		etag, ok := remote[key]
		if ok && normalizeETag(etag) == f.MD5 {
			p.Unchanged++
			continue
		}
		ctype := f.ContentType
		if ctype == "" {
			ctype = generator.ContentType(f.Path)
		}
		p.Uploads = append(p.Uploads, Upload{File: f, Key: key, New: !ok,
			ContentType: ctype, CacheControl: CacheControl(f.Path, rules), Phase: phaseOf(f.Path)})
	}
	slices.SortFunc(p.Uploads, func(a, b Upload) int {
		if a.Phase != b.Phase {
			return int(a.Phase - b.Phase)
		}
		return strings.Compare(a.Path, b.Path)
	})
	for key := range remote {
		if strings.HasPrefix(key, prefix) && !local[key] {
			p.Deletes = append(p.Deletes, key)
		}
	}
	slices.Sort(p.Deletes)
	return p
}

// normalizeETag turns an ETag header value into the lower-case hex it holds: S3 quotes it.
func normalizeETag(e string) string {
	return strings.ToLower(strings.Trim(strings.TrimPrefix(e, "W/"), `"`))
}

func phaseOf(file string) Phase {
	switch ext := strings.ToLower(path.Ext(file)); {
	case ext == ".html":
		return PhasePages
	case ext == ".xml", path.Base(file) == "robots.txt":
		return PhaseIndexes
	}
	return PhaseAssets
}

// Default Cache-Control values. A fingerprinted asset never changes under its name; pages
// and the data and indexes that describe them must show an edit within minutes; anything
// else (photos, which keep their names when they change, favicons, PDFs) within an hour.
const (
	CacheImmutable = "public, max-age=31536000, immutable"
	CacheShort     = "public, max-age=300"
	CacheDefault   = "public, max-age=3600"
)

// fingerprinted matches the names the theme gives its assets: style.325d9aa1.css.
var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{8,64}\.[a-z0-9]+$`)

// CacheControl is the Cache-Control header of the file at path p: the first rule that
// matches it, else the defaults.
func CacheControl(p string, rules []generator.CacheRule) string {
	for _, r := range rules {
		subject := p
		if !strings.Contains(r.Match, "/") {
			subject = path.Base(p)
		}
		if ok, _ := path.Match(r.Match, subject); ok {
			return r.Control
		}
	}
	switch ext := strings.ToLower(path.Ext(p)); {
	case fingerprinted.MatchString(path.Base(p)):
		return CacheImmutable
	case ext == ".html", ext == ".json", ext == ".xml", ext == ".txt", ext == ".webmanifest":
		return CacheShort
	}
	return CacheDefault
}

// markerFile is output.MarkerFile; a built folder has it at the top.
const markerFile = ".mentorgen"

// Scan lists the files of a built folder with their MD5s and content types, hashing on every
// core. The marker file is left out: it belongs to the build, not to the site.
func Scan(dir string) ([]File, error) {
	if _, err := os.Stat(filepath.Join(dir, markerFile)); err != nil {
		return nil, fmt.Errorf("%s is not a mentorgen build (it has no %s file); run mentorgen build first", dir, markerFile)
	}
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); rel != markerFile {
			files = append(files, File{Path: rel})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(files))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range files {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			f := &files[i]
			f.MD5, f.Size, f.ContentType, errs[i] = hashFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// hashFile returns a file's MD5, size and content type. A type its name does not give is
// sniffed from the first 512 bytes, as browsers would (text/plain; charset=utf-8 for text,
// application/octet-stream for anything unrecognized), rather than always declared binary.
func hashFile(name string) (sum string, size int64, ctype string, err error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, "", err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return "", 0, "", err
	}
	head = head[:n]
	ctype, ok := generator.LookupContentType(filepath.ToSlash(name))
	if !ok {
		ctype = http.DetectContentType(head)
	}
	h := md5.New()
	h.Write(head)
	rest, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), int64(n) + rest, ctype, err
}
