package layouts

import (
	"fmt"
	"html/template"
	"io/fs"
)

// SearchTemplates are the templates of the server-rendered search pages
// (/tim-kiem/ and /embed/), in the order they are parsed.
var SearchTemplates = []string{"search/results.html", "search/facets.html", "search/page.html", "search/not-allowed.html"}

// ParticipationTemplates are the templates of citizens' submissions: the
// form (rendered into pages by the build, and by the server when a form
// sent without JavaScript needs correcting), the status page of a
// tracking code, and the partial "Trang này có hữu ích không?", whose
// answer pages (the check question, the thanks) the server renders when
// it is sent without JavaScript.
var ParticipationTemplates = []string{"participation/form.html", "participation/status.html", "participation/answers.html", "participation/report.html", "partials/useful.html"}

// ServerTemplates are every template the server renders with at request
// time. They are not page layouts: the generator checks them and copies
// them into the built site's private folder (PrivateDir), and the server
// renders with those copies, so a site restyles its results and forms
// like any other page, and a built folder is all the server needs.
var ServerTemplates = append(append(append([]string{}, SearchTemplates...), ParticipationTemplates...), ConsoleTemplates...)

// ConsoleTemplates are the pages of the staff console under /quan-tri/;
// chrome.html defines the bar every page starts with.
var ConsoleTemplates = []string{"console/chrome.html", "console/login.html", "console/error.html", "console/queue.html", "console/item.html", "console/audit.html", "console/report.html", "console/hotspots.html", "console/misses.html", "console/useful.html"}

// PrivateDir is the folder of the built site that holds what the server
// needs and nobody else: the server templates, the participation
// catalog. Its name starts with a dot, and the server never serves a path
// with such a segment.
const PrivateDir = ".minhbach"

// Parse parses the named templates from fsys into one set, each named by
// its path, so that one may use what another defines. They get no
// functions beyond html/template's own, since the server, not the
// generator, runs them. A parse error names the file, as where labels it
// for the reader (nil: its path in fsys), and the line.
func Parse(fsys fs.FS, names []string, where func(name string) string) (*template.Template, error) {
	if where == nil {
		where = func(name string) string { return name }
	}
	set := template.New("")
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where(name), err)
		}
		if _, err := set.New(name).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("%s: %w", where(name), err)
		}
	}
	return set, nil
}
