package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minhbach/minhbach/layouts"
)

// TestBuildCopiesSearchTemplates: the server renders search results with
// the templates the build leaves in the site folder, so a site's own
// layouts/search/ must land there, and one that does not parse must stop
// the build with its file and line, not break the results page later.
func TestBuildCopiesSearchTemplates(t *testing.T) {
	src := t.TempDir()
	copyTree(t, filepath.Join("testdata", "site"), src)
	out := filepath.Join(t.TempDir(), "public")
	build := func() error {
		_, err := Build(context.Background(), Options{Source: src, Destination: out, Now: date(testNow)})
		return err
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, layouts.PrivateDir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatalf("the build did not leave %s for the server: %v", name, err)
		}
		return string(b)
	}

	if err := build(); err != nil {
		t.Fatal(err)
	}
	for _, name := range layouts.ServerTemplates {
		want, err := layouts.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := read(name); got != string(want) {
			t.Errorf("%s differs from the default theme's", name)
		}
	}

	own := `{{ if .Resp }}<p class="ket-qua-cua-so">{{ .Resp.Total }}</p>{{ end }}`
	writeTree(t, src, map[string]string{"layouts/search/results.html": own})
	if err := build(); err != nil {
		t.Fatal(err)
	}
	if got := read("search/results.html"); got != own {
		t.Errorf("the site's own results template was not copied: %q", got)
	}

	writeTree(t, src, map[string]string{"layouts/search/results.html": "<p>\n{{ if .Resp }}</p>"})
	err := build()
	if err == nil || !strings.Contains(err.Error(), "layouts/search/results.html") || !strings.Contains(err.Error(), ":2:") {
		t.Fatalf("Build with a broken results template: %v, want the file and line 2", err)
	}
	if got := read("search/results.html"); got != own {
		t.Errorf("a failed build replaced the last good template: %q", got)
	}
}
