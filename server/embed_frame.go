package server

import (
	"net/http"
	"net/url"
	"strings"
)

// framedBy is the origin of the page framing /embed/ when that page may
// not (it is not on the allow-list, nor the site itself), "" otherwise.
// The browser says a navigation is for a frame (Sec-Fetch-Dest) and,
// under the usual referrer policy, sends the framing page's origin as
// Referer. Without these headers the answer is "", and the page's
// frame-ancestors policy still stops a framing it does not allow.
func (s *Server) framedBy(r *http.Request) string {
	if r.Header.Get("Sec-Fetch-Dest") != "iframe" || r.Header.Get("Sec-Fetch-Site") == "same-origin" {
		return ""
	}
	ref, err := url.Parse(r.Header.Get("Referer"))
	if err != nil || ref.Host == "" || (ref.Scheme != "http" && ref.Scheme != "https") {
		return ""
	}
	origin := ref.Scheme + "://" + ref.Host
	if s.originAllowed(origin, r) {
		return ""
	}
	return origin
}

// embedNotAllowed answers a framing the site does not allow with a page
// that says so, in the frame, rather than letting the browser show a
// broken frame with no word of why. The page holds only text and a link
// to the site's own search, so any page may show it: its policy lets
// every ancestor frame it.
func (s *Server) embedNotAllowed(w http.ResponseWriter, r *http.Request, origin string) {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	page, err := s.tmpl.render("search/not-allowed.html", struct{ Origin, SearchURL string }{
		Origin: origin, SearchURL: scheme + "://" + r.Host + "/tim-kiem/",
	})
	if err != nil {
		s.log.Printf("search: rendering search/not-allowed.html: %v", err)
		http.Error(w, errInternal.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *")
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Referer, Sec-Fetch-Dest")
	writeBody(w, r, http.StatusForbidden, "text/html; charset=utf-8", []byte(page))
}
