package server

import (
	"context"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/search/searchtest"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// allowedOrigin may call the API and frame /embed/ in the tests.
const allowedOrigin = "https://cong.example.gov.vn"

// fixture builds, in a folder of the test's own, a real index of
// fixturePages (index/) and a built site as the generator writes it
// (site/).
func fixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := search.Build(context.Background(), searchtest.Pages(), filepath.Join(dir, "index"), search.BuildOptions{BuiltAt: searchtest.BuiltAt}); err != nil {
		t.Fatal(err)
	}
	if err := writeSite(filepath.Join(dir, "site")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// searchFrame is a search page as the theme writes it: the form with the
// input marked data-minhbach-q (and an empty value the server replaces),
// and the two placeholders.
const searchFrame = `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Tìm kiếm — Cổng</title><link rel="stylesheet" href="/css/main.0123abcd.css"></head>
<body><header><form action="/tim-kiem/"><input id="o" type="search" name="q" placeholder="Tìm…"></form></header>
<main><h1>Tìm kiếm</h1>
<form class="search-form" role="search" action="/tim-kiem/" method="get">
<input id="tk-q" type="search" name="q" value="" data-minhbach-q placeholder="Gõ value=&#34;x&#34;" autocomplete="off">
<button type="submit">Tìm kiếm</button></form>
<div class="search-layout"><aside class="search-facets"><!--minhbach:facets--></aside>
<section class="search-results"><!--minhbach:results--></section></div>
</main></body></html>
`

// writeSite writes a small built site.
func writeSite(dir string) error {
	css := "body{font-family:sans-serif}\n" + strings.Repeat(".item-title{font-weight:600;margin:0 0 .25rem}\n", 40)
	files := map[string]string{
		"index.html":                 `<!DOCTYPE html><html lang="vi"><head><title>Trang chủ</title></head><body><main><h1>Cổng thông tin minh bạch</h1>` + strings.Repeat("<p>Văn bản, thủ tục, công khai.</p>", 30) + `</main></body></html>`,
		"404.html":                   `<!DOCTYPE html><html lang="vi"><head><title>Không tìm thấy trang</title></head><body><h1>Không tìm thấy trang</h1></body></html>`,
		"tim-kiem/index.html":        searchFrame,
		"embed/index.html":           strings.ReplaceAll(searchFrame, `action="/tim-kiem/"`, `action="/embed/"`),
		"css/main.0123abcd.css":      css,
		"js/site.js":                 "// minhbach\n" + strings.Repeat("document.documentElement.classList.add('js');\n", 20),
		"du-lieu/van-ban.csv":        "so,tieu_de\n45/2013/QH13,Luật Đất đai\n",
		"van-ban/index.html":         `<!DOCTYPE html><html lang="vi"><body><h1>Văn bản</h1></body></html>`,
		"khong-co-index/ghi-chu.txt": "a folder without index.html must not be listed\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	// A link out of the site must not be followed.
	secret := filepath.Join(filepath.Dir(dir), "secret.txt")
	if err := os.WriteFile(secret, []byte("do not serve"), 0o644); err != nil {
		return err
	}
	return os.Symlink(secret, filepath.Join(dir, "bi-mat.txt"))
}

// testServer is a running server over the fixture, on loopback.
type testServer struct {
	*httptest.Server
	srv    *Server
	holder *search.Holder
	logs   *syncBuffer
	dir    string // the fixture: index/ and site/
}

// newTestServer serves a fresh fixture; change adjusts the options.
func newTestServer(t *testing.T, change func(*Options)) *testServer {
	t.Helper()
	dir := fixture(t)
	indexDir := filepath.Join(dir, "index")
	logs := &syncBuffer{}
	logger := log.New(logs, "", 0)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	h, err := search.OpenHolder(ctx, indexDir, search.HolderOptions{Poll: time.Hour, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{SiteDir: filepath.Join(dir, "site"), Holder: h, AllowOrigins: []string{allowedOrigin}, Logger: logger}
	if change != nil {
		change(&opts)
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		h.Close()
	})
	return &testServer{Server: ts, srv: srv, holder: h, logs: logs, dir: dir}
}

// get sends a GET with optional headers (name, value pairs) and returns
// the answer with its body read (and not decompressed: the transport's
// automatic gzip is off when Accept-Encoding is set by hand).
func (ts *testServer) get(t *testing.T, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	return ts.do(t, http.MethodGet, path, headers...)
}

func (ts *testServer) do(t *testing.T, method, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func t0ctx() context.Context { return context.Background() }

func discardLogger() *log.Logger { return log.New(io.Discard, "", 0) }
