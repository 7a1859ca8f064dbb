package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"mentorgen/generator"
	"mentorgen/generator/slug"
	"mentorgen/starter"
)

// newTemplates are the files `mentorgen new` writes; %[1]s is the title, %[2]s today's date.
// A value the editor must fill in is one of the generator's placeholders, which the build
// warns about until it is replaced; optional facts start empty, so that a draft published
// with --drafts claims nothing the mentor did not say (no open places, no confirmed
// availability, no booking button that mails a stranger).
var newTemplates = map[string]string{
	"mentor": `---
# Values starting with REPLACE (and the placeholder time zone and booking_url) are
# placeholders: build and check warn until you replace them.
title: %[1]q
role: "` + generator.PlaceholderRole + `"
company: ""
years_experience: 0
seniority: mid            # junior | mid | senior | principal | executive
expertise: [discovery]    # skills, from site.yaml's vocabularies
helps_with: []            # career goals, e.g. [first PM job]
industries: []
program_types: []         # formal | informal | online | company-sponsored
formats: []               # e.g. [1:1 video, async review]
style: []                 # e.g. [conversational]
timezone: "` + generator.PlaceholderTimezone + `"       # REPLACE: an IANA name, e.g. Europe/Berlin
languages: []             # e.g. [English]
capacity: 0               # open places; the profile says "Accepting mentees" when above 0
availability: []          # weekly windows in the mentor's time zone, e.g. ["Tue 18:00-19:00"]
# availability_confirmed: YYYY-MM-DD   # the day the mentor last confirmed the windows above
booking_url: "` + generator.PlaceholderBookingURL + `"   # REPLACE: an https: booking page or mailto: address
summary: ""
date: %[2]s
draft: true               # remove this line (or build with --drafts) to publish
---

## About me

## How I mentor

## What mentees get
`,
	"program": `---
# Values starting with REPLACE are placeholders: build and check warn until you replace them.
title: %[1]q
summary: ""
program_type: formal      # formal | informal | online | company-sponsored
duration: "` + generator.PlaceholderDuration + `"
cadence: "` + generator.PlaceholderCadence + `"
commitment: "` + generator.PlaceholderCommitment + `"
audience: "` + generator.PlaceholderAudience + `"
cost: "` + generator.PlaceholderCost + `"
date: %[2]s
draft: true               # remove this line (or build with --drafts) to publish
---

## Program structure

## Goals and expectations

## Communication and feedback

## Trust and respect

## Measuring progress

## How to join
`,
	"tip": `---
title: %[1]q
summary: ""
topic: "` + generator.PlaceholderTopic + `"
expertise: []
date: %[2]s
draft: true               # remove this line (or build with --drafts) to publish
---

## The tip

## Why it works

## Try this week
`,
}

var newSections = map[string]string{"mentor": "mentors", "program": "programs", "tip": "tips"}

func cmdNew(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("new", `new mentor|program|tip "Name" [flags]`, stderr)
	src := flags.String("src", ".", "site folder")
	pos, code, stop := parseInterspersed(flags, args)
	if stop {
		return code
	}
	if len(pos) != 2 {
		fmt.Fprintln(stderr, `mentorgen new: want a kind (mentor, program or tip) and a name, e.g. mentorgen new mentor "Ana Lima"`)
		return exitUsage
	}
	kind, name := pos[0], pos[1]
	if newTemplates[kind] == "" {
		fmt.Fprintf(stderr, "mentorgen new: there is no kind %q; the kinds are mentor, program and tip\n", kind)
		return exitUsage
	}
	// A --src that is not a site would make content/ in a stray (or mistyped) folder.
	if st, err := os.Stat(filepath.Join(*src, "site.yaml")); err != nil || st.IsDir() {
		fmt.Fprintf(stderr, "mentorgen new: %s has no site.yaml; is --src the site folder? (`mentorgen init DIR` starts a new site)\n", *src)
		return exitUsage
	}
	base := slug.Of(name)
	if base == "" {
		fmt.Fprintf(stderr, "mentorgen new: cannot make a file name from %q; use a name with letters or digits\n", name)
		return exitUsage
	}
	dir := filepath.Join(*src, "content", newSections[kind])
	path := filepath.Join(dir, base+".md")
	// The page's URL is taken by a file or by a bundle of the same name: both would claim it.
	for _, p := range []string{path, filepath.Join(dir, base, "index.md")} {
		if _, err := os.Stat(p); err == nil {
			fmt.Fprintf(stderr, "mentorgen new: %s already exists; edit it, or choose another name\n", p)
			return exitContent
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(stderr, "mentorgen new:", err)
		return exitContent
	}
	text := fmt.Sprintf(newTemplates[kind], name, time.Now().Format("2006-01-02"))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		fmt.Fprintln(stderr, "mentorgen new:", err)
		return exitContent
	}
	fmt.Fprintln(stdout, path)
	return exitOK
}

func cmdInit(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("init", "init DIR [flags]", stderr)
	baseURL := flags.String("base-url", "", "the address the site will be published at, written into site.yaml (default: a placeholder that build warns about until you set it)")
	pos, code, stop := parseInterspersed(flags, args)
	if stop {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "mentorgen init: want one folder, e.g. mentorgen init my-portal")
		flags.Usage()
		return exitUsage
	}
	dir := pos[0]
	if *baseURL != "" && !strings.HasPrefix(*baseURL, "http://") && !strings.HasPrefix(*baseURL, "https://") {
		fmt.Fprintf(stderr, "mentorgen init: --base-url %q must be an absolute http(s) URL, e.g. https://org.github.io/portal/\n", *baseURL)
		return exitUsage
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "mentorgen init: %s is not empty; choose a new folder\n", dir)
		return exitContent
	}
	err := os.CopyFS(dir, starter.FS)
	if err == nil && *baseURL != "" {
		err = setBaseURL(filepath.Join(dir, "site.yaml"), *baseURL)
	}
	if err == nil {
		err = os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	}
	if err != nil {
		fmt.Fprintln(stderr, "mentorgen init:", err)
		return exitContent
	}
	// Every command is printed as it runs from the folder init was run in, with this very
	// mentorgen: "cd DIR && mentorgen build" failed when mentorgen was not on PATH, and
	// "go run ." works only in mentorgen's own folder.
	me, d := invocation(), shellQuote(dir)
	fmt.Fprintf(stdout, "created a new site in %s\n", dir)
	fmt.Fprintf(stdout, "(%s publishes it to GitHub Pages once you set MENTORGEN_REPO in it; see the README's Deploying)\n", filepath.Join(dir, ".github", "workflows", "pages.yml"))
	fmt.Fprintln(stdout, "next, from this folder:")
	next := [][2]string{
		{`new mentor "Ana Lima" --src ` + d, "add a mentor"},
		{"check --src " + d, "list every problem with its line"},
		{"serve --src " + d, "preview at http://127.0.0.1:1313/ while you edit"},
		{"build --src " + d, "write the site into " + filepath.Join(dir, "public")},
	}
	width := 0
	for _, c := range next {
		width = max(width, len(c[0]))
	}
	for _, c := range next {
		fmt.Fprintf(stdout, "  %s %-*s  # %s\n", me, width, c[0], c[1])
	}
	if me == "go run ." {
		fmt.Fprintln(stdout, "(to type mentorgen instead of go run ., run go install . here; see the README)")
	}
	return exitOK
}

// setBaseURL replaces the starter's placeholder base_url in site.yaml.
func setBaseURL(file, url string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	line := regexp.MustCompile(`(?m)^base_url: .*$`)
	if !line.Match(data) {
		return fmt.Errorf("the starter's site.yaml has no base_url line")
	}
	return os.WriteFile(file, line.ReplaceAll(data, []byte("base_url: "+strconv.Quote(url))), 0o644)
}

// invocation is how to run this mentorgen from the current folder: "mentorgen" when PATH
// finds this very binary, "go run ." under go run in mentorgen's own folder, else the path
// it was run by ("./mentorgen").
func invocation() string {
	exe, err := os.Executable()
	if err != nil {
		return "mentorgen"
	}
	if p, err := exec.LookPath("mentorgen"); err == nil && sameFile(p, exe) {
		return "mentorgen"
	}
	if strings.Contains(filepath.ToSlash(exe), "/go-build") {
		if mod, err := os.ReadFile("go.mod"); err == nil && regexp.MustCompile(`(?m)^module mentorgen\s*$`).Match(mod) {
			return "go run ."
		}
	}
	if len(os.Args) > 0 && strings.ContainsRune(os.Args[0], filepath.Separator) {
		return shellQuote(os.Args[0])
	}
	return shellQuote(exe)
}

func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+:@%=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
