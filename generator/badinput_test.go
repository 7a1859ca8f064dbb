package generator_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// TestBadEncodings: content that is not UTF-8 text is an error naming the file, and the line
// and column of the first bad byte when the file is text in another encoding; nothing is
// written, and check says the same. These bytes are written as Go escapes because a txtar
// archive holding them would not be readable text itself. A file that is not a page (a
// picture beside a bundle's index.md) may hold any bytes.
func TestBadEncodings(t *testing.T) {
	site := func(files map[string]string) fstest.MapFS {
		fsys := fstest.MapFS{"site.yaml": {Data: []byte("title: T\n")},
			"content/_index.md": {Data: []byte("---\ntitle: Home\n---\n")}}
		for name, data := range files {
			fsys[name] = &fstest.MapFile{Data: []byte(data)}
		}
		return fsys
	}
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00"
	cases := []struct {
		name  string
		files map[string]string
		want  string // the diagnostics, or "" when the site builds
	}{
		{"latin1_body", map[string]string{"content/tips/a.md": "---\ntitle: A\n---\nGood.\nCaf\xe9 au lait.\n"},
			"content/tips/a.md:5:4: error: invalid UTF-8: byte 0xe9 is not part of a UTF-8 character (save the file as UTF-8; it may have been saved as Latin-1 or Windows-1252)"},
		{"latin1_front_matter", map[string]string{"content/tips/a.md": "---\ntitle: \"Caf\xe9\"\n---\n"},
			"content/tips/a.md:2:12: error: invalid UTF-8: byte 0xe9 is not part of a UTF-8 character (save the file as UTF-8; it may have been saved as Latin-1 or Windows-1252)"},
		{"latin1_site_yaml", map[string]string{"site.yaml": "title: Caf\xe9\n"},
			"site.yaml:1:11: error: invalid UTF-8: byte 0xe9 is not part of a UTF-8 character (save the file as UTF-8; it may have been saved as Latin-1 or Windows-1252)"},
		{"utf16", map[string]string{"content/tips/a.md": "\xff\xfe-\x00-\x00-\x00\n\x00"},
			"content/tips/a.md: error: the file is saved as UTF-16, not UTF-8 (save it as UTF-8)"},
		{"binary_md", map[string]string{"content/mentors/ana.md": png},
			"content/mentors/ana.md: error: not a text file: a page must be UTF-8 Markdown (a picture or download beside a page needs its own extension, such as .png or .pdf)"},
		{"binary_resource", map[string]string{"content/mentors/ana/index.md": "---\ntitle: Ana\nrole: PM\nseniority: mid\nexpertise: [discovery]\ntimezone: Europe/Lisbon\n---\n![Ana](photo.bin)\n",
			"content/mentors/ana/photo.bin": png}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := generator.Options{Site: site(c.files), Theme: layouts.FS, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			out := filepath.Join(t.TempDir(), "public")
			_, err := generator.Build(opts, generator.Destination{Dir: out, SiteDir: t.TempDir()})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != c.want {
				t.Fatalf("build says\n%s\nwant\n%s", got, c.want)
			}
			if _, checkErr := generator.Check(opts); (checkErr == nil) != (err == nil) || err != nil && checkErr.Error() != got {
				t.Errorf("check says %v, build %v", checkErr, err)
			}
			if _, statErr := os.Stat(out); c.want != "" && !os.IsNotExist(statErr) {
				t.Errorf("a failed build wrote %s", out)
			}
			if c.want == "" {
				if _, err := os.Stat(filepath.Join(out, "mentors", "ana", "photo.bin")); err != nil {
					t.Errorf("the bundle's binary file was not copied: %v", err)
				}
			}
		})
	}
}
