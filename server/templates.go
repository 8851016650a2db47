package server

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/minhbach/minhbach/layouts"
)

// searchTemplates gives the templates the search pages render with: the
// ones the build copied into the site folder (layouts.PrivateDir), so that
// a site's own layouts/search/ restyles its results, or the default
// theme's when the site has none. A site's set is parsed again only when
// a new build replaced its files.
type searchTemplates struct {
	dir      string // SiteDir/.minhbach
	log      *log.Logger
	fallback *template.Template

	mu    sync.Mutex
	stamp string // the files' sizes and times when site was parsed
	site  *template.Template
}

func newSearchTemplates(siteDir string, logger *log.Logger) (*searchTemplates, error) {
	fallback, err := layouts.Parse(layouts.FS, layouts.ServerTemplates, nil)
	if err != nil {
		return nil, fmt.Errorf("giao diện mặc định / default theme: %w", err)
	}
	return &searchTemplates{dir: filepath.Join(siteDir, layouts.PrivateDir), log: logger, fallback: fallback}, nil
}

// current gives the site's set, or nil when the site has none or its
// templates do not parse (that is logged once per build).
func (t *searchTemplates) current() *template.Template {
	var stamp strings.Builder
	for _, name := range layouts.ServerTemplates {
		fi, err := os.Stat(filepath.Join(t.dir, filepath.FromSlash(name)))
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				t.log.Printf("search: %v", err)
			}
			return nil
		}
		fmt.Fprintf(&stamp, "%d.%d;", fi.Size(), fi.ModTime().UnixNano())
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if stamp.String() == t.stamp {
		return t.site
	}
	set, err := layouts.Parse(os.DirFS(t.dir), layouts.ServerTemplates, func(name string) string { return filepath.Join(t.dir, name) })
	if err != nil {
		t.log.Printf("search: the site's search templates, using the default theme's: %v", err)
		set = nil
	}
	t.stamp, t.site = stamp.String(), set
	return set
}

// render runs one search template with the site's set, or with the
// default theme's if the site's fails, so that a broken override costs
// the site its look on the results, never the results.
func (t *searchTemplates) render(name string, data any) (string, error) {
	var b bytes.Buffer
	if set := t.current(); set != nil {
		err := set.ExecuteTemplate(&b, name, data)
		if err == nil {
			return b.String(), nil
		}
		t.log.Printf("search: %s, using the default theme's: %v", filepath.Join(t.dir, name), err)
		b.Reset()
	}
	if err := t.fallback.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return b.String(), nil
}
