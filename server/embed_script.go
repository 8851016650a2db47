// embed.js is the <minhbach-search> web component that
// other portals put on their pages to search this site:
//
//	<script src="https://HOST/embed.js" defer></script>
//	<minhbach-search fields="Đất đai"></minhbach-search>
//
// The script is plain JavaScript compiled into the binary as it is (no
// build step), so `minhbach dev` and `minhbach serve` always serve the
// copy that matches their API. Its attributes, CSS custom properties and
// the iframe alternative are documented in docs/embed.md.
package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"time"
)

// EmbedScriptPath is where the server serves the web component.
const EmbedScriptPath = "/embed.js"

//go:embed embed.js
var script []byte

// EmbedScript returns the web component's source, as served.
func EmbedScript() []byte { return bytes.Clone(script) }

// EmbedMaxGzipSize is the budget of embed.js gzipped: the script loads on
// other portals' pages, often on slow mobile connections.
const EmbedMaxGzipSize = 12 * 1024

// EmbedCacheControl is embed.js's cache policy. Its address cannot carry a
// fingerprint (portals paste it once), so browsers keep it an hour and
// then revalidate with the ETag, using the old copy meanwhile for a day.
const EmbedCacheControl = "public, max-age=3600, stale-while-revalidate=86400"

// asset is the script ready to send: its gzipped form and validators,
// computed once, as the script never changes in a running binary.
type scriptAsset struct {
	plain, gz []byte
	etag      string
	modTime   time.Time
}

func newScriptAsset(src []byte) *scriptAsset {
	sum := sha256.Sum256(src)
	a := &scriptAsset{plain: src, etag: hex.EncodeToString(sum[:8])}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression) // the level is valid: no error
	zw.Write(src)
	if zw.Close() == nil && b.Len() < len(src) {
		a.gz = b.Bytes()
	}
	return a
}

// embedScriptHandler serves embed.js on GET and HEAD: JavaScript in UTF-8, gzipped
// when the browser accepts it, with an ETag so revalidation is a 304.
//
// It is CORS-neutral: a <script> tag needs no CORS, and the answer is the
// same public file for every origin, so it carries
// Access-Control-Allow-Origin: * (letting a portal load it with
// crossorigin="anonymous" and Subresource Integrity) and
// Cross-Origin-Resource-Policy: cross-origin (letting portals that
// isolate themselves with COEP load it). Who may read search results is
// decided by the API's allow_origins, not here.
func embedScriptHandler() http.Handler { return scriptHandler(newScriptAsset(script)) }

func scriptHandler(a *scriptAsset) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "phương thức không được hỗ trợ / method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", EmbedCacheControl)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		body, tag := a.plain, a.etag
		if a.gz != nil {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(r) {
				h.Set("Content-Encoding", "gzip")
				body, tag = a.gz, a.etag+"-gz"
			}
		}
		h.Set("ETag", `"`+tag+`"`)
		// ServeContent answers If-None-Match with 304 and HEAD without a
		// body. The zero time leaves Last-Modified out: the ETag is the
		// validator, as the binary's build time says nothing about the file.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}
