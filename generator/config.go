package generator

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mentorgen/generator/internal/editdist"
	"mentorgen/generator/markdown"
	"mentorgen/generator/slug"

	"go.yaml.in/yaml/v3"
)

// Config is site.yaml, checked.
type Config struct {
	Title       string
	Description string
	Tagline     string // the home page's eyebrow line; none when empty
	BaseURL     string // absolute, always ending in "/"
	Language    string
	Pagination  int // cards per directory or list page
	// StaleDays is how old availability_confirmed may be before a profile says its
	// availability was not confirmed recently.
	StaleDays int
	Menus     map[string][]MenuEntry
	// Vocabularies restrict the values of mentor fields: expertise, helps_with, industries,
	// style and languages. A missing vocabulary allows any value.
	Vocabularies map[string][]string
	Markdown     MarkdownConfig
	Photos       PhotosConfig
	Params       map[string]any
	// Taxonomies are the site's own ways of grouping pages, besides the built-in ones, as
	// Hugo's config has them: singular name → plural, which is the front matter key and
	// the URL (series: series, category: categories). In site.yaml order.
	Taxonomies []TaxonomyConfig
	// Deploy holds where `mentorgen deploy` publishes the built site.
	Deploy DeployConfig
}

// TaxonomyConfig is one entry of site.yaml's taxonomies.
type TaxonomyConfig struct{ Singular, Plural string }

// PhotosConfig holds the photos options of site.yaml.
type PhotosConfig struct {
	// Originals publishes each mentor photo at its own URL too, at full size, upright and
	// re-encoded without metadata; by default only the sizes the theme shows are published.
	Originals bool
}

// MenuEntry is one link of a menu; URL is a site path such as /mentors/ (or an absolute URL).
type MenuEntry struct {
	Name   string
	URL    string
	Weight int

	at Diagnostic // where the url value is written, for the site-path check (sitelinks.go)
}

// MarkdownConfig holds the Markdown options of site.yaml.
type MarkdownConfig = markdown.Config

// VocabularyNames are the mentor fields that site.yaml may restrict.
var VocabularyNames = []string{"expertise", "helps_with", "industries", "style", "languages"}

var configKeys = []string{"title", "description", "tagline", "base_url", "language", "pagination", "menus",
	"vocabularies", "markdown", "photos", "params", "taxonomies", "deploy", "availability_stale_days"}

// ParseConfig decodes site.yaml. Unknown keys and wrong types are diagnostics with positions.
func ParseConfig(file string, src []byte) (*Config, Diagnostics) {
	c := &Config{
		Title: "Mentorship portal", BaseURL: "/", Language: "en", Pagination: 24, StaleDays: 180,
		Menus: map[string][]MenuEntry{}, Vocabularies: map[string][]string{},
		Markdown: MarkdownConfig{Typographer: true},
	}
	d := &fieldDecoder{file: file}
	root, diags := decodeYAML(file, src, 0)
	if len(diags) > 0 {
		return c, diags
	}
	baseSeen := false
	for _, f := range d.fields(root) {
		k, v := f.key.Value, f.value
		switch k {
		case "title":
			c.Title = d.str(v, k)
		case "description":
			c.Description = d.str(v, k)
		case "tagline":
			c.Tagline = d.str(v, k)
		case "base_url":
			baseSeen = true
			c.BaseURL = d.baseURL(v)
		case "language":
			c.Language = d.str(v, k)
		case "pagination":
			if c.Pagination = d.integer(v, k); c.Pagination < 1 {
				d.errorf("field-value", v, "use a number such as 12", "pagination: must be at least 1")
				c.Pagination = 12
			}
		case "availability_stale_days":
			if c.StaleDays = d.integer(v, k); c.StaleDays < 1 {
				d.errorf("field-value", v, "use a number of days such as 180", "availability_stale_days: must be at least 1")
				c.StaleDays = 180
			}
		case "menus":
			c.Menus = d.menus(v)
		case "vocabularies":
			c.Vocabularies = d.vocabularies(v)
		case "markdown":
			c.Markdown = d.markdown(v, c.Markdown)
		case "taxonomies":
			c.Taxonomies = d.taxonomies(v)
		case "photos":
			c.Photos = d.photos(v)
		case "deploy":
			c.Deploy = d.deploy(v)
		case "params":
			if v.Kind != yaml.MappingNode {
				d.errorf("field-type", v, "write key: value pairs under params:", "params: want a mapping, got %s", describe(v))
				continue
			}
			c.Params, _ = anyValue(v).(map[string]any)
		default:
			d.unknownKey(f.key, configKeys, false)
		}
	}
	if !baseSeen {
		c.BaseURL = "/"
	}
	return c, d.diags
}

func (d *fieldDecoder) baseURL(n *yaml.Node) string {
	s := d.str(n, "base_url")
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		d.errorf("url-invalid", n, `write an absolute URL such as "https://org.github.io/portal/"`, "base_url: %q is not an absolute http(s) URL", s)
		return "/"
	}
	return normalizeBaseURL(u)
}

func normalizeBaseURL(u *url.URL) string {
	p := u.Path
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return u.Scheme + "://" + u.Host + p
}

func (d *fieldDecoder) menus(n *yaml.Node) map[string][]MenuEntry {
	out := map[string][]MenuEntry{}
	if n.Kind != yaml.MappingNode {
		d.errorf("field-type", n, "write menus: {main: [{name: Mentors, url: /mentors/}]}", "menus: want a mapping of menu names to lists")
		return out
	}
	for _, f := range d.fields(n) {
		name := f.key.Value
		if f.value.Kind != yaml.SequenceNode {
			d.errorf("field-type", f.value, "write a list of {name, url, weight}", "menus.%s: want a list, got %s", name, describe(f.value))
			continue
		}
		for _, item := range f.value.Content {
			if item.Kind != yaml.MappingNode {
				d.errorf("field-type", item, "write {name: Mentors, url: /mentors/}", "menus.%s: want a mapping, got %s", name, describe(item))
				continue
			}
			var e MenuEntry
			for _, g := range d.fields(item) {
				switch g.key.Value {
				case "name":
					e.Name = d.str(g.value, "name")
				case "url":
					e.URL = d.str(g.value, "url")
					e.at = Diagnostic{File: d.file, Line: g.value.Line, Col: g.value.Column}
				case "weight":
					e.Weight = d.integer(g.value, "weight")
				default:
					d.unknownKey(g.key, []string{"name", "url", "weight"}, false)
				}
			}
			if e.Name == "" || e.URL == "" {
				d.errorf("required-field", item, "every menu entry needs a name and a url", "menus.%s: entry without name or url", name)
				continue
			}
			out[name] = append(out[name], e)
		}
		sort.SliceStable(out[name], func(i, j int) bool { return out[name][i].Weight < out[name][j].Weight })
	}
	return out
}

func (d *fieldDecoder) vocabularies(n *yaml.Node) map[string][]string {
	out := map[string][]string{}
	if n.Kind != yaml.MappingNode {
		d.errorf("field-type", n, "write vocabularies: {expertise: [discovery, pricing]}", "vocabularies: want a mapping")
		return out
	}
	for _, f := range d.fields(n) {
		found := false
		for _, v := range VocabularyNames {
			found = found || v == f.key.Value
		}
		if !found {
			d.unknownKey(f.key, VocabularyNames, false)
			continue
		}
		out[f.key.Value] = d.strList(f.value, "vocabularies."+f.key.Value)
	}
	return out
}

func (d *fieldDecoder) photos(n *yaml.Node) PhotosConfig {
	var p PhotosConfig
	if n.Kind != yaml.MappingNode {
		d.errorf("field-type", n, "write photos: {originals: false}", "photos: want a mapping")
		return p
	}
	for _, f := range d.fields(n) {
		switch f.key.Value {
		case "originals":
			p.Originals = d.boolean(f.value, "photos.originals")
		default:
			d.unknownKey(f.key, []string{"originals"}, false)
		}
	}
	return p
}

func (d *fieldDecoder) markdown(n *yaml.Node, m MarkdownConfig) MarkdownConfig {
	if n.Kind != yaml.MappingNode {
		d.errorf("field-type", n, "write markdown: {unsafe: false}", "markdown: want a mapping")
		return m
	}
	for _, f := range d.fields(n) {
		switch f.key.Value {
		case "unsafe":
			m.Unsafe = d.boolean(f.value, "markdown.unsafe")
		case "typographer":
			m.Typographer = d.boolean(f.value, "markdown.typographer")
		default:
			d.unknownKey(f.key, []string{"unsafe", "typographer"}, false)
		}
	}
	return m
}

// taxonomies decodes Hugo's taxonomies mapping. A built-in taxonomy (tags) may be declared
// too, as every Hugo config does; it stays as it is.
func (d *fieldDecoder) taxonomies(n *yaml.Node) []TaxonomyConfig {
	if n.Kind != yaml.MappingNode {
		d.errorf("field-type", n, "write taxonomies: {series: series, category: categories}", "taxonomies: want a mapping of singular to plural names")
		return nil
	}
	var out []TaxonomyConfig
	for _, f := range d.fields(n) {
		plural := d.str(f.value, "taxonomies."+f.key.Value)
		switch {
		case plural == "":
			continue
		case slug.Of(plural) != plural:
			d.errorf("path-invalid", f.value, fmt.Sprintf("use lower-case words joined by hyphens, e.g. %q", slug.Of(plural)), "taxonomies.%s: %q cannot be used in a URL", f.key.Value, plural)
			continue
		case slices.Contains(reservedTaxonomyKeys, plural):
			d.errorf("name-conflict", f.value, "choose another name", "taxonomies.%s: %q is a front matter key of pages already", f.key.Value, plural)
			continue
		}
		out = append(out, TaxonomyConfig{Singular: f.key.Value, Plural: plural})
	}
	return out
}

// ---- deploy: the targets of `mentorgen deploy` ----

// DeployConfig is site.yaml's deploy section.
type DeployConfig struct {
	Targets []DeployTarget
}

// DeployTarget is one place the built site is published to: an S3 bucket, or a bucket of an
// S3-compatible store when Endpoint is set. Credentials are never part of it: they come from
// the AWS SDK's environment and profile chain.
type DeployTarget struct {
	Name     string
	URL      string // as written: s3://bucket?region=eu-west-1&endpoint=http://127.0.0.1:8333
	Bucket   string
	Region   string // "" to take the SDK's (AWS_REGION, the profile)
	Endpoint string // "" for AWS itself; an S3-compatible store's address otherwise
	Profile  string // a profile of ~/.aws/config to take credentials from; "" for the default chain
	// PathStyle addresses objects as https://host/bucket/key rather than
	// https://bucket.host/key: by default with an Endpoint, or as use_path_style= says.
	PathStyle bool
	Prefix    string // "" or a key prefix ending in "/": the site lives under it
	Cache     []CacheRule
}

// CacheRule gives the objects whose key (relative to the prefix) matches Match the
// Cache-Control header Control. A pattern without "/" is matched against the file name, one
// with "/" against the whole path, with path.Match's syntax.
type CacheRule struct {
	Match, Control string
}

var (
	deployTargetKeys = []string{"name", "url", "prefix", "cache"}
	deployURLParams  = []string{"region", "endpoint", "profile", "use_path_style", "s3ForcePathStyle"}
	// credentialWords are parts of key names that hold secrets; such a key, or a value that
	// looks like an access key, in site.yaml is an error: site.yaml is committed and published.
	credentialWords = []string{"secret", "password", "token", "access_key", "accesskey", "access_key_id", "credential", "session"}
	accessKeyRE     = regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)
)

const credentialHint = "credentials never go in site.yaml (it is committed); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, in the environment"

func (d *fieldDecoder) deploy(n *yaml.Node) DeployConfig {
	var c DeployConfig
	if n.Kind != yaml.MappingNode {
		d.errorf("deploy-config", n, "write deploy: {targets: [{name: production, url: \"s3://bucket?region=eu-west-1\"}]}", "deploy: want a mapping")
		return c
	}
	d.noCredentials(n)
	for _, f := range d.fields(n) {
		if f.key.Value != "targets" {
			if !looksLikeCredential(f.key.Value) {
				d.unknownKey(f.key, []string{"targets"}, false)
			}
			continue
		}
		if f.value.Kind != yaml.SequenceNode {
			d.errorf("deploy-config", f.value, "write a list of {name, url}", "deploy.targets: want a list, got %s", describe(f.value))
			continue
		}
		seen := map[string]bool{}
		for _, item := range f.value.Content {
			t, ok := d.deployTarget(item)
			if !ok {
				continue
			}
			if seen[t.Name] {
				d.errorf("deploy-config", item, "give each target its own name", "deploy.targets: %q appears twice", t.Name)
				continue
			}
			seen[t.Name] = true
			c.Targets = append(c.Targets, t)
		}
	}
	return c
}

// noCredentials reports every key under n that names a secret and every value that looks
// like an AWS access key, wherever it is in the deploy section.
func (d *fieldDecoder) noCredentials(n *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; looksLikeCredential(k.Value) {
				d.errorf("deploy-credential", k, credentialHint, "deploy: %q looks like a credential", k.Value)
			}
			d.noCredentials(n.Content[i+1])
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			d.noCredentials(c)
		}
	case yaml.ScalarNode:
		if accessKeyRE.MatchString(n.Value) {
			d.errorf("deploy-credential", n, credentialHint, "deploy: this value looks like an AWS access key")
		}
	}
}

func looksLikeCredential(key string) bool {
	k := strings.ToLower(strings.ReplaceAll(key, "-", "_"))
	for _, w := range credentialWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

func (d *fieldDecoder) deployTarget(n *yaml.Node) (DeployTarget, bool) {
	var t DeployTarget
	if n.Kind != yaml.MappingNode {
		d.errorf("deploy-config", n, "write {name: production, url: \"s3://bucket?region=eu-west-1\"}", "deploy.targets: want a mapping, got %s", describe(n))
		return t, false
	}
	var urlNode *yaml.Node
	for _, f := range d.fields(n) {
		switch f.key.Value {
		case "name":
			t.Name = d.str(f.value, "deploy.targets.name")
		case "url":
			t.URL, urlNode = d.str(f.value, "deploy.targets.url"), f.value
		case "prefix":
			p := d.str(f.value, "deploy.targets.prefix")
			if p = strings.Trim(p, "/"); p != "" {
				if path.Clean(p) != p || strings.HasPrefix(p, "../") || p == ".." {
					d.errorf("deploy-config", f.value, `write a plain path such as "portal/"`, "deploy.targets.prefix: %q is not a plain path", p)
				}
				t.Prefix = p + "/"
			}
		case "cache":
			t.Cache = d.cacheRules(f.value)
		default:
			if !looksLikeCredential(f.key.Value) { // reported by noCredentials
				d.unknownKey(f.key, deployTargetKeys, false)
			}
		}
	}
	if t.Name == "" || urlNode == nil {
		d.errorf("deploy-config", n, `every target needs a name and a url, e.g. {name: production, url: "s3://bucket?region=eu-west-1"}`, "deploy.targets: target without name or url")
		return t, false
	}
	return t, d.deployURL(urlNode, &t)
}

// deployURL checks a target's url and fills in its bucket, region, endpoint, profile and
// addressing style. No message repeats a user or password written in the url.
func (d *fieldDecoder) deployURL(n *yaml.Node, t *DeployTarget) bool {
	u, err := url.Parse(t.URL)
	if err == nil && (u.User != nil || hasUserinfo(u.Query().Get("endpoint"))) {
		d.errorf("deploy-credential", n, credentialHint+"; the url names only the bucket and the store",
			"deploy.targets.url: the url of target %q carries a user name or password (%s)", t.Name, RedactUserinfo(t.URL))
		return false
	}
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		d.errorf("deploy-config", n, `write s3://BUCKET?region=REGION, with &endpoint=https://… for an S3-compatible store`, "deploy.targets.url: %q is not an s3:// URL with a bucket", RedactUserinfo(t.URL))
		return false
	}
	if u.Path != "" && u.Path != "/" {
		d.errorf("deploy-config", n, "put the path in the target's prefix: instead", "deploy.targets.url: %q has a path after the bucket", t.URL)
		return false
	}
	ok := true
	q := u.Query()
	for _, k := range sortedKeys(q) {
		switch {
		case looksLikeCredential(k):
			d.errorf("deploy-credential", n, credentialHint, "deploy.targets.url: %q looks like a credential", k)
			ok = false
		case !slices.Contains(deployURLParams, k):
			hint := editdist.DidYouMean(k, deployURLParams)
			if hint == "" {
				hint = "known parameters: " + strings.Join(deployURLParams, ", ")
			}
			d.errorf("deploy-config", n, hint, "deploy.targets.url: unknown parameter %q", k)
			ok = false
		}
	}
	t.Bucket, t.Region, t.Profile = u.Host, q.Get("region"), q.Get("profile")
	if e := q.Get("endpoint"); e != "" {
		eu, err := url.Parse(e)
		if err != nil || (eu.Scheme != "http" && eu.Scheme != "https") || eu.Host == "" {
			d.errorf("deploy-config", n, "write endpoint=https://host:port", "deploy.targets.url: endpoint %q is not an http(s) URL", e)
			return false
		}
		for k := range eu.Query() {
			if looksLikeCredential(k) {
				d.errorf("deploy-credential", n, credentialHint, "deploy.targets.url: the endpoint of target %q has a parameter %q that looks like a credential", t.Name, k)
				return false
			}
		}
		t.Endpoint = e
		t.PathStyle = true // bucket.127.0.0.1 does not resolve; every S3-compatible store takes paths
	}
	return d.pathStyle(n, q, t) && ok
}

// pathStyle reads use_path_style (gocloud.dev's name, which Hugo's deploy takes) or its older
// spelling s3ForcePathStyle: an explicit value overrides the default, path-style addressing
// with an endpoint and virtual-hosted (bucket.s3.region.amazonaws.com) without.
func (d *fieldDecoder) pathStyle(n *yaml.Node, q url.Values, t *DeployTarget) bool {
	for _, k := range []string{"use_path_style", "s3ForcePathStyle"} {
		if !q.Has(k) {
			continue
		}
		v, err := strconv.ParseBool(q.Get(k))
		if err != nil {
			d.errorf("deploy-config", n, "write "+k+"=true or "+k+"=false", "deploy.targets.url: %s=%q is not true or false", k, q.Get(k))
			return false
		}
		t.PathStyle = v
	}
	return true
}

// userinfoRE matches the user and password part of a URL ("https://KEY:SECRET@"), wherever
// the URL is in a string.
var userinfoRE = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s"'<>]*@`)

// RedactUserinfo replaces every URL's user and password in s with REDACTED, so that a
// message can quote a URL, or an error that holds one, without leaking a credential.
func RedactUserinfo(s string) string {
	return userinfoRE.ReplaceAllString(s, "${1}REDACTED@")
}

func hasUserinfo(s string) bool { return userinfoRE.MatchString(s) }

func (d *fieldDecoder) cacheRules(n *yaml.Node) []CacheRule {
	if n.Kind != yaml.SequenceNode {
		d.errorf("deploy-config", n, `write a list of {match: "*.pdf", control: "public, max-age=86400"}`, "deploy.targets.cache: want a list, got %s", describe(n))
		return nil
	}
	var out []CacheRule
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			d.errorf("deploy-config", item, `write {match: "*.pdf", control: "public, max-age=86400"}`, "deploy.targets.cache: want a mapping, got %s", describe(item))
			continue
		}
		var r CacheRule
		var at *yaml.Node
		for _, g := range d.fields(item) {
			switch g.key.Value {
			case "match":
				r.Match, at = d.str(g.value, "deploy.targets.cache.match"), g.value
			case "control":
				r.Control = d.str(g.value, "deploy.targets.cache.control")
			default:
				if !looksLikeCredential(g.key.Value) {
					d.unknownKey(g.key, []string{"match", "control"}, false)
				}
			}
		}
		if r.Match == "" || r.Control == "" {
			d.errorf("deploy-config", item, "every cache rule needs a match and a control", "deploy.targets.cache: rule without match or control")
			continue
		}
		if _, err := path.Match(r.Match, ""); err != nil {
			d.errorf("deploy-config", at, "use *, ? and [a-z] as in shell patterns", "deploy.targets.cache.match: %q is not a valid pattern", r.Match)
			continue
		}
		out = append(out, r)
	}
	return out
}
