// Package e2e tests the default theme the way a citizen meets it: the
// test site under testdata/site is built with the real generator, served
// over HTTP on the loopback and opened in a real headless Chromium. The
// tests check what a person notices: no errors, no WCAG 2.1 A/AA
// violations, no requests to other sites, pages that fit a phone, a
// search that works without JavaScript, and a procedure that prints its
// dossier checklist on the first A4 page.
package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/internal/browsertest"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search"
)

// browser is shared by every test of the package; each test opens tabs.
var browser = browsertest.New()

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

// today is the test site's fixed "now": statuses and comment periods in
// the pages, and so the tests, do not change with the calendar.
var today = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// builtSite is the test site, built and served for one test.
type builtSite struct {
	Base string // http://127.0.0.1:PORT
	Site *generator.Site
}

// buildSite builds testdata/site with the real generator into a
// temporary folder and serves it.
func buildSite(t *testing.T) builtSite {
	t.Helper()
	useRepoDartSass(t)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(context.Background(), generator.Options{
		Source: filepath.Join("testdata", "site"), Destination: dest, Now: today,
	})
	if err != nil {
		t.Fatalf("building testdata/site: %v", err)
	}
	return builtSite{Base: serveFolder(t, dest), Site: res.Site}
}

// useRepoDartSass points the generator at the Dart Sass that `npm ci`
// installed at the repository root: the generator looks in the working
// folder, and a test's working folder is e2e/.
func useRepoDartSass(t *testing.T) {
	t.Helper()
	if os.Getenv("DART_SASS_BINARY") != "" {
		return
	}
	if _, err := generator.FindDartSass("."); err == nil {
		return
	}
	for dir, _ := os.Getwd(); ; {
		for _, pattern := range []string{
			"node_modules/sass-embedded-*/dart-sass/sass",
			"node_modules/sass-embedded/node_modules/sass-embedded-*/dart-sass/sass",
		} {
			if m, _ := filepath.Glob(filepath.Join(dir, pattern)); len(m) > 0 {
				t.Setenv("DART_SASS_BINARY", m[0])
				return
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return // let the build report Dart Sass missing, in its words
		}
		dir = parent
	}
}

// page returns the content page of the site whose source is the given
// path under content/, failing the test when there is none.
func (s builtSite) page(t *testing.T, source string) *model.Page {
	t.Helper()
	for _, p := range s.Site.Pages {
		if p.Source == source {
			return p
		}
	}
	t.Fatalf("testdata/site has no content/%s", source)
	return nil
}

// buildAndIndex builds testdata/NAME with the real generator, indexes it
// and opens the index, as `minhbach build` and `minhbach serve` do. It
// returns the built site's folder and the open index.
func buildAndIndex(t *testing.T, name, baseURL string) (string, *search.Holder) {
	t.Helper()
	dir := t.TempDir()
	dest, index := filepath.Join(dir, "public"), filepath.Join(dir, "index")
	ctx := context.Background()
	res, err := generator.Build(ctx, generator.Options{
		Source: filepath.Join("testdata", name), Destination: dest, Now: today, BaseURL: baseURL,
	})
	if err != nil {
		t.Fatalf("building testdata/%s: %v", name, err)
	}
	if _, err := search.Build(ctx, res.Site.Pages, index, search.BuildOptions{BuiltAt: today}); err != nil {
		t.Fatalf("indexing testdata/%s: %v", name, err)
	}
	hctx, stop := context.WithCancel(ctx)
	holder, err := search.OpenHolder(hctx, index, search.HolderOptions{})
	if err != nil {
		stop()
		t.Fatalf("opening the index: %v", err)
	}
	t.Cleanup(func() { stop(); holder.Close() })
	return dest, holder
}

// serveFolder serves a built site folder over real HTTP on 127.0.0.1
// until the test ends, and returns its base URL without a trailing
// slash. Pages load as from a web server: absolute paths, the 404 page
// and folder index.html files all work, which file:// URLs do not give.
func serveFolder(t testing.TB, dir string) string {
	t.Helper()
	// The server's clock says the site's fixed today, as a server does
	// on the day it built the site: pages that correct their states in
	// the browser (site.js asks the server the date) then keep the
	// build's, and the tests do not change with the calendar.
	srv := httptest.NewServer(withDate(http.FileServer(http.Dir(dir)), today.Add(12*time.Hour)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// withDate serves h with its clock, as the browser reads it in the Date
// header, set to at.
func withDate(h http.Handler, at time.Time) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", at.UTC().Format(http.TimeFormat))
		h.ServeHTTP(w, r)
	})
}
