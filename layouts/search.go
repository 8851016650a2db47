package layouts

import (
	"fmt"
	"html/template"
	"io/fs"
)

// SearchTemplates are the templates of the server-rendered search pages
// (/tim-kiem/ and /embed/), in the order they are parsed. They are not
// page layouts: the generator checks them and copies them into the built
// site's private folder (SearchDir), and the server renders each search
// with them, so a site restyles its results like any other page.
var SearchTemplates = []string{"search/results.html", "search/facets.html", "search/page.html"}

// SearchDir is the folder of the built site that holds the search
// templates. Its name starts with a dot, and the server never serves a
// path with such a segment.
const SearchDir = ".minhbach"

// ParseSearch parses the search templates from fsys into one set, each
// named by its path, so that results.html may use what facets.html
// defines. They get no functions beyond html/template's own, since the
// server, not the generator, runs them. A parse error names the file, as
// where labels it for the reader (nil: its path in fsys), and the line.
func ParseSearch(fsys fs.FS, where func(name string) string) (*template.Template, error) {
	if where == nil {
		where = func(name string) string { return name }
	}
	set := template.New("")
	for _, name := range SearchTemplates {
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
