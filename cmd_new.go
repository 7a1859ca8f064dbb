package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"mentorgen/generator"
	"mentorgen/starter"
)

// newTemplates are the files `mentorgen new` writes; %[1]s is the title, %[2]s today's date.
var newTemplates = map[string]string{
	"mentor": `---
title: %[1]q
role: "Product Manager"
company: ""
years_experience: 5
seniority: mid            # junior | mid | senior | principal | executive
expertise: [discovery]
helps_with: [first PM job]
industries: [saas]
program_types: [informal] # formal | informal | online | company-sponsored
formats: [1:1 video]
style: [conversational]
timezone: "UTC"           # an IANA name, e.g. Europe/Berlin
languages: [English]
capacity: 2
accepting: true
availability: ["Tue 18:00-19:00"]
availability_confirmed: %[2]s
booking_url: "mailto:someone@example.org"
summary: ""
date: %[2]s
draft: true
---

## About me

## How I mentor

## What mentees get
`,
	"program": `---
title: %[1]q
summary: ""
program_type: formal      # formal | informal | online | company-sponsored
duration: "6 months"
cadence: "fortnightly"
commitment: "2 hours a month"
audience: "new product managers"
cost: "free"
date: %[2]s
draft: true
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
topic: goal-setting
expertise: []
date: %[2]s
draft: true
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
	// Flags may come after the arguments: mentorgen new mentor "Ana Lima" --src site
	var pos []string
	for len(args) > 0 {
		if code, stop := parseFlags(flags, args); stop {
			return code
		}
		if flags.NArg() == 0 {
			break
		}
		pos = append(pos, flags.Arg(0))
		args = flags.Args()[1:]
	}
	if len(pos) != 2 || newTemplates[pos[0]] == "" {
		fmt.Fprintln(stderr, `mentorgen new: want a kind (mentor, program or tip) and a name, e.g. mentorgen new mentor "Ana Lima"`)
		return exitUsage
	}
	kind, name := pos[0], pos[1]
	slug := generator.Slug(name)
	if slug == "" {
		fmt.Fprintf(stderr, "mentorgen new: cannot make a file name from %q; use a name with letters or digits\n", name)
		return exitUsage
	}
	dir := filepath.Join(*src, "content", newSections[kind])
	path := filepath.Join(dir, slug+".md")
	if _, err := os.Stat(path); err == nil {
		fmt.Fprintf(stderr, "mentorgen new: %s already exists; choose another name or edit it\n", path)
		return exitContent
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
	flags := newFlags("init", "init DIR", stderr)
	if code, stop := parseFlags(flags, args); stop {
		return code
	}
	if flags.NArg() != 1 {
		fmt.Fprintln(stderr, "mentorgen init: want one folder, e.g. mentorgen init my-portal")
		flags.Usage()
		return exitUsage
	}
	dir := flags.Arg(0)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "mentorgen init: %s is not empty; choose a new folder\n", dir)
		return exitContent
	}
	err := os.CopyFS(dir, starter.FS)
	if err == nil {
		err = os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	}
	if err != nil {
		fmt.Fprintln(stderr, "mentorgen init:", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "created a new site in %s\nnext: cd %s && mentorgen build\n", dir, dir)
	return exitOK
}
