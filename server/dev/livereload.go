package dev

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/minhbach/minhbach/generator"
	"html"
	"net/http"
	"strings"
	"sync"
)

// LiveReload tells open browser tabs of the dev server what changed,
// over one Server-Sent Events stream per tab, and shows build problems
// as an overlay on every page until they are fixed. The last good site
// stays served underneath: a mistake never takes the preview away.
type LiveReload struct {
	mu       sync.Mutex
	clients  map[chan event]bool
	problems generator.Problems // the failed build's problems; nil when the last build succeeded
	// closed ends every event stream: a tab's stream never ends by
	// itself, and would hold the server's shutdown until its timeout.
	closed    chan struct{}
	closeOnce sync.Once
}

type event struct {
	name string
	data string
}

// NewLiveReload returns a broker with no tabs connected.
func NewLiveReload() *LiveReload {
	return &LiveReload{clients: map[chan event]bool{}, closed: make(chan struct{})}
}

// Close ends the event streams of all tabs, now and later; the tabs'
// EventSource retries, and finds the next dev server if one is started.
func (lr *LiveReload) Close() { lr.closeOnce.Do(func() { close(lr.closed) }) }

// Reload tells tabs to reload; path, when set, is the page just edited,
// which a tab showing another page may jump to.
func (lr *LiveReload) Reload(path string) {
	lr.setProblems(nil)
	lr.send(event{"reload", path})
}

// CSS tells tabs to swap the style sheet without reloading.
func (lr *LiveReload) CSS(url string) {
	lr.setProblems(nil)
	lr.send(event{"css", url})
}

// Fail shows problems in every tab until the next successful build.
func (lr *LiveReload) Fail(err error) {
	probs, ok := err.(generator.Problems)
	if !ok {
		probs = generator.Problems{{File: "build", VI: err.Error(), EN: err.Error()}}
	}
	lr.setProblems(probs)
	b, _ := json.Marshal(probLines(probs))
	lr.send(event{"error", string(b)})
}

// Clients is the number of connected tabs (for tests and the terminal).
func (lr *LiveReload) Clients() int {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	return len(lr.clients)
}

func probLines(ps generator.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Error()
	}
	return out
}

func (lr *LiveReload) setProblems(p generator.Problems) {
	lr.mu.Lock()
	lr.problems = p
	lr.mu.Unlock()
}

func (lr *LiveReload) send(e event) {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	for c := range lr.clients {
		select {
		case c <- e:
		default: // a stalled tab must not hold up the others
		}
	}
}

// Paths served by the live reload handler.
const (
	liveReloadPrefix = "/__minhbach/"
	liveReloadScript = liveReloadPrefix + "livereload.js"
	liveReloadEvents = liveReloadPrefix + "events"
	overlayCSS       = liveReloadPrefix + "overlay.css"
)

// Handler serves the live reload endpoints under /__minhbach/: the
// script, the overlay's style sheet and the event stream.
func (lr *LiveReload) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case liveReloadScript:
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write([]byte(liveReloadJS))
		case overlayCSS:
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write([]byte(overlayStyles))
		case liveReloadEvents:
			lr.serveEvents(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

// Prefix is the path under which Handler serves.
const Prefix = liveReloadPrefix

// Inject adds the live reload script to an HTML page and, after a failed
// build, the problem overlay, so staff see it even with JavaScript off.
func (lr *LiveReload) Inject(_ *http.Request, page []byte) []byte { return lr.inject(page) }

func (lr *LiveReload) inject(page []byte) []byte {
	var add bytes.Buffer
	add.WriteString(`<script src="` + liveReloadScript + `" defer></script>`)
	lr.mu.Lock()
	probs := lr.problems
	lr.mu.Unlock()
	if len(probs) > 0 {
		add.WriteString(`<link rel="stylesheet" href="` + overlayCSS + `">`)
		add.WriteString(OverlayHTML(probs))
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, add.Bytes()...)
	}
	out := make([]byte, 0, len(page)+add.Len())
	out = append(out, page[:i]...)
	out = append(out, add.Bytes()...)
	return append(out, page[i:]...)
}

// OverlayHTML is the problem overlay, readable without JavaScript.
func OverlayHTML(probs generator.Problems) string {
	var b strings.Builder
	b.WriteString(`<div id="minhbach-overlay" role="alert"><h2>Lỗi khi dựng trang / Build error</h2>`)
	b.WriteString(`<p>Trang dưới đây là bản dựng tốt gần nhất. Sửa tệp và lưu lại, thông báo này sẽ tự mất. / The page below is the last good build; fix the file and save.</p><ul>`)
	for _, p := range probs {
		b.WriteString("<li><code>" + html.EscapeString(p.Error()) + "</code></li>")
	}
	b.WriteString("</ul></div>")
	return b.String()
}

func (lr *LiveReload) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 8)
	lr.mu.Lock()
	lr.clients[c] = true
	probs := lr.problems
	lr.mu.Unlock()
	defer func() {
		lr.mu.Lock()
		delete(lr.clients, c)
		lr.mu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\n\n")
	if len(probs) > 0 {
		b, _ := json.Marshal(probLines(probs))
		fmt.Fprintf(w, "event: error\ndata: %s\n\n", b)
	} else {
		fmt.Fprint(w, "event: ok\ndata: \n\n")
	}
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-lr.closed:
			return
		case e := <-c:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			fl.Flush()
		}
	}
}

const liveReloadJS = `// minhbach dev: live reload and build problem overlay.
(function () {
  "use strict";
  var es = new EventSource("/__minhbach/events");
  // Marks the page as listening, for people (and tests) who want to know
  // that the next save will show up here.
  es.addEventListener("open", function () { document.documentElement.setAttribute("data-minhbach-live", ""); });
  function overlay(lines) {
    var o = document.getElementById("minhbach-overlay");
    if (!o) {
      o = document.createElement("div");
      o.id = "minhbach-overlay";
      o.setAttribute("role", "alert");
      var s = o.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.zIndex = "2147483647";
      s.maxHeight = "60vh"; s.overflow = "auto"; s.background = "#7a0000"; s.color = "#fff";
      s.padding = "1rem"; s.font = "16px/1.5 system-ui, sans-serif";
      document.body.appendChild(o);
    }
    o.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "Lỗi khi dựng trang / Build error";
    o.appendChild(h);
    var ul = document.createElement("ul");
    lines.forEach(function (l) { var li = document.createElement("li"); li.textContent = l; ul.appendChild(li); });
    o.appendChild(ul);
  }
  es.addEventListener("error", function (e) {
    if (e.data) { try { overlay(JSON.parse(e.data)); } catch (_) {} }
  });
  es.addEventListener("ok", function () {
    var o = document.getElementById("minhbach-overlay");
    if (o) { location.reload(); }
  });
  es.addEventListener("reload", function (e) {
    var p = e.data;
    if (p && p !== location.pathname && document.visibilityState === "visible" && !/^\/(tim-kiem|embed)\//.test(location.pathname)) {
      location.href = p;
    } else {
      location.reload();
    }
  });
  es.addEventListener("css", function (e) {
    var links = document.querySelectorAll('link[rel="stylesheet"][href*="/css/"]');
    for (var i = 0; i < links.length; i++) { links[i].href = e.data; }
  });
})();
`

const overlayStyles = `#minhbach-overlay{position:fixed;left:0;right:0;top:0;z-index:2147483647;max-height:60vh;overflow:auto;background:#7a0000;color:#fff;padding:1rem;font:16px/1.5 system-ui,sans-serif}#minhbach-overlay code{color:#fff;white-space:pre-wrap}`
