package generator

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minhbach/minhbach/model"
)

// update rewrites golden files from the current output:
//
//	go test ./generator/ -update
//
// Review the diff before committing it: a golden file is a promise about
// what staff and citizens see.
var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestMain points Dart Sass at the copy npm installed in the repository
// root: tests run in generator/, whose own node_modules/ does not exist.
func TestMain(m *testing.M) {
	flag.Parse()
	if os.Getenv("DART_SASS_BINARY") == "" {
		if root, err := moduleRoot(); err == nil {
			bin := filepath.Join(root, "node_modules", "sass-embedded-linux-x64", "dart-sass", "sass")
			if _, err := os.Stat(bin); err == nil {
				os.Setenv("DART_SASS_BINARY", bin)
			}
		}
	}
	os.Exit(m.Run())
}

// moduleRoot walks up from the working folder to the folder with go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("go.mod not found above the working folder")
		}
		dir = parent
	}
}

// minimalConfig is a site.toml with only the keys interfaces.md requires.
const minimalConfig = `title = "Cổng thử nghiệm"
baseURL = "https://example.gov.vn/"
languageCode = "vi"
`

// writeTree writes files (slash paths relative to dir) and returns dir.
func writeTree(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// newSite writes a site with the minimal site.toml and the given content
// files (paths relative to content/) into a fresh temporary folder.
func newSite(t *testing.T, content map[string]string) string {
	t.Helper()
	files := map[string]string{"site.toml": minimalConfig}
	for rel, c := range content {
		files["content/"+rel] = c
	}
	return writeTree(t, t.TempDir(), files)
}

// date is a UTC day, for Options.Now and expectations.
func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// loadSite loads a site and fails the test on an error that is not a
// content problem.
func loadSite(t *testing.T, dir string, now string) (*Site, Problems) {
	t.Helper()
	site, probs, err := Load(Options{Source: dir, Now: date(now)})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return site, probs
}

// pageBySource finds a loaded page by its content path.
func pageBySource(t *testing.T, s *Site, source string) *model.Page {
	t.Helper()
	p := s.bySource[strings.TrimSuffix(strings.TrimSuffix(source, ".md"), "/index")]
	if p == nil {
		t.Fatalf("no page for content/%s", source)
	}
	return p
}

// golden compares got with testdata/NAME, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./generator/ -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is intended)\n%s", path, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want: %q\n  got:  %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
