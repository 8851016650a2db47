package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/bep/godartsass/v2"
)

// sassInstallHint is what staff are told when Dart Sass is missing.
const sassInstallHint = "chạy `npm ci` trong thư mục dự án (hoặc `make setup`), hoặc đặt DART_SASS_BINARY / run `npm ci` in the project folder (or `make setup`), or set DART_SASS_BINARY"

// FindDartSass locates the Dart Sass binary, in the order interfaces.md
// fixes: $DART_SASS_BINARY, a `sass` on PATH that speaks the embedded
// protocol, then the npm package under node_modules/ of the working
// folder or of the site's source folder, or of a folder above them.
func FindDartSass(sourceDir string) (string, error) {
	if p := os.Getenv("DART_SASS_BINARY"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("DART_SASS_BINARY=%s: không tìm thấy tệp / file not found", p)
		}
		return p, nil
	}
	if p, err := exec.LookPath("sass"); err == nil {
		if exec.Command(p, "--embedded", "--version").Run() == nil {
			return p, nil
		}
	}
	// Like Node's own module resolution, look in each folder up from the
	// working folder and the source folder: tests and tools run from
	// subfolders of the project.
	var dirs []string
	up := func(d string) {
		for {
			dirs = append(dirs, d)
			parent := filepath.Dir(d)
			if parent == d {
				return
			}
			d = parent
		}
	}
	if wd, err := os.Getwd(); err == nil {
		up(wd)
	}
	if abs, err := filepath.Abs(sourceDir); err == nil {
		up(abs)
	}
	for _, d := range dirs {
		for _, pattern := range []string{
			"node_modules/sass-embedded-*/dart-sass/sass",
			"node_modules/sass-embedded/node_modules/sass-embedded-*/dart-sass/sass",
		} {
			matches, _ := filepath.Glob(filepath.Join(d, pattern))
			for _, m := range matches {
				if info, err := os.Stat(m); err == nil && info.Mode()&0o111 != 0 {
					return m, nil
				}
			}
		}
	}
	return "", fmt.Errorf("không tìm thấy Dart Sass để biên dịch SCSS; %s / Dart Sass not found", sassInstallHint)
}

// sassCompiler compiles the theme's SCSS with a long-lived Dart Sass
// process: starting one costs more than a compile, and the dev server
// compiles on every style change.
type sassCompiler struct {
	tr *godartsass.Transpiler
}

func newSassCompiler(sourceDir string) (*sassCompiler, error) {
	bin, err := FindDartSass(sourceDir)
	if err != nil {
		return nil, err
	}
	tr, err := godartsass.Start(godartsass.Options{DartSassEmbeddedFilename: bin, Timeout: 30 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("không khởi động được Dart Sass (%s): %w; %s", bin, err, sassInstallHint)
	}
	return &sassCompiler{tr: tr}, nil
}

// Close stops the Dart Sass process.
func (c *sassCompiler) Close() error { return c.tr.Close() }

// themeImporter resolves @use and @import against the theme, so a site
// overrides one SCSS partial by placing a file of the same path.
type themeImporter struct {
	t   *theme
	dir string // folder of the entry file, "assets/scss"
}

func (i themeImporter) CanonicalizeURL(u string) (string, error) {
	rel := strings.TrimPrefix(u, "theme:///")
	if !strings.HasPrefix(u, "theme:///") {
		rel = path.Join(i.dir, u)
	}
	dir, base := path.Split(rel)
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".scss"), ".css")
	for _, cand := range []string{base + ".scss", "_" + base + ".scss", base + "/_index.scss", base + "/index.scss"} {
		p := path.Join(dir, cand)
		if _, err := fs.Stat(i.t, p); err == nil {
			return "theme:///" + p, nil
		}
	}
	return "", nil
}

func (i themeImporter) Load(u string) (godartsass.Import, error) {
	b, err := i.t.ReadFile(strings.TrimPrefix(u, "theme:///"))
	return godartsass.Import{Content: string(b), SourceSyntax: godartsass.SourceSyntaxSCSS}, err
}

// compile turns assets/scss/main.scss into compressed CSS and returns its
// fingerprinted path ("css/main.1a2b3c4d.css") and content. The hash in
// the name lets the server mark it immutable for a year.
func (c *sassCompiler) compile(t *theme) (string, []byte, error) {
	const entry = "assets/scss/main.scss"
	src, err := t.ReadFile(entry)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	res, err := c.tr.Execute(godartsass.Args{
		Source:         string(src),
		URL:            "theme:///" + entry,
		OutputStyle:    godartsass.OutputStyleCompressed,
		ImportResolver: themeImporter{t: t, dir: path.Dir(entry)},
	})
	if err != nil {
		var se godartsass.SassError
		if errors.As(err, &se) {
			return "", nil, fmt.Errorf("%s: lỗi SCSS / SCSS error: %s", strings.TrimPrefix(se.Span.Url, "theme:///"), se.Message)
		}
		return "", nil, fmt.Errorf("SCSS: %w", err)
	}
	sum := sha256.Sum256([]byte(res.CSS))
	return "css/main." + hex.EncodeToString(sum[:4]) + ".css", []byte(res.CSS), nil
}
