package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mentorgen/generator"
	"mentorgen/generator/importer"
)

// cmdImport turns a sign-up sheet into mentor drafts: mentorgen import mentors FILE.
func cmdImport(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("import", "import mentors FILE [flags]", stderr)
	src := flags.String("src", ".", "site folder (with site.yaml and content/)")
	mapFile := flags.String("map", "", "MAP.yaml naming columns the built-in synonyms don't know, and how list cells split")
	dryRun := flags.Bool("dry-run", false, "report what would happen and write nothing")
	update := flags.Bool("update", false, "change the sheet's fields in existing files, keeping their body and other fields")
	pos, code, stop := parseInterspersed(flags, args)
	if stop {
		return code
	}
	if len(pos) != 2 || pos[0] != "mentors" {
		fmt.Fprintln(stderr, "mentorgen import: want what to import and a file, e.g. mentorgen import mentors signups.csv")
		flags.Usage()
		return exitUsage
	}
	file := pos[1]
	cfgData, err := os.ReadFile(filepath.Join(*src, "site.yaml"))
	if err != nil {
		fmt.Fprintf(stderr, "mentorgen import: %s has no site.yaml; is --src the site folder? (`mentorgen init DIR` starts a new site)\n", *src)
		return exitUsage
	}
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "mentorgen import: cannot read %s: %v\n", file, unwrapPath(err))
		return exitUsage
	}
	cfg, diags := generator.ParseConfig("site.yaml", cfgData)
	if len(diags.Errors()) > 0 {
		return report(stdout, stdout, "import", diags, "; fix site.yaml first")
	}
	opts := importer.Options{Config: cfg, Update: *update, Today: time.Now()}
	if *mapFile != "" {
		mdata, err := os.ReadFile(*mapFile)
		if err != nil {
			fmt.Fprintf(stderr, "mentorgen import: cannot read --map %s: %v\n", *mapFile, unwrapPath(err))
			return exitUsage
		}
		m, diags := importer.ParseMap(*mapFile, mdata)
		if len(diags) > 0 {
			return report(stdout, stdout, "import", diags, "; nothing written")
		}
		opts.Map = m
	}
	sheet, diags := importer.ReadSheet(file, data)
	if len(diags) > 0 {
		return report(stdout, stdout, "import", diags, "; nothing written")
	}
	plan, diags := importer.Build(sheet, os.DirFS(*src), opts)
	if len(diags) > 0 {
		return report(stdout, stdout, "import", diags, "; nothing written")
	}
	for _, w := range plan.Warnings {
		fmt.Fprintln(stdout, w)
	}
	if !*dryRun {
		if err := plan.Write(*src); err != nil {
			fmt.Fprintln(stderr, "mentorgen import:", err)
			return exitContent
		}
	}
	fmt.Fprint(stdout, importSummary(plan, *src, file, *dryRun))
	return exitOK
}

// importSummary says what the import did (or, with --dry-run, would do), row by row for
// what was not simply created.
func importSummary(p *importer.Plan, src, file string, dryRun bool) string {
	var b strings.Builder
	verb := map[importer.Action]string{importer.Create: "created", importer.Update: "updated"}
	if dryRun {
		verb = map[importer.Action]string{importer.Create: "would create", importer.Update: "would update"}
	}
	for _, e := range p.Entries {
		switch e.Action {
		case importer.Create, importer.Update:
			fmt.Fprintf(&b, "%s %s\n", verb[e.Action], filepath.Join(src, filepath.FromSlash(e.File)))
		case importer.Skip:
			fmt.Fprintf(&b, "%s:%d: skipped %s: %s %s\n", file, e.Line, e.Name, filepath.Join(src, filepath.FromSlash(e.File)), e.Reason)
		}
	}
	for _, h := range p.Ignored {
		fmt.Fprintf(&b, "column %q ignored: no mentor field has that name (name one with --map)\n", h)
	}
	parts := []string{
		fmt.Sprintf("%d %s", p.Count(importer.Create), verb[importer.Create]),
		fmt.Sprintf("%d %s", p.Count(importer.Update), verb[importer.Update]),
		fmt.Sprintf("%d unchanged", p.Count(importer.Unchanged)),
		fmt.Sprintf("%d skipped", p.Count(importer.Skip)),
	}
	fmt.Fprintf(&b, "%s: %s", file, strings.Join(parts, ", "))
	if n := p.Count(importer.Create); n > 0 {
		fmt.Fprintf(&b, "; new files are drafts (draft: true) until reviewed")
	}
	if dryRun {
		b.WriteString("; --dry-run: nothing written")
	}
	b.WriteString("\n")
	return b.String()
}

// unwrapPath drops the path from an *os.PathError, which the message already names.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
