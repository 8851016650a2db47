package server

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/search"
)

// Options configure the site and search server.
type Options struct {
	// SiteDir is the built site (`minhbach build --destination`).
	SiteDir string
	// Holder supplies the index; nil answers the API with 503.
	Holder *search.Holder
	// AllowOrigins are the origins (scheme://host[:port]) allowed to call
	// the API from a browser and to frame /embed/; "*" allows any.
	AllowOrigins []string
	// Logger receives server errors; nil logs to the standard logger.
	Logger *log.Logger
	// SearchTimeout bounds one search or suggestion; 0 means the
	// library's own bound, search.SearchTimeout, which also caps it.
	SearchTimeout time.Duration
	// NoCache makes every answer Cache-Control: no-store, for the dev
	// server, where files change under the browser.
	NoCache bool
	// Participation, if set, takes citizens' comments, feedback and
	// ratings and shows their status; nil answers those routes with 503.
	Participation *Participation
	// Misses, if set, counts the searches that find nothing (query text
	// only), for the console's list of what citizens do not find.
	Misses *search.Misses
	// TransformHTML, if set, rewrites every HTML page served (files, the
	// 404 page, the search pages) before compression: the dev server
	// injects its live-reload script here.
	TransformHTML func(r *http.Request, page []byte) []byte
}

// ShutdownTimeout is how long Serve lets requests in flight finish after
// its context is done.
const ShutdownTimeout = 10 * time.Second

// Server serves a built site, its server-rendered search pages
// (/tim-kiem/, /embed/) and the search API (/api/search, /api/suggest,
// /api/health). It only reads: the site folder and the index may be
// replaced under it by a new build at any time.
type Server struct {
	opts    Options
	log     *log.Logger
	origins map[string]bool
	anyOrig bool
	gz      *gzipCache
	tmpl    *searchTemplates
	frames  frameCache
	// Participation's state: the rate limits, the build's catalog and
	// the site's content policy (for HTML answered under /api/).
	limiter *participation.Limiter
	// loginLimiter holds back password guessing from one address.
	loginLimiter *participation.Limiter
	photoSlots   chan struct{} // bounds photos being cleaned at once
	catalog      catalogCache
	sitePolicy   string
	handler      http.Handler

	// beforeSearch, if set, runs in every search request after the index
	// is acquired: tests hold a request in flight with it.
	beforeSearch func()
}

// New checks the options and builds the server.
func New(opts Options) (*Server, error) {
	if opts.SiteDir == "" {
		return nil, errors.New("search: Options.SiteDir is empty")
	}
	if fi, err := os.Stat(opts.SiteDir); err != nil {
		return nil, fmt.Errorf("thư mục trang / site folder: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("thư mục trang / site folder %s: không phải thư mục / not a folder", opts.SiteDir)
	}
	if opts.SearchTimeout <= 0 {
		opts.SearchTimeout = search.SearchTimeout
	}
	s := &Server{opts: opts, log: opts.Logger, origins: map[string]bool{}, gz: newGzipCache(64 << 20)}
	if s.log == nil {
		s.log = log.Default()
	}
	var err error
	if s.tmpl, err = newSearchTemplates(opts.SiteDir, s.log); err != nil {
		return nil, err
	}
	s.catalog.site = opts.SiteDir
	if p := opts.Participation; p != nil {
		p.Config = p.Config.WithDefaults()
		s.limiter = participation.NewLimiter(p.Config.PerAddressPerMinute, p.Config.GlobalPerMinute)
		s.photoSlots = make(chan struct{}, max(1, runtime.NumCPU()/2))
		s.loginLimiter = participation.NewLimiter(10, 600)
	}
	for _, o := range opts.AllowOrigins {
		o = strings.TrimSuffix(strings.TrimSpace(o), "/")
		if o == "*" {
			s.anyOrig = true
		} else if o != "" {
			s.origins[strings.ToLower(o)] = true
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/search", s.apiSearch)
	mux.HandleFunc("/api/suggest", s.apiSuggest)
	mux.HandleFunc("/api/health", s.apiHealth)
	mux.HandleFunc("/api/", s.apiNotFound)
	mux.HandleFunc("/tim-kiem/", s.searchPage(false))
	mux.HandleFunc("/embed/", s.searchPage(true))
	mux.Handle(EmbedScriptPath, embedScriptHandler())
	s.participationRoutes(mux)
	mux.HandleFunc("/", s.serveSite)
	s.handler = s.recoverer(s.securityHeaders(mux))
	return s, nil
}

// Handler is the whole server as one http.Handler, for wrapping (the dev
// server adds live reload around it).
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers on ln until ctx is done, then stops accepting and lets
// requests in flight finish (up to ShutdownTimeout). It returns nil after
// a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          s.log,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("dừng máy chủ / shutting down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// recoverer turns a panic into a logged 500 without a stack trace for
// the client: a bug must not take the server down or leak its insides.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &trackingWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Printf("search: panic serving %s %s: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
			if rw.wrote {
				return // too late for a status; the client sees a cut answer
			}
			if strings.HasPrefix(r.URL.Path, "/api/") {
				writeJSONError(rw, http.StatusInternalServerError, errInternal)
				return
			}
			w.Header().Set("Cache-Control", "no-store")
			http.Error(rw, errInternal.Error(), http.StatusInternalServerError)
		}()
		next.ServeHTTP(rw, r)
	})
}

// trackingWriter remembers whether the status line has gone out.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *trackingWriter) WriteHeader(code int) {
	if code >= 200 {
		w.wrote = true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *trackingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *trackingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush passes flushes through, for streaming wrappers such as the dev
// server's event stream.
func (w *trackingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		w.wrote = true
		f.Flush()
	}
}

var errInternal = &search.RequestError{VI: "lỗi máy chủ", EN: "internal server error"}

// methodAllowed answers 405 for anything but GET and HEAD.
func methodAllowed(w http.ResponseWriter, r *http.Request, api bool) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	e := &search.RequestError{VI: "phương thức không được hỗ trợ", EN: "method not allowed"}
	if api {
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		writeJSONError(w, http.StatusMethodNotAllowed, e)
		return false
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, e.Error(), http.StatusMethodNotAllowed)
	return false
}
