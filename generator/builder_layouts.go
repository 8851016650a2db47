package generator

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// reloadLayouts parses the layouts and compiles the styles again after an
// edit of the site's layouts/, for Rebuild, and writes the new style sheet
// beside the old one. The pages are re-rendered by Rebuild, whose job
// signatures include each layout's sources (templates.sigs) and the style
// sheet's URL; the old sheet is removed once they are (removeOldCSS). full is
// true when the edit changed the heading IDs the layouts reserve, which
// every page's Markdown depends on: then only a full build will do. On
// error nothing the builder renders with changes.
func (b *Builder) reloadLayouts() (full bool, err error) {
	th := newTheme(b.opts.Source)
	if !slices.Equal(themeIDs(th), b.md.reserved) {
		return true, nil
	}
	cssPath, css, err := b.sass.compile(th)
	if err != nil {
		return false, err
	}
	ts, err := loadTemplates(th, funcMap(func() *Site { return b.rendering }))
	if err != nil {
		return false, err
	}
	cssURL := ""
	if cssPath != "" {
		cssURL = "/" + cssPath
	}
	if cssURL != b.css {
		if cssPath != "" {
			if err := writeFile(b.dest, cssPath, css); err != nil {
				return false, err
			}
		}
		if b.css != "" {
			b.oldCSS = append(b.oldCSS, b.css)
		}
	}
	b.theme, b.tmpl, b.css = th, ts, cssURL
	return false, nil
}

// removeOldCSS deletes the style sheets no page links to any more, after
// a rebuild succeeded: only the current sheet stays, as in a full build.
// A tab still showing a page of an old one keeps its styles until the
// reload that follows.
func (b *Builder) removeOldCSS() {
	for _, url := range b.oldCSS {
		if url != b.css {
			_ = os.Remove(filepath.Join(b.dest, filepath.FromSlash(strings.TrimPrefix(url, "/"))))
		}
	}
	b.oldCSS = nil
}
