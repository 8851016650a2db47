package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGzipBudget keeps embed.js small enough for a portal's phone
// visitors: gzipped as a server would send it, it must stay under 12 KB.
func TestEmbedScriptGzipBudget(t *testing.T) {
	for _, level := range []int{gzip.DefaultCompression, gzip.BestCompression} {
		var b bytes.Buffer
		zw, err := gzip.NewWriterLevel(&b, level)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := zw.Write(script); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if b.Len() > EmbedMaxGzipSize {
			t.Errorf("embed.js is %d bytes gzipped (level %d), over the budget of %d", b.Len(), level, EmbedMaxGzipSize)
		}
		t.Logf("embed.js: %d bytes, %d gzipped (level %d)", len(script), b.Len(), level)
	}
}

// TestScriptStaysSafe guards the rules the script's safety rests on: one
// innerHTML, for its own constant markup; snippets through DOMParser;
// no eval of any kind; and the element's name as documented.
func TestEmbedScriptStaysSafe(t *testing.T) {
	src := string(script)
	for _, c := range []struct {
		what string
		n    int
	}{
		{"innerHTML", 1},
		{"t.innerHTML = HTML;", 1},
		{"outerHTML", 0},
		{"insertAdjacentHTML", 0},
		{"document.write", 0},
		{"eval(", 0},
		{"new Function", 0},
		{"DOMParser", 1},
		{`customElements.define(NAME, MinhbachSearch)`, 1},
		{`const NAME = "minhbach-search"`, 1},
	} {
		if got := strings.Count(src, c.what); got != c.n {
			t.Errorf("embed.js has %q %d time(s), want %d", c.what, got, c.n)
		}
	}
}

func TestEmbedScriptHandler(t *testing.T) {
	srv := httptest.NewServer(embedScriptHandler())
	defer srv.Close()
	get := func(t *testing.T, method string, header map[string]string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+EmbedScriptPath, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		// A bare transport, so that Go's client neither asks for nor
		// undoes gzip on its own.
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, body
	}

	plain, _ := get(t, "GET", nil)
	tag := plain.Header.Get("ETag")
	zipped, _ := get(t, "GET", map[string]string{"Accept-Encoding": "gzip"})
	ztag := zipped.Header.Get("ETag")
	if tag == "" || ztag == "" || tag == ztag {
		t.Fatalf("ETags %q (plain) and %q (gzip) should be set and differ", tag, ztag)
	}

	tests := []struct {
		name     string
		method   string
		header   map[string]string
		status   int
		encoding string
		body     bool
	}{
		{"plain", "GET", nil, 200, "", true},
		{"gzip", "GET", map[string]string{"Accept-Encoding": "br, gzip;q=0.8"}, 200, "gzip", true},
		{"gzip refused", "GET", map[string]string{"Accept-Encoding": "gzip;q=0, *"}, 200, "", true},
		{"wildcard", "GET", map[string]string{"Accept-Encoding": "*"}, 200, "gzip", true},
		{"head", "HEAD", nil, 200, "", false},
		{"revalidate", "GET", map[string]string{"If-None-Match": tag}, 304, "", false},
		{"revalidate gzip", "GET", map[string]string{"If-None-Match": ztag, "Accept-Encoding": "gzip"}, 304, "", false},
		{"stale tag", "GET", map[string]string{"If-None-Match": `"old"`}, 200, "", true},
		{"post", "POST", nil, 405, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := get(t, tc.method, tc.header)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			if tc.status == 405 {
				if res.Header.Get("Allow") != "GET, HEAD" {
					t.Errorf("Allow = %q", res.Header.Get("Allow"))
				}
				return
			}
			h := res.Header
			want := map[string]string{
				"Content-Type":                 "text/javascript; charset=utf-8",
				"Cache-Control":                EmbedCacheControl,
				"Access-Control-Allow-Origin":  "*",
				"Cross-Origin-Resource-Policy": "cross-origin",
				"X-Content-Type-Options":       "nosniff",
				"Vary":                         "Accept-Encoding",
			}
			if tc.status == http.StatusNotModified {
				// A 304 carries the validators, not the entity's headers.
				delete(want, "Content-Type")
				want["ETag"] = tc.header["If-None-Match"]
			}
			for k, want := range want {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if got := h.Get("Content-Encoding"); got != tc.encoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tc.encoding)
			}
			if !tc.body {
				if len(body) != 0 {
					t.Errorf("%d bytes of body, want none", len(body))
				}
				return
			}
			if tc.encoding == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(body, script) {
				t.Errorf("body is not embed.js (%d bytes, want %d)", len(body), len(script))
			}
		})
	}
}
