// Package starter holds the site that `mentorgen init` writes: a site.yaml and a little
// content that builds at once and shows every kind of page.
package starter

import "embed"

// FS is the starter site.
//
//go:embed site.yaml content
var FS embed.FS
