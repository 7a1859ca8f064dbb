package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"
)

// BuildOptions configure Build.
type BuildOptions struct {
	Site    fs.FS  // the site folder
	SiteDir string // the same folder on disk, to check --out against it
	Theme   fs.FS  // the built-in layouts (embedded in the binary)
	Out     string // output folder on disk
	BaseURL string // overrides site.yaml's base_url when set
	Drafts  bool
	Future  bool
	Minify  bool
	Now     time.Time
	// Progress, when set, is called now and then with the number of routes written so far.
	Progress func(done, total int)
}

// BuildResult summarizes a build.
type BuildResult struct {
	Pages     map[Kind]int // content pages per kind
	Lists     int          // list pages: sections, directory pages, taxonomy and term pages
	Terms     int          // taxonomy terms
	Files     int          // files in the output
	Written   int          // files written because they are new or changed
	Unchanged int          // files left as they were
	Removed   int          // stale files gone from the output
	Bytes     int64
	Elapsed   time.Duration
}

// Prepare loads, assembles and routes a site: everything but rendering. Content and template
// errors come back as Diagnostics, all at once.
func Prepare(site, theme fs.FS, load LoadOptions, asm AssembleOptions, th ThemeOptions) (*Output, Diagnostics) {
	in, diags := Load(site, load)
	s, d := Assemble(in, asm)
	diags = append(diags, d...)
	var layouts fs.FS
	if st, err := fs.Stat(site, "layouts"); err == nil && st.IsDir() {
		layouts, _ = fs.Sub(site, "layouts")
	}
	t, d := LoadTheme(layouts, theme, th)
	diags = append(diags, d...)
	if len(diags) > 0 {
		diags.Sort()
		return nil, diags
	}
	return Routes(s, t), nil
}

// Build renders a whole site into opts.Out. On any error the output folder is left exactly as
// it was.
func Build(opts BuildOptions) (*BuildResult, error) {
	start := time.Now()
	if err := checkOutput(opts.SiteDir, opts.Out); err != nil {
		return nil, err
	}
	o, diags := Prepare(opts.Site, opts.Theme, LoadOptions{BaseURL: opts.BaseURL},
		AssembleOptions{Drafts: opts.Drafts, Future: opts.Future, Now: opts.Now}, ThemeOptions{Minify: opts.Minify})
	if diags != nil {
		return nil, diags
	}
	w, err := newOutputWriter(opts.Out)
	if err != nil {
		return nil, err
	}
	var done atomic.Int64
	var firstErr error
	var errOnce sync.Once
	total := len(o.Routes)
	stopProgress := make(chan struct{})
	if opts.Progress != nil {
		go func() {
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stopProgress:
					return
				case <-tick.C:
					opts.Progress(int(done.Load()), total)
				}
			}
		}()
	}
	parallel(total, func(i int) {
		r := o.Routes[i]
		data, err := o.Render(opts.Site, r)
		if err == nil {
			err = w.write(r.File, data)
		}
		if err != nil {
			errOnce.Do(func() { firstErr = routeError(r, err) })
		}
		done.Add(1)
	})
	close(stopProgress)
	if firstErr != nil {
		w.abort()
		return nil, firstErr
	}
	removed, err := w.commit()
	if err != nil {
		w.abort()
		return nil, err
	}
	res := &BuildResult{Pages: map[Kind]int{}, Files: total, Written: int(w.written.Load()),
		Unchanged: int(w.unchanged.Load()), Removed: removed, Bytes: w.bytes.Load()}
	for _, p := range o.Site.Pages {
		if p.Kind != KindHome && p.Kind != KindSection {
			res.Pages[p.Kind]++
		}
	}
	for _, r := range o.Routes {
		if r.Page != nil && r.render != nil && (r.Page.Kind == KindSection || r.Page.Kind == KindHome || r.Page.Kind == "taxonomy" || r.Page.Kind == "term") {
			res.Lists++
		}
	}
	for _, t := range o.Site.Taxonomies {
		res.Terms += len(t.Terms)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func routeError(r Route, err error) error {
	var d Diagnostic
	if errors.As(err, &d) {
		if r.Page != nil && r.Page.File != "" {
			d.Msg += fmt.Sprintf(" (while rendering %s)", r.Page.File)
		}
		return Diagnostics{d}
	}
	return fmt.Errorf("%s: %w", r.Path, err)
}

// Check loads, assembles and renders a site without writing anything, and returns every
// problem found. Rendering catches template errors that only show with real data.
func Check(site, theme fs.FS, drafts, future bool) error {
	o, diags := Prepare(site, theme, LoadOptions{}, AssembleOptions{Drafts: drafts, Future: future}, ThemeOptions{})
	if diags != nil {
		return diags
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	var found Diagnostics
	var other error
	parallel(len(o.Routes), func(i int) {
		r := o.Routes[i]
		if r.render == nil {
			return
		}
		if _, err := o.Render(site, r); err != nil {
			mu.Lock()
			defer mu.Unlock()
			var ds Diagnostics
			if errors.As(routeError(r, err), &ds) {
				for _, d := range ds {
					if key := d.File + fmt.Sprint(d.Line); !seen[key] { // one report per template line
						seen[key] = true
						found = append(found, d)
					}
				}
			} else if other == nil {
				other = err
			}
		}
	})
	if len(found) > 0 {
		found.Sort()
		return found
	}
	return other
}
