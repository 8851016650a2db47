package e2e

// "Trang này có hữu ích không?" at the foot of the pages, as a reader
// answers it from a phone, with JavaScript and without, and as staff read
// the count in the console. The test site is built with the real
// generator, the partial included in the base layout, and served by the
// real server with participation, the console and the anti-spam
// challenge on (proof of work with JavaScript, the question without).
// Every wait is on a condition of the page or a navigation's load.

import (
	"context"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/internal/browsertest"
	"github.com/minhbach/minhbach/layouts"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
	"github.com/minhbach/minhbach/server"
	"github.com/minhbach/minhbach/staff"
)

// usefulPortal is the test site with the form on its pages, served with
// participation and the console on.
type usefulPortal struct {
	Base      string
	Store     *sqlstore.Store
	News      string // a page without other forms: useful.js loads the solver itself
	Procedure string // a page with the feedback and rating forms and their scripts
}

// usefulInclude is the line the base layout includes the partial with.
const usefulInclude = `{{ template "partials/useful.html" . }}`

// startUsefulPortal builds the participation tests' portal with the
// partial in the base layout (at the end of <main>) and its style sheet
// in main.scss, unless the theme has them already, and serves it.
func startUsefulPortal(t *testing.T) *usefulPortal {
	t.Helper()
	dir, dest, _ := buildPortalSite(t)
	src := filepath.Join(dir, "src")
	override := func(name, anchor, add string) {
		t.Helper()
		b, err := layouts.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if strings.Contains(s, add) {
			return // the theme has it
		}
		if i := strings.Index(s, anchor); i >= 0 {
			s = s[:i] + add + "\n" + s[i:]
		} else {
			s += add + "\n"
		}
		p := filepath.Join(src, "layouts", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	override("_default/baseof.html", "</main>", usefulInclude)
	override("assets/scss/main.scss", `@use "print";`, `@use "useful";`)
	res, err := generator.Build(context.Background(), generator.Options{Source: src, Destination: dest, Now: today})
	if err != nil {
		t.Fatalf("building the test site with the form: %v", err)
	}
	up := &usefulPortal{}
	for _, p := range res.Site.Pages {
		switch {
		case p.Source == partProcedureSource:
			up.Procedure = p.URL
		case p.Kind == model.KindPage && p.Section == "tin-tuc" && up.News == "":
			up.News = p.URL
		}
	}
	if up.Procedure == "" || up.News == "" {
		t.Fatalf("testdata/site lacks %s or a news page", partProcedureSource)
	}

	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(dir, "y-kien.db"))
	if err != nil {
		t.Fatalf("opening the store: %v", err)
	}
	up.Store = st
	hash, err := staff.HashPassword(consolePassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAccount(context.Background(), staff.Account{Email: consoleModerator, Role: staff.RoleModerator, Hash: hash, Created: partNow}, "e2e"); err != nil {
		t.Fatal(err)
	}
	ch, err := participation.NewChallenger([]byte("bí mật của phép thử, đủ 16 byte"), participation.ChallengeOptions{Bits: 10})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{
		SiteDir: dest,
		Logger:  log.New(testWriter{t}, "server: ", 0),
		Participation: &server.Participation{
			Store: st, Staff: st, Queue: st, Reports: st,
			Config:     participation.Config{}.WithDefaults(),
			Challenger: ch,
			Now:        func() time.Time { return partNow },
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		st.Close()
	})
	up.Base = hs.URL
	return up
}

// votes is the store's tally of every vote, with their texts.
func (up *usefulPortal) votes(t *testing.T) []participation.PageVotes {
	t.Helper()
	rows, err := up.Store.VoteTally(context.Background(), time.Time{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// usefulForm is the form's selector on a page.
const usefulForm = "form[data-minhbach-useful]"

// usefulStateJS reads what the reader sees of the form.
const usefulStateJS = `(() => {
  const f = document.querySelector("` + usefulForm + `");
  const seen = (s) => { const e = f.querySelector(s); return !!e && e.checkVisibility(); };
  const box = f.querySelector("[data-minhbach-useful-status]"), n = box.querySelector(".notice");
  return {text: seen("textarea[name=text]"), yes: seen('[data-minhbach-useful-choice] button[value="yes"]'),
    send: seen("[data-minhbach-useful-send] button"), status: box.innerText.trim(), ok: !!n && n.matches(".notice-ok"),
    error: !!n && n.matches(".notice-error"), focused: box.contains(document.activeElement),
    role: box.getAttribute("role"), live: box.getAttribute("aria-live"), fieldset: seen("fieldset")};
})()`

type usefulState struct {
	Text     bool   `json:"text"`
	Yes      bool   `json:"yes"`
	Send     bool   `json:"send"`
	Status   string `json:"status"`
	OK       bool   `json:"ok"`
	Error    bool   `json:"error"`
	Focused  bool   `json:"focused"`
	Role     string `json:"role"`
	Live     string `json:"live"`
	Fieldset bool   `json:"fieldset"`
}

// usefulThanks waits for the script's answer in the status region and
// checks it is the thanks, announced and with the focus on it.
func usefulThanks(t *testing.T, p *browsertest.Page, what string) {
	t.Helper()
	if !partWithin(p, 30*time.Second, `(`+usefulStateJS+`).ok || (`+usefulStateJS+`).error`) {
		t.Fatalf("%s: no answer within 30 s; the form says %q", what, browsertest.Eval[usefulState](p, usefulStateJS).Status)
	}
	st := browsertest.Eval[usefulState](p, usefulStateJS)
	if !st.OK || !strings.Contains(st.Status, "Cảm ơn bạn") {
		t.Fatalf("%s: the form says %q, want the thanks", what, st.Status)
	}
	if st.Role != "status" || st.Live != "polite" || !st.Focused {
		t.Errorf("%s: the thanks are in a region role=%q aria-live=%q, focused %v: a screen reader would not read them", what, st.Role, st.Live, st.Focused)
	}
	if st.Fieldset {
		t.Errorf("%s: the buttons are still offered after the vote", what)
	}
}

// TestUsefulWithJavaScript: on a news page a reader presses «Không»,
// the box for a few words opens with the focus in it, they type and
// send; the thanks come in place, without a reload. On the procedure
// page, beside its own forms, «Có» goes at once. Then a moderator finds
// the counts and the words in the console, from its bar.
func TestUsefulWithJavaScript(t *testing.T) {
	up := startUsefulPortal(t)
	p := partPhone(t)
	p.Navigate(up.Base + up.News)
	partCheck(t, p, "the news page with the form")
	if st := browsertest.Eval[usefulState](p, usefulStateJS); st.Text || !st.Yes || st.Send {
		t.Fatalf("before an answer the form shows the text box %v, the buttons %v, «Gửi» %v; want the two buttons only", st.Text, st.Yes, st.Send)
	}
	browsertest.Eval[bool](p, `(window.__minhbachStay = true)`)
	const words = "Tin không ghi rõ ngày hội nghị tổ chức ở xã nào."
	p.Do("pressing «Không»", partTap(`[data-minhbach-useful-choice] button[value="no"]`))
	if !partWithin(p, 5*time.Second, `document.activeElement && document.activeElement.name === "text"`) {
		t.Fatalf("after «Không» the focus is on %s, not in the text box", browsertest.Eval[string](p, partActiveJS))
	}
	if st := browsertest.Eval[usefulState](p, usefulStateJS); !st.Text || !st.Send || st.Yes {
		t.Errorf("after «Không» the form shows the text box %v, «Gửi» %v, the buttons %v", st.Text, st.Send, st.Yes)
	}
	if len(up.votes(t)) != 0 {
		t.Error("«Không» was sent before the reader could add a word")
	}
	p.Do("typing a few words", chromedp.KeyEvent(words))
	p.Do("pressing «Gửi ý kiến»", partTap("[data-minhbach-useful-send] button"))
	usefulThanks(t, p, "the vote on the news page")
	if !browsertest.Eval[bool](p, `window.__minhbachStay === true`) {
		t.Error("the page reloaded to send the vote")
	}
	partCheck(t, p, "the news page after the vote")
	got := up.votes(t)
	if len(got) != 1 || got[0].Page != up.News || got[0].No != 1 || got[0].Yes != 0 || len(got[0].Texts) != 1 || got[0].Texts[0].Text != words {
		t.Fatalf("the store counts %+v, want one «Không» on %s with the words", got, up.News)
	}

	p.Navigate(up.Base + up.Procedure)
	p.Do("pressing «Có»", partTap(`[data-minhbach-useful-choice] button[value="yes"]`))
	usefulThanks(t, p, "the vote on the procedure page")
	partCheck(t, p, "the procedure page after the vote")
	if got := up.votes(t); len(got) != 2 || !slices.ContainsFunc(got, func(v participation.PageVotes) bool { return v.Page == up.Procedure && v.Yes == 1 && v.No == 0 }) {
		t.Errorf("after «Có» on the procedure the store counts %+v", got)
	}

	staffTab := consoleTab(t, 1280, 800, false)
	consoleLogin(t, staffTab, &consolePortal{Base: up.Base, Store: up.Store}, consoleModerator)
	consoleGo(t, staffTab, "following «Trang hữu ích» in the console bar", chromedp.Click(chromedp.CSS(`.console-bar a[href="/quan-tri/huu-ich/"]`)))
	consoleProblems(t, staffTab, "the console's page of votes", 0)
	consoleAxe(t, staffTab, "the console's page of votes", false)
	type row struct {
		Page  string   `json:"page"`
		Cells []string `json:"cells"`
	}
	rows := browsertest.Eval[[]row](staffTab, `[...document.querySelectorAll(".useful-table tbody tr")].map(tr => ({
  page: tr.querySelector("th a").getAttribute("href"), cells: [...tr.querySelectorAll("td")].map(td => td.innerText.trim())}))`)
	if len(rows) != 2 || rows[0].Page != up.News || rows[1].Page != up.Procedure {
		t.Fatalf("the console lists %+v, want the news page (one «Không») first, then the procedure", rows)
	}
	if c := rows[0].Cells; c[0] != "0" || c[1] != "1" || c[2] != "0 %" || !strings.Contains(c[4], words) {
		t.Errorf("the news page's row reads %q, want 0 «Có», 1 «Không», 0 %% and the words", c)
	}
	if c := rows[1].Cells; c[0] != "1" || c[1] != "0" || c[2] != "100 %" {
		t.Errorf("the procedure's row reads %q, want 1 «Có»", c)
	}
}

// TestUsefulWithoutJavaScript: with scripts off the text box and both
// buttons are there; «Không» posts the form, the server asks the check
// question on a page that keeps the words, the answer sends the vote and
// the thanks link back to the page.
func TestUsefulWithoutJavaScript(t *testing.T) {
	up := startUsefulPortal(t)
	p := browser.NewPage(t)
	p.DisableJavaScript()
	p.Viewport(390, 844, true)
	p.Navigate(up.Base + up.News)
	partCheckNoJS(t, p, "the news page without JavaScript")
	const words = "Thiếu số điện thoại của bộ phận một cửa."
	p.Do("typing a few words", chromedp.SendKeys(chromedp.CSS(usefulForm+" textarea[name=text]"), words))
	resp, err := chromedp.RunResponse(p.Context(), partClickNoJS(`[data-minhbach-useful-choice] button[value="no"]`))
	if err != nil {
		t.Fatalf("pressing «Không»: %v", err)
	}
	if resp.Status != http.StatusOK || !strings.HasPrefix(browsertest.Eval[string](p, `document.title`), "Còn một bước") {
		t.Fatalf("«Không» led to HTTP %d %q, want the check question", resp.Status, browsertest.Eval[string](p, `document.title`))
	}
	partCheckNoJS(t, p, "the check question")
	if kept := browsertest.Eval[string](p, `document.querySelector(".useful-answer textarea[name=text]").value`); kept != words {
		t.Errorf("the question page keeps the words %q, want %q", kept, words)
	}
	if len(up.votes(t)) != 0 {
		t.Error("the vote was stored before the check")
	}
	n, err := answerQuestion(browsertest.Eval[string](p, `document.querySelector("label[for=huu-ich-tra-loi]").innerText`))
	if err != nil {
		t.Fatalf("reading the check question: %v", err)
	}
	p.Do("answering", chromedp.SendKeys(chromedp.CSS("#huu-ich-tra-loi"), strconv.Itoa(n)))
	resp, err = chromedp.RunResponse(p.Context(), partClickNoJS(".useful-answer form button[type=submit]"))
	if err != nil {
		t.Fatalf("sending the answer: %v", err)
	}
	loc, _ := url.Parse(browsertest.Eval[string](p, `location.href`))
	if resp.Status != http.StatusOK || loc.Path != participation.UsefulPath || loc.Query().Get("trang") != up.News {
		t.Fatalf("the answer led to HTTP %d %s, want the thanks for %s", resp.Status, loc, up.News)
	}
	if page := visibleText(p); !strings.Contains(page, "Cảm ơn bạn đã góp ý") {
		t.Errorf("the thanks page says:\n%s", page)
	}
	if back := browsertest.Eval[string](p, `document.querySelector(".useful-answer a[href='`+up.News+`']")?.innerText || ""`); back == "" {
		t.Error("the thanks do not link back to the page")
	}
	partCheckNoJS(t, p, "the thanks without JavaScript")
	got := up.votes(t)
	if len(got) != 1 || got[0].Page != up.News || got[0].No != 1 || len(got[0].Texts) != 1 || got[0].Texts[0].Text != words {
		t.Errorf("the store counts %+v, want one «Không» on %s with the words", got, up.News)
	}
}
