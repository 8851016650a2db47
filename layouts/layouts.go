// Package layouts holds minhbach's default theme: templates, SCSS and
// static files, embedded in the binary so that a site needs no layouts of
// its own. A site's layouts/ folder overrides any file here by path.
package layouts

import "embed"

// FS is the default theme. Paths: _default/ and TYPE/ page templates
// (document, procedure, disclosure, news), partials/, assets/scss/
// (compiled by Dart Sass), static/ (copied as is), search/ (the
// server-rendered search results) and participation/ (citizens' forms
// and status pages); see ServerTemplates.
//
// SCSS partials start with "_", which a directory pattern would skip,
// hence "all:".
//
//go:embed _default partials document procedure disclosure news search participation console
//go:embed all:assets static
var FS embed.FS
