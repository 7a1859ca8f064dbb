package main

import (
	"fmt"
	"io"

	"mentorgen/generator"
	"mentorgen/layouts"
)

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [flags]", stderr)
	src := fs.String("src", ".", "site folder (with site.yaml and content/)")
	drafts := fs.Bool("drafts", false, "include pages with draft: true, as build --drafts does")
	future := fs.Bool("future", false, "include pages dated in the future, as build --future does")
	baseURL := fs.String("base-url", "", "base URL, as for build (overrides site.yaml)")
	strict := fs.Bool("strict", false, "treat warnings as errors, as build --strict does")
	if code, stop := parseFlags(fs, args); stop {
		return code
	}
	if code, stop := checkSiteArgs("check", fs, *src, stderr); stop {
		return code
	}
	site, closeSite, err := openSite(*src)
	if err != nil {
		fmt.Fprintf(stdout, "mentorgen check: %v\n", err)
		return exitContent
	}
	defer closeSite()
	res, err := generator.Check(generator.Options{Site: site, Theme: layouts.FS, BaseURL: *baseURL, Drafts: *drafts, Future: *future, Minify: true, Strict: *strict})
	if err != nil {
		// The verdict goes to stdout with the problems, so `check > report.txt` keeps both.
		return report(stdout, stdout, "check", err, "")
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stdout, w)
	}
	verdict := "no problems found"
	if w := len(res.Warnings); w > 0 {
		verdict = fmt.Sprintf("no errors, %s (--strict makes warnings errors)", count(w, "warning", "warnings"))
	}
	fmt.Fprintf(stdout, "checked %s: %s\n", published(res), verdict)
	fmt.Fprint(stdout, leftOutSummary(res.LeftOut, *drafts))
	return exitOK
}
