package browsertest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Serve serves a built site folder over real HTTP on 127.0.0.1 until the
// test ends, and returns its base URL without a trailing slash. Pages
// load as they would from a web server: absolute paths, the 404 page
// and folder index.html files all work, which file:// URLs do not give.
func Serve(t testing.TB, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}
