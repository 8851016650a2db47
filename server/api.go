package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/minhbach/minhbach/search"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// apiSearch answers GET /api/search as interfaces.md fixes it.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	if !s.apiPreamble(w, r) {
		return
	}
	req, rerr := ParseRequest(r.URL.RawQuery)
	if rerr != nil {
		writeJSONError(w, http.StatusBadRequest, rerr)
		return
	}
	resp, err := s.search(r.Context(), req)
	if err != nil {
		s.writeSearchError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, resp)
}

// SuggestResponse is the answer of /api/suggest.
type SuggestResponse struct {
	Query       string              `json:"query"`
	Suggestions []search.Suggestion `json:"suggestions"`
}

// apiSuggest answers GET /api/suggest?q=[&n=] with a few titles.
func (s *Server) apiSuggest(w http.ResponseWriter, r *http.Request) {
	if !s.apiPreamble(w, r) {
		return
	}
	vals, rerr := parseParams(r.URL.RawQuery, []string{"q", "n"})
	if rerr != nil {
		writeJSONError(w, http.StatusBadRequest, rerr)
		return
	}
	q, rerr := paramOne(vals, "q")
	if rerr != nil {
		writeJSONError(w, http.StatusBadRequest, rerr)
		return
	}
	// The rule of every query, and an empty one is a mistake here (the
	// library answers it with nothing). Suggest gets q as typed: a
	// trailing space says the last word is finished.
	clean, err := search.CheckQuery(q)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, asRequestError(err))
		return
	}
	n := search.DefaultSuggestions
	if _, ok := vals["n"]; ok {
		if n, rerr = paramInt(vals, "n", 1, search.MaxSuggestions); rerr != nil {
			writeJSONError(w, http.StatusBadRequest, rerr)
			return
		}
	}
	var sug []search.Suggestion
	err = s.withIndex(r.Context(), func(ctx context.Context, ix *search.Index) (err error) {
		sug, err = ix.Suggest(ctx, q, n)
		return err
	})
	if err != nil {
		s.writeSearchError(w, r, err)
		return
	}
	if sug == nil {
		sug = []search.Suggestion{}
	}
	s.writeJSON(w, r, http.StatusOK, SuggestResponse{Query: clean, Suggestions: sug})
}

// HealthResponse is the answer of /api/health.
type HealthResponse struct {
	Status    string `json:"status"`
	Documents uint64 `json:"documents"`
	BuiltAt   string `json:"built_at"`
}

// apiHealth answers 200 with the index's size and age, 503 without one.
func (s *Server) apiHealth(w http.ResponseWriter, r *http.Request) {
	if !s.apiPreamble(w, r) {
		return
	}
	if r.URL.RawQuery != "" {
		writeJSONError(w, http.StatusBadRequest, &search.RequestError{VI: "tham số không xác định", EN: "unknown parameter"})
		return
	}
	ix, release, err := s.acquire()
	if err != nil {
		s.writeSearchError(w, r, err)
		return
	}
	defer release()
	h := HealthResponse{Status: "ok", Documents: ix.DocCount()}
	if t := ix.BuiltAt(); !t.IsZero() {
		h.BuiltAt = t.UTC().Format(time.RFC3339)
	}
	s.writeJSON(w, r, http.StatusOK, h)
}

// apiNotFound answers unknown /api/ paths in JSON, not with the site's
// 404 page.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	if !s.apiPreamble(w, r) {
		return
	}
	writeJSONError(w, http.StatusNotFound, &search.RequestError{VI: "không có địa chỉ này", EN: "no such endpoint"})
}

// apiPreamble handles what every API request shares: CORS (including
// preflight) and the method. It reports whether to go on.
func (s *Server) apiPreamble(w http.ResponseWriter, r *http.Request) bool {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if origin != "" {
		if !s.originAllowed(origin, r) {
			// No CORS headers and no data: a browser would block the
			// answer anyway, and other clients sending an Origin they
			// are not allowed get nothing either.
			writeJSONError(w, http.StatusForbidden, &search.RequestError{
				VI: "nguồn gọi không được phép (allow_origins trong site.toml)",
				EN: "origin not allowed (allow_origins in site.toml)",
			})
			return false
		}
		if s.anyOrig && !s.origins[strings.ToLower(origin)] {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", origin)
		}
	}
	if r.Method == http.MethodOptions {
		h.Set("Allow", "GET, HEAD, OPTIONS")
		if origin != "" {
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			if rh := r.Header.Get("Access-Control-Request-Headers"); rh != "" {
				h.Set("Access-Control-Allow-Headers", rh)
			}
			h.Set("Access-Control-Max-Age", "600")
		}
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	return methodAllowed(w, r, true)
}

// originAllowed reports whether a browser on origin may read the API:
// one of the allow-list, or the site itself (same host).
func (s *Server) originAllowed(origin string, r *http.Request) bool {
	if s.anyOrig || s.origins[strings.ToLower(strings.TrimSuffix(origin, "/"))] {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// acquire gets the current index from the holder.
func (s *Server) acquire() (*search.Index, func(), error) {
	if s.opts.Holder == nil {
		return nil, nil, search.ErrNoIndex
	}
	return s.opts.Holder.Acquire()
}

// withIndex runs f on the current index, under the search deadline:
// every request that reads the index goes through here.
func (s *Server) withIndex(ctx context.Context, f func(context.Context, *search.Index) error) error {
	ix, release, err := s.acquire()
	if err != nil {
		return err
	}
	defer release()
	if s.beforeSearch != nil {
		s.beforeSearch()
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.SearchTimeout)
	defer cancel()
	return f(ctx, ix)
}

// search runs one request against the current index. The library finds
// the visitor's mistakes, a page past the last included.
func (s *Server) search(ctx context.Context, req search.Request) (*search.Response, error) {
	var resp *search.Response
	err := s.withIndex(ctx, func(ctx context.Context, ix *search.Index) (err error) {
		resp, err = ix.Search(ctx, req)
		return err
	})
	if err == nil && resp.Total == 0 && len(req.Filters) == 0 && s.opts.Misses != nil {
		s.opts.Misses.Record(req.Query)
	}
	return resp, err
}

// writeSearchError maps an error of the search path to a status: the
// visitor's mistakes are 400, a missing index or a deadline 503, a
// closed connection nothing, anything else a logged 500.
func (s *Server) writeSearchError(w http.ResponseWriter, r *http.Request, err error) {
	status, rerr := s.classify(r, err)
	if status == 0 {
		return
	}
	writeJSONError(w, status, rerr)
}

// classify turns a search error into a status and a message fit for the
// visitor; status 0 means the client is gone and nothing needs writing.
func (s *Server) classify(r *http.Request, err error) (int, *search.RequestError) {
	var re *search.RequestError
	switch {
	case errors.As(err, &re):
		return http.StatusBadRequest, re
	case errors.Is(err, search.ErrNoIndex):
		return http.StatusServiceUnavailable, &search.RequestError{VI: "chỉ mục tìm kiếm chưa sẵn sàng", EN: "search index not available"}
	case r.Context().Err() != nil:
		return 0, nil
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, &search.RequestError{VI: "tìm kiếm quá lâu, xin thử lại", EN: "search took too long, please retry"}
	}
	s.log.Printf("search: %s %s: %v", r.Method, r.URL.Path, err)
	return http.StatusInternalServerError, errInternal
}

// writeJSON writes v as JSON, gzipped when the client takes it and the
// answer is big enough to gain from it.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // snippets carry <mark>; the type is JSON, not HTML
	if err := enc.Encode(v); err != nil {
		s.log.Printf("search: encoding answer: %v", err)
		writeJSONError(w, http.StatusInternalServerError, errInternal)
		return
	}
	writeBody(w, r, status, "application/json; charset=utf-8", buf.Bytes())
}

// writeJSONError writes {"error": "<Vietnamese> / <English>"}.
func writeJSONError(w http.ResponseWriter, status int, e *search.RequestError) {
	b, _ := json.Marshal(map[string]string{"error": e.Error()})
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Del("Content-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// apiParams are the parameters /api/search and the search pages take.
var apiParams = append([]string{"q", "page", "size", "sort"}, search.FilterKeys...)

// ParseRequest reads a search from a raw query string, strictly: an
// unknown or repeated parameter, a bad number or broken UTF-8 is the
// visitor's mistake, reported as a *RequestError. The result has passed
// ValidateRequest.
func ParseRequest(rawQuery string) (search.Request, *search.RequestError) {
	vals, rerr := parseParams(rawQuery, apiParams)
	if rerr != nil {
		return search.Request{}, rerr
	}
	var req search.Request
	if req.Query, rerr = paramOne(vals, "q"); rerr != nil {
		return search.Request{}, rerr
	}
	// Numbers are read here; their ranges, like the sort names, are
	// ValidateRequest's, the rules every caller of the library meets.
	if _, ok := vals["page"]; ok {
		if req.Page, rerr = paramInt(vals, "page", 1, 0); rerr != nil {
			return search.Request{}, rerr
		}
	}
	if _, ok := vals["size"]; ok {
		if req.Size, rerr = paramInt(vals, "size", 1, 0); rerr != nil {
			return search.Request{}, rerr
		}
	}
	if req.Sort, rerr = paramOne(vals, "sort"); rerr != nil {
		return search.Request{}, rerr
	}
	// Filters as given; ValidateRequest normalises them and drops empty
	// values (a form's "all" option sends type=).
	for _, k := range search.FilterKeys {
		if vs := vals[k]; len(vs) > 0 {
			if req.Filters == nil {
				req.Filters = map[string][]string{}
			}
			req.Filters[k] = vs
		}
	}
	if err := search.ValidateRequest(&req); err != nil {
		return search.Request{}, asRequestError(err)
	}
	return req, nil
}

// asRequestError keeps a *RequestError as it is and wraps any other
// validation error as one.
func asRequestError(err error) *search.RequestError {
	var re *search.RequestError
	if errors.As(err, &re) {
		return re
	}
	return &search.RequestError{VI: "yêu cầu không hợp lệ: " + err.Error(), EN: "bad request: " + err.Error()}
}

// maxRawQuery bounds the query string before any decoding work.
const maxRawQuery = 8 << 10

// parseParams decodes a raw query string, rejecting bad escapes, broken
// UTF-8 (checked on the decoded bytes: %C3%28 is as broken as a raw
// byte) and any parameter outside allowed.
func parseParams(raw string, allowed []string) (url.Values, *search.RequestError) {
	if len(raw) > maxRawQuery {
		return nil, &search.RequestError{VI: "địa chỉ truy vấn quá dài", EN: "query string too long"}
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return nil, &search.RequestError{VI: "chuỗi truy vấn sai cú pháp", EN: "malformed query string"}
	}
	for k, vs := range vals {
		if !utf8.ValidString(k) {
			return nil, errBadUTF8
		}
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return nil, errBadUTF8
			}
		}
		if !slices.Contains(allowed, k) {
			return nil, &search.RequestError{
				VI: "tham số không xác định: " + strconv.Quote(k) + " (được dùng: " + strings.Join(allowed, ", ") + ")",
				EN: "unknown parameter: " + strconv.Quote(k) + " (allowed: " + strings.Join(allowed, ", ") + ")",
			}
		}
	}
	return vals, nil
}

var errBadUTF8 = &search.RequestError{VI: "văn bản không phải UTF-8 hợp lệ", EN: "text is not valid UTF-8"}

// paramOne returns the one value of key; missing is "", repeated an error.
func paramOne(vals url.Values, key string) (string, *search.RequestError) {
	vs := vals[key]
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return vs[0], nil
	}
	return "", &search.RequestError{VI: "tham số " + key + " bị lặp", EN: "parameter " + key + " repeated"}
}

// paramInt reads a whole number between lo and hi; hi 0 is no upper
// bound, for numbers whose limits the library checks.
func paramInt(vals url.Values, key string, lo, hi int) (int, *search.RequestError) {
	s, rerr := paramOne(vals, key)
	if rerr != nil {
		return 0, rerr
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, &search.RequestError{VI: key + " phải là số nguyên", EN: key + " must be a whole number"}
	}
	if hi == 0 && n < lo {
		return 0, &search.RequestError{
			VI: key + " phải từ " + strconv.Itoa(lo) + " trở lên",
			EN: key + " must be " + strconv.Itoa(lo) + " or more",
		}
	}
	if n < lo || hi != 0 && n > hi {
		return 0, &search.RequestError{
			VI: key + " phải từ " + strconv.Itoa(lo) + " đến " + strconv.Itoa(hi),
			EN: key + " must be between " + strconv.Itoa(lo) + " and " + strconv.Itoa(hi),
		}
	}
	return n, nil
}
