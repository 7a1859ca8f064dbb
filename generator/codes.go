package generator

// A code names the kind of a Diagnostic, so that editors, CI annotations and scripts can
// tell problems apart without parsing messages. Codes are stable: a message may be reworded,
// its code stays. Codes lists every code the generator and the importer use, with its
// severity and what to do; the README's table of codes is checked against it by a test.
var Codes = []CodeInfo{
	// Reading the site.
	{"read-error", "error", "a file cannot be read: check its permissions"},
	{"text-encoding", "error", "a page or site.yaml is not UTF-8 text (Latin-1, UTF-16, a binary file): save it as UTF-8"},
	{"symlink", "error", "a symbolic link leads out of the site, to a folder, round in a loop or nowhere: copy the file in, or fix the link"},
	{"no-content", "error", "content/ holds no Markdown: add pages, or start with `mentorgen init`"},
	// Front matter and site.yaml.
	{"yaml-syntax", "error", "the YAML (or TOML) does not parse: fix indentation, quote values with a colon"},
	{"duplicate-key", "error", "a key appears twice in one mapping: remove one"},
	{"unknown-key", "error", "a key the schema does not have: fix the spelling, or move it under params:"},
	{"field-type", "error", "a value of the wrong type (text, number, list, mapping, date): write it as the hint shows"},
	{"field-value", "error", "a value of the right type but out of range or malformed: write it as the hint shows"},
	{"enum-value", "error", "a value not in its list (program_type, a vocabulary): pick one, or extend the vocabulary"},
	{"required-field", "error", "a field every page of its kind needs is missing: add it"},
	{"url-invalid", "error", "a field that must hold a web address does not: write an https: (or mailto:) URL"},
	{"path-invalid", "error", "a slug, url, alias or taxonomy name cannot be used in a URL: use lower-case words and hyphens"},
	{"taxonomy-undeclared", "error", "a front matter key looks like a taxonomy site.yaml does not declare: declare it, or move it under params:"},
	{"name-conflict", "error", "a name in site.yaml is already used by a front matter key: choose another"},
	{"tz-unknown", "error", "timezone: is not an IANA zone name: write e.g. Europe/Lisbon"},
	{"deploy-config", "error", "a deploy target in site.yaml is malformed: write it as the hint shows"},
	{"deploy-credential", "error", "site.yaml holds what looks like a credential: remove it and use the environment"},
	// URLs and links.
	{"url-collision", "error", "two pages, or a page and an alias, want one URL: give one another slug or file name"},
	{"url-reserved", "error", "a page wants a URL mentorgen writes itself: rename it"},
	{"alias-own-url", "error", "an alias repeats the page's own URL or another alias: remove it"},
	{"broken-link", "error", "a link or image names a page, file or site path that is not built: fix the path"},
	{"broken-anchor", "error", "a link names a heading id the target page does not have: fix the #fragment"},
	// Photos.
	{"photo-missing", "error", "photo: names a file that does not exist: fix the path or add the file"},
	{"photo-remote", "error", "photo: is on another host: put the image under static/ or beside index.md"},
	{"photo-relative", "error", "photo: is relative on a page that is not a bundle: write a /static path or make a bundle"},
	{"photo-process", "error", "a photo cannot be decoded or resized: save it again as JPEG or PNG"},
	// Markdown and shortcodes.
	{"markdown-render", "error", "goldmark could not render the body: simplify the Markdown around the line"},
	{"raw-html", "warning", "raw HTML that is not allowed is shown as text: write Markdown, or enable markdown.unsafe"},
	{"shortcode", "warning", "a shortcode that is unknown, incomplete or unclosed is shown as text: write it as Hugo documents it"},
	// Templates.
	{"template-parse", "error", "a layout does not parse: fix the template at the position shown"},
	{"template-exec", "error", "a layout fails while rendering a page: fix the template, or the value it reads"},
	{"layout-missing", "error", "a layout a page needs is missing: add it to layouts/"},
	{"layout-fallback", "warning", "layout: or type: names no layout, so a default is used: add the layout, or remove the key"},
	// Leftovers from templates and other generators.
	{"title-derived", "warning", "a page without title: is titled from its file name: add title:"},
	{"placeholder", "warning", "a value is still the template's placeholder: replace it"},
	{"hugo-theme-key", "warning", "a key is a Hugo theme setting: move it under params:"},
	{"tz-fixed-offset", "warning", "timezone: is a fixed offset, wrong half the year: write the place's zone"},
	{"availability-stale", "warning", "availability_confirmed is older than availability_stale_days: ask the mentor, then update the date"},
	// Lint: completeness of mentor profiles.
	{"lint-photo", "warning", "a mentor has no photo: add photo:, or write photo: none to say there is none on purpose"},
	{"lint-bio-short", "warning", "a mentor's bio (the body) has fewer than 40 words: say what they can help with"},
	{"lint-no-contact", "warning", "a mentor has neither booking_url nor links: add one way to reach them"},
	// Lint: privacy.
	{"privacy-email", "warning", "a profile body shows an e-mail address: move it to booking_url (mailto:) or links"},
	{"privacy-phone", "warning", "a profile body shows a phone number: remove it, or offer a booking_url instead"},
	// Lint: accessibility of content.
	{"a11y-img-alt", "warning", "an image has no alt text: describe it in ![...]"},
	{"a11y-heading-skip", "warning", "a heading skips a level (## then ####): use the next level"},
	{"a11y-empty-link", "warning", "a link has no text: write what it leads to in [...]"},
	{"a11y-duplicate-id", "warning", "two headings have the same text, so a link by that id reaches only the first: reword one"},
	{"a11y-link-text", "warning", `a link's text is "click here" or "here": say where it leads`},
	// mentorgen import.
	{"import-column", "error", "the sheet lacks a column every mentor needs, or two columns fill one field: fix the header or --map"},
	{"import-sheet", "error", "the sheet does not parse as CSV, TSV or JSON: fix the quoting"},
	{"import-cell", "error", "a cell's value cannot be used (a warning when it is only dropped): fix the cell"},
	{"import-map", "error", "the --map file is malformed: write it as the hint shows"},
}

// A CodeInfo documents one code.
type CodeInfo struct {
	Code     string
	Severity string // "error" or "warning": what it usually is (Options.Strict makes every warning an error)
	What     string // what it means and what to do
}
