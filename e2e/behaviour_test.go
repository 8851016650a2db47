package e2e

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/internal/browsertest"
)

// visibleText is what a sighted reader sees of the main content.
func visibleText(p *browsertest.Page) string {
	return browsertest.Eval[string](p, `document.querySelector("main").innerText`)
}

// TestSearchWorksWithoutJavaScript submits the header search box with
// scripts off: the browser must land on /tim-kiem/ with the query, on
// the frame the search server fills in.
func TestSearchWorksWithoutJavaScript(t *testing.T) {
	s := buildSite(t)
	p := browser.NewPage(t)
	p.DisableJavaScript()
	p.Viewport(390, 844, true)
	p.Navigate(s.Base + "/van-ban/")
	const query = "tách thửa"
	_, err := chromedp.Run(p.Context(), chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.SendKeys(chromedp.CSS(`form[action="/tim-kiem/"] input[name="q"]`), query+"\n")))
	if err != nil {
		t.Fatalf("submitting the search box: %v", err)
	}
	loc, err := chromedp.Run(p.Context(), chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/tim-kiem/" || u.Query().Get("q") != query {
		t.Errorf("the search box led to %s, want /tim-kiem/?q=%s", loc, query)
	}
	html := browsertest.Eval[string](p, `document.documentElement.outerHTML`)
	for _, marker := range []string{"<!--minhbach:results-->", "<!--minhbach:facets-->", "data-minhbach-q"} {
		if !strings.Contains(html, marker) {
			t.Errorf("the search page lacks %s, where the server fills in the search", marker)
		}
	}
	p.AssertNoConsoleErrors()
}

// focusState describes the focused element for a keyboard user.
type focusState struct {
	Text    string `json:"text"`
	InMain  bool   `json:"inMain"`
	OnView  bool   `json:"onView"`
	Focused string `json:"focused"`
	Blurred string `json:"blurred"`
}

// focusJS reports the focused element: its text, whether it is in the
// main content and on screen, and its look with and without focus.
const focusJS = `(() => {
  const a = document.activeElement;
  const look = () => { const c = getComputedStyle(a); return [c.outlineStyle, c.outlineColor, c.boxShadow, c.backgroundColor, c.color].join("|"); };
  const r = a.getBoundingClientRect();
  const st = {text: (a.innerText || a.textContent || "").trim(), inMain: !!document.querySelector("main").contains(a),
    onView: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
    focused: look(), blurred: ""};
  a.blur(); st.blurred = look(); a.focus({focusVisible: true});
  return st;
})()`

// TestKeyboardUsersSkipToContentAndSeeFocus tabs through a page as a
// keyboard user: the first stop is a visible skip link, following it
// moves the next stop into the main content, and focus is always shown.
func TestKeyboardUsersSkipToContentAndSeeFocus(t *testing.T) {
	s := buildSite(t)
	proc := s.page(t, "thu-tuc/tach-thua-hop-thua-dat.md")
	for _, vp := range []viewport{viewports[1], viewports[2]} {
		t.Run(vp.name, func(t *testing.T) {
			p := browser.NewPage(t)
			p.Viewport(vp.width, vp.height, vp.mobile)
			p.Navigate(s.Base + proc.URL)
			p.Do("pressing Tab", chromedp.KeyEvent("\t"))
			st := browsertest.Eval[focusState](p, focusJS)
			if st.Text != "Bỏ qua, tới nội dung chính" || !st.OnView {
				t.Fatalf("first Tab stop = %q (on screen: %v), want the visible skip link", st.Text, st.OnView)
			}
			if st.Focused == st.Blurred {
				t.Errorf("the skip link looks the same with and without focus: %s", st.Focused)
			}
			p.Do("following the skip link", chromedp.KeyEvent("\r"), chromedp.KeyEvent("\t"))
			st = browsertest.Eval[focusState](p, focusJS)
			if !st.InMain {
				t.Errorf("after the skip link, Tab went to %q outside the main content", st.Text)
			}
			if st.Focused == st.Blurred {
				t.Errorf("the focused link %q looks the same with and without focus: %s", st.Text, st.Focused)
			}
		})
	}
}

// TestPagesStateStatusAsOfBuildDay reads the pages as a citizen would:
// a replaced law says so before its details, statuses and comment
// periods are stated as of the build's day, a procedure warns when its
// legal basis has expired, and the home page shows open consultations
// first.
func TestPagesStateStatusAsOfBuildDay(t *testing.T) {
	s := buildSite(t)
	asOf := "tính đến " + generator.DateShort(today)
	old := s.page(t, "van-ban/luat-dat-dai-2013.md")
	repl := s.Site.PageByNumber("31/2024/QH15")
	open := s.page(t, "cong-khai/lay-y-kien-phuong-an-boi-thuong.md")
	closed := s.page(t, "cong-khai/cong-khai-ke-hoach-su-dung-dat-2025.md")
	proc := s.page(t, "thu-tuc/tach-thua-hop-thua-dat.md")
	if repl == nil {
		t.Fatal("testdata/site lacks 31/2024/QH15")
	}

	p := browser.NewPage(t)
	p.Navigate(s.Base + old.URL)
	text := visibleText(p)
	notice, details := strings.Index(text, "được thay thế bởi"), strings.Index(text, "Số ký hiệu")
	if notice < 0 || details < 0 || notice > details {
		t.Errorf("the replaced law does not say it is replaced before its details (notice at %d, details at %d):\n%s", notice, details, text)
	}
	if !strings.Contains(text, "từ ngày "+generator.DateShort(old.Document.ExpiryDate())) {
		t.Errorf("the replaced law does not say from when: %s", text)
	}
	if !browsertest.Eval[bool](p, `!!document.querySelector('main a[href="`+repl.URL+`"]')`) {
		t.Errorf("the replaced law does not link to %s", repl.URL)
	}
	for _, want := range []string{"hết hiệu lực toàn bộ", asOf} {
		if !strings.Contains(text, want) {
			t.Errorf("the replaced law's page lacks %q", want)
		}
	}

	p.Navigate(s.Base + open.URL)
	if want := "Đang lấy ý kiến — còn đến hết ngày " + generator.DateShort(open.Disclosure.Until); !strings.Contains(visibleText(p), want) {
		t.Errorf("the open consultation lacks %q", want)
	}
	p.Navigate(s.Base + closed.URL)
	if want := "Đã hết thời hạn lấy ý kiến"; !strings.Contains(visibleText(p), want) {
		t.Errorf("the closed consultation lacks %q", want)
	}

	p.Navigate(s.Base + proc.URL)
	text = visibleText(p)
	for _, want := range []string{"Căn cứ pháp lý sau đã hết hiệu lực", "thủ tục đang được cập nhật",
		"100.000 đồng", "Miễn phí", "Theo thỏa thuận với đơn vị đo đạc.", "12 ngày làm việc"} {
		if !strings.Contains(text, want) {
			t.Errorf("the procedure page lacks %q", want)
		}
	}

	p.Navigate(s.Base + "/")
	text = visibleText(p)
	newest := s.Site.ContentPages("document")[0]
	o, n := strings.Index(text, open.Title), strings.Index(text, newest.Title)
	if o < 0 || n < 0 || o > n {
		t.Errorf("the home page does not show the open consultation (at %d) before the newest document (at %d)", o, n)
	}
	if strings.Contains(text, closed.Title) {
		t.Errorf("the home page lists the closed consultation %q among open ones", closed.Title)
	}
	p.AssertNoConsoleErrors()
}
