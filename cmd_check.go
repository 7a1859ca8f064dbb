package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

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
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mentorgen check: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if _, err := os.Stat(filepath.Join(*src, "site.yaml")); err != nil {
		fmt.Fprintf(stderr, "mentorgen check: %s has no site.yaml; is --src the site folder?\n", *src)
		return exitUsage
	}
	if err := generator.Check(os.DirFS(*src), layouts.FS, *drafts, true); err != nil {
		return report(stdout, stderr, "check", err, "")
	}
	fmt.Fprintln(stderr, "no problems found")
	return exitOK
}
