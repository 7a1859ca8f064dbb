package main

import (
	"encoding/json"
	"errors"
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
	format := fs.String("format", "text", "text (path:line:col: severity: message (hint)), or json: an array of {file, line, col, severity, code, message, hint} on stdout")
	if code, stop := parseFlags(fs, args); stop {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "mentorgen check: --format %q: want text or json\n", *format)
		return exitUsage
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
	res, err := generator.Check(generator.Options{Site: site, Theme: layouts.FS, BaseURL: *baseURL, Drafts: *drafts, Future: *future, Minify: true, Strict: *strict, Lint: true})
	if *format == "json" {
		return checkJSON(stdout, stderr, res, err)
	}
	if err != nil {
		// The verdict goes to stdout with the problems, so `check > report.txt` keeps both.
		return report(stdout, stdout, "check", err, "")
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stdout, w)
	}
	fmt.Fprintf(stdout, "checked %s: %s\n", published(res), checkVerdict(res))
	fmt.Fprint(stdout, leftOutSummary(res.LeftOut, *drafts))
	return exitOK
}

func checkVerdict(res *generator.CheckResult) string {
	if w := len(res.Warnings); w > 0 {
		return fmt.Sprintf("no errors, %s (--strict makes warnings errors)", count(w, "warning", "warnings"))
	}
	return "no problems found"
}

// jsonDiag is one diagnostic as check --format json prints it, for editors and CI
// annotations. Line and col are 0 when unknown, as in Diagnostic.
type jsonDiag struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Hint     string `json:"hint"`
}

// checkJSON prints check's outcome as a JSON array on stdout, [] for a clean site, and the
// verdict on stderr, so that stdout is nothing but the array. The exit code is the text
// format's.
func checkJSON(stdout, stderr io.Writer, res *generator.CheckResult, err error) int {
	var diags generator.Diagnostics
	code := exitOK
	switch {
	case errors.As(err, &diags):
		if len(diags.Errors()) > 0 {
			code = exitContent
		}
	case err != nil: // not the site's fault, and not a diagnostic: no array to print
		fmt.Fprintf(stderr, "mentorgen check: %v\n", err)
		return exitContent
	default:
		diags = res.Warnings
	}
	out := make([]jsonDiag, 0, len(diags))
	for _, d := range diags {
		out = append(out, jsonDiag{File: d.File, Line: d.Line, Col: d.Col, Severity: d.Severity(), Code: d.Code, Message: d.Msg, Hint: d.Hint})
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(stderr, "mentorgen check: %v\n", err)
		return exitContent
	}
	if code == exitOK && res != nil {
		fmt.Fprintf(stderr, "checked %s: %s\n", published(res), checkVerdict(res))
	} else if code != exitOK {
		fmt.Fprintln(stderr, count(len(diags.Errors()), "problem", "problems"))
	}
	return code
}
