package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mentorgen/generator"
	"mentorgen/layouts"
)

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [flags]", stderr)
	src := fs.String("src", ".", "site folder (with site.yaml and content/)")
	out := fs.String("out", "", "output folder (default <src>/public)")
	baseURL := fs.String("base-url", "", "base URL, may carry a sub-path, e.g. https://org.github.io/portal/ (overrides site.yaml)")
	drafts := fs.Bool("drafts", false, "include pages with draft: true")
	future := fs.Bool("future", false, "include pages dated in the future")
	noMinify := fs.Bool("no-minify", false, "write HTML, CSS, JS, JSON, SVG and XML as rendered")
	quiet := fs.Bool("quiet", false, "print nothing but errors and warnings")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	if code, stop := parseFlags(fs, args); stop {
		return code
	}
	if code, stop := checkSiteArgs("build", fs, *src, stderr); stop {
		return code
	}
	if *out == "" {
		*out = filepath.Join(*src, "public")
	}
	if *baseURL != "" && !strings.HasPrefix(*baseURL, "http://") && !strings.HasPrefix(*baseURL, "https://") {
		fmt.Fprintf(stderr, "mentorgen build: --base-url %q must be an absolute http(s) URL, e.g. https://org.github.io/portal/\n", *baseURL)
		return exitUsage
	}
	opts := generator.Options{Site: os.DirFS(*src), Theme: layouts.FS, BaseURL: *baseURL,
		Drafts: *drafts, Future: *future, Minify: !*noMinify, Strict: *strict}
	dst := generator.Destination{Dir: *out, SiteDir: *src}
	start := time.Now()
	progress := isTerminal(stderr) && !*quiet
	if progress {
		dst.Progress = func(done, total int) {
			if time.Since(start) > time.Second {
				fmt.Fprintf(stderr, "\rrendering %d of %d files…", done, total)
			}
		}
	}
	res, err := generator.Build(opts, dst)
	if progress && time.Since(start) > time.Second {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		return report(stderr, stderr, "build", err, "; nothing was written")
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w)
	}
	if !*quiet {
		fmt.Fprintln(stdout, summary(res, *out))
	}
	return exitOK
}

// summary is the line a build ends with.
func summary(r *generator.BuildResult, out string) string {
	var kinds []string
	for _, k := range []generator.Kind{generator.KindMentor, generator.KindProgram, generator.KindTip, generator.KindPage} {
		if n := r.Pages[k]; n > 0 {
			names := map[generator.Kind]string{generator.KindMentor: "mentors", generator.KindProgram: "programs",
				generator.KindTip: "tips", generator.KindPage: "pages"}
			kinds = append(kinds, fmt.Sprintf("%d %s", n, names[k]))
		}
	}
	return fmt.Sprintf("built %s, %d list pages, %d taxonomy terms\n%d files in %s: %d written, %d unchanged, %d removed; %s in %s",
		strings.Join(kinds, ", "), r.Lists, r.Terms, r.Files, out, r.Written, r.Unchanged, r.Removed,
		humanBytes(r.Bytes), r.Elapsed.Round(time.Millisecond))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
