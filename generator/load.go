package generator

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"mentorgen/generator/markdown"
	"mentorgen/generator/urls"

	"mentorgen/generator/internal/par"
)

// Parser turns content files into Pages. It is built once per configuration and is safe for
// concurrent use: its Markdown converter is shared, and per-document state lives in each call.
type Parser struct {
	cfg *Config
	md  *markdown.Converter
}

// NewParser returns a parser for the site configured by cfg. Pages do not depend on
// cfg.BaseURL: links and images get their URLs only when a page is rendered.
func NewParser(cfg *Config) *Parser {
	return &Parser{cfg: cfg, md: markdown.New(cfg.Markdown)}
}

// Input is everything read from a site folder: the configuration, every content page, and the
// files that are copied as they are.
type Input struct {
	Config *Config
	Pages  []*Page
	Files  []string // static/… and page-bundle resources, as slash paths in the site fs
}

// Load reads and parses a whole site: site.yaml, every content file (in parallel, on all
// cores), and the list of static files. All diagnostics are collected before it returns.
func Load(site fs.FS, opts Options) (*Input, Diagnostics) {
	cfg, diags := loadConfig(site, opts)
	in := &Input{Config: cfg}
	var mdFiles []string
	walk := func(top string) error {
		return fs.WalkDir(site, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p != top || !isNotExist(err) {
					diags = append(diags, Diagnostic{File: p, Code: "read-error", Msg: "cannot read: " + cleanFSError(err)})
				}
				return nil
			}
			if InputArea(p) == AreaNone {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if ld := linkProblem(site, p); ld != nil {
					diags = append(diags, *ld)
					return nil
				}
			}
			switch {
			case d.IsDir():
			case top == "content" && strings.HasSuffix(p, ".md"):
				mdFiles = append(mdFiles, p)
			case urls.Unservable(p) != "":
				diags = append(diags, Diagnostic{File: p, Code: "path-invalid", Msg: "the file name " + urls.Unservable(p) + ", so no URL can reach it",
					Hint: "rename the file or its folder without it"})
			default:
				in.Files = append(in.Files, p)
			}
			return nil
		})
	}
	_ = walk("content")
	if len(mdFiles) == 0 {
		diags = append(diags, Diagnostic{File: "content", Code: "no-content", Msg: "no content found", Hint: "add Markdown files under content/, or run `mentorgen init DIR` to start a new site"})
	}
	_ = walk("static")
	sort.Strings(in.Files)

	parser := NewParser(cfg)
	pages := make([]*Page, len(mdFiles))
	perFile := make([]Diagnostics, len(mdFiles))
	par.For(len(mdFiles), func(i int) {
		src, err := fs.ReadFile(site, mdFiles[i])
		if err != nil {
			perFile[i] = Diagnostics{unreadable(site, mdFiles[i], err)}
			return
		}
		pages[i], perFile[i] = parser.ParsePage(mdFiles[i], src)
	})
	for i, p := range pages {
		if p != nil {
			in.Pages = append(in.Pages, p)
		}
		diags = append(diags, perFile[i]...)
	}
	return in, diags
}

func loadConfig(site fs.FS, opts Options) (*Config, Diagnostics) {
	src, err := fs.ReadFile(site, "site.yaml")
	var cfg *Config
	var diags Diagnostics
	if err != nil {
		cfg, _ = ParseConfig("site.yaml", nil)
		diags = Diagnostics{{File: "site.yaml", Code: "read-error", Msg: "cannot read the site configuration: " + cleanFSError(err),
			Hint: "every site needs a site.yaml at its root; `mentorgen init DIR` writes one"}}
	} else if d := textProblem("site.yaml", src); d != nil {
		cfg, _ = ParseConfig("site.yaml", nil)
		diags = Diagnostics{*d}
	} else {
		cfg, diags = ParseConfig("site.yaml", src)
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
	}
	diags = append(diags, configPlaceholders("site.yaml", src, cfg, opts)...)
	return cfg, diags
}

// cleanFSError drops the OS detail from a file error: the path is already in the diagnostic.
func cleanFSError(err error) string {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Err.Error()
	}
	return err.Error()
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// bundleDir is the folder of a page bundle ("content/mentors/ana/"), or "" for a single-file
// page.
func (p *Page) bundleDir() string {
	if !p.Bundle {
		return ""
	}
	return path.Dir(p.File) + "/"
}
