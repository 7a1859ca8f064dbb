// Command mentorgen builds mentorship-program portals: mentor directories, program guides and
// tips for mentees, from Markdown files with front matter.
//
//	mentorgen build [--src DIR] [--out DIR] [--base-url URL] [--drafts] [--future] [--no-minify] [--quiet] [--strict]
//	mentorgen serve [--addr 127.0.0.1:1313] [--src DIR] [--drafts=false] [--future] [--base-url URL]
//	mentorgen check [--src DIR] [--drafts] [--future] [--base-url URL] [--strict] [--format text|json]
//	mentorgen new mentor|program|tip "Name" [--src DIR]
//	mentorgen init DIR [--base-url URL]
//	mentorgen import mentors FILE [--src DIR] [--map MAP.yaml] [--dry-run] [--update]
//	mentorgen deploy [--src DIR] [--out DIR] [--target NAME] [--dry-run] [--max-deletes N] [--force]
//	mentorgen version
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"mentorgen/generator"
)

// version is set at release time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

const usage = `mentorgen builds mentorship-program portals from Markdown.

Usage:
  mentorgen build [flags]        build the site into public/
  mentorgen serve [flags]        preview the site with live reload (http://127.0.0.1:1313/)
  mentorgen check [flags]        validate the site and list every problem
  mentorgen new KIND "Name"      add a mentor, program or tip from a template
  mentorgen init DIR             start a new site in DIR
  mentorgen import mentors FILE  add mentor drafts from a sign-up sheet (CSV, TSV or JSON)
  mentorgen deploy [flags]       publish the built site to S3 or an S3-compatible store
  mentorgen version              print the version

Run "mentorgen COMMAND --help" for a command's flags.
`

// Exit codes: 0 success, 1 content errors, 2 usage errors.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return cmdBuild(rest, stdout, stderr)
	case "check":
		return cmdCheck(rest, stdout, stderr)
	case "serve":
		return cmdServe(rest, stdout, stderr)
	case "new":
		return cmdNew(rest, stdout, stderr)
	case "init":
		return cmdInit(rest, stdout, stderr)
	case "import":
		return cmdImport(rest, stdout, stderr)
	case "deploy":
		return cmdDeploy(rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "mentorgen", version)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "mentorgen: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

// newFlags makes a flag set that prints its own help and reports errors as usage errors.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: mentorgen %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and returns an exit code when the command should stop.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	return 0, false
}

// report prints an error from the generator and returns the exit code: diagnostics go to
// out, one `path:line:col: severity: message` per line, followed by a count and tail on errOut; other
// errors go to errOut with the command's name. Warnings alone are no failure: they are
// printed, counted, and the exit code is 0.
func report(out, errOut io.Writer, cmd string, err error, tail string) int {
	var diags generator.Diagnostics
	if errors.As(err, &diags) {
		for _, d := range diags {
			fmt.Fprintln(out, d)
		}
		errs, warns := len(diags.Errors()), len(diags.Warnings())
		if errs == 0 {
			fmt.Fprintln(errOut, count(warns, "warning", "warnings"))
			return exitOK
		}
		msg := count(errs, "problem", "problems")
		if warns > 0 {
			msg += " and " + count(warns, "warning", "warnings")
		}
		fmt.Fprintf(errOut, "%s%s\n", msg, tail)
		return exitContent
	}
	fmt.Fprintf(errOut, "mentorgen %s: %v\n", cmd, err)
	return exitContent
}

// parseInterspersed parses flags that may come before, between or after the positional
// arguments (mentorgen new mentor "Ana Lima" --src site), and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) (pos []string, code int, stop bool) {
	for {
		if code, stop := parseFlags(fs, args); stop {
			return nil, code, true
		}
		if fs.NArg() == 0 {
			return pos, 0, false
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// checkSiteArgs rejects positional arguments and a --src without site.yaml, the usage errors
// that build, check and serve share. It returns an exit code when the command should stop.
func checkSiteArgs(cmd string, fs *flag.FlagSet, src string, stderr io.Writer) (int, bool) {
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mentorgen %s: unexpected argument %q\n", cmd, fs.Arg(0))
		fs.Usage()
		return exitUsage, true
	}
	if st, err := os.Stat(filepath.Join(src, "site.yaml")); err != nil || st.IsDir() {
		fmt.Fprintf(stderr, "mentorgen %s: %s has no site.yaml; is --src the site folder? (`mentorgen init DIR` starts a new site)\n", cmd, src)
		return exitUsage, true
	}
	return 0, false
}

// count says "1 mentor" or "2 mentors".
func count(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, pluralize(n, one, many))
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
