// Package layouts holds the built-in theme. It is embedded into the binary, so a site needs
// nothing but its content; a site's own layouts/ folder overrides these files one by one.
package layouts

import "embed"

// FS is the built-in theme: html/template layouts, partials and assets.
//
//go:embed *.html _default partials mentors programs tips assets
var FS embed.FS
