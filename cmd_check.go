package main

import (
	"fmt"
	"io"
	"os"

	"mentorgen/generator"
	"mentorgen/layouts"
)

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [flags]", stderr)
	src := fs.String("src", ".", "site folder (with site.yaml and content/)")
	drafts := fs.Bool("drafts", true, "check pages with draft: true too")
	if code, stop := parseFlags(fs, args); stop {
		return code
	}
	if code, stop := checkSiteArgs("check", fs, *src, stderr); stop {
		return code
	}
	if err := generator.Check(os.DirFS(*src), layouts.FS, *drafts, true); err != nil {
		return report(stdout, stderr, "check", err, "")
	}
	fmt.Fprintln(stderr, "no problems found")
	return exitOK
}
