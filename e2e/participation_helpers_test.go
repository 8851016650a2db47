package e2e

// Helpers of participation_test.go: the test site served by the real
// server with participation on, and what a citizen's browser is checked
// with (the anti-spam question read as a person reads it, focus, sizes).

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/internal/browsertest"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
	"github.com/minhbach/minhbach/server"
)

// partNow is the server's clock in these tests: 10:00 in Vietnam on the
// test site's day, inside the comment period of its open disclosure
// (10 November to 10 December 2026).
var partNow = time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)

// partCommunes is the list of communes the copied test site gets, so the
// forms offer a commune to choose.
const partCommunes = `as_of = 2025-07-01
verified = true

[[unit]]
name = "Phường Cẩm Thành"
kind = "phường"

[[unit]]
name = "Xã Bình Sơn"
kind = "xã"

[[unit]]
name = "Xã Tịnh Khê"
kind = "xã"
`

// The test site's pages with forms.
const (
	partDisclosureSource = "cong-khai/lay-y-kien-phuong-an-boi-thuong.md"
	partProcedureSource  = "thu-tuc/tach-thua-hop-thua-dat.md"
)

// partPortal is the test site built and served by the real server, with
// participation on and the anti-spam challenge as in production (proof
// of work with JavaScript, a question without), only easier.
type partPortal struct {
	Base       string // http://127.0.0.1:PORT
	Store      *sqlstore.Store
	Disclosure string // the open disclosure's path
	Procedure  string // the procedure's path
}

// startPartPortal copies testdata/site, adds the list of communes, builds it
// with the real generator on the test site's day, and serves it with
// server.New over a fresh SQLite store until the test ends.
func startPartPortal(t *testing.T) *partPortal {
	t.Helper()
	return startPartPortalBehind(t, nil)
}

// startPartPortalBehind is startPartPortal with the server behind front, as
// behind nginx; nil is no front.
func startPartPortalBehind(t *testing.T, front func(http.Handler) http.Handler) *partPortal {
	t.Helper()
	dir, dest, res := buildPortalSite(t)
	pp := &partPortal{}
	for _, p := range res.Site.Pages {
		switch p.Source {
		case partDisclosureSource:
			pp.Disclosure = p.URL
			if !p.Disclosure.OpenAt(participation.Today(partNow)) {
				t.Fatalf("%s is not open for comments on %s", p.Source, partNow)
			}
		case partProcedureSource:
			pp.Procedure = p.URL
		}
	}
	if pp.Disclosure == "" || pp.Procedure == "" {
		t.Fatalf("testdata/site lacks %s or %s", partDisclosureSource, partProcedureSource)
	}

	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(dir, "y-kien.db"))
	if err != nil {
		t.Fatalf("opening the store: %v", err)
	}
	pp.Store = st
	ch, err := participation.NewChallenger([]byte("bí mật của phép thử, đủ 16 byte"), participation.ChallengeOptions{Bits: 10})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{
		SiteDir: dest,
		Logger:  log.New(testWriter{t}, "server: ", 0),
		Participation: &server.Participation{
			Store:      st,
			Config:     participation.Config{}.WithDefaults(),
			Challenger: ch,
			Now:        func() time.Time { return partNow },
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	if front != nil {
		h = front(h)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(func() {
		hs.Close()
		st.Close()
	})
	pp.Base = hs.URL
	return pp
}

// get reads a submission from the store, failing the test when there is
// none with the code.
func (pp *partPortal) get(t *testing.T, code string) *participation.Submission {
	t.Helper()
	sub, err := pp.Store.Get(context.Background(), code)
	if err != nil {
		t.Fatalf("the store has no submission %s: %v", code, err)
	}
	return sub
}

// vnNumberWords are the words of numbers the anti-spam question uses,
// with the variants of compounds ("mốt" in 21, "tư" in 24, "lăm" in 15).
var vnNumberWords = map[string]int{
	"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
	"sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}

// vnNumber reads 0 to 99 in Vietnamese words: "bảy", "mười lăm", "hai
// mươi mốt".
func vnNumber(s string) (int, error) {
	w := strings.Fields(strings.ToLower(s))
	unit := func(s string) (int, error) {
		if n, ok := vnNumberWords[s]; ok {
			return n, nil
		}
		return 0, fmt.Errorf("%q is not a digit's word", s)
	}
	tens := 0
	switch {
	case len(w) == 0 || len(w) > 3:
		return 0, fmt.Errorf("%q is not a number under a hundred", s)
	case w[0] == "mười":
		tens, w = 1, w[1:]
	case len(w) >= 2 && w[1] == "mươi":
		t, err := unit(w[0])
		if err != nil {
			return 0, err
		}
		tens, w = t, w[2:]
	}
	switch len(w) {
	case 0:
		return tens * 10, nil
	case 1:
		u, err := unit(w[0])
		return tens*10 + u, err
	}
	return 0, fmt.Errorf("%q is not a number under a hundred", s)
}

// answerQuestion answers the anti-spam question as a person would, from
// the text of its label: "Câu hỏi chống thư rác: Hai mươi mốt trừ chín
// bằng mấy? (viết số)" gives 12.
func answerQuestion(label string) (int, error) {
	_, q, ok := strings.Cut(label, ":")
	if !ok {
		return 0, fmt.Errorf("no question in %q", label)
	}
	q, _, ok = strings.Cut(q, "bằng mấy")
	if !ok {
		return 0, fmt.Errorf("no «bằng mấy» in %q", label)
	}
	for _, op := range []string{" cộng ", " trừ "} {
		a, b, ok := strings.Cut(q, op)
		if !ok {
			continue
		}
		x, err := vnNumber(a)
		if err != nil {
			return 0, err
		}
		y, err := vnNumber(b)
		if err != nil {
			return 0, err
		}
		if op == " trừ " {
			return x - y, nil
		}
		return x + y, nil
	}
	return 0, fmt.Errorf("neither «cộng» nor «trừ» in %q", label)
}

// TestParticipationQuestionParser keeps the tests' reading of the
// question honest against the words the server writes: each of many
// questions, read by answerQuestion, passes the Challenger's own check.
func TestParticipationQuestionParser(t *testing.T) {
	ch, err := participation.NewChallenger([]byte("bí mật của phép thử, đủ 16 byte"), participation.ChallengeOptions{Bits: 10})
	if err != nil {
		t.Fatal(err)
	}
	for range 300 {
		c := ch.Issue()
		n, err := answerQuestion("Câu hỏi chống thư rác: " + c.Question)
		if err != nil {
			t.Fatal(err)
		}
		if err := ch.Verify(c.Token, "", strconv.Itoa(n)); err != nil {
			t.Fatalf("answered %q with %d: %v", c.Question, n, err)
		}
	}
}

// within waits up to d for a JavaScript expression to be truthy, polling
// on animation frames, and reports whether it became so: for a state
// that takes a moment to settle (a smooth scroll), where the test must
// fail rather than wait for the tab's deadline.
func partWithin(p *browsertest.Page, d time.Duration, expr string) bool {
	_, err := chromedp.Run(p.Context(), chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(d)))
	return err == nil
}

// partStillJS is true once the page has not scrolled for three frames in a
// row, counting from when window.__minhbachStill was reset.
const partStillJS = `(() => {
  const w = window.__minhbachStill || (window.__minhbachStill = {y: NaN, n: 0});
  w.n = scrollY === w.y ? w.n + 1 : 0;
  w.y = scrollY;
  return w.n >= 3;
})()`

// partIntoView brings the element of a CSS selector to the middle of the
// screen as a thumb does: it waits for the page to stop scrolling (the
// theme scrolls smoothly to whatever takes focus), then scrolls at once.
// A click or a tap at an element's position taken in the middle of a
// smooth scroll lands somewhere else.
func partIntoView(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](`window.__minhbachStill = null`),
		chromedp.Poll[chromedp.Void](partStillJS, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "center", behavior: "instant"})`, sel)),
	)
}

// partClick and partTap press the element of a CSS selector with a
// mouse or a finger, once it is still on the screen.
func partClick(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(partIntoView(sel), chromedp.Click(chromedp.CSS(sel)))
}

func partTap(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(partIntoView(sel), chromedp.Tap(chromedp.CSS(sel)))
}

// partClickNoJS is partClick in a tab with scripts off, where no script scrolls
// and animation frames do not come: the element is scrolled to at once.
func partClickNoJS(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "center", behavior: "instant"})`, sel)),
		chromedp.Click(chromedp.CSS(sel)),
	)
}

// partSettledJS is true once the focused element is wholly on the
// screen and the page has stopped scrolling (the same scroll position
// for three frames in a row; the theme scrolls smoothly). A person looks
// where the focus went before pressing the next key; a test that does
// not would act in the middle of the scroll.
const partSettledJS = `(() => {
  const a = document.activeElement, r = a.getBoundingClientRect();
  return ` + partStillJS + ` && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
})()`

// partSettled waits up to d for partSettledJS.
func partSettled(p *browsertest.Page, d time.Duration) bool {
	browsertest.Eval[bool](p, `(window.__minhbachStill = null, true)`)
	return partWithin(p, d, partSettledJS)
}

// partFocusRingJS tells whether the focused element shows that it has focus:
// its outline or shadow when focused by keyboard differs from its look
// without focus, and the outline, when that is the sign, is at least
// 2 px. It gives "" when it does, else what it found.
const partFocusRingJS = `(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return "nothing has focus";
  const look = () => { const c = getComputedStyle(a); return {o: c.outlineStyle + " " + c.outlineWidth + " " + c.outlineColor, s: c.boxShadow, w: parseFloat(c.outlineWidth), st: c.outlineStyle}; };
  const on = look();
  const visible = a.matches(":focus-visible");
  a.blur();
  const off = look();
  a.focus();
  if (!visible) return "the focus is not :focus-visible";
  if (on.o === off.o && on.s === off.s) return "looks the same with and without focus (" + on.o + "; " + on.s + ")";
  if (on.o !== off.o && on.st !== "none" && on.w < 2 && on.s === off.s) return "its focus outline is thin: " + on.o;
  return "";
})()`

// partActiveJS describes the focused element for messages.
const partActiveJS = `(() => {
  const a = document.activeElement;
  if (!a) return "";
  return a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") + (a.name ? "[name=" + a.name + "]" : "") + (a.type ? "[type=" + a.type + "]" : "") + " " + (a.innerText || a.value || "").trim().slice(0, 40);
})()`

// buildPortalSite copies testdata/site into a folder of the test's own,
// adds the list of communes (testdata has none), and builds it with the
// real generator: the portal the participation and console tests serve.
// It returns the folder (for the test's store), the output and the build.
func buildPortalSite(t *testing.T) (dir, dest string, res *generator.Result) {
	t.Helper()
	useRepoDartSass(t)
	dir = t.TempDir()
	src := filepath.Join(dir, "src")
	dest = filepath.Join(dir, "public")
	if err := os.CopyFS(src, os.DirFS(filepath.Join("testdata", "site"))); err != nil {
		t.Fatalf("copying testdata/site: %v", err)
	}
	if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(generator.CommunesFile)), []byte(partCommunes), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := generator.Build(context.Background(), generator.Options{Source: src, Destination: dest, Now: today})
	if err != nil {
		t.Fatalf("building the test site: %v", err)
	}
	return dir, dest, res
}
