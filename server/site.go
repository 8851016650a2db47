package server

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// serveSite serves a file of the built site: index.html for folders, the
// site's 404.html for anything missing, never a folder listing.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	if !methodAllowed(w, r, false) {
		return
	}
	upath := r.URL.Path
	if !strings.HasPrefix(upath, "/") || strings.ContainsAny(upath, "\\\x00") {
		s.notFound(w, r)
		return
	}
	name := strings.TrimPrefix(path.Clean(upath), "/")
	if name == "" {
		name = "."
	}
	if hidden(name) {
		s.notFound(w, r)
		return
	}
	f, fi, err := openInSite(s.opts.SiteDir, name)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if fi.IsDir() {
		f.Close()
		if !strings.HasSuffix(upath, "/") {
			// Relative links in index.html need the slash.
			target := path.Base(upath) + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		if f, fi, err = openInSite(s.opts.SiteDir, name); err != nil || fi.IsDir() {
			if err == nil {
				f.Close()
			}
			s.notFound(w, r)
			return
		}
	} else if strings.HasSuffix(upath, "/") {
		f.Close()
		s.notFound(w, r)
		return
	}
	defer f.Close()
	s.serveFile(w, r, http.StatusOK, name, f, fi)
}

// openInSite opens name under dir without ever leaving it (no "..", no
// symbolic link out). The folder is opened afresh each time, so a site
// swapped in by a new build is served at once.
// hidden reports whether a site path has a segment starting with a dot:
// the build's private files (the search templates in .minhbach/) and
// whatever a copy left behind (.git, .DS_Store) are not the site's.
// .well-known/ is, by RFC 8615.
func hidden(name string) bool {
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") && seg != "." && seg != ".well-known" {
			return true
		}
	}
	return false
}

func openInSite(dir, name string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenInRoot(dir, name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// serveFile sends one file with its cache policy, compressed when that
// pays, with ETag and Last-Modified so revalidation is cheap.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, status int, name string, f *os.File, fi fs.FileInfo) {
	ctype := staticType(name)
	if isHTML(ctype) && s.opts.Participation != nil {
		// A page with a participation form gets a fresh challenge.
		fr, err := s.frames.get(name, "", f, fi)
		if err == nil && fr.dynamic {
			s.servePageWithForm(w, r, status, name, fr)
			return
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			http.Error(w, errInternal.Error(), http.StatusInternalServerError)
			return
		}
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", s.cachePolicy(name, ctype))
	if isHTML(ctype) && s.opts.TransformHTML != nil {
		body, err := io.ReadAll(f)
		if err != nil {
			s.log.Printf("search: reading %s: %v", name, err)
			http.Error(w, errInternal.Error(), http.StatusInternalServerError)
			return
		}
		writeBody(w, r, status, ctype, s.opts.TransformHTML(r, body))
		return
	}
	if status != http.StatusOK {
		// ServeContent only answers 200/206/304; other statuses (the
		// 404 page) go out whole.
		body, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, errInternal.Error(), http.StatusInternalServerError)
			return
		}
		writeBody(w, r, status, ctype, body)
		return
	}
	tag := fileTag(fi)
	var content io.ReadSeeker = f
	if compressible(ctype) && fi.Size() >= minGzipSize {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			if gz, err := s.gz.get(name, f, fi); err != nil {
				s.log.Printf("search: compressing %s: %v", name, err)
				if _, err := f.Seek(0, io.SeekStart); err != nil {
					http.Error(w, errInternal.Error(), http.StatusInternalServerError)
					return
				}
			} else if gz != nil {
				h.Set("Content-Encoding", "gzip")
				content = bytes.NewReader(gz)
				tag += "-gz"
			}
		}
	}
	h.Set("ETag", `"`+tag+`"`)
	http.ServeContent(w, r, "", fi.ModTime(), content)
}

// notFound answers 404 with the site's own 404.html when it has one.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	f, fi, err := openInSite(s.opts.SiteDir, "404.html")
	if err == nil && !fi.IsDir() {
		defer f.Close()
		s.serveFile(w, r, http.StatusNotFound, "404.html", f, fi)
		return
	}
	if f != nil {
		f.Close()
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.Error(w, "Không tìm thấy trang / page not found", http.StatusNotFound)
}

// fingerprinted matches file names with a content hash segment, such as
// main.3f2a9c1b.css: they never change, so caches may keep them forever.
var fingerprinted = regexp.MustCompile(`\.[0-9a-fA-F]{8,}\.[^./]+$`)

// cachePolicy: fingerprinted assets immutable for a year, HTML always
// revalidated (the ETag makes that a 304), the rest cached briefly.
func (s *Server) cachePolicy(name, ctype string) string {
	switch {
	case s.opts.NoCache:
		return "no-store"
	case fingerprinted.MatchString(path.Base(name)):
		return "public, max-age=31536000, immutable"
	case isHTML(ctype):
		return "no-cache"
	}
	return "public, max-age=300"
}

// staticTypes pins the content types the site serves, so they do not depend on
// the machine's /etc/mime.types; text types say UTF-8.
var staticTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json; charset=utf-8",
	".xml":         "application/xml; charset=utf-8",
	".svg":         "image/svg+xml; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".webmanifest": "application/manifest+json; charset=utf-8",
	".map":         "application/json; charset=utf-8",
	".pdf":         "application/pdf",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".doc":         "application/msword",
	".docx":        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":         "application/vnd.ms-excel",
	".xlsx":        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".odt":         "application/vnd.oasis.opendocument.text",
	".ods":         "application/vnd.oasis.opendocument.spreadsheet",
	".zip":         "application/zip",
}

func staticType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := staticTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	// With nosniff the browser will not guess: offer it as a download.
	return "application/octet-stream"
}

func isHTML(ctype string) bool { return strings.HasPrefix(ctype, "text/html") }

// compressible: text formats gain a lot from gzip; images, PDFs and
// office files are compressed already.
func compressible(ctype string) bool {
	ctype, _, _ = strings.Cut(ctype, ";")
	switch ctype {
	case "application/json", "application/xml", "image/svg+xml", "application/manifest+json",
		"application/atom+xml", "application/rss+xml", "application/javascript":
		return true
	}
	return strings.HasPrefix(ctype, "text/")
}

// minGzipSize: below this the gzip header eats the gain.
const minGzipSize = 512

// writeBody writes a generated answer (API JSON, search pages, the 404
// page), gzipped when the client takes it and it is big enough.
func writeBody(w http.ResponseWriter, r *http.Request, status int, ctype string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	if compressible(ctype) && len(body) >= minGzipSize {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			var buf bytes.Buffer
			zw := fastGzipWriters.Get().(*gzip.Writer)
			zw.Reset(&buf)
			if _, err := zw.Write(body); err == nil && zw.Close() == nil {
				body = buf.Bytes()
				h.Set("Content-Encoding", "gzip")
			}
			fastGzipWriters.Put(zw)
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// gzipWriters compress files once for the cache, thoroughly;
// fastGzipWriters compress each generated answer, cheaply, since that
// cost is paid on every request.
var (
	gzipWriters = sync.Pool{New: func() any {
		zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestCompression)
		return zw
	}}
	fastGzipWriters = sync.Pool{New: func() any {
		zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
		return zw
	}}
)

// fileTag is a validator from the file's size and modification time: a
// new build rewrites the file and so changes the tag.
func fileTag(fi fs.FileInfo) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d:%d", fi.Size(), fi.ModTime().UnixNano())
	return strconv.FormatUint(h.Sum64(), 36)
}

// gzipCache keeps the gzipped form of text files, compressed on first
// request and kept while the file is unchanged, within a byte budget.
type gzipCache struct {
	mu      sync.Mutex
	budget  int
	used    int
	entries map[string]gzEntry
}

type gzEntry struct {
	size    int64
	modTime time.Time
	data    []byte
}

// maxGzipFile: larger files are served as they are rather than held in
// memory compressed.
const maxGzipFile = 8 << 20

func newGzipCache(budget int) *gzipCache {
	return &gzipCache{budget: budget, entries: map[string]gzEntry{}}
}

// get returns the gzipped content of f, or nil if it is too big to hold.
func (c *gzipCache) get(name string, f io.Reader, fi fs.FileInfo) ([]byte, error) {
	if fi.Size() > maxGzipFile {
		return nil, nil
	}
	c.mu.Lock()
	e, ok := c.entries[name]
	c.mu.Unlock()
	if ok && e.size == fi.Size() && e.modTime.Equal(fi.ModTime()) {
		return e.data, nil
	}
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	n, err := io.Copy(zw, f)
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, err
	}
	if n != fi.Size() {
		return nil, errors.New("file changed while reading")
	}
	data := bytes.Clone(buf.Bytes())
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[name]; ok {
		c.used -= len(old.data)
		delete(c.entries, name)
	}
	for k, old := range c.entries { // random order: a cheap eviction
		if c.used+len(data) <= c.budget {
			break
		}
		c.used -= len(old.data)
		delete(c.entries, k)
	}
	if len(data) <= c.budget {
		c.entries[name] = gzEntry{size: fi.Size(), modTime: fi.ModTime(), data: data}
		c.used += len(data)
	}
	return data, nil
}

// securityHeaders sets the headers every answer carries. The search
// pages and the site share one policy: no inline script or style, no
// plugins, forms only to the site; only /embed/ may be framed, and only
// by the allowed origins.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	ancestors := "'self'"
	if s.anyOrig {
		ancestors = "*"
	} else {
		for _, o := range s.opts.AllowOrigins {
			o = strings.TrimSuffix(strings.TrimSpace(o), "/")
			if o != "" && !strings.ContainsAny(o, " ;,'\"") {
				ancestors += " " + o
			}
		}
	}
	const base = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors "
	sitePolicy, embedPolicy := base+"'self'", base+ancestors
	s.sitePolicy = sitePolicy
	apiPolicy := "default-src 'none'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, "/api/"):
			h.Set("Content-Security-Policy", apiPolicy)
		case p == "/embed" || strings.HasPrefix(p, "/embed/"):
			h.Set("Content-Security-Policy", embedPolicy)
		default:
			h.Set("Content-Security-Policy", sitePolicy)
			h.Set("X-Frame-Options", "SAMEORIGIN") // for browsers without frame-ancestors
		}
		next.ServeHTTP(w, r)
	})
}
