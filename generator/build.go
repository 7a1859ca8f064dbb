package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"

	"mentorgen/generator/internal/par"
	"mentorgen/generator/output"
)

// Options say what a site publishes and how. Build, Check and the preview's Session take the
// same Options, so the three agree on what a site is; only where the bytes go differs.
type Options struct {
	Site    fs.FS  // the site folder
	Theme   fs.FS  // the built-in layouts (embedded in the binary)
	BaseURL string // overrides site.yaml's base_url when set
	Drafts  bool   // publish pages with draft: true
	Future  bool   // publish pages dated after Now
	Minify  bool   // minify HTML, CSS, JS, JSON, SVG and XML
	Strict  bool   // treat warnings as errors
	// Lint adds the editor's warnings (codes lint-*, privacy-*, a11y-*): incomplete mentor
	// profiles, contact details in profile bodies, inaccessible content. build and check
	// set it; archives in testdata/sites opt in with "flags: --lint".
	Lint bool
	Now  time.Time // the build's clock; zero means time.Now()
}

// Destination says where Build writes.
type Destination struct {
	Dir     string // the output folder on disk
	SiteDir string // the site folder on disk, so that Dir can be checked against it
	// Progress, when set, is called now and then with the number of routes written so far.
	Progress func(done, total int)
	// Waiting, when set, is called once if another build of Dir is running; Build then
	// waits for it to finish (see output.NewContext).
	Waiting func()
}

// CheckResult is what Check and Build both say about a site that builds: what it publishes, what
// it leaves out and why, and the problems that did not stop it. For the same Options the two
// return the same CheckResult.
type CheckResult struct {
	Pages    map[Kind]int // content pages per kind
	Lists    int          // list pages: sections, directory pages, taxonomy and term pages
	Terms    int          // taxonomy terms
	LeftOut  []LeftOut    // parsed pages not published with these Options, by file
	Warnings Diagnostics  // problems that did not stop the build, sorted
}

// newCheckResult counts what o publishes.
func newCheckResult(o *Output, warnings Diagnostics) CheckResult {
	r := CheckResult{Pages: map[Kind]int{}, LeftOut: o.Site.LeftOut, Warnings: warnings}
	for _, rt := range o.Routes {
		switch rt.Kind {
		case RoutePage:
			r.Pages[rt.Page.Kind]++
		case RouteList, RouteTaxonomy, RouteTerm:
			r.Lists++
		}
	}
	for _, t := range o.Site.Taxonomies {
		r.Terms += len(t.Terms)
	}
	return r
}

// BuildResult summarizes a build.
type BuildResult struct {
	CheckResult
	Files     int // files in the output
	Written   int // files written because they are new or changed
	Unchanged int // files left as they were
	Removed   int // stale files gone from the output
	Bytes     int64
	Elapsed   time.Duration
	Manifest  *output.Manifest // the files written, left unchanged and removed, for deploy
}

// Prepare loads, assembles and routes a site: everything but rendering. Problems come back
// as Diagnostics, all at once and sorted: with any error the Output is nil; warnings alone
// come back beside an Output.
func Prepare(opts Options) (*Output, Diagnostics) {
	in, diags := Load(opts.Site, opts)
	s, d := Assemble(in, opts)
	diags = append(diags, d...)
	diags = dropLeftOutWarnings(diags, s)
	t, d := LoadTheme(siteLayouts(opts.Site), opts.Theme, opts.Minify)
	diags = append(diags, d...)
	if t != nil {
		diags = append(diags, layoutDiags(s, t)...)
	}
	diags = append(diags, staleDiags(s)...)
	if opts.Lint {
		for _, p := range s.Pages {
			diags = append(diags, p.lint...)
		}
	}
	if opts.Strict {
		diags = diags.strict()
	}
	diags.Sort()
	if len(diags.Errors()) > 0 {
		return nil, diags
	}
	o, d := Routes(s, t)
	if len(d) > 0 {
		diags = append(diags, d...)
		diags.Sort()
		return nil, diags
	}
	if len(diags) == 0 {
		return o, nil
	}
	return o, diags
}

// dropLeftOutWarnings drops the warnings about pages that are not published: a draft still
// full of `mentorgen new`'s placeholders is work in progress, and must not fail --strict in CI
// or bury the warnings about published pages. Errors in them are kept, so a draft still
// parses when it is published. The summary lists the pages left out.
func dropLeftOutWarnings(diags Diagnostics, s *Site) Diagnostics {
	if len(s.LeftOut) == 0 {
		return diags
	}
	out := map[string]bool{}
	for _, lo := range s.LeftOut {
		out[lo.Page.File] = true
	}
	kept := diags[:0:0]
	for _, d := range diags {
		if !d.Warning || !out[d.File] {
			kept = append(kept, d)
		}
	}
	return kept
}

// siteLayouts is the site's own layouts/ folder, or nil.
func siteLayouts(site fs.FS) fs.FS {
	if st, err := fs.Stat(site, "layouts"); err == nil && st.IsDir() {
		layouts, _ := fs.Sub(site, "layouts")
		return layouts
	}
	return nil
}

// Check does everything Build does but write: it loads, assembles, routes and renders every
// route with the same Options. It returns every problem Build would report, as Build does:
// errors (with the warnings among them) as the error, or, when the site builds, the CheckResult
// Build would return, warnings included.
func Check(opts Options) (*CheckResult, error) {
	o, diags := Prepare(opts)
	if o == nil {
		return nil, diags
	}
	if err := renderEach(context.Background(), o, opts.Site, nil, nil); err != nil {
		return nil, withWarnings(err, diags)
	}
	r := newCheckResult(o, diags)
	return &r, nil
}

// withWarnings adds the warnings of a build to the error that stopped it.
func withWarnings(err error, warnings Diagnostics) error {
	ds, ok := err.(Diagnostics)
	if !ok || len(warnings) == 0 {
		return err
	}
	all := append(append(Diagnostics(nil), ds...), warnings...)
	all.Sort()
	return all
}

// Build renders a whole site into dst.Dir. On any error the output folder is left exactly as
// it was.
func Build(opts Options, dst Destination) (*BuildResult, error) {
	return BuildContext(context.Background(), opts, dst)
}

// BuildContext is Build that stops when ctx is done (the CLI's Ctrl-C): the routes not yet
// rendered are skipped, the staging folder is removed, and the output is left as it was; the
// error is ctx's. Once the swap has begun it finishes, so the output is never half of each.
// While another build of dst.Dir runs, it waits for it after Prepare, and ctx stops the wait.
func BuildContext(ctx context.Context, opts Options, dst Destination) (*BuildResult, error) {
	start := time.Now()
	if err := output.Check(dst.SiteDir, dst.Dir); err != nil {
		return nil, err
	}
	o, diags := Prepare(opts)
	if o == nil {
		return nil, diags
	}
	w, err := output.NewContext(ctx, dst.Dir, dst.Waiting)
	if err != nil {
		return nil, err
	}
	var done atomic.Int64
	total := len(o.Routes)
	stopProgress := make(chan struct{})
	if dst.Progress != nil {
		go func() {
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stopProgress:
					return
				case <-tick.C:
					dst.Progress(int(done.Load()), total)
				}
			}
		}()
	}
	err = renderEach(ctx, o, opts.Site, func(r Route, data []byte) error { return w.Write(r.File, data) }, &done)
	close(stopProgress)
	if ctx.Err() != nil {
		w.Abort()
		return nil, ctx.Err()
	}
	if err != nil {
		w.Abort()
		return nil, withWarnings(err, diags)
	}
	m, err := w.Commit()
	if err != nil {
		return nil, err
	}
	res := &BuildResult{CheckResult: newCheckResult(o, diags), Files: total, Written: len(m.Written),
		Unchanged: len(m.Unchanged), Removed: len(m.Removed), Bytes: m.Bytes, Manifest: m}
	res.Elapsed = time.Since(start)
	return res, nil
}

// renderEach renders every route on all cores and hands the bytes to use (which may be nil,
// and is called concurrently). It returns every rendering problem as Diagnostics, sorted, one
// per template line however many pages hit it (named after the first of them by path);
// failing that, the first other error. done, when set, counts the routes finished. Once ctx
// is done, the routes not yet started are skipped.
func renderEach(ctx context.Context, o *Output, site fs.FS, use func(Route, []byte) error, done *atomic.Int64) error {
	type problem struct {
		route int
		diag  Diagnostic
	}
	var mu sync.Mutex
	byLine := map[string]problem{}
	var other error
	otherAt := len(o.Routes)
	par.For(len(o.Routes), func(i int) {
		if done != nil {
			defer done.Add(1)
		}
		if ctx.Err() != nil {
			return
		}
		r := o.Routes[i]
		data, err := o.Render(site, r)
		written := false // use's errors name their file already
		if err == nil && use != nil {
			err, written = use(r, data), true
		}
		if err == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		var d Diagnostic
		if !errors.As(err, &d) {
			if i < otherAt {
				if !written {
					err = fmt.Errorf("%s: %w", r.Path, err)
				}
				other, otherAt = err, i
			}
			return
		}
		if r.Page != nil && r.Page.File != "" && d.File != r.Page.File {
			d.Msg += fmt.Sprintf(" (while rendering %s)", r.Page.File)
		}
		key := fmt.Sprint(d.File, ":", d.Line)
		if prev, ok := byLine[key]; !ok || i < prev.route {
			byLine[key] = problem{i, d}
		}
	})
	if len(byLine) > 0 {
		found := make(Diagnostics, 0, len(byLine))
		for _, p := range byLine {
			found = append(found, p.diag)
		}
		found.Sort()
		return found
	}
	return other
}
