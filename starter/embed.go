// Package starter holds the site that `mentorgen init` writes: a site.yaml and a little
// content that builds at once and shows every kind of page.
package starter

import "embed"

// FS is the starter site, with a GitHub Actions workflow that publishes it to GitHub Pages.
// "all:" because go:embed leaves out files whose names start with "_" or ".", and the
// sections' _index.md files are the point of a starter.
//
//go:embed site.yaml all:content all:.github
var FS embed.FS
