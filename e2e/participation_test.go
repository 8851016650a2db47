package e2e

// Citizens' comments, feedback and ratings, as a citizen sends them from
// a phone: the test site is built with the real generator and served by
// the real server (server.New) with participation on, a SQLite store and
// the anti-spam challenge as in production (only easier), and opened in
// Chromium. Each page a citizen meets is checked with axe-core and for
// console errors; every wait is on a condition of the page, bounded by
// the tab's deadline.

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/minhbach/minhbach/internal/browsertest"
	"github.com/minhbach/minhbach/participation"
)

// phone opens a tab the size of a common phone (390 × 844).
func partPhone(t *testing.T) *browsertest.Page {
	t.Helper()
	p := browser.NewPage(t)
	p.Viewport(390, 844, true)
	return p
}

// partCheck is what every page a citizen meets must pass: no console
// errors and no WCAG 2.1 A/AA violation axe-core finds.
func partCheck(t *testing.T, p *browsertest.Page, what string) {
	t.Helper()
	if probs := p.Problems(); len(probs) > 0 {
		t.Errorf("%s: the page reported %d problem(s):\n  %s", what, len(probs), strings.Join(probs, "\n  "))
	}
	if vs := p.Axe(); len(vs) > 0 {
		t.Errorf("%s: %s", what, browsertest.FormatViolations(vs))
	}
}

// partCheckNoJS is partCheck for a tab with scripts off. axe-core needs
// timers and promises, which do not run there: scripts are allowed for
// the check only. The page's own scripts stay unrun (they were skipped
// when it loaded), so axe sees the page as a browser without JavaScript
// shows it.
func partCheckNoJS(t *testing.T, p *browsertest.Page, what string) {
	t.Helper()
	setScripts := func(off bool) {
		t.Helper()
		if _, err := chromedp.Call(p.Context(), emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
			t.Fatalf("turning scripts %s: %v", map[bool]string{true: "off", false: "on"}[off], err)
		}
	}
	if ran := browsertest.Eval[bool](p, `!!window.minhbachSolve`); ran {
		t.Fatalf("%s: the page ran its scripts with JavaScript off", what)
	}
	setScripts(false)
	partCheck(t, p, what)
	setScripts(true)
}

// partStatusJS reads the status region of a form: its message, whether it
// is the script's answer (sent or not, as opposed to nothing yet, the
// message of an earlier try, or "Đang gửi…"), and the tracking link.
const partStatusJS = `(() => {
  const box = document.querySelector(%q + " [data-minhbach-status]");
  const n = box && box.querySelector(".notice");
  const a = n && n.querySelector('a[href^="/theo-doi/"]');
  return {text: box ? box.innerText : "", answered: !!n && n !== window.__minhbachPrev && (n.matches(".notice-ok") || n.matches(".notice-error")) && !n.innerText.includes("Đang gửi"),
    error: !!n && n.matches(".notice-error"), href: a ? a.getAttribute("href") : "",
    role: box ? box.getAttribute("role") : "", live: box ? box.getAttribute("aria-live") : ""};
})()`

// partStatus is what partStatusJS gives.
type partStatus struct {
	Text     string `json:"text"`
	Answered bool   `json:"answered"`
	Error    bool   `json:"error"`
	Href     string `json:"href"`
	Role     string `json:"role"`
	Live     string `json:"live"`
}

// partSend runs the actions that fill in and send a form with the
// script on, and waits for the script's answer in the form's status
// region (a message that was not there before the actions), with the
// focus on it and on the screen.
func partSend(t *testing.T, p *browsertest.Page, form, what string, actions ...chromedp.Action[chromedp.Void]) partStatus {
	t.Helper()
	// Remember the message shown now, and record every message shown
	// from here on: what a screen reader announces.
	browsertest.Eval[bool](p, `(() => {
  const box = document.querySelector("`+form+` [data-minhbach-status]");
  window.__minhbachPrev = box.querySelector(".notice");
  window.__minhbachSaid = [];
  if (window.__minhbachWatch) window.__minhbachWatch.disconnect();
  window.__minhbachWatch = new MutationObserver(() => { const t = box.innerText.trim(); if (t && window.__minhbachSaid.at(-1) !== t) window.__minhbachSaid.push(t); });
  window.__minhbachWatch.observe(box, {childList: true, subtree: true, characterData: true});
  return true;
})()`)
	p.Do(what, actions...)
	js := fmt.Sprintf(partStatusJS, form)
	if !partWithin(p, 30*time.Second, `(`+js+`).answered`) {
		t.Fatalf("%s: no answer in the form's status region within 30 s; it says %q", what, browsertest.Eval[partStatus](p, js).Text)
	}
	st := browsertest.Eval[partStatus](p, js)
	// The script moves the focus to its message, and the page scrolls
	// there smoothly: a citizen reads it before doing anything else.
	if !browsertest.Eval[bool](p, `!!document.activeElement.closest("`+form+` [data-minhbach-status]")`) {
		t.Errorf("%s: after the answer the focus is on %s, not on the message", what, browsertest.Eval[string](p, partActiveJS))
	} else if !partSettled(p, 5*time.Second) {
		t.Errorf("%s: the focused message does not come on the screen", what)
	}
	if st.Role != "status" || st.Live != "polite" {
		t.Errorf("%s: the answer is written in a region with role=%q aria-live=%q: screen readers would not announce it", form, st.Role, st.Live)
	}
	said := browsertest.Eval[[]string](p, `window.__minhbachSaid`)
	for _, m := range said[:max(len(said)-1, 0)] {
		if strings.Contains(m, "Đã gửi") || strings.Contains(m, "Chưa gửi được") {
			t.Errorf("%s: before the server answered, the form said %q (then %q)", what, m, said[len(said)-1])
		}
	}
	return st
}

// partCode checks that the answer says the form was sent, with its
// tracking code and a link to the code's status page, and gives the code.
func partCode(t *testing.T, form string, st partStatus) string {
	t.Helper()
	if st.Error {
		t.Fatalf("%s: the form says it was not sent: %s", form, st.Text)
	}
	code := strings.TrimSuffix(strings.TrimPrefix(st.Href, "/theo-doi/"), "/")
	if participation.NormalizeCode(code) != code || st.Href != "/theo-doi/"+code+"/" {
		t.Fatalf("%s: the status %q links to %q, not to a tracking code's page", form, st.Text, st.Href)
	}
	if !strings.HasPrefix(st.Text, "Đã gửi.") || !strings.Contains(st.Text, code) {
		t.Errorf("%s: the status says %q, want «Đã gửi.» and the code %s", form, st.Text, code)
	}
	return code
}

// partRefusals forgets the console's report of the form refusals the
// test provoked (the server answers them 400, which Chromium logs) and
// fails on any other problem.
func partRefusals(t *testing.T, p *browsertest.Page) {
	t.Helper()
	for _, prob := range p.Problems() {
		if !strings.Contains(prob, "status of 400") || !strings.Contains(prob, participation.SubmitPath+")") {
			t.Errorf("the page reported %s", prob)
		}
	}
	p.ResetProblems()
}

// partQuestion is the anti-spam question box of a form.
type partQuestion struct {
	Shown  bool   `json:"shown"`
	Answer string `json:"answer"`
}

const partQuestionJS = `(() => {
  const f = document.querySelector(%q);
  const q = f.querySelector("[data-minhbach-question]");
  return {shown: !!q && q.checkVisibility(), answer: f.querySelector('[name="answer"]').value};
})()`

// TestParticipationCommentWithJavaScript comments on the open disclosure
// from a phone: the script solves the proof of work (the question is
// never shown to answer), sends the form in place and announces the code
// with a link to its status page, which says the comment is received and
// shows nothing personal.
func TestParticipationCommentWithJavaScript(t *testing.T) {
	pp := startPartPortal(t)
	p := partPhone(t)
	p.Navigate(pp.Base + pp.Disclosure)
	partCheck(t, p, "the disclosure page")

	const (
		form    = "#gy-comment"
		text    = "Đề nghị công khai đơn giá bồi thường đất ở tại thôn Tây Phước."
		name    = "Trần Thị Bích Ngọc"
		contact = "0905 246 810"
	)
	code := partCode(t, form, partSend(t, p, form, "filling in and sending the comment",
		chromedp.SendKeys(chromedp.CSS(form+" textarea[name=text]"), text),
		chromedp.SendKeys(chromedp.CSS(form+" input[name=name]"), name),
		chromedp.SendKeys(chromedp.CSS(form+" input[name=contact]"), contact),
		partClick(form+" input[name=consent]"),
		partClick(form+" button[type=submit]"),
	))

	q := browsertest.Eval[partQuestion](p, fmt.Sprintf(partQuestionJS, form))
	if q.Shown {
		t.Error("the anti-spam question is still shown after the script solved the proof of work")
	}
	if q.Answer != "" {
		t.Errorf("the question's box holds %q, though nobody typed in it", q.Answer)
	}
	if v := browsertest.Eval[string](p, `document.querySelector("`+form+` textarea").value`); v != "" {
		t.Errorf("the form still holds the sent text %q: a second tap would send it twice", v)
	}
	if loc := browsertest.Eval[string](p, `location.pathname`); loc != pp.Disclosure {
		t.Errorf("sending left the page for %s; the script should send in place", loc)
	}
	partCheck(t, p, "the disclosure page after sending")

	sub := pp.get(t, code)
	if sub.Kind != participation.KindComment || sub.Target != pp.Disclosure || sub.Text != text ||
		sub.Name != name || sub.Contact != contact || !sub.Consent || sub.Status != participation.StatusReceived {
		t.Errorf("stored %s: kind %q, target %q, text %q, name %q, contact %q, consent %v, status %q",
			code, sub.Kind, sub.Target, sub.Text, sub.Name, sub.Contact, sub.Consent, sub.Status)
	}

	// A second comment from the same page, without reloading it: the
	// anti-spam token is good once, so the script must use a fresh one.
	const (
		second   = "Đề nghị kéo dài thời gian niêm yết thêm 10 ngày."
		contact2 = "ngoc.tran@example.vn"
	)
	code2 := partCode(t, form, partSend(t, p, form, "sending a second comment",
		chromedp.SendKeys(chromedp.CSS(form+" textarea[name=text]"), second),
		chromedp.SendKeys(chromedp.CSS(form+" input[name=name]"), name),
		chromedp.SendKeys(chromedp.CSS(form+" input[name=contact]"), contact2),
		partClick(form+" input[name=consent]"),
		partClick(form+" button[type=submit]"),
	))
	if code2 == code {
		t.Fatalf("the second comment got the first one's code %s", code)
	}
	if sub := pp.get(t, code2); sub.Text != second || sub.Contact != contact2 {
		t.Errorf("stored %s with the text %q and contact %q, want %q and %q", code2, sub.Text, sub.Contact, second, contact2)
	}
	if q := browsertest.Eval[partQuestion](p, fmt.Sprintf(partQuestionJS, form)); q.Shown {
		t.Error("the anti-spam question came back for the second comment")
	}

	// Each code's status page: the second by its link, the first as a
	// citizen opens it later.
	p.Do("following the tracking link", partClick(form+` [data-minhbach-status] a[href="/theo-doi/`+code2+`/"]`))
	p.WaitFor(`location.pathname === "/theo-doi/` + code2 + `/" && document.readyState === "complete"`)
	for i, c := range []string{code2, code} {
		if i > 0 {
			p.Navigate(pp.Base + "/theo-doi/" + c + "/")
		}
		page := visibleText(p)
		for _, want := range []string{c, "Đã tiếp nhận", "Góp ý"} {
			if !strings.Contains(page, want) {
				t.Errorf("the status page of %s lacks %q:\n%s", c, want, page)
			}
		}
		html := browsertest.Eval[string](p, `document.documentElement.outerHTML`)
		for _, secret := range []string{name, "Bích Ngọc", contact, "246 810", contact2, "ngoc.tran"} {
			if strings.Contains(html, secret) {
				t.Errorf("the public status page of %s shows the personal data %q", c, secret)
			}
		}
		partCheck(t, p, "the status page of "+c)
	}
}

// TestParticipationCommentWithKeyboardOnly writes the same comment with
// the keyboard alone, as a citizen who cannot use a pointer: Tab to the
// form, type, Tab on, Space to tick and to send. Every stop in the form
// shows its focus, the question box is out of the way once solved, and
// after sending the focus is on the message that holds the code.
func TestParticipationCommentWithKeyboardOnly(t *testing.T) {
	pp := startPartPortal(t)
	p := partPhone(t)
	p.Navigate(pp.Base + pp.Disclosure)

	const (
		form = "#gy-comment"
		text = "Tôi đồng ý với phương án, đề nghị bố trí tái định cư gần nơi ở cũ."
		name = "Lê Văn Hùng"
	)
	tab := func() string {
		p.Do("pressing Tab", chromedp.KeyEvent(kb.Tab))
		stop := browsertest.Eval[string](p, partActiveJS)
		if !partSettled(p, 5*time.Second) {
			t.Errorf("Tab moved the focus to %s, which does not come on the screen", stop)
		}
		return stop
	}
	inForm := func() bool {
		return browsertest.Eval[bool](p, `!!document.activeElement.closest("`+form+`")`)
	}
	var stops []string
	for i := 0; ; i++ {
		if i == 150 {
			t.Fatalf("150 Tabs never reached the comment box; stops: %v", stops)
		}
		stops = append(stops, tab())
		if browsertest.Eval[bool](p, `document.activeElement.matches("`+form+` textarea[name=text]")`) {
			break
		}
	}
	if msg := browsertest.Eval[string](p, partFocusRingJS); msg != "" {
		t.Errorf("the comment box: %s", msg)
	}
	p.Do("typing the comment", chromedp.KeyEvent(text))
	// Touching the form started the proof of work; once it is found the
	// question leaves the Tab order.
	p.WaitFor(`!document.querySelector("` + form + ` [data-minhbach-question]").checkVisibility()`)

	var commune string
	seen := map[string]bool{}
	var order []string
	var st partStatus
	for sent := false; !sent; {
		stop := tab()
		if !inForm() {
			t.Fatalf("Tab left the form at %q before reaching its button; stops in it: %v", stop, order)
		}
		if msg := browsertest.Eval[string](p, partFocusRingJS); msg != "" {
			t.Errorf("%s: %s", stop, msg)
		}
		el := browsertest.Eval[map[string]string](p, `({name: document.activeElement.name || "", tag: document.activeElement.tagName.toLowerCase(), type: document.activeElement.type || ""})`)
		key := el["tag"] + "/" + el["name"]
		if seen[key] {
			t.Fatalf("Tab came back to %s without reaching the button", stop)
		}
		seen[key] = true
		order = append(order, stop)
		switch {
		case el["name"] == "commune":
			// A closed list moves to the next choice with the arrow key.
			p.Do("choosing a commune", chromedp.KeyEvent(kb.ArrowDown))
			commune = browsertest.Eval[string](p, `document.activeElement.value`)
		case el["name"] == "name":
			p.Do("typing the name", chromedp.KeyEvent(name))
		case el["name"] == "answer":
			t.Errorf("Tab stopped in the anti-spam question's box, which the script had solved")
		case el["name"] == "consent":
			p.Do("ticking consent", chromedp.KeyEvent(" "))
			if !browsertest.Eval[bool](p, `document.activeElement.checked`) {
				t.Error("Space did not tick the consent box")
			}
		case el["tag"] == "button":
			st = partSend(t, p, form, "sending with Space", chromedp.KeyEvent(" "))
			sent = true
		}
	}
	for _, want := range []string{"select/commune", "input/name", "input/contact", "input/consent", "button/"} {
		if !seen[want] {
			t.Errorf("Tab never stopped at %s; stops: %v", want, order)
		}
	}
	code := partCode(t, form, st)
	focus := browsertest.Eval[map[string]any](p, `(() => {
  const a = document.activeElement;
  return {inStatus: !!a.closest("`+form+` [data-minhbach-status]"), text: a.innerText || ""};
})()`)
	if focus["inStatus"] != true || !strings.Contains(fmt.Sprint(focus["text"]), code) {
		t.Errorf("after sending, focus is on %q, not on the message with the code", browsertest.Eval[string](p, partActiveJS))
	}
	partCheck(t, p, "the disclosure page after sending by keyboard")

	sub := pp.get(t, code)
	if sub.Text != text || sub.Name != name || !sub.Consent || sub.Commune != commune || commune == "" {
		t.Errorf("stored %s: text %q, name %q, consent %v, commune %q (chosen %q)", code, sub.Text, sub.Name, sub.Consent, sub.Commune, commune)
	}
}

// partFormBack is what a form shows after the server sent it back.
type partFormBack struct {
	Error    string `json:"error"`
	Topic    string `json:"topic"`
	Text     string `json:"text"`
	Commune  string `json:"commune"`
	Address  string `json:"address"`
	Name     string `json:"name"`
	Consent  bool   `json:"consent"`
	Answer   string `json:"answer"`
	Question string `json:"question"`
}

const partFormBackJS = `(() => {
  const f = document.querySelector(%q), v = (n) => (f.querySelector('[name="' + n + '"]') || {}).value || "";
  const err = f.querySelector("[data-minhbach-status] .notice-error");
  const q = f.querySelector("[data-minhbach-question] label");
  return {error: err ? err.innerText : "", topic: v("topic"), text: v("text"), commune: v("commune"), address: v("address"),
    name: v("name"), consent: f.querySelector('[name="consent"]').checked, answer: v("answer"), question: q ? q.innerText : ""};
})()`

// TestParticipationWithoutJavaScript sends feedback on the procedure with
// scripts off, as an old phone or a cautious citizen does: the form posts
// to the server, a wrong answer to the anti-spam question brings the
// form back with everything typed kept and the error said, and the right
// answer lands on the status page with the code.
func TestParticipationWithoutJavaScript(t *testing.T) {
	pp := startPartPortal(t)
	p := browser.NewPage(t)
	p.DisableJavaScript()
	p.Viewport(390, 844, true)
	p.Navigate(pp.Base + pp.Procedure)
	partCheckNoJS(t, p, "the procedure page without JavaScript")

	const (
		form    = "#gy-feedback"
		topic   = "thu-tuc"
		text    = "Hồ sơ tách thửa nộp từ tháng 9 vẫn chưa có kết quả, quá hạn 12 ngày làm việc."
		commune = "Xã Tịnh Khê"
		address = "Thôn Minh Khánh"
		name    = "Phạm Văn Tư"
	)
	question := func() int {
		t.Helper()
		label := browsertest.Eval[string](p, `document.querySelector("`+form+` [data-minhbach-question] label").innerText`)
		n, err := answerQuestion(label)
		if err != nil {
			t.Fatalf("reading the anti-spam question: %v", err)
		}
		return n
	}
	submit := func(what string) *network.Response {
		t.Helper()
		resp, err := chromedp.RunResponse(p.Context(), partClickNoJS(form+" button[type=submit]"))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return resp
	}

	right := question()
	p.Do("filling in the feedback",
		chromedp.SetValue(chromedp.CSS(form+" select[name=topic]"), topic),
		chromedp.SendKeys(chromedp.CSS(form+" textarea[name=text]"), text),
		chromedp.SetValue(chromedp.CSS(form+" select[name=commune]"), commune),
		chromedp.SendKeys(chromedp.CSS(form+" input[name=address]"), address),
		chromedp.SendKeys(chromedp.CSS(form+" input[name=name]"), name),
		chromedp.SendKeys(chromedp.CSS(form+" input[name=answer]"), strconv.Itoa(right+1)),
		partClickNoJS(form+" input[name=consent]"),
	)
	resp := submit("sending with a wrong answer")
	if resp.Status != 400 {
		t.Errorf("a wrong answer got HTTP %d, want 400 with the form again", resp.Status)
	}
	back := browsertest.Eval[partFormBack](p, fmt.Sprintf(partFormBackJS, form))
	if !strings.Contains(back.Error, "Chưa gửi được") || !strings.Contains(back.Error, "câu trả lời kiểm tra chưa đúng") {
		t.Errorf("the form came back without saying the answer was wrong; it says %q", back.Error)
	}
	if back.Topic != topic || back.Text != text || back.Commune != commune || back.Address != address || back.Name != name || !back.Consent {
		t.Errorf("the form came back without what was typed: %+v", back)
	}
	if !browsertest.Eval[bool](p, `document.querySelector("`+form+` input[name=answer]").getAttribute("aria-invalid") === "true"`) {
		t.Error("the answer box is not marked invalid")
	}
	if back.Answer != "" || back.Question == "" {
		t.Errorf("the form came back with the answer %q and the question %q; want a new question and an empty box", back.Answer, back.Question)
	}
	// The form comes back with 400 Bad Request, as it should.
	partRefusals(t, p)
	partCheckNoJS(t, p, "the form sent back with an error")

	p.Do("answering the new question", chromedp.SendKeys(chromedp.CSS(form+" input[name=answer]"), strconv.Itoa(question())))
	resp = submit("sending with the right answer")
	if resp.Status != 200 {
		t.Errorf("the status page came with HTTP %d", resp.Status)
	}
	loc, err := url.Parse(browsertest.Eval[string](p, `location.href`))
	if err != nil {
		t.Fatal(err)
	}
	code := strings.TrimSuffix(strings.TrimPrefix(loc.Path, "/theo-doi/"), "/")
	if participation.NormalizeCode(code) != code || loc.Path != "/theo-doi/"+code+"/" || loc.RawQuery != "moi=1" {
		t.Fatalf("sending led to %s, want /theo-doi/CODE/?moi=1", loc)
	}
	page := visibleText(p)
	for _, want := range []string{"Đã nhận ý kiến của bạn", code, "Đã tiếp nhận", commune} {
		if !strings.Contains(page, want) {
			t.Errorf("the status page lacks %q:\n%s", want, page)
		}
	}
	for _, secret := range []string{name, address} {
		if strings.Contains(page, secret) {
			t.Errorf("the public status page shows the personal data %q", secret)
		}
	}
	partCheckNoJS(t, p, "the status page without JavaScript")

	sub := pp.get(t, code)
	if sub.Kind != participation.KindFeedback || sub.Target != pp.Procedure || sub.Topic != topic || sub.Text != text ||
		sub.Commune != commune || sub.Address != address || sub.Name != name || !sub.Consent {
		t.Errorf("stored %s: %q %q %q %q %q %q %q %v", code, sub.Kind, sub.Target, sub.Topic, sub.Text, sub.Commune, sub.Address, sub.Name, sub.Consent)
	}
}

// partJPEG writes a 640 × 480 JPEG as a phone might send it, with a
// comment segment standing for its metadata, and returns its path and
// bytes.
func partJPEG(t *testing.T, marker string) (string, []byte) {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := range 480 {
		for x := range 640 {
			m.Set(x, y, color.RGBA{uint8(x * 255 / 640), uint8(y * 255 / 480), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// A COM segment right after SOI: the decoder skips it, a cleaned
	// photo must not carry it.
	seg := append([]byte{0xff, 0xfe, byte((len(marker) + 2) >> 8), byte(len(marker) + 2)}, marker...)
	b = append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
	path := filepath.Join(t.TempDir(), "anh-bai-cat.jpg")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b
}

// TestParticipationPhotoUpload sends feedback with a photo from the
// feedback page: the photo is stored with the submission, cleaned (encoded
// anew, its metadata gone).
func TestParticipationPhotoUpload(t *testing.T) {
	pp := startPartPortal(t)
	const marker = "GPS 15.1214N 108.8044E; Samsung SM-A155F serial R58W"
	path, sent := partJPEG(t, marker)
	p := partPhone(t)
	p.Navigate(pp.Base + participation.FeedbackPath)
	partCheck(t, p, "the feedback page")

	const (
		form = "#gy-feedback"
		text = "Có người khai thác cát trái phép ban đêm ở bãi sông, ảnh chụp sáng nay."
	)
	// First the wrong file, as happens when choosing from a phone's
	// gallery: the form says what is wrong, in words, and keeps the rest.
	bad := filepath.Join(t.TempDir(), "anh-chup-man-hinh.jpg")
	if err := os.WriteFile(bad, []byte("%PDF-1.7 not a photo"), 0o644); err != nil {
		t.Fatal(err)
	}
	st := partSend(t, p, form, "sending the feedback with a file that is no photo",
		chromedp.SetValue(chromedp.CSS(form+" select[name=topic]"), "khai-thac-trai-phep"),
		chromedp.SendKeys(chromedp.CSS(form+" textarea[name=text]"), text),
		chromedp.SetUploadFiles(chromedp.CSS(form+" input[type=file][name=photos]"), []string{bad}),
		partClick(form+" input[name=consent]"),
		partClick(form+" button[type=submit]"),
	)
	refused := st.Text
	if !st.Error || !strings.HasPrefix(refused, "Chưa gửi được.") || !strings.Contains(refused, "không phải ảnh") {
		t.Errorf("a file that is no photo was refused with %q, want it said that it is not a photo", refused)
	}
	if strings.Contains(refused, "photos") {
		t.Errorf("the citizen reads the API's field name: %q", refused)
	}
	if !browsertest.Eval[bool](p, `document.querySelector("`+form+` input[name=photos]").getAttribute("aria-invalid") === "true"`) {
		t.Error("the photo field is not marked invalid")
	}
	if v := browsertest.Eval[string](p, `document.querySelector("`+form+` textarea").value`); v != text {
		t.Errorf("after the refusal the text box holds %q, want what was typed", v)
	}
	partRefusals(t, p)
	partCheck(t, p, "the feedback page with the photo refused")

	code := partCode(t, form, partSend(t, p, form, "choosing the photo and sending again",
		chromedp.SetUploadFiles(chromedp.CSS(form+" input[type=file][name=photos]"), []string{path}),
		partClick(form+" button[type=submit]"),
	))
	partCheck(t, p, "the feedback page after sending")

	sub := pp.get(t, code)
	if sub.Text != text || sub.Topic != "khai-thac-trai-phep" || sub.Target != participation.FeedbackPath {
		t.Errorf("stored %s: text %q, topic %q, target %q", code, sub.Text, sub.Topic, sub.Target)
	}
	if len(sub.Photos) != 1 {
		t.Fatalf("stored %d photos, want 1", len(sub.Photos))
	}
	ph := sub.Photos[0]
	if ph.Type != "image/jpeg" {
		t.Errorf("the photo is stored as %q, want image/jpeg", ph.Type)
	}
	if bytes.Equal(ph.Data, sent) {
		t.Error("the photo is stored as sent, not re-encoded")
	}
	if bytes.Contains(ph.Data, []byte(marker)) || bytes.Contains(ph.Data, []byte("GPS")) {
		t.Error("the stored photo still carries the metadata it was sent with")
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(ph.Data))
	if err != nil || cfg.Width != 640 || cfg.Height != 480 {
		t.Errorf("the stored photo is %dx%d (%v), want the 640x480 sent", cfg.Width, cfg.Height, err)
	}
}

// TestParticipationRatingOnPhone rates the procedure with a thumb: five
// SIPAS criteria of five choices, each choice's label a target of at
// least 24 × 24 px, a page that never scrolls sideways on a small or a
// common phone, and the rating sent in place with its code.
func TestParticipationRatingOnPhone(t *testing.T) {
	pp := startPartPortal(t)
	p := browser.NewPage(t)
	const form = "#gy-rating"

	type target struct {
		Name  string  `json:"name"`
		Value string  `json:"value"`
		W     float64 `json:"w"`
		H     float64 `json:"h"`
	}
	for _, w := range []int64{320, 390} {
		p.Viewport(w, 844, true)
		p.Navigate(pp.Base + pp.Procedure)
		if wide := browsertest.Eval[string](p, overflowJS); wide != "" {
			t.Errorf("at %dpx the procedure page scrolls sideways; widest elements: %s", w, wide)
		}
		legends := browsertest.Eval[[]string](p, `[...document.querySelectorAll("`+form+` fieldset.rating legend")].map(l => l.innerText)`)
		if len(legends) != len(participation.Criteria) {
			t.Fatalf("the rating form has %d criteria, want %d: %q", len(legends), len(participation.Criteria), legends)
		}
		for i, c := range participation.Criteria {
			if !strings.HasPrefix(legends[i], c.Label) {
				t.Errorf("criterion %d is %q, want %q", i+1, legends[i], c.Label)
			}
		}
		targets := browsertest.Eval[[]target](p, `[...document.querySelectorAll("`+form+` fieldset.rating input[type=radio]")].map(r => {
  const l = r.closest("label"), b = (l || r).getBoundingClientRect();
  return {name: r.name, value: r.value + (l ? "" : " (no label)"), w: b.width, h: b.height};
})`)
		if len(targets) != 5*len(participation.Criteria) {
			t.Fatalf("the rating form has %d radio buttons, want 5 for each of %d criteria", len(targets), len(participation.Criteria))
		}
		for i, tg := range targets {
			if want := strconv.Itoa(i%5 + 1); tg.Value != want || tg.Name != "score-"+participation.Criteria[i/5].Key {
				t.Errorf("radio %d is %s=%s, want score-%s=%s", i, tg.Name, tg.Value, participation.Criteria[i/5].Key, want)
			}
			if tg.W < 24 || tg.H < 24 {
				t.Errorf("at %dpx the choice %s=%s is %.0f × %.0f px, under the 24 × 24 px of WCAG 2.5.8", w, tg.Name, tg.Value, tg.W, tg.H)
			}
		}
	}
	partCheck(t, p, "the procedure page")

	scores := map[string]int{"access": 4, "procedure": 2, "staff": 5, "result": 3, "feedback": 1}
	var taps []chromedp.Action[chromedp.Void]
	for _, c := range participation.Criteria {
		taps = append(taps, partTap(fmt.Sprintf(`%s label:has(> input[name="score-%s"][value="%d"])`, form, c.Key, scores[c.Key])))
	}
	taps = append(taps,
		partTap(form+" input[name=consent]"),
		partTap(form+" button[type=submit]"),
	)
	code := partCode(t, form, partSend(t, p, form, "tapping the scores and sending", taps...))
	if loc := browsertest.Eval[string](p, `location.pathname`); loc != pp.Procedure {
		t.Errorf("sending left the page for %s; the rating should be sent in place", loc)
	}
	if wide := browsertest.Eval[string](p, overflowJS); wide != "" {
		t.Errorf("after sending, the page scrolls sideways; widest elements: %s", wide)
	}
	partCheck(t, p, "the procedure page after rating")

	sub := pp.get(t, code)
	if sub.Kind != participation.KindRating || sub.Target != pp.Procedure {
		t.Errorf("stored %s: kind %q, target %q", code, sub.Kind, sub.Target)
	}
	for k, v := range scores {
		if sub.Scores[k] != v {
			t.Errorf("stored score %s = %d, tapped %d", k, sub.Scores[k], v)
		}
	}
}

// TestParticipationFeedbackThenRatingOnOnePage sends both forms of a
// procedure page, one after the other without reloading, as a citizen
// who reports a delay and then rates the service: each form must get a
// code at the first try. (Each anti-spam token is good once.)
func TestParticipationFeedbackThenRatingOnOnePage(t *testing.T) {
	pp := startPartPortal(t)
	p := partPhone(t)
	p.Navigate(pp.Base + pp.Procedure)

	const feedback, rating = "#gy-feedback", "#gy-rating"
	code := partCode(t, feedback, partSend(t, p, feedback, "sending feedback",
		chromedp.SetValue(chromedp.CSS(feedback+" select[name=topic]"), "thu-tuc"),
		chromedp.SendKeys(chromedp.CSS(feedback+" textarea[name=text]"), "Bộ phận một cửa hẹn trả kết quả ba lần vẫn chưa có."),
		partTap(feedback+" input[name=consent]"),
		partTap(feedback+" button[type=submit]"),
	))

	taps := []chromedp.Action[chromedp.Void]{}
	for _, c := range participation.Criteria {
		taps = append(taps, partTap(fmt.Sprintf(`%s label:has(> input[name="score-%s"][value="2"])`, rating, c.Key)))
	}
	taps = append(taps, partTap(rating+" input[name=consent]"), partTap(rating+" button[type=submit]"))
	st := partSend(t, p, rating, "rating the procedure", taps...)
	if st.Error {
		t.Errorf("after the feedback (code %s), the rating on the same page was refused: %q", code, st.Text)
		partRefusals(t, p)
		// As the message says, the citizen sends again.
		st = partSend(t, p, rating, "sending the rating again", partTap(rating+" button[type=submit]"))
	}
	rcode := partCode(t, rating, st)
	if sub := pp.get(t, rcode); sub.Kind != participation.KindRating || sub.Scores["staff"] != 2 {
		t.Errorf("stored %s: kind %q, scores %v", rcode, sub.Kind, sub.Scores)
	}
	p.AssertNoConsoleErrors()
}

// partNginx413 stands for nginx in front of the server with its default
// client_max_body_size of 1 MB: a larger request gets nginx's own HTML
// page with 413, never reaching the server.
func partNginx413(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > 1<<20 {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			io.WriteString(w, "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// TestParticipationAnswerThatIsNotJSON sends a feedback with a photo of
// a few megabytes, as phones take them, through a front server that
// refuses it with an HTML page (nginx with its default 1 MB limit): the
// form must say it was not sent and let the citizen try again, not show
// "Đang gửi…" for ever with its button disabled.
func TestParticipationAnswerThatIsNotJSON(t *testing.T) {
	pp := startPartPortalBehind(t, partNginx413)
	// Noise does not compress: some 2 MB of JPEG, under the portal's
	// 5 MB but over nginx's default.
	m := image.NewRGBA(image.Rect(0, 0, 1400, 1000))
	for i := range m.Pix {
		m.Pix[i] = byte(i*7919 + i/3*104729)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	if buf.Len() <= 1<<20 {
		t.Fatalf("the photo is %d bytes, want over 1 MB", buf.Len())
	}
	photo := filepath.Join(t.TempDir(), "IMG_20261126_0715.jpg")
	if err := os.WriteFile(photo, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	p := partPhone(t)
	p.Navigate(pp.Base + participation.FeedbackPath)
	const form = "#gy-feedback"
	st := partSend(t, p, form, "sending feedback with a large photo",
		chromedp.SetValue(chromedp.CSS(form+" select[name=topic]"), "o-nhiem"),
		chromedp.SendKeys(chromedp.CSS(form+" textarea[name=text]"), "Nước thải từ xưởng chế biến chảy ra mương tưới."),
		chromedp.SetUploadFiles(chromedp.CSS(form+" input[type=file][name=photos]"), []string{photo}),
		partTap(form+" input[name=consent]"),
		partTap(form+" button[type=submit]"),
	)
	if !st.Error || !strings.HasPrefix(st.Text, "Chưa gửi được.") {
		t.Errorf("the refused feedback says %q, want «Chưa gửi được.»", st.Text)
	}
	if browsertest.Eval[bool](p, `document.querySelector("`+form+` button[type=submit]").disabled`) {
		t.Error("the send button stays disabled after the refusal")
	}
	for _, prob := range p.Problems() {
		if !strings.Contains(prob, "status of 413") {
			t.Errorf("the page reported %s", prob)
		}
	}
}
