package e2e

// The portal as a citizen on a phone meets it: the project's own content,
// built and indexed for real and served by the real server, opened in
// Chromium at 390×844 (a common phone) and 1280×800. Each layout's main
// content must start in the first screen, the home page must offer its
// top tasks and the search box there, the menu must open without
// JavaScript, every search box must suggest, a procedure must print
// from a button, and states that change with the date must be shown as
// of the day the page is read.

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/internal/browsertest"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/server"
)

// portal is the project's own site, built, indexed and served.
type portal struct {
	Base string
	Site *generator.Site
}

// startPortal builds the repository's own content (../content, ../site.toml)
// as of now, indexes it and serves it with the search server. dateHeader,
// when not zero, is the server's clock as the browser sees it (the Date
// header), for the pages that correct themselves on the day they are read.
func startPortal(t *testing.T, now, dateHeader time.Time) portal {
	t.Helper()
	useRepoDartSass(t)
	dir := t.TempDir()
	dest, index := filepath.Join(dir, "public"), filepath.Join(dir, "index")
	ctx := context.Background()
	res, err := generator.Build(ctx, generator.Options{Source: "..", Destination: dest, Now: now})
	if err != nil {
		t.Fatalf("building the portal's own content: %v", err)
	}
	if _, err := search.Build(ctx, res.Site.Pages, index, search.BuildOptions{BuiltAt: now}); err != nil {
		t.Fatalf("indexing the portal: %v", err)
	}
	hctx, stop := context.WithCancel(ctx)
	holder, err := search.OpenHolder(hctx, index, search.HolderOptions{})
	if err != nil {
		stop()
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(); holder.Close() })
	s, err := server.New(server.Options{SiteDir: dest, Holder: holder, Logger: log.New(testWriter{t}, "portal: ", 0)})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	if !dateHeader.IsZero() {
		h = withDate(h, dateHeader)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return portal{Base: srv.URL, Site: res.Site}
}

// firstOf is the URL of the first content page of a type, or of a page
// in a section ("hoi-dap").
func (p portal) firstOf(t *testing.T, typ, section string) string {
	t.Helper()
	for _, pg := range p.Site.ContentPages(typ) {
		if section == "" || pg.Section == section {
			return pg.URL
		}
	}
	t.Fatalf("the portal has no page of type %q in section %q", typ, section)
	return ""
}

// phoneFirstScreens are the two screens of the issue: a common phone and
// a laptop.
var phoneFirstScreens = []viewport{
	{"dien-thoai-390", 390, 844, true, true},
	{"may-tinh-1280", 1280, 800, false, true},
}

// topOfJS is the top of the first element matching a selector, in CSS
// pixels from the top of the page, or -1 when nothing matches or it is
// not shown.
const topOfJS = `((sel) => {
  const el = document.querySelector(sel);
  if (!el) return -1;
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return -1;
  return Math.round(r.top + scrollY);
})(%q)`

// artefactDir is where the tests keep their screenshots for people to
// look at: $MINHBACH_ARTEFACTS, or .cache/test-artefacts/ of the
// repository (ignored by git, kept by CI as an artefact).
func artefactDir(t *testing.T, sub string) string {
	t.Helper()
	dir := os.Getenv("MINHBACH_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join("..", ".cache", "test-artefacts")
	}
	dir = filepath.Join(dir, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves what the screen shows (not the whole page: the first
// screen is the point) as name.png in dir.
func screenshot(t *testing.T, p *browsertest.Page, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(p.Context(), chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot of %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMainContentInTheFirstScreen opens a page of every layout at both
// widths and asserts where its main content starts: within the first
// screen, with room to read it (a full line above the fold's last 120
// px). It also runs axe on each and keeps a screenshot of each first
// screen under .cache/test-artefacts/phone-first/.
func TestMainContentInTheFirstScreen(t *testing.T) {
	pt := startPortal(t, today, time.Time{})
	pages := []struct {
		name, url string
		main      []string // each must start in the first screen
	}{
		{"trang-chu", "/", []string{"#tim-kiem-trang-chu", ".top-tasks .task-list > li:nth-child(4)"}},
		{"danh-sach-thu-tuc", "/thu-tuc/", []string{"#tim-trong-muc", ".page-list > li"}},
		{"danh-sach-van-ban", "/van-ban/", []string{"#tim-trong-muc", ".page-list > li"}},
		{"thu-tuc", pt.firstOf(t, "procedure", ""), []string{".essentials dl > div"}},
		{"van-ban", pt.firstOf(t, "document", ""), []string{".page-header h1", ".status"}},
		{"cong-khai", pt.firstOf(t, "disclosure", ""), []string{".page-header h1", ".status"}},
		{"tin-tuc", pt.firstOf(t, "news", ""), []string{".page-header h1", "main .lead, main .content p"}},
		{"hoi-dap", pt.firstOf(t, "page", "hoi-dap"), []string{".page-header h1", "main .lead, main .content p"}},
		{"tim-kiem", "/tim-kiem/?q=" + strings.ReplaceAll(lostQuery, " ", "+"), []string{".search-hits > li"}},
		{"nhung-tim-kiem", "/nhung-tim-kiem/", []string{"main h1", "main p"}},
		{"404", "/404.html", []string{"main h1"}},
	}
	dir := artefactDir(t, "phone-first")
	for _, vp := range phoneFirstScreens {
		t.Run(vp.name, func(t *testing.T) {
			tab := browser.NewPage(t)
			tab.Viewport(vp.width, vp.height, vp.mobile)
			for _, pg := range pages {
				t.Run(pg.name, func(t *testing.T) {
					p := tab.In(t)
					p.ResetProblems()
					p.Navigate(pt.Base + pg.url)
					screenshot(t, p, dir, vp.name+"-"+pg.name)
					for _, sel := range pg.main {
						top := browsertest.Eval[int](p, fmt.Sprintf(topOfJS, sel))
						t.Logf("%s at %dpx: %s starts at %dpx", pg.url, vp.width, sel, top)
						if top < 0 {
							t.Errorf("%s has no visible %s", pg.url, sel)
						} else if limit := int(vp.height) - 120; top > limit {
							t.Errorf("at %d×%d, %s on %s starts at %dpx, below the first screen (limit %dpx)", vp.width, vp.height, sel, pg.url, top, limit)
						}
					}
					p.AssertNoConsoleErrors()
					p.AssertAccessible()
				})
			}
		})
	}
}

// TestMenuOpensWithoutJavaScript checks the compact header: on a phone
// the menu is one button that opens the links in place, by touch or by
// keyboard, with scripts off; on a laptop the links are simply there.
func TestMenuOpensWithoutJavaScript(t *testing.T) {
	pt := startPortal(t, today, time.Time{})
	// checkVisibility is false inside a closed disclosure's hidden content.
	const linkShown = `(() => { const a = document.querySelector('.site-nav a[href="/van-ban/"]'); return !!a && a.checkVisibility(); })()`
	const buttonShown = `(() => { const s = document.querySelector('.site-nav summary'); return !!s && s.checkVisibility(); })()`

	phone := browser.NewPage(t)
	phone.Viewport(390, 844, true)
	phone.DisableJavaScript()
	phone.Navigate(pt.Base + "/thu-tuc/")
	if browsertest.Eval[bool](phone, linkShown) || !browsertest.Eval[bool](phone, buttonShown) {
		t.Fatal("on a phone the menu should start closed behind its button")
	}
	if h := browsertest.Eval[int](phone, `Math.round(document.querySelector(".site-header").getBoundingClientRect().height)`); h > 160 {
		t.Errorf("the phone header is %dpx tall; it should stay a short band (at most 160px)", h)
	}
	phone.Do("tapping the menu button", chromedp.Tap(chromedp.CSS(".site-nav summary")))
	if !browsertest.Eval[bool](phone, linkShown) {
		t.Fatal("tapping Danh mục did not show the menu's links")
	}
	// The keyboard: the button is reached with Tab and toggles with Enter.
	phone.Navigate(pt.Base + "/van-ban/")
	browsertest.Eval[bool](phone, `(document.querySelector(".site-nav summary").focus(), true)`)
	phone.Do("pressing Enter on the menu button", chromedp.KeyEvent(kb.Enter))
	if !browsertest.Eval[bool](phone, linkShown) {
		t.Error("Enter on the menu button did not open the menu")
	}
	if cur := browsertest.Eval[string](phone, `document.querySelector('.site-nav a[aria-current]')?.getAttribute("href") || ""`); cur != "/van-ban/" {
		t.Errorf("the open menu marks %q as the current section, want /van-ban/", cur)
	}

	laptop := browser.NewPage(t)
	laptop.Viewport(1280, 800, false)
	laptop.DisableJavaScript()
	laptop.Navigate(pt.Base + "/thu-tuc/")
	if !browsertest.Eval[bool](laptop, linkShown) || browsertest.Eval[bool](laptop, buttonShown) {
		t.Error("on a laptop the menu's links should show as a row, with no button")
	}
}

// TestSearchBoxesSuggest types into the header's box on a procedure page
// and into the home page's box: titles come as you type, labelled by what
// they are, the arrow keys walk them as the combobox pattern says and
// Enter opens the chosen one.
func TestSearchBoxesSuggest(t *testing.T) {
	pt := startPortal(t, today, time.Time{})
	for _, c := range []struct{ page, box string }{
		{pt.firstOf(t, "procedure", ""), "#o-tim-kiem"},
		{"/", "#tim-kiem-trang-chu"},
		{"/thu-tuc/", "#tim-trong-muc"},
	} {
		t.Run(c.box, func(t *testing.T) {
			p := browser.NewPage(t)
			p.Viewport(390, 844, true)
			p.Navigate(pt.Base + c.page)
			p.WaitFor(fmt.Sprintf(`document.querySelector(%q).getAttribute("role") === "combobox"`, c.box))
			browsertest.Eval[bool](p, fmt.Sprintf(`(document.querySelector(%q).focus(), true)`, c.box))
			const typed = "so do bi mat"
			p.Do("typing", chromedp.KeyEvent(typed))
			// Wait for the answer to the whole query, not to a prefix
			// typed on the way.
			list := fmt.Sprintf(`document.getElementById(document.querySelector(%q).getAttribute("aria-controls"))`, c.box)
			p.WaitFor(fmt.Sprintf(`%s.dataset.query === %q && %s.children.length > 0 && !%s.hidden`, list, typed, list, list))
			if got := browsertest.Eval[string](p, fmt.Sprintf(`document.querySelector(%q).getAttribute("aria-expanded")`, c.box)); got != "true" {
				t.Errorf("aria-expanded is %q while suggestions show", got)
			}
			labels := browsertest.Eval[[]string](p, list+`? [...`+list+`.querySelectorAll(".suggest-type")].map((e) => e.textContent) : []`)
			for _, l := range labels {
				if l == "Trang" {
					t.Errorf("a suggestion is labelled %q; labels should say what it is (Hỏi đáp, Thủ tục…): %v", l, labels)
				}
			}
			p.Do("arrow down", chromedp.KeyEvent(kb.ArrowDown))
			active := browsertest.Eval[string](p, fmt.Sprintf(`document.querySelector(%q).getAttribute("aria-activedescendant") || ""`, c.box))
			if active == "" || browsertest.Eval[string](p, fmt.Sprintf(`document.getElementById(%q).getAttribute("aria-selected")`, active)) != "true" {
				t.Fatalf("ArrowDown did not select the first suggestion (aria-activedescendant %q)", active)
			}
			want := browsertest.Eval[string](p, `(() => { const s = `+list+`.children[0]; return s.querySelector(".suggest-title").textContent; })()`)
			if got := pressEnter(t, p); strings.Contains(got, "/tim-kiem/") {
				t.Fatalf("Enter on a chosen suggestion opened the search page %s", got)
			}
			p.WaitFor(fmt.Sprintf(`document.readyState === "complete" && document.querySelector("h1") && document.querySelector("h1").textContent.trim() === %q`, want))
		})
	}
}

// TestProcedurePrintButton: with scripts on, a procedure shows a print
// button that opens the browser's print; with scripts off the button is
// not there (it could do nothing) and the page says how to print.
func TestProcedurePrintButton(t *testing.T) {
	pt := startPortal(t, today, time.Time{})
	u := pt.Base + pt.firstOf(t, "procedure", "")
	p := browser.NewPage(t)
	p.Viewport(390, 844, true)
	p.Navigate(u)
	p.WaitFor(`!document.querySelector("button[data-print]").hidden`)
	browsertest.Eval[bool](p, `(window.print = () => { window.__printed = true; }, true)`)
	p.Do("pressing the print button", partClick("button[data-print]"))
	if !browsertest.Eval[bool](p, `window.__printed === true`) {
		t.Error("the print button did not open the print dialog")
	}

	off := browser.NewPage(t)
	off.Viewport(390, 844, true)
	off.DisableJavaScript()
	off.Navigate(u)
	if browsertest.Eval[bool](off, `document.querySelector("button[data-print]").getClientRects().length > 0`) {
		t.Error("without JavaScript the print button shows, though it can do nothing")
	}
	if txt := browsertest.Eval[string](off, `document.querySelector(".print-hint").textContent`); !strings.Contains(txt, "điện thoại") {
		t.Errorf("the print hint does not tell phone users how to print: %q", txt)
	}
}

// shownNoticesJS lists the states of the date-dependent notices shown.
const shownNoticesJS = `[...document.querySelectorAll(".status-notices > [data-state]")].filter((n) => n.getClientRects().length > 0).map((n) => n.dataset.state).join(",")`

// TestStatusAsOfTheDayRead builds the e2e site as of a day when a
// comment period is open and a new law is not yet in force, then serves
// it with the server's clock past both dates: with scripts on, the
// badges say what is true on the day the page is read; with scripts off
// the page states the build's day and the dates, in words.
func TestStatusAsOfTheDayRead(t *testing.T) {
	built := time.Date(2024, 7, 20, 0, 0, 0, 0, time.UTC)
	read := time.Date(2024, 8, 2, 3, 0, 0, 0, time.UTC)
	useRepoDartSass(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(context.Background(), generator.Options{Source: filepath.Join("testdata", "site"), Destination: dest, Now: built}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(withDate(http.FileServer(http.Dir(dest)), read))
	t.Cleanup(srv.Close)

	const badge = `document.querySelector(".doc-meta .status").textContent.trim()`
	cases := []struct {
		url, atBuild, whenRead, noticeRead string
	}{
		{"/van-ban/luat-dat-dai-2024/", "chưa có hiệu lực", "còn hiệu lực", ""},
		{"/van-ban/luat-dat-dai-2013/", "còn hiệu lực", "hết hiệu lực toàn bộ", "expired"},
	}
	for _, c := range cases {
		p := browser.NewPage(t)
		p.Navigate(srv.URL + c.url)
		p.WaitFor(`document.documentElement.dataset.readOn === "2024-08-02"`)
		if got := browsertest.Eval[string](p, badge); got != c.whenRead {
			t.Errorf("%s read on 2 August 2024: badge %q, want %q", c.url, got, c.whenRead)
		}
		if got := browsertest.Eval[string](p, shownNoticesJS); got != c.noticeRead {
			t.Errorf("%s read on 2 August 2024: notices shown %q, want %q", c.url, got, c.noticeRead)
		}
		if got := browsertest.Eval[string](p, `document.querySelector("[data-asof]").textContent`); got != "02/08/2024" {
			t.Errorf("%s: the status is said as of %q, want 02/08/2024", c.url, got)
		}

		off := browser.NewPage(t)
		off.DisableJavaScript()
		off.Navigate(srv.URL + c.url)
		if got := browsertest.Eval[string](off, badge); got != c.atBuild {
			t.Errorf("%s without JavaScript: badge %q, want the build day's %q", c.url, got, c.atBuild)
		}
		if txt := browsertest.Eval[string](off, `document.querySelector("main").innerText`); !strings.Contains(txt, "20/07/2024") {
			t.Errorf("%s without JavaScript does not say which day its status is as of", c.url)
		}
	}
}

// TestDisclosureClosesOnTheDayRead: a comment period open on the build's
// day shows as closed, with the closed notice, once the server's clock
// is past its last day; on the build's own day nothing changes.
func TestDisclosureClosesOnTheDayRead(t *testing.T) {
	useRepoDartSass(t)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(context.Background(), generator.Options{Source: filepath.Join("testdata", "site"), Destination: dest, Now: today})
	if err != nil {
		t.Fatal(err)
	}
	u := builtSite{Site: res.Site}.page(t, "cong-khai/lay-y-kien-phuong-an-boi-thuong.md").URL
	for _, c := range []struct {
		read              time.Time
		day, badge, shown string
	}{
		{today.Add(10 * time.Hour), "2026-11-26", "Đang lấy ý kiến", "open"},
		{time.Date(2026, 12, 20, 2, 0, 0, 0, time.UTC), "2026-12-20", "Đã hết thời hạn", "closed"}, // until = 2026-12-10
	} {
		srv := httptest.NewServer(withDate(http.FileServer(http.Dir(dest)), c.read))
		p := browser.NewPage(t)
		p.Navigate(srv.URL + u)
		p.WaitFor(fmt.Sprintf(`document.documentElement.dataset.readOn === %q`, c.day))
		if got := browsertest.Eval[string](p, `document.querySelector("dl.meta .status").textContent.trim()`); got != c.badge {
			t.Errorf("read on %s: badge %q, want %q", c.day, got, c.badge)
		}
		if got := browsertest.Eval[string](p, shownNoticesJS); got != c.shown {
			t.Errorf("read on %s: notices shown %q, want %q", c.day, got, c.shown)
		}
		srv.Close()
	}
}
