package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStaticFiles(t *testing.T) {
	ts := newTestServer(t, nil)
	site := filepath.Join(ts.dir, "site")

	// A page: HTML revalidated, security headers, compressed on request.
	resp, body := ts.get(t, "/", "Accept-Encoding", "gzip, deflate, br")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/: %d", resp.StatusCode)
	}
	want := map[string]string{
		"Content-Type":           "text/html; charset=utf-8",
		"Cache-Control":          "no-cache",
		"Content-Encoding":       "gzip",
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	}
	for k, v := range want {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("/ %s = %q, want %q", k, got, v)
		}
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'self'", "img-src 'self' data:", "style-src 'self'", "script-src 'self'",
		"object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP %q lacks %q", csp, d)
		}
	}
	if strings.Contains(csp, allowedOrigin) {
		t.Errorf("pages other than /embed/ may be framed by %s: %q", allowedOrigin, csp)
	}
	orig, _ := os.ReadFile(filepath.Join(site, "index.html"))
	if got := gunzip(t, body); got != string(orig) {
		t.Errorf("gzipped / does not decompress to index.html")
	}
	if resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") == "" {
		t.Errorf("no validators: %v", resp.Header)
	}

	// Not compressed for a client that does not take gzip, or refuses it.
	for _, ae := range []string{"", "identity", "gzip;q=0, br"} {
		resp, body = ts.get(t, "/", "Accept-Encoding", ae)
		if resp.Header.Get("Content-Encoding") != "" || body != string(orig) {
			t.Errorf("Accept-Encoding %q: got Content-Encoding %q", ae, resp.Header.Get("Content-Encoding"))
		}
	}

	// A fingerprinted asset: immutable for a year; revalidation by ETag.
	resp, body = ts.get(t, "/css/main.0123abcd.css", "Accept-Encoding", "gzip")
	if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("fingerprinted CSS Cache-Control %q", cc)
	}
	if resp.Header.Get("Content-Type") != "text/css; charset=utf-8" || resp.Header.Get("Content-Encoding") != "gzip" ||
		!strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("CSS headers %v", resp.Header)
	}
	css, _ := os.ReadFile(filepath.Join(site, "css", "main.0123abcd.css"))
	if gunzip(t, body) != string(css) {
		t.Errorf("gzipped CSS differs")
	}
	etag := resp.Header.Get("ETag")
	resp, body = ts.get(t, "/css/main.0123abcd.css", "Accept-Encoding", "gzip", "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}
	// The plain and gzipped forms have different validators.
	resp, _ = ts.get(t, "/css/main.0123abcd.css", "Accept-Encoding", "identity", "If-None-Match", etag)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("gzip ETag matched the plain form: %d", resp.StatusCode)
	}

	// Other files: a short max-age; types pinned, with UTF-8.
	for path, ctype := range map[string]string{"/js/site.js": "text/javascript; charset=utf-8", "/du-lieu/van-ban.csv": "text/csv; charset=utf-8"} {
		resp, _ = ts.get(t, path)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "public, max-age=300" || resp.Header.Get("Content-Type") != ctype {
			t.Errorf("%s: %d %q %q", path, resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"))
		}
	}

	// A folder without its slash is redirected, keeping the query.
	resp, _ = ts.get(t, "/van-ban?x=1")
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/van-ban/?x=1" {
		t.Errorf("/van-ban: %d Location=%q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// HEAD: headers, no body.
	resp, body = ts.do(t, http.MethodHead, "/js/site.js")
	if resp.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD: %d %q", resp.StatusCode, body)
	}
}

// TestNotFound: missing paths, folder listings and links out of the site
// all get the site's own 404 page with status 404.
func TestNotFound(t *testing.T) {
	ts := newTestServer(t, nil)
	page, _ := os.ReadFile(filepath.Join(ts.dir, "site", "404.html"))
	for _, p := range []string{"/khong-co/", "/khong-co.html", "/khong-co-index/", "/bi-mat.txt", "/js/site.js/", "/css/"} {
		resp, body := ts.get(t, p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404: %.80s", p, resp.StatusCode, body)
			continue
		}
		if body != string(page) {
			t.Errorf("%s: body is not the site's 404.html: %.80s", p, body)
		}
		if strings.Contains(body, "ghi-chu.txt") || strings.Contains(body, "do not serve") {
			t.Errorf("%s leaks: %s", p, body)
		}
		if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("%s: headers %v", p, resp.Header)
		}
	}
}

// TestNoEscape: a path climbing out of the site, given to the handler
// as is (the mux would clean it first), stays inside.
func TestNoEscape(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, p := range []string{"/../secret.txt", "/../../secret.txt", "/./../secret.txt"} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = p
		rec := httptest.NewRecorder()
		ts.srv.serveSite(rec, req)
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "do not serve") {
			t.Errorf("%s: %d %.80s", p, rec.Code, rec.Body)
		}
	}
}

// TestPanicRecovered: a bug answers 500 without a stack trace, and is
// logged.
func TestPanicRecovered(t *testing.T) {
	ts := newTestServer(t, func(o *Options) {
		o.TransformHTML = func(*http.Request, []byte) []byte { panic("boom in transform") }
	})
	resp, body := ts.get(t, "/")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("%d", resp.StatusCode)
	}
	if strings.Contains(body, "boom") || strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
		t.Errorf("500 body leaks the panic: %s", body)
	}
	if !strings.Contains(ts.logs.String(), "boom in transform") {
		t.Errorf("panic not logged: %s", ts.logs)
	}
	// The server keeps serving.
	if resp, _ := ts.get(t, "/js/site.js"); resp.StatusCode != http.StatusOK {
		t.Errorf("after a panic: %d", resp.StatusCode)
	}
}

func TestTransformHTMLAndNoCache(t *testing.T) {
	ts := newTestServer(t, func(o *Options) {
		o.NoCache = true
		o.TransformHTML = func(_ *http.Request, b []byte) []byte {
			return bytes.Replace(b, []byte("</body>"), []byte(`<script src="/livereload.js"></script></body>`), 1)
		}
	})
	for _, p := range []string{"/", "/tim-kiem/?q=dat", "/khong-co/"} {
		resp, body := ts.get(t, p)
		if !strings.Contains(body, `<script src="/livereload.js"></script></body>`) {
			t.Errorf("%s: not transformed", p)
		}
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q with NoCache", p, resp.Header.Get("Cache-Control"))
		}
	}
}

func TestCachePolicy(t *testing.T) {
	s := &Server{}
	for name, want := range map[string]string{
		"css/main.0123abcd.css":         "public, max-age=31536000, immutable",
		"js/search.9f8e7d6c5b4a.js":     "public, max-age=31536000, immutable",
		"img/logo.deadbeef.svg":         "public, max-age=31536000, immutable",
		"van-ban/index.html":            "no-cache",
		"js/site.js":                    "public, max-age=300",
		"van-ban/45-2013-qh13/luat.pdf": "public, max-age=300",
		"css/main.0123abc.css":          "public, max-age=300", // 7 hex digits: not a fingerprint
	} {
		if got := s.cachePolicy(name, staticType(name)); got != want {
			t.Errorf("cachePolicy(%s) = %q, want %q", name, got, want)
		}
	}
}

func gunzip(t *testing.T, s string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(s))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
