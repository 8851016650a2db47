package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/minhbach/minhbach/layouts"
)

// theme is the site's layouts/ folder laid over the default theme built
// into the binary: a file in the site's folder wins over the file of the
// same path in the default, so a site overrides one template or one SCSS
// partial without copying the rest.
type theme struct {
	layers []fs.FS // most specific first
}

func newTheme(sourceDir string) *theme {
	t := &theme{}
	dir := filepath.Join(sourceDir, "layouts")
	if info, err := os.Stat(dir); err == nil && info.IsDir() {
		t.layers = append(t.layers, os.DirFS(dir))
	}
	t.layers = append(t.layers, layouts.FS)
	return t
}

// Open implements fs.FS.
func (t *theme) Open(name string) (fs.File, error) {
	for _, l := range t.layers {
		f, err := l.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// ReadFile reads the most specific version of a file.
func (t *theme) ReadFile(name string) ([]byte, error) {
	for _, l := range t.layers {
		b, err := fs.ReadFile(l, name)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return b, err
		}
	}
	return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
}

// files lists every file under dir across layers, each path once.
func (t *theme) files(dir string) []string {
	seen := map[string]bool{}
	for _, l := range t.layers {
		_ = fs.WalkDir(l, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
				return nil
			}
			seen[p] = true
			return nil
		})
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// origin tells whether a file comes from the site's folder or the
// default theme, for error messages that name a real path.
func (t *theme) origin(name string) string {
	if len(t.layers) > 1 {
		if _, err := fs.Stat(t.layers[0], name); err == nil {
			return "layouts/" + name
		}
	}
	return "layouts/" + name + " (giao diện mặc định / default theme)"
}
