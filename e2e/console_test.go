package e2e

// The staff console under /quan-tri/, as a moderator works it from a
// phone and from an office computer: the test site is built with the
// real generator and served by the real server (server.New) with a
// SQLite store, participation and the console on and the anti-spam
// challenge off, and opened in Chromium. Staff log in through the real
// login form (the session cookie is __Host- and Secure, which Chromium
// keeps on http://127.0.0.1). Every wait is on the page: a navigation's
// load (chromedp.RunResponse) or a condition of the DOM, bounded by the
// tab's deadline. The helpers here are named console* so as not to
// collide with those of participation_test.go.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/minhbach/minhbach/internal/browsertest"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/server"
	"github.com/minhbach/minhbach/staff"
)

// The console's accounts and the citizen whose data only staff may see.
const (
	consoleModerator = "canbo@stnmt.example.vn"
	consoleAdmin     = "quantri@stnmt.example.vn"
	consolePassword  = "mật khẩu thử nghiệm dài"
	consoleName      = "Nguyễn Thị Hoa"
	consolePhone     = "0905 123 456"
	consoleAddress   = "Thôn Tây Phước, gần cầu sắt"
)

// The console tests run on the participation tests' portal: the same
// day, communes and open disclosure (participation_helpers_test.go).
var consoleStart = partNow

const consoleDisclosureSource = partDisclosureSource

// consoleClock is the server's clock, moved by the test to send
// submissions days before consoleStart.
type consoleClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *consoleClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *consoleClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// consolePortal is the test site served by the real server with
// participation and the console on.
type consolePortal struct {
	Base       string // http://127.0.0.1:PORT
	Store      *sqlstore.Store
	Misses     *search.Misses
	Disclosure string // the open disclosure's path
	clock      *consoleClock

	mu         sync.Mutex
	lastOrigin string // the Origin header of the last POST to the console, for messages
}

// startConsolePortal copies testdata/site, adds the list of communes,
// builds it with the real generator and serves it with server.New over a
// fresh SQLite store, with a moderator and an admin account, until the
// test ends.
func startConsolePortal(t *testing.T) *consolePortal {
	t.Helper()
	dir, dest, res := buildPortalSite(t)
	cp := &consolePortal{clock: &consoleClock{now: consoleStart}}
	for _, p := range res.Site.Pages {
		if p.Source == consoleDisclosureSource {
			cp.Disclosure = p.URL
		}
	}
	if cp.Disclosure == "" {
		t.Fatalf("testdata/site lacks content/%s", consoleDisclosureSource)
	}

	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(dir, "y-kien.db"))
	if err != nil {
		t.Fatalf("opening the store: %v", err)
	}
	cp.Store = st
	for _, a := range []struct {
		email string
		role  staff.Role
	}{{consoleModerator, staff.RoleModerator}, {consoleAdmin, staff.RoleAdmin}} {
		hash, err := staff.HashPassword(consolePassword)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddAccount(context.Background(), staff.Account{Email: a.email, Role: a.role, Hash: hash, Created: consoleStart}, "e2e"); err != nil {
			t.Fatalf("adding %s: %v", a.email, err)
		}
	}
	cp.Misses = search.NewMisses(st, cp.clock.Now)
	off := false
	srv, err := server.New(server.Options{
		SiteDir: dest,
		Logger:  log.New(testWriter{t}, "server: ", 0),
		Participation: &server.Participation{
			Store:   st,
			Staff:   st,
			Queue:   st,
			Reports: st,
			// The test seeds more than the five a minute one address
			// may send.
			Config: participation.Config{Challenge: &off, PerAddressPerMinute: 1000, GlobalPerMinute: 100000}.WithDefaults(),
			Now:    cp.clock.Now,
		},
		Misses: cp.Misses,
	})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, server.ConsolePath) {
			cp.mu.Lock()
			cp.lastOrigin = fmt.Sprintf("%q", r.Header.Get("Origin"))
			cp.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		hs.Close()
		st.Close()
	})
	cp.Base = hs.URL
	return cp
}

// send posts a submission to /api/feedback as the site's script does,
// with the server's clock at at, and returns its tracking code.
func (cp *consolePortal) send(t *testing.T, at time.Time, body map[string]any) string {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", cp.Base+participation.SubmitPath, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return cp.do(t, at, req)
}

// sendWithPhoto posts feedback with one photo, as the form does
// (multipart), and returns its tracking code.
func (cp *consolePortal) sendWithPhoto(t *testing.T, at time.Time, fields map[string]string, photo []byte) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="photos"; filename="bai-cat.jpg"`)
	h.Set("Content-Type", "image/jpeg")
	fw, _ := mw.CreatePart(h)
	fw.Write(photo)
	mw.Close()
	req, _ := http.NewRequest("POST", cp.Base+participation.SubmitPath, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "application/json")
	return cp.do(t, at, req)
}

func (cp *consolePortal) do(t *testing.T, at time.Time, req *http.Request) string {
	t.Helper()
	cp.clock.Set(at)
	defer cp.clock.Set(consoleStart)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out struct{ Code string }
	if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode != http.StatusCreated || out.Code == "" {
		t.Fatalf("sending a submission: %d %s", resp.StatusCode, raw)
	}
	return out.Code
}

// consoleJPEG is a small photo as a phone might send it.
func consoleJPEG(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for y := range 600 {
		for x := range 800 {
			m.Set(x, y, color.RGBA{uint8(x * 255 / 800), 140, uint8(y * 255 / 600), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// consoleComment is a comment on the open disclosure that leaves a name
// and a phone number.
func (cp *consolePortal) consoleComment(text string) map[string]any {
	return map[string]any{"kind": "comment", "target": cp.Disclosure, "text": text,
		"name": consoleName, "contact": consolePhone, "consent": true}
}

// consoleFeedback is feedback on the feedback page with a topic and a
// commune, and nothing personal.
func consoleFeedback(topic, commune, text string) map[string]any {
	return map[string]any{"kind": "feedback", "target": participation.FeedbackPath, "topic": topic,
		"commune": commune, "text": text, "consent": true}
}

// consoleTab opens a tab of the given size.
func consoleTab(t *testing.T, width, height int64, mobile bool) *browsertest.Page {
	t.Helper()
	p := browser.NewPage(t)
	p.Viewport(width, height, mobile)
	return p
}

// consoleGo runs actions that load a page (a navigation, a click on a
// link or a button, Enter in a form) and waits for the page's load
// event; it returns the HTTP status of the document. It works with
// scripts off, where no condition can be polled.
func consoleGo(t *testing.T, p *browsertest.Page, what string, actions ...chromedp.Action[chromedp.Void]) int64 {
	t.Helper()
	return consoleLoad(t, p, what, actions...).Status
}

// consoleLoad is consoleGo giving the whole response of the document.
func consoleLoad(t *testing.T, p *browsertest.Page, what string, actions ...chromedp.Action[chromedp.Void]) *network.Response {
	t.Helper()
	resp, err := chromedp.RunResponse(p.Context(), actions...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp == nil {
		t.Fatalf("%s: no document loaded", what)
	}
	return resp
}

// consoleOpen loads a URL and checks its HTTP status.
func consoleOpen(t *testing.T, p *browsertest.Page, u string, status int64) {
	t.Helper()
	if got := consoleGo(t, p, "opening "+u, chromedp.Navigate(u)); got != status {
		t.Errorf("%s answered HTTP %d, want %d", u, got, status)
	}
}

// consoleProblems fails the test with what the page reported, but for
// the log line Chromium writes for a document answered with an error
// status the test expects (allowStatus, 0 for none).
func consoleProblems(t *testing.T, p *browsertest.Page, what string, allowStatus int) {
	t.Helper()
	var probs []string
	for _, prob := range p.Problems() {
		if allowStatus != 0 && strings.Contains(prob, fmt.Sprintf("status of %d", allowStatus)) {
			continue
		}
		probs = append(probs, prob)
	}
	if len(probs) > 0 {
		t.Errorf("%s: the page reported %d problem(s):\n  %s", what, len(probs), strings.Join(probs, "\n  "))
	}
	p.ResetProblems()
}

// consoleAxe runs axe-core (WCAG 2.1 A/AA) on the page. In a tab with
// scripts off, axe needs them for its timers and promises: they are on
// for the check only, and the page's own scripts, skipped when it
// loaded, stay unrun.
func consoleAxe(t *testing.T, p *browsertest.Page, what string, scriptsOff bool) {
	t.Helper()
	if scriptsOff {
		consoleScripts(t, p, true)
		defer consoleScripts(t, p, false)
	}
	if vs := p.Axe(); len(vs) > 0 {
		t.Errorf("%s: %s", what, browsertest.FormatViolations(vs))
	}
}

func consoleScripts(t *testing.T, p *browsertest.Page, on bool) {
	t.Helper()
	if _, err := chromedp.Call(p.Context(), emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
		t.Fatalf("turning scripts on=%v: %v", on, err)
	}
}

// consoleOverflowJS names the elements that stick out of the window when
// the page scrolls sideways, "" when it fits. What sticks out inside a
// table's box (.table-scroll) is named last: it should scroll in there.
const consoleOverflowJS = `(() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return "";
  const out = [], inTables = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > root.clientWidth + 1) {
      (el.closest(".table-scroll") ? inTables : out).push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "") + " (" + Math.round(r.right) + "px)");
    }
  }
  return "the document is " + root.scrollWidth + "px wide in " + root.clientWidth + "px; " + out.concat(inTables.map(e => e + " in .table-scroll")).slice(0, 6).join(", ");
})()`

func consoleFits(t *testing.T, p *browsertest.Page, what string, width int64) {
	t.Helper()
	if w := browsertest.Eval[string](p, consoleOverflowJS); w != "" {
		t.Errorf("%s at %d px scrolls sideways: %s", what, width, w)
	}
}

// consoleText is the text a person sees on the page.
func consoleText(p *browsertest.Page) string {
	return browsertest.Eval[string](p, `document.body.innerText`)
}

// consoleDuplicateLinksJS lists the console bar's links that appear more
// than once.
const consoleDuplicateLinksJS = `(() => {
  const seen = new Set(), dup = [];
  for (const a of document.querySelectorAll(".console-bar a")) {
    const h = a.getAttribute("href");
    if (seen.has(h)) dup.push(h + " " + a.innerText);
    seen.add(h);
  }
  return dup;
})()`

// consoleActiveJS describes the focused element for messages.
const consoleActiveJS = `(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return "(nothing)";
  return a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") + (a.name ? "[name=" + a.name + "]" : "") + " " + (a.innerText || a.value || "").trim().slice(0, 40);
})()`

// consoleTabTo presses Tab until the element matched by sel has the
// focus, as a person without a mouse does, and fails after 60 presses.
func consoleTabTo(t *testing.T, p *browsertest.Page, sel string) {
	t.Helper()
	var stops []string
	for range 60 {
		p.Do("pressing Tab", chromedp.KeyEvent(kb.Tab))
		if browsertest.Eval[bool](p, fmt.Sprintf(`document.activeElement.matches(%q)`, sel)) {
			return
		}
		stops = append(stops, browsertest.Eval[string](p, consoleActiveJS))
	}
	t.Fatalf("60 Tabs never reached %s; the focus went to: %s", sel, strings.Join(stops, " → "))
}

// consoleLogin logs in through the login form with the keyboard alone:
// Tab to the address, type it, Tab to the password, type it, Enter. It
// checks the session cookie Chromium keeps and that the queue opens.
func consoleLogin(t *testing.T, p *browsertest.Page, cp *consolePortal, email string) {
	t.Helper()
	form := consoleLoad(t, p, "opening the login", chromedp.Navigate(cp.Base+"/quan-tri/dang-nhap/"))
	if form.Status != http.StatusOK {
		t.Errorf("the login page answered HTTP %d", form.Status)
	}
	consoleTabTo(t, p, "#dn-email")
	p.Do("typing the address", chromedp.KeyEvent(email))
	consoleTabTo(t, p, "#dn-mat-khau")
	p.Do("typing the password", chromedp.KeyEvent(consolePassword))
	status := consoleGo(t, p, "pressing Enter in the password", chromedp.KeyEvent(kb.Enter))
	if loc := browsertest.Eval[string](p, `location.pathname`); loc != "/quan-tri/" {
		page := consoleText(p)
		if strings.Contains(page, "Biểu mẫu không gửi từ cổng này.") {
			cp.mu.Lock()
			origin := cp.lastOrigin
			cp.mu.Unlock()
			// The server refused the browser's own form as another site's.
			why := ""
			if origin == `"null"` {
				why = " Under Referrer-Policy: no-referrer a browser sends «Origin: null» with a form's POST (Fetch standard), " +
					"which server.sameOrigin refuses: nobody can log in from a browser."
			}
			t.Fatalf("logging in as %s: the server refused its own login form as sent from another site (HTTP %d «Biểu mẫu không gửi từ cổng này.»); "+
				"the login page came with Referrer-Policy: %q and the browser's POST with Origin: %s.%s",
				email, status, consoleHeader(form, "Referrer-Policy"), origin, why)
		}
		t.Fatalf("logging in as %s led to %s (HTTP %d), not to the queue; the page says:\n%s", email, loc, status, page)
	}
	c := consoleSessionCookie(t, p, cp)
	if c == nil {
		t.Fatalf("logged in as %s, but Chromium keeps no %s cookie for %s", email, staff.CookieName, cp.Base)
	}
	if !c.HTTPOnly || !c.Secure || c.SameSite != network.CookieSameSiteStrict || c.Path != "/" || c.Domain != "127.0.0.1" {
		t.Errorf("the session cookie: HttpOnly %v, Secure %v, SameSite %q, Path %q, Domain %q; want HttpOnly, Secure, Strict, / and host-only",
			c.HTTPOnly, c.Secure, c.SameSite, c.Path, c.Domain)
	}
	if browsertest.Eval[bool](p, `document.cookie.includes("`+staff.CookieName+`")`) {
		t.Error("a script on the page can read the session cookie")
	}
	if bar := browsertest.Eval[string](p, `(document.querySelector(".console-bar") || {}).innerText || ""`); !strings.Contains(bar, email) {
		t.Errorf("the console bar does not say who is logged in: %q", bar)
	}
}

// consoleHeader is a response header, whatever its case.
func consoleHeader(resp *network.Response, name string) string {
	for k, v := range resp.Headers {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}

// consoleSessionCookie is the session cookie the browser would send to
// the portal, nil when there is none.
func consoleSessionCookie(t *testing.T, p *browsertest.Page, cp *consolePortal) *network.Cookie {
	t.Helper()
	res, err := chromedp.Call(p.Context(), network.GetCookies, network.GetCookiesParams{URLs: []string{cp.Base + "/quan-tri/"}})
	if err != nil {
		t.Fatalf("reading the cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == staff.CookieName {
			return c
		}
	}
	return nil
}

// consoleLogout presses the console bar's logout button and checks the
// session is gone from the browser and from the server.
func consoleLogout(t *testing.T, p *browsertest.Page, cp *consolePortal) {
	t.Helper()
	consoleGo(t, p, "pressing «Đăng xuất»", chromedp.Click(chromedp.CSS(`.console-bar form[action="/quan-tri/dang-xuat/"] button`)))
	if loc := browsertest.Eval[string](p, `location.pathname`); loc != "/quan-tri/dang-nhap/" {
		t.Errorf("logging out led to %s, not to the login", loc)
	}
	if c := consoleSessionCookie(t, p, cp); c != nil {
		t.Errorf("after logging out the browser still keeps the session cookie (expires %v)", c.Expires)
	}
	consoleGo(t, p, "opening the queue logged out", chromedp.Navigate(cp.Base+"/quan-tri/"))
	if loc := browsertest.Eval[string](p, `location.pathname`); loc != "/quan-tri/dang-nhap/" {
		t.Errorf("logged out, the queue opened at %s instead of sending to the login", loc)
	}
}

// consoleQueueItem is one line of the queue as shown.
type consoleQueueItem struct {
	Code string `json:"code"`
	Href string `json:"href"`
	Text string `json:"text"`
}

const consoleQueueJS = `[...document.querySelectorAll(".console-queue .queue-item")].map(li => ({
  code: (li.querySelector(".tracking-code") || {}).innerText || "",
  href: (li.querySelector(".queue-head a") || {}).getAttribute?.("href") || "",
  text: li.innerText}))`

// consoleWorkflow is what TestConsoleWorkflowInBrowser and
// TestConsoleWithoutJavaScript do in one tab: a moderator logs in with
// the keyboard, finds both submissions in the queue with their days
// left, opens the comment (its personal data is there), answers it in
// public, sees «Đã lưu.», logs out; then, as anyone, the tracking page
// and the disclosure show the answer and nothing personal.
func consoleWorkflow(t *testing.T, p *browsertest.Page, width int64, scriptsOff bool) {
	cp := startConsolePortal(t)
	const (
		text     = "Đề nghị xem lại đơn giá bồi thường cây trồng lâu năm tại thôn Tây Phước."
		feedback = "Bãi rác tự phát cạnh chợ Bình Sơn bốc mùi, xin cho thu gom."
		answer   = "Sở đã tiếp thu, sẽ đề nghị điều chỉnh đơn giá bồi thường cây trồng lâu năm trong phương án chính thức."
	)
	// Both arrive two days before today: the comment has 15 days to be
	// answered, the feedback 10 (the defaults), so 13 and 8 are left.
	sent := consoleStart.Add(-48 * time.Hour)
	code := cp.send(t, sent, cp.consoleComment(text))
	fbCode := cp.send(t, sent.Add(time.Hour), consoleFeedback("o-nhiem", "Xã Bình Sơn", feedback))

	// Without a session an item page sends to the login.
	consoleOpen(t, p, cp.Base+"/quan-tri/y-kien/"+code+"/", http.StatusOK)
	if loc := browsertest.Eval[string](p, `location.pathname + location.search`); !strings.HasPrefix(loc, "/quan-tri/dang-nhap/?tiep=") {
		t.Errorf("an item page without a session opened %s, not the login", loc)
	}
	consoleProblems(t, p, "the login page", 0)

	consoleLogin(t, p, cp, consoleModerator)
	consoleProblems(t, p, "the queue", 0)
	consoleFits(t, p, "the queue", width)
	items := browsertest.Eval[[]consoleQueueItem](p, consoleQueueJS)
	want := map[string]string{code: "Còn 13 ngày", fbCode: "Còn 8 ngày"}
	if len(items) != 2 {
		t.Errorf("the queue lists %d items, want the comment %s and the feedback %s: %+v", len(items), code, fbCode, items)
	}
	var link string
	for _, it := range items {
		days, ok := want[it.Code]
		if !ok {
			t.Errorf("the queue lists %q, which nobody sent", it.Code)
			continue
		}
		if !strings.Contains(it.Text, days) {
			t.Errorf("the queue's line of %s does not say %q:\n%s", it.Code, days, it.Text)
		}
		if it.Href != "/quan-tri/y-kien/"+it.Code+"/" {
			t.Errorf("the queue's line of %s links to %q", it.Code, it.Href)
		}
		if strings.Contains(it.Text, consoleName) || strings.Contains(it.Text, consolePhone) {
			t.Errorf("the queue shows the citizen's personal data; it belongs on the item page only:\n%s", it.Text)
		}
		if it.Code == code {
			link = it.Href
		}
		delete(want, it.Code)
	}
	for c := range want {
		t.Errorf("the queue lacks %s", c)
	}
	if link == "" {
		t.FailNow()
	}
	if i := slices.IndexFunc(items, func(it consoleQueueItem) bool { return it.Code == code }); i != 0 {
		t.Errorf("the older comment is at place %d of the queue, want first (oldest first)", i+1)
	}

	consoleGo(t, p, "opening the comment from the queue", chromedp.Click(chromedp.CSS(`.console-queue a[href="`+link+`"]`)))
	if loc := browsertest.Eval[string](p, `location.pathname`); loc != link {
		t.Fatalf("the queue's link led to %s, want %s", loc, link)
	}
	consoleProblems(t, p, "the item page", 0)
	consoleFits(t, p, "the item page", width)
	personal := browsertest.Eval[string](p, `(document.querySelector("section.personal") || {}).innerText || ""`)
	for _, want := range []string{consoleName, consolePhone} {
		if !strings.Contains(personal, want) {
			t.Errorf("the item page does not show staff the citizen's %q; its personal section says:\n%s", want, personal)
		}
	}
	if page := consoleText(p); !strings.Contains(page, text) || !strings.Contains(page, "còn 13 ngày") {
		t.Errorf("the item page lacks the citizen's text or its days left:\n%s", page)
	}

	const answerForm = `form:has(input[name=action][value=answer])`
	p.Do("writing the answer",
		chromedp.SendKeys(chromedp.CSS(answerForm+" textarea[name=answer]"), answer),
		chromedp.Click(chromedp.CSS(answerForm+" input[name=accepted]")),
	)
	if status := consoleGo(t, p, "pressing «Đăng câu trả lời»", chromedp.Click(chromedp.CSS(answerForm+" button[type=submit]"))); status != http.StatusOK {
		t.Errorf("after answering the page came with HTTP %d", status)
	}
	loc := browsertest.Eval[string](p, `location.pathname + location.search`)
	if loc != link+"?da-luu=1" {
		t.Errorf("answering led to %s, want back to %s?da-luu=1", loc, link)
	}
	saved := browsertest.Eval[map[string]string](p, `(() => {
  const n = document.querySelector(".notice-ok");
  return {text: n ? n.innerText.trim() : "", role: n ? n.getAttribute("role") || "" : ""};
})()`)
	if saved["text"] != "Đã lưu." || saved["role"] != "status" {
		t.Errorf("after answering the item page says %q (role %q), want «Đã lưu.» in a status", saved["text"], saved["role"])
	}
	if page := consoleText(p); !strings.Contains(page, "Đã trả lời công khai") || !strings.Contains(page, answer) || !strings.Contains(page, "Đã trả lời") {
		t.Errorf("the item page does not show the answer given:\n%s", page)
	}
	consoleProblems(t, p, "the item page after answering", 0)
	consoleAxe(t, p, "the item page after answering", scriptsOff)
	consoleFits(t, p, "the item page after answering", width)
	if sub, err := cp.Store.Get(context.Background(), code); err != nil || sub.Answer != answer || !sub.Accepted || sub.Status != participation.StatusAnswered {
		t.Errorf("stored %s after answering: %+v, %v", code, sub, err)
	}

	consoleLogout(t, p, cp)
	consoleProblems(t, p, "the login page after logging out", 0)

	// Logged out, as the citizen and anyone else sees it.
	secrets := []string{consoleName, "Thị Hoa", consolePhone, "0905123456", "123 456", consoleAddress, "cầu sắt", text}
	noSecrets := func(what string) {
		t.Helper()
		html := browsertest.Eval[string](p, `document.documentElement.outerHTML`)
		for _, s := range secrets {
			if strings.Contains(html, s) {
				t.Errorf("%s shows %q, which the citizen sent to the agency only", what, s)
			}
		}
	}
	consoleOpen(t, p, cp.Base+"/theo-doi/"+code+"/", http.StatusOK)
	status := browsertest.Eval[string](p, `(document.querySelector("main") || document.body).innerText`)
	if !strings.Contains(status, answer) || !strings.Contains(status, "Trả lời của Sở") || !strings.Contains(status, "Đã trả lời") {
		t.Errorf("the tracking page of %s lacks the answer:\n%s", code, status)
	}
	noSecrets("the tracking page")
	consoleProblems(t, p, "the tracking page", 0)
	consoleAxe(t, p, "the tracking page with an answer", scriptsOff)
	consoleFits(t, p, "the tracking page", width)

	consoleOpen(t, p, cp.Base+cp.Disclosure, http.StatusOK)
	if scriptsOff && browsertest.Eval[bool](p, `!!window.minhbachSolve`) {
		t.Error("the disclosure page ran its scripts in a tab with JavaScript off")
	}
	answers := browsertest.Eval[string](p, `(document.querySelector("#tra-loi-cong-khai") || {}).parentElement?.innerText || ""`)
	if !strings.Contains(answers, "Sở đã trả lời") || !strings.Contains(answers, answer) || !strings.Contains(answers, code) {
		t.Errorf("the disclosure page lacks «Sở đã trả lời» with the answer; its answers say %q", answers)
	}
	noSecrets("the disclosure page")
	consoleProblems(t, p, "the disclosure page", 0)
	consoleAxe(t, p, "the disclosure page with an answer", scriptsOff)
	consoleFits(t, p, "the disclosure page", width)
}

// TestConsoleWorkflowInBrowser: a moderator works the queue on a phone
// and on a desktop, with the keyboard to log in, and the answer reaches
// the public pages without a name or phone number.
func TestConsoleWorkflowInBrowser(t *testing.T) {
	for _, vp := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"dien-thoai-390", 390, 844, true}, {"may-tinh-1280", 1280, 800, false}} {
		t.Run(vp.name, func(t *testing.T) {
			p := consoleTab(t, vp.width, vp.height, vp.mobile)
			consoleWorkflow(t, p, vp.width, false)
		})
	}
}

// TestConsoleWithoutJavaScript: the same work with scripts off, as on an
// office computer that blocks them: forms post, links load, nothing
// needs a script.
func TestConsoleWithoutJavaScript(t *testing.T) {
	p := browser.NewPage(t)
	p.DisableJavaScript()
	p.Viewport(390, 844, true)
	consoleWorkflow(t, p, 390, true)
}

// TestConsolePagesAreAccessible opens every console page, each with
// something in it, as an admin and as a moderator, at 320 and 390 px,
// and checks that it reports no problem, has no WCAG 2.1 A/AA violation
// axe-core finds and does not scroll sideways.
func TestConsolePagesAreAccessible(t *testing.T) {
	cp := startConsolePortal(t)
	// A comment with personal data, answered; feedback with a photo;
	// feedback long overdue; and a burst of one topic in one commune this
	// week, which is a hot spot.
	commented := cp.send(t, consoleStart.Add(-72*time.Hour), cp.consoleComment("Đề nghị bố trí tái định cư gần nơi ở cũ, trong cùng xã Bình Sơn."))
	photo := cp.sendWithPhoto(t, consoleStart.Add(-30*time.Hour), map[string]string{
		"kind": "feedback", "target": participation.FeedbackPath, "topic": "khai-thac-trai-phep", "commune": "Xã Tịnh Khê",
		"text": "Có người hút cát ban đêm ở bãi sông, xe tải chở cát làm hỏng đường thôn.", "address": consoleAddress,
		"name": consoleName, "contact": consolePhone, "consent": "true",
	}, consoleJPEG(t))
	late := cp.send(t, consoleStart.Add(-25*24*time.Hour), consoleFeedback("dat-dai", "Phường Cẩm Thành", "Hồ sơ cấp giấy chứng nhận nộp từ tháng 10 vẫn chưa có kết quả."))
	for i := range 5 {
		cp.send(t, consoleStart.Add(-time.Duration(i+1)*time.Hour), consoleFeedback("o-nhiem", "Xã Bình Sơn", fmt.Sprintf("Nước thải từ xưởng chế biến đổ ra kênh, lần thứ %d trong tuần.", i+1)))
	}
	answer, yes := "Sở đã tiếp thu: khu tái định cư bố trí tại thôn Tây Phước, xã Bình Sơn.", true
	if _, err := cp.Store.Change(context.Background(), commented, participation.Change{Answer: &answer, Accepted: &yes}, consoleModerator, consoleStart.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	cp.Misses.Record("giấy phép khai thác cát sông Trà Khúc")
	cp.Misses.Record("giấy phép khai thác cát sông Trà Khúc")
	cp.Misses.Record("đơn giá bồi thường cây keo")

	unknown, err := participation.NewCode()
	if err != nil {
		t.Fatal(err)
	}

	type consolePage struct {
		name, path string
		status     int64
		want       []string // texts the page must show
		extra      func(t *testing.T, p *browsertest.Page)
	}
	// A late item says by how much, never a negative number of days.
	overdue := func(t *testing.T, p *browsertest.Page) {
		if page := consoleText(p); strings.Contains(page, "hạn -") {
			t.Errorf("an overdue item counts negative days:\n%s", page)
		}
	}
	// A table wider than the phone scrolls in its box, which the
	// keyboard can reach to scroll it.
	tables := func(t *testing.T, p *browsertest.Page) {
		boxes := browsertest.Eval[[]map[string]any](p, `[...document.querySelectorAll(".table-scroll")].map(b => ({
  overflow: getComputedStyle(b).overflowX, tabindex: b.tabIndex, name: b.getAttribute("aria-label") || "",
  wider: b.scrollWidth > b.clientWidth}))`)
		if len(boxes) == 0 {
			t.Error("the page has no .table-scroll box around its table")
		}
		for _, b := range boxes {
			if b["wider"] == true && (b["overflow"] != "auto" && b["overflow"] != "scroll") {
				t.Errorf("the table box %q is wider than the screen and does not scroll (overflow-x: %v)", b["name"], b["overflow"])
			}
			if b["tabindex"] != float64(0) || b["name"] == "" {
				t.Errorf("the table box %+v cannot be reached by keyboard or has no name", b)
			}
		}
	}
	// The photo loads for staff, with a text alternative that counts
	// from 1.
	photoLoads := func(t *testing.T, p *browsertest.Page) {
		p.Do("scrolling to the photo", chromedp.ScrollIntoView(chromedp.CSS("img.citizen-photo")))
		p.WaitFor(`(() => { const i = document.querySelector("img.citizen-photo"); return i.complete; })()`)
		img := browsertest.Eval[map[string]any](p, `(() => { const i = document.querySelector("img.citizen-photo");
  return {alt: i.alt, width: i.naturalWidth, shown: i.getBoundingClientRect().width, src: i.getAttribute("src")}; })()`)
		if img["alt"] != "Ảnh 1 người dân gửi kèm" {
			t.Errorf("the first photo's text alternative is %q, want «Ảnh 1 người dân gửi kèm»", img["alt"])
		}
		if img["width"] == float64(0) || img["src"] != "/quan-tri/anh/"+photo+"/1" {
			t.Errorf("the photo does not load for staff: %+v", img)
		}
	}
	adminPages := []consolePage{
		{"the queue", "/quan-tri/", 200, []string{"Hàng chờ ý kiến (7)", "Quá hạn 15 ngày", "Còn 9 ngày", "Còn 8 ngày"}, overdue},
		{"the queue, filtered", "/quan-tri/?loai=feedback&tinh-trang=mo&chu-de=o-nhiem&xa=" + "X%C3%A3+B%C3%ACnh+S%C6%A1n", 200, []string{"Hàng chờ ý kiến (5)", "Nước thải"}, nil},
		{"the item with personal data and a photo", "/quan-tri/y-kien/" + photo + "/", 200, []string{consoleName, consolePhone, consoleAddress}, photoLoads},
		{"the answered comment", "/quan-tri/y-kien/" + commented + "/", 200, []string{answer, "Đã trả lời"}, nil},
		{"the overdue item", "/quan-tri/y-kien/" + late + "/", 200, []string{"quá hạn 15 ngày", "Người gửi không để lại thông tin cá nhân."}, overdue},
		{"the hot spots", "/quan-tri/diem-nong/", 200, []string{"Ô nhiễm môi trường (khói bụi, nước thải, tiếng ồn, rác) — Xã Bình Sơn"}, nil},
		{"the handling report", "/quan-tri/bao-cao/", 200, []string{"Thời gian trả lời", "Góp ý"}, tables},
		{"the searches that found nothing", "/quan-tri/khong-tim-thay/", 200, []string{"giấy phép khai thác cát sông trà khúc", "2 lần"}, nil},
		{"the audit log", "/quan-tri/nhat-ky/", 200, []string{consoleModerator, commented}, tables},
		{"an unknown code", "/quan-tri/y-kien/" + unknown + "/", 404, []string{"Không có ý kiến mang mã này."}, nil},
	}
	modPages := []consolePage{
		{"the audit log refused to a moderator", "/quan-tri/nhat-ky/", 403, []string{"Tài khoản của bạn không có quyền làm việc này."}, nil},
	}
	for _, vp := range []struct {
		name          string
		width, height int64
	}{{"dien-thoai-320", 320, 640}, {"dien-thoai-390", 390, 844}} {
		t.Run(vp.name, func(t *testing.T) {
			p := consoleTab(t, vp.width, vp.height, true)
			check := func(t *testing.T, p *browsertest.Page, pg consolePage) {
				t.Helper()
				p.ResetProblems()
				consoleOpen(t, p, cp.Base+pg.path, pg.status)
				page := consoleText(p)
				for _, want := range pg.want {
					if !strings.Contains(page, want) {
						t.Errorf("%s (%s) does not say %q:\n%s", pg.name, pg.path, want, page)
					}
				}
				if dup := browsertest.Eval[[]string](p, consoleDuplicateLinksJS); len(dup) > 0 {
					t.Errorf("%s: the console bar has the same link more than once: %v", pg.name, dup)
				}
				if pg.extra != nil {
					pg.extra(t, p)
				}
				allow := 0
				if pg.status >= 400 {
					allow = int(pg.status)
				}
				consoleProblems(t, p, pg.name, allow)
				consoleAxe(t, p, pg.name, false)
				consoleFits(t, p, pg.name, vp.width)
			}
			t.Run("dang-nhap", func(t *testing.T) {
				p := p.In(t)
				consoleOpen(t, p, cp.Base+"/quan-tri/dang-nhap/", 200)
				consoleProblems(t, p, "the login page", 0)
				consoleAxe(t, p, "the login page", false)
				consoleFits(t, p, "the login page", vp.width)
				// A wrong password brings the form back with the error.
				p.Do("typing a wrong password",
					chromedp.SendKeys(chromedp.CSS("#dn-email"), consoleAdmin),
					chromedp.SendKeys(chromedp.CSS("#dn-mat-khau"), "sai mật khẩu"))
				if st := consoleGo(t, p, "sending a wrong password", chromedp.Click(chromedp.CSS(".console-login button[type=submit]"))); st != http.StatusUnauthorized {
					t.Errorf("a wrong password got HTTP %d, want 401", st)
				}
				if page := consoleText(p); !strings.Contains(page, "Sai địa chỉ thư điện tử hoặc mật khẩu.") {
					t.Errorf("a wrong password does not say so:\n%s", page)
				}
				consoleProblems(t, p, "the login page with an error", http.StatusUnauthorized)
				consoleAxe(t, p, "the login page with an error", false)
				consoleFits(t, p, "the login page with an error", vp.width)
			})
			t.Run("quan-tri-vien", func(t *testing.T) {
				p := p.In(t)
				consoleLogin(t, p, cp, consoleAdmin)
				for _, pg := range adminPages {
					t.Run(strings.ReplaceAll(pg.name, " ", "-"), func(t *testing.T) {
						check(t, p.In(t), pg)
					})
				}
				consoleLogout(t, p, cp)
			})
			t.Run("can-bo", func(t *testing.T) {
				p := p.In(t)
				consoleLogin(t, p, cp, consoleModerator)
				for _, pg := range modPages {
					t.Run(strings.ReplaceAll(pg.name, " ", "-"), func(t *testing.T) {
						check(t, p.In(t), pg)
					})
				}
				consoleLogout(t, p, cp)
			})
		})
	}
}
