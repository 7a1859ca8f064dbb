package main

import (
	"context"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
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
	site, closeSite, err := openSite(*src)
	if err != nil {
		fmt.Fprintf(stderr, "mentorgen build: %v\n", err)
		return exitContent
	}
	defer closeSite()
	opts := generator.Options{Site: site, Theme: layouts.FS, BaseURL: *baseURL,
		Drafts: *drafts, Future: *future, Minify: !*noMinify, Strict: *strict, Lint: true}
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
	if !*quiet {
		dst.Waiting = func() {
			fmt.Fprintf(stderr, "mentorgen build: waiting: another build of this output is running (--out %s)\n", *out)
		}
	}
	// Ctrl-C (or a SIGTERM from CI) stops the build cleanly: no staging folder left behind,
	// the previous output untouched.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := generator.BuildContext(ctx, opts, dst)
	if progress && time.Since(start) > time.Second {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil && ctx.Err() != nil { // a signal after the swap began finds the build done
		fmt.Fprintf(stderr, "mentorgen build: interrupted; %s is as it was\n", *out)
		return exitContent
	}
	if err != nil {
		return report(stderr, stderr, "build", err, "; nothing was written")
	}
	printWarnings(stderr, res.Warnings)
	if !*quiet {
		fmt.Fprintln(stdout, summary(res, *out))
		if w := len(res.Warnings); w > 0 {
			fmt.Fprintf(stdout, "%s (--strict makes warnings errors)\n", count(w, "warning", "warnings"))
		}
		fmt.Fprint(stdout, leftOutSummary(res.LeftOut, *drafts))
	}
	return exitOK
}

// openSite opens the site folder as an os.Root, as serve does, so that no read follows a
// symbolic link out of it: build, check and serve refuse the same links, and a build never
// publishes a file from elsewhere on the machine.
func openSite(src string) (iofs.FS, func() error, error) {
	root, err := os.OpenRoot(src)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open the site folder: %w", err)
	}
	return root.FS(), root.Close, nil
}

// maxBuildWarnings is how many warnings build prints; check prints them all. A generated
// directory of thousands of sign-ups can have a warning per profile, and a build log of
// thousands of lines hides what changed.
const maxBuildWarnings = 20

// printWarnings prints a build's warnings, at most maxBuildWarnings of them, and says how
// many more there are and where to see them.
func printWarnings(w io.Writer, warnings generator.Diagnostics) {
	for i, d := range warnings {
		if i == maxBuildWarnings {
			fmt.Fprintf(w, "… and %s: run `mentorgen check` to see them all\n", count(len(warnings)-i, "more warning", "more warnings"))
			return
		}
		fmt.Fprintln(w, d)
	}
}

// summary is what a build says it wrote.
func summary(r *generator.BuildResult, out string) string {
	return fmt.Sprintf("built %s\n%s in %s: %d written, %d unchanged, %d removed; %s in %s",
		published(&r.CheckResult), count(r.Files, "file", "files"), out, r.Written, r.Unchanged, r.Removed,
		humanBytes(r.Bytes), r.Elapsed.Round(time.Millisecond))
}

// published counts the pages of a site that builds: "4 mentors, 1 program, 3 list pages, 5
// taxonomy terms". build and check say it alike.
func published(r *generator.CheckResult) string {
	var parts []string
	for _, k := range []struct {
		kind      generator.Kind
		one, many string
	}{
		{generator.KindMentor, "mentor", "mentors"}, {generator.KindProgram, "program", "programs"},
		{generator.KindTip, "tip", "tips"}, {generator.KindPage, "page", "pages"},
	} {
		if n := r.Pages[k.kind]; n > 0 {
			parts = append(parts, count(n, k.one, k.many))
		}
	}
	parts = append(parts, count(r.Lists, "list page", "list pages"), count(r.Terms, "taxonomy term", "taxonomy terms"))
	return strings.Join(parts, ", ")
}

// maxNamed is how many left-out files a summary names; with more it gives counts only.
const maxNamed = 5

// leftOutSummary says what a build or check left out and why, grouped by reason, and names
// the files when there are few: pages that silently go missing cost editors the most time.
// It is "" when nothing was left out. drafts is the --drafts flag: a draft is left out for
// being a draft unless drafts are published, and then only for its date.
func leftOutSummary(l []generator.LeftOut, drafts bool) string {
	if len(l) == 0 {
		return ""
	}
	var reasons []string // in order of first appearance
	n := map[string]int{}
	var named strings.Builder
	dates := map[string]bool{}
	for _, lo := range l {
		reason, why := "", ""
		switch p := lo.Page; {
		case p.Draft && !drafts:
			reason, why = "draft", "a draft"
		case !p.Date.IsZero():
			d := p.Date.Format("2006-01-02")
			dates[d] = true
			reason, why = "future", "dated "+d
		default: // a reason the generator added later: its own words
			reason, why = lo.Why, lo.Why
		}
		if n[reason] == 0 {
			reasons = append(reasons, reason)
		}
		n[reason]++
		fmt.Fprintf(&named, "  %s: %s\n", lo.Page.File, why)
	}
	var parts []string
	for _, r := range reasons {
		switch r {
		case "draft":
			parts = append(parts, count(n[r], "draft", "drafts")+" (--drafts)")
		case "future":
			when := "in the future"
			if len(dates) == 1 {
				for d := range dates {
					when = d
				}
			}
			parts = append(parts, fmt.Sprintf("%d dated %s (--future)", n[r], when))
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n[r], r))
		}
	}
	s := fmt.Sprintf("%d left out: %s\n", len(l), strings.Join(parts, ", "))
	if len(l) <= maxNamed {
		s += named.String()
	}
	return s
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
