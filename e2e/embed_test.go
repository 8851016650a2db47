package e2e

// The embed, as another portal's visitors meet it: the search server of
// testdata/embed-site on one loopback origin, and host pages on others
// that paste the code shown on /nhung-tim-kiem/. Everything is real: the
// generator builds the site, search.Build its index, search.NewServer
// answers over HTTP, and Chromium runs embed.js across origins.

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/minhbach/minhbach/internal/browsertest"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/server"
)

// embedQuery is typed as people type on a phone: no diacritics. It finds
// both procedures and documents, so the type chips have something to do.
const embedQuery = "cap lai giay chung nhan"

// embedWant is the procedure that query must find.
const embedWant = "Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất"

// embedEnv is one search server and the portals around it.
type embedEnv struct {
	Search  string // the site, its API, /embed/ and /embed.js
	NoIndex string // a search server with no index yet: its API answers 503
	Allowed string // a portal in allow_origins
	Foreign string // a portal that is not
	// The code a webmaster copies from /nhung-tim-kiem/, unescaped.
	Component, Frame string

	mu    sync.Mutex
	pages map[string]string // host page path -> HTML, on both portals
}

// hostPage is a portal's page around pasted code. Its CSS hits every
// element the component is made of, as careless portal CSS does: the
// shadow DOM must keep it out.
const hostPage = `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thông tin điện tử xã Nghĩa Hành</title>
<link rel="icon" href="data:,">
<style>
body { font-family: Georgia, serif; margin: 1rem; }
input, button, ul, li, label, mark, p { display: none !important; }
</style>
</head>
<body>
<main>
<h1>Cổng thông tin điện tử xã Nghĩa Hành</h1>
%s
</main>
</body>
</html>`

// startEmbed builds testdata/embed-site with the search server's real
// address as its baseURL, indexes it, serves it, and starts two portals.
func startEmbed(t *testing.T) *embedEnv {
	t.Helper()
	useRepoDartSass(t)
	env := &embedEnv{pages: map[string]string{}}
	portal := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		env.mu.Lock()
		body, ok := env.pages[r.URL.Path]
		env.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	})
	allowed, foreign := httptest.NewServer(portal), httptest.NewServer(portal)
	t.Cleanup(allowed.Close)
	t.Cleanup(foreign.Close)
	env.Allowed, env.Foreign = allowed.URL, foreign.URL

	// The search server's address must be known before the build: the
	// code on /nhung-tim-kiem/ carries it.
	srv := httptest.NewUnstartedServer(nil)
	t.Cleanup(srv.Close)
	env.Search = "http://" + srv.Listener.Addr().String()

	dest, holder := buildAndIndex(t, "embed-site", env.Search)
	logger := log.New(testWriter{t}, "search: ", 0)
	s, err := server.New(server.Options{SiteDir: dest, Holder: holder, AllowOrigins: []string{env.Allowed}, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = s.Handler()
	srv.Start()

	bare, err := server.New(server.Options{SiteDir: dest, AllowOrigins: []string{env.Allowed}, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	noIndex := httptest.NewServer(bare.Handler())
	t.Cleanup(noIndex.Close)
	env.NoIndex = noIndex.URL

	guide := httpGet(t, env.Search+"/nhung-tim-kiem/")
	env.Component = codeBlock(t, guide, "ma-thanh-phan")
	env.Frame = codeBlock(t, guide, "ma-iframe")
	return env
}

// testWriter sends the server's log to the test's.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// host serves a page on both portals and returns its path.
func (e *embedEnv) host(path, code string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pages[path] = fmt.Sprintf(hostPage, code)
	return path
}

func httpGet(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, res.Status)
	}
	return string(b)
}

// codeBlock is the text of <code id="ID"> as a person copies it.
func codeBlock(t *testing.T, page, id string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<code id="` + id + `">(.*?)</code>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("/nhung-tim-kiem/ has no <code id=%q>", id)
	}
	return html.UnescapeString(m[1])
}

// In the page: the component's shadow root, and its parts.
const (
	jsRoot   = `document.querySelector("minhbach-search").shadowRoot`
	jsInput  = jsRoot + `.querySelector("input")`
	jsOpts   = jsRoot + `.querySelectorAll("[role=option]")`
	jsMsg    = jsRoot + `.querySelector(".msg")`
	jsAll    = jsRoot + `.querySelector("a.all")`
	jsLoaded = `(() => { const el = document.querySelector("minhbach-search"); return !!(customElements.get("minhbach-search") && el && el.shadowRoot && el.shadowRoot.querySelector("input")); })()`
)

// typeQuery focuses the component's box and types into it, key by key.
func typeQuery(p *browsertest.Page, q string) {
	p.WaitFor(jsLoaded)
	browsertest.Eval[chromedp.Void](p, jsInput+`.focus()`)
	p.Do("typing "+q, chromedp.KeyEvent(q))
}

// waitAnswered waits until the results shown answer the whole query,
// not a prefix typed on the way.
func waitAnswered(p *browsertest.Page, q string) {
	p.WaitFor(fmt.Sprintf(`%s.length > 0 && new URL(%s.href).searchParams.get("q") === %q`, jsOpts, jsAll, q))
}

// TestEmbedComponentOnAnotherPortal is a visitor of an allowed portal:
// the pasted code shows a search box; a query without diacritics finds
// the procedure, with badges and a safe snippet; the chips filter; the
// arrow keys move through the results as the combobox pattern says, and
// Enter opens the chosen one on this site.
func TestEmbedComponentOnAnotherPortal(t *testing.T) {
	env := startEmbed(t)
	wantCode := fmt.Sprintf("<script src=%q defer></script>\n<minhbach-search fields=\"Đất đai\"></minhbach-search>", env.Search+"/embed.js")
	if env.Component != wantCode {
		t.Fatalf("/nhung-tim-kiem/ shows the code\n%s\nwant\n%s", env.Component, wantCode)
	}
	p := browser.NewPage(t)
	p.Navigate(env.Allowed + env.host("/the.html", env.Component))
	typeQuery(p, embedQuery)
	waitAnswered(p, embedQuery)

	// What the API answers is what the visitor sees.
	api := apiSearch(t, env.Search, embedQuery, "fields", "Đất đai")
	type option struct {
		ID, Title, Badges, Snippet string
		Marks, Other               int
		Selected                   string
	}
	opts := browsertest.Eval[[]option](p, `[...`+jsOpts+`].map(o => ({
		ID: o.id, Title: o.querySelector(".t").textContent,
		Badges: [...o.querySelectorAll(".b")].map(b => b.textContent).join("|"),
		Snippet: (o.querySelector(".s") || {}).textContent || "",
		Marks: o.querySelectorAll(".s mark").length,
		Other: [...o.querySelectorAll(".s *")].filter(e => e.localName !== "mark").length,
		Selected: o.getAttribute("aria-selected")}))`)
	if len(opts) != min(5, len(api.Hits)) {
		t.Fatalf("%d results shown, the API has %d hits (size 5)", len(opts), len(api.Hits))
	}
	found := false
	for i, o := range opts {
		h := api.Hits[i]
		if o.Title != h.Title {
			t.Errorf("result %d is %q, the API's hit %d is %q", i+1, o.Title, i+1, h.Title)
		}
		if o.Other != 0 {
			t.Errorf("result %q: the snippet holds %d element(s) other than <mark>", o.Title, o.Other)
		}
		if o.Selected != "false" {
			t.Errorf("result %q: aria-selected=%q before any arrow key", o.Title, o.Selected)
		}
		switch {
		case o.Title == embedWant:
			found = true
			if o.Badges != "Thủ tục" {
				t.Errorf("%q has badges %q, want the type badge Thủ tục", o.Title, o.Badges)
			}
			if o.Marks == 0 {
				t.Errorf("%q: the snippet %q marks no word", o.Title, o.Snippet)
			}
		case o.Title == "Luật Đất đai 2024" && o.Badges != "Văn bản|còn hiệu lực":
			t.Errorf("%q has badges %q, want Văn bản|còn hiệu lực", o.Title, o.Badges)
		case o.Title == "Luật Đất đai 2013" && o.Badges != "Văn bản|hết hiệu lực toàn bộ":
			t.Errorf("%q has badges %q, want Văn bản|hết hiệu lực toàn bộ", o.Title, o.Badges)
		}
	}
	if !found {
		t.Fatalf("%q does not find %q; results: %+v", embedQuery, embedWant, opts)
	}
	if got, want := browsertest.Eval[string](p, jsMsg+`.textContent`), fmt.Sprintf("Có %d kết quả", api.Total); got != want {
		t.Errorf("the live region says %q, want %q", got, want)
	}
	if got := browsertest.Eval[string](p, jsMsg+`.getAttribute("aria-live")`); got != "polite" {
		t.Errorf("the result count is in aria-live=%q, want polite", got)
	}
	if got, want := sameURL(browsertest.Eval[string](p, jsAll+`.href`)), sameURL(env.Search+"/tim-kiem/?"+url.Values{"q": {embedQuery}, "fields": {"Đất đai"}}.Encode()); got != want {
		t.Errorf("«Xem tất cả kết quả» goes to %s, want %s", got, want)
	}
	// The portal's CSS hides every input, list item and paragraph it
	// has; the component's own stay visible.
	if w := browsertest.Eval[float64](p, jsInput+`.getBoundingClientRect().width`); w < 100 {
		t.Errorf("the portal's CSS reached the search box: it is %vpx wide", w)
	}

	// The chips filter: documents only, then all again.
	chip := func(label string) string {
		return fmt.Sprintf(`[...%s.querySelectorAll(".chips button")].find(b => b.textContent.startsWith(%q))`, jsRoot, label)
	}
	click(p, chip("Loại: Văn bản"))
	p.WaitFor(fmt.Sprintf(`%s.getAttribute("aria-pressed") === "true" && [...%s].length > 0 && [...%s].every(o => o.querySelector(".b").textContent === "Văn bản")`, chip("Loại: Văn bản"), jsOpts, jsOpts))
	if got := browsertest.Eval[string](p, jsAll+`.href`); !strings.Contains(got, "type=document") {
		t.Errorf("with the chip on, «Xem tất cả kết quả» goes to %s, without type=document", got)
	}
	click(p, chip("Loại: Văn bản"))
	p.WaitFor(fmt.Sprintf(`%s.getAttribute("aria-pressed") === "false" && [...%s].some(o => o.querySelector(".b").textContent === "Thủ tục")`, chip("Loại: Văn bản"), jsOpts))

	// The keyboard, back in the box.
	browsertest.Eval[chromedp.Void](p, jsInput+`.focus()`)
	state := func() string {
		return browsertest.Eval[string](p, `(() => { const i = `+jsInput+`;
			const sel = [...`+jsOpts+`].filter(o => o.getAttribute("aria-selected") === "true").map(o => o.id);
			return [i.getAttribute("aria-expanded"), i.getAttribute("aria-activedescendant") || "", sel.join(",")].join(" "); })()`)
	}
	ids := browsertest.Eval[[]string](p, `[...`+jsOpts+`].map(o => o.id)`)
	if len(ids) < 2 {
		t.Fatalf("need two results to move through, have %d", len(ids))
	}
	if got := browsertest.Eval[string](p, jsInput+`.getAttribute("aria-controls")`); got != browsertest.Eval[string](p, jsRoot+`.querySelector("[role=listbox]").id`) {
		t.Errorf("aria-controls=%q does not name the listbox", got)
	}
	for _, step := range []struct {
		key, want string
	}{
		{kb.ArrowDown, "true " + ids[0] + " " + ids[0]},
		{kb.ArrowDown, "true " + ids[1] + " " + ids[1]},
		{kb.ArrowUp, "true " + ids[0] + " " + ids[0]},
		{kb.Escape, "false  "},
		{kb.ArrowDown, "true " + ids[0] + " " + ids[0]},
	} {
		p.Do("pressing a key", chromedp.KeyEvent(step.key))
		if got := state(); got != step.want {
			t.Fatalf("after %q: aria-expanded, aria-activedescendant, selected = %q, want %q", step.key, got, step.want)
		}
	}

	// Enter follows the active result, on the search site.
	first := browsertest.Eval[string](p, jsOpts+`[0].querySelector(".t").textContent`)
	var want string
	for _, h := range api.Hits {
		if h.Title == first {
			want = env.Search + h.URL
		}
	}
	if got := pressEnter(t, p); got != want {
		t.Fatalf("Enter opened %s, want %s", got, want)
	}
	p.WaitFor(fmt.Sprintf(`document.readyState !== "loading" && document.querySelector("h1") && document.querySelector("h1").textContent.trim() === %q`, first))
}

// TestEmbedComponentOutsideTheAllowList is a portal the site has not
// allowed: it gets no results, and its visitors a clear message.
func TestEmbedComponentOutsideTheAllowList(t *testing.T) {
	env := startEmbed(t)
	p := browser.NewPage(t)
	p.Navigate(env.Foreign + env.host("/the.html", env.Component))
	typeQuery(p, embedQuery)
	p.WaitFor(jsMsg + `.classList.contains("error")`)
	if got, want := browsertest.Eval[string](p, jsMsg+`.textContent`), "Không kết nối được dịch vụ tìm kiếm"; !strings.HasPrefix(got, want) {
		t.Errorf("the message is %q, want it to start %q", got, want)
	}
	if n := browsertest.Eval[int](p, jsOpts+`.length`); n != 0 {
		t.Errorf("%d results shown to a portal outside allow_origins", n)
	}
	if got := browsertest.Eval[string](p, jsInput+`.getAttribute("aria-expanded")`); got != "false" {
		t.Errorf("aria-expanded=%q with nothing to show", got)
	}
}

// TestEmbedComponentShowsTheServiceError is a service that answers with
// an error (here: no index yet): the visitor reads its message.
func TestEmbedComponentShowsTheServiceError(t *testing.T) {
	env := startEmbed(t)
	code := strings.Replace(env.Component, "<minhbach-search ", fmt.Sprintf("<minhbach-search endpoint=%q lang=\"en\" ", env.NoIndex), 1)
	p := browser.NewPage(t)
	p.Navigate(env.Allowed + env.host("/khong-chi-muc.html", code))
	typeQuery(p, embedQuery)
	p.WaitFor(jsMsg + `.classList.contains("error")`)
	// The API answers {"error": "tiếng Việt / English"}; lang="en"
	// shows the English half.
	res, err := http.Get(env.NoIndex + "/api/search?q=dat")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode < 400 {
		t.Fatalf("the server without an index answers %s", res.Status)
	}
	got := browsertest.Eval[string](p, jsMsg+`.textContent`)
	if !strings.HasPrefix(got, "The search service reported an error: ") || strings.Contains(got, "HTTP ") {
		t.Errorf("the message is %q, want the API's own error in English", got)
	}
	if n := browsertest.Eval[int](p, jsOpts+`.length`); n != 0 {
		t.Errorf("%d results shown with an error", n)
	}
}

// TestEmbedComponentIsAccessible runs axe-core on the portal's page with
// the results open and one chosen: axe looks inside the shadow root.
func TestEmbedComponentIsAccessible(t *testing.T) {
	env := startEmbed(t)
	p := browser.NewPage(t)
	p.Navigate(env.Allowed + env.host("/the.html", env.Component))
	typeQuery(p, embedQuery)
	waitAnswered(p, embedQuery)
	p.Do("pressing ArrowDown", chromedp.KeyEvent(kb.ArrowDown))
	p.WaitFor(jsInput + `.getAttribute("aria-expanded") === "true" && !!` + jsInput + `.getAttribute("aria-activedescendant")`)
	p.AssertAccessible()
}

// TestEmbedFrame is a portal that allows no third-party script: the
// iframe code from /nhung-tim-kiem/, with a query in its address, shows
// results rendered by the server, and the frame grows to fit them.
func TestEmbedFrame(t *testing.T) {
	env := startEmbed(t)
	frameURL := env.Search + "/embed/?"
	if !strings.Contains(env.Frame, `<iframe src="`+frameURL) || !strings.Contains(env.Frame, `"minhbach:height"`) || !strings.Contains(env.Frame, `e.origin !== "`+env.Search+`"`) {
		t.Fatalf("the iframe code on /nhung-tim-kiem/ lacks the frame or its height listener:\n%s", env.Frame)
	}
	// The code as shown, with a query added to the frame's address, and
	// a recorder of the messages the page receives.
	code := strings.Replace(env.Frame, frameURL, frameURL+"q="+url.QueryEscape(embedQuery)+"&amp;", 1)
	recorder := `<script>window.heights = []; addEventListener("message", (e) => { if (e.data && e.data.type === "minhbach:height") heights.push(e.data.height); });</script>`
	p := browser.NewPage(t)
	p.Navigate(env.Allowed + env.host("/khung.html", recorder+"\n"+code))
	// The frame fits what it reports, up to the window's height (at
	// least 480px): a phone's page must not grow thousands of pixels.
	const fitted = `String(Math.min(heights[heights.length - 1], Math.max(480, innerHeight)))`
	p.WaitFor(`heights.length > 0 && document.querySelector("iframe").height === ` + fitted)
	if h := browsertest.Eval[int](p, `heights[heights.length - 1]`); h <= 480 {
		t.Errorf("the frame reports %dpx, no taller than its initial 480px: are the results in it?", h)
	}

	// Inside the frame: the results the server rendered, and a document
	// exactly as tall as the frame now is.
	type frameState struct {
		Query   string
		Hits    []string
		Hidden  []string
		Height  int
		Summary string
	}
	st := evalInFrame[frameState](t, p, "/embed/", `({
		Query: document.querySelector("input[name=q]").value,
		Hits: [...document.querySelectorAll(".search-hits .item-title a")].map(a => a.textContent + " " + a.target),
		Hidden: [...document.querySelectorAll("form[data-minhbach-form] input[type=hidden]")].map(i => i.name + "=" + i.value),
		Height: Math.ceil(document.documentElement.getBoundingClientRect().height),
		Summary: (document.querySelector(".search-summary") || {}).textContent || ""})`)
	if st.Query != embedQuery {
		t.Errorf("the frame's box holds %q, want %q", st.Query, embedQuery)
	}
	if !slices.Contains(st.Hits, embedWant+" _blank") {
		t.Errorf("the frame's results %q lack %q opening in a new tab", st.Hits, embedWant)
	}
	if !slices.Contains(st.Hidden, "fields=Đất đai") {
		t.Errorf("the frame's form keeps the filters %q, want fields=Đất đai", st.Hidden)
	}
	want := browsertest.Eval[int](p, fmt.Sprintf(`Math.min(%d, Math.max(480, innerHeight))`, st.Height))
	if got := browsertest.Eval[string](p, `document.querySelector("iframe").height`); got != fmt.Sprint(want) {
		t.Errorf("the iframe is %spx tall, want %d (its document is %dpx, capped at the window's height)", got, want, st.Height)
	}
}

// TestEmbedFrameOutsideTheAllowList is a portal the site has not allowed
// pasting the iframe code: its visitors read, inside the frame, why it
// shows no search and a link to the site's own, not a broken-frame icon;
// and the frame stays within one screen.
func TestEmbedFrameOutsideTheAllowList(t *testing.T) {
	env := startEmbed(t)
	p := browser.NewPage(t)
	p.Viewport(390, 844, true)
	loaded := `<script>document.querySelector("iframe").addEventListener("load", () => { window.frameLoaded = true; });</script>`
	p.Navigate(env.Foreign + env.host("/khung-la.html", env.Frame+"\n"+loaded))
	p.WaitFor(`window.frameLoaded === true`)
	type frameState struct{ Title, Link, Text string }
	st := evalInFrame[frameState](t, p, "/embed/", `({
		Title: (document.querySelector("h1") || {}).textContent || "",
		Link: (document.querySelector("a[target=_blank]") || {}).href || "",
		Text: document.body ? document.body.innerText : ""})`)
	if !strings.Contains(st.Title, "chưa được phép") || !strings.Contains(st.Text, env.Foreign) {
		t.Errorf("the frame on %s says %q / %q, want why it shows no search", env.Foreign, st.Title, st.Text)
	}
	if st.Link != env.Search+"/tim-kiem/" {
		t.Errorf("the frame links to %q, want the site's own search %s/tim-kiem/", st.Link, env.Search)
	}
	// The frame's answer is a 403, which the browser notes; nothing else
	// may go wrong.
	for _, pr := range p.Problems() {
		if !strings.Contains(pr, "403") || !strings.Contains(pr, "/embed/") {
			t.Errorf("the page reported a problem: %s", pr)
		}
	}
}

// TestEmbedGuidePage is /nhung-tim-kiem/ itself: clean under the site's
// strict CSP, accessible, and both previews live.
func TestEmbedGuidePage(t *testing.T) {
	env := startEmbed(t)
	// The iframe code's own address (a field, no query yet) must show the
	// empty form, not an error.
	frameSrc := regexp.MustCompile(`<iframe src="([^"]+)"`).FindStringSubmatch(env.Frame)[1]
	if res, err := http.Get(frameSrc); err != nil {
		t.Error(err)
	} else {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || strings.Contains(string(body), "search-error") {
			t.Errorf("%s answers %s with an error before any search: a blank q with filters should be the empty form", frameSrc, res.Status)
		}
	}
	p := browser.NewPage(t)
	p.Navigate(env.Search + "/nhung-tim-kiem/")
	typeQuery(p, embedQuery)
	waitAnswered(p, embedQuery)
	p.WaitFor(`document.querySelector("iframe[data-minhbach-embed]").height !== "480"`)
	p.AssertNoConsoleErrors()
	p.AssertOnlyHost(env.Search)
	p.AssertAccessible()
}

// click clicks the middle of an element with the mouse, as a person
// does; the element may be in a shadow root.
func click(p *browsertest.Page, el string) {
	// The element may be redrawn a moment after the last answer (chips
	// are rebuilt with the results): wait until it is there.
	p.WaitFor(`(` + el + `) != null`)
	xy := browsertest.Eval[[]float64](p, `(() => { const r = (`+el+`).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	p.Do("clicking "+el, chromedp.MouseClickXY(xy[0], xy[1]))
}

// pressEnter presses Enter and returns the address the tab then opens
// (its top frame's next navigation), failing the test if it opens none.
func pressEnter(t *testing.T, p *browsertest.Page) string {
	t.Helper()
	navigated := make(chan string, 8)
	chromedp.Listen(p.Context(), func(ev any) {
		if e, ok := ev.(*page.EventFrameNavigated); ok && e.Frame.ParentID == "" {
			select {
			case navigated <- e.Frame.URL:
			default:
			}
		}
	})
	p.Do("pressing Enter", chromedp.KeyEvent(kb.Enter))
	select {
	case got := <-navigated:
		return got
	case <-p.Context().Done():
		t.Fatal("Enter opened nothing")
	}
	return ""
}

// sameURL writes a URL with its query parameters sorted, for comparing.
func sameURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	u.RawQuery = u.Query().Encode()
	return u.String()
}

// apiSearch asks the API what the component should show.
func apiSearch(t *testing.T, base, q string, filter ...string) search.Response {
	t.Helper()
	v := url.Values{"q": {q}, "size": {"5"}}
	for i := 0; i+1 < len(filter); i += 2 {
		v.Add(filter[i], filter[i+1])
	}
	res, err := http.Get(base + "/api/search?" + v.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r search.Response
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatalf("the API's answer: %v", err)
	}
	return r
}

// evalInFrame evaluates an expression in the first child frame whose URL
// holds path, in a world of the test's own (the page's DOM, not its
// scripts), and decodes the value.
func evalInFrame[T any](t *testing.T, p *browsertest.Page, path, expr string) T {
	t.Helper()
	tree, err := chromedp.Call(p.Context(), page.GetFrameTree, cdp.Empty{})
	if err != nil {
		t.Fatalf("reading the frames: %v", err)
	}
	var frame *cdp.Frame
	var walk func(ft *page.FrameTree)
	walk = func(ft *page.FrameTree) {
		for _, c := range ft.ChildFrames {
			if frame == nil && strings.Contains(c.Frame.URL, path) {
				frame = c.Frame
			}
			walk(c)
		}
	}
	walk(tree.FrameTree)
	if frame == nil {
		t.Fatalf("no frame at %s in the page", path)
	}
	world, err := chromedp.Call(p.Context(), page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frame.ID, WorldName: "minhbach-test"})
	if err != nil {
		t.Fatalf("entering the frame %s: %v", frame.URL, err)
	}
	v, err := chromedp.Run(p.Context(), chromedp.Evaluate[T](expr, func(e *runtime.EvaluateParams) {
		e.ContextID = world.ExecutionContextID
	}))
	if err != nil {
		t.Fatalf("evaluating in the frame %s: %v", frame.URL, err)
	}
	return v
}
