package server

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/staff"
)

// consoleServer is a participation server with the console on and two
// accounts: a moderator and an admin.
func consoleServer(t *testing.T, dbURL string) *partServer {
	t.Helper()
	ps := newPartServer(t, dbURL, func(p *Participation) {
		p.Staff, p.Queue, p.Reports = p.Store.(staff.Store), p.Store.(participation.Queue), p.Store.(participation.Reports)
	})
	for _, a := range []struct {
		email string
		role  staff.Role
	}{{"canbo@stnmt.example.vn", staff.RoleModerator}, {"quantri@stnmt.example.vn", staff.RoleAdmin}} {
		hash, err := staff.HashPassword("mật khẩu thử nghiệm dài")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ps.store.AddAccount(context.Background(), staff.Account{Email: a.email, Role: a.role, Hash: hash, Created: ps.now}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return ps
}

// browserless is a client that keeps the session cookie itself (the
// cookie is Secure, and Go's cookie jar keeps Secure cookies off plain
// HTTP) and does not follow redirects, so tests see them.
type browserless struct {
	ps     *partServer
	cookie string
}

func (b *browserless) do(t *testing.T, method, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.ps.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.cookie != "" {
		req.Header.Set("Cookie", staff.CookieName+"="+b.cookie)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.Name == staff.CookieName {
			if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/" {
				t.Errorf("session cookie %+v: want HttpOnly, Secure, SameSite=Strict, Path=/", c)
			}
			b.cookie = c.Value
		}
	}
	return resp, string(raw)
}

func (b *browserless) login(t *testing.T, email, pw string) *http.Response {
	t.Helper()
	resp, _ := b.do(t, "POST", loginPath, url.Values{"email": {email}, "password": {pw}, "tiep": {ConsolePath}})
	return resp
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%s", page)
	}
	return m[1]
}

// TestConsoleNeedsASession: every console route without a session sends
// a browser to the login and a script gets 401.
func TestConsoleNeedsASession(t *testing.T) {
	ps := consoleServer(t, backends[0].url(t))
	b := &browserless{ps: ps}
	for _, p := range []string{"/quan-tri/", "/quan-tri/y-kien/7K2QD-M9XF4-P/", "/quan-tri/anh/X/1", "/quan-tri/nhat-ky/", "/quan-tri/bat-ky/"} {
		resp, _ := b.do(t, "GET", p, nil)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), loginPath) {
			t.Errorf("GET %s without a session: %d %q, want 303 to the login", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	resp, _ := b.do(t, "POST", "/quan-tri/y-kien/7K2QD-M9XF4-P/", url.Values{"action": {"answer"}, "answer": {"x"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("POST without a session: %d", resp.StatusCode)
	}
	resp, _ = b.do(t, "GET", "/quan-tri/api/queue", nil)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the console API without a session: %d, want 401", resp.StatusCode)
	}
	b.cookie = "forged-token-value"
	if resp, _ := b.do(t, "GET", "/quan-tri/", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a forged cookie: %d, want the login", resp.StatusCode)
	}
}

// TestConsoleWorkflow: a moderator logs in, opens a submission (the
// opening is logged), answers it in public; the citizen's status page
// and the API show the answer; no public URL shows the name or contact;
// forms without the CSRF token are refused; the moderator cannot read the
// audit log, the admin can; a removed account's session ends at once.
func TestConsoleWorkflow(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := consoleServer(t, dbURL)
		resp, out := ps.postJSON(t, comment("Đề nghị xem lại đơn giá bồi thường cây trồng."))
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("%d %v", resp.StatusCode, out)
		}
		code := out["code"].(string)

		mod := &browserless{ps: ps}
		if resp := mod.login(t, "CanBo@stnmt.example.vn", "mật khẩu thử nghiệm dài"); resp.StatusCode != http.StatusSeeOther || mod.cookie == "" {
			t.Fatalf("login: %d", resp.StatusCode)
		}
		_, queue := mod.do(t, "GET", "/quan-tri/", nil)
		if !strings.Contains(queue, code) || !strings.Contains(queue, "Còn ") {
			t.Fatalf("the queue lacks the submission or its deadline:\n%s", queue)
		}
		_, item := mod.do(t, "GET", "/quan-tri/y-kien/"+code+"/", nil)
		if !strings.Contains(item, "Nguyễn Thị Hoa") || !strings.Contains(item, "0905 123 456") {
			t.Errorf("the console does not show the personal data to staff")
		}
		token := csrfOf(t, item)
		answer := "Sở đã tiếp thu, sẽ đề nghị điều chỉnh đơn giá cây trồng."
		if resp, _ := mod.do(t, "POST", "/quan-tri/y-kien/"+code+"/", url.Values{"action": {"answer"}, "answer": {answer}, "accepted": {"true"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a form without the CSRF token: %d, want 403", resp.StatusCode)
		}
		if resp, _ := mod.do(t, "POST", "/quan-tri/y-kien/"+code+"/", url.Values{"action": {"answer"}, "answer": {answer}, "accepted": {"true"}, "csrf": {token + "x"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a form with a wrong CSRF token: %d, want 403", resp.StatusCode)
		}
		resp, _ = mod.do(t, "POST", "/quan-tri/y-kien/"+code+"/", url.Values{"action": {"answer"}, "answer": {answer}, "accepted": {"true"}, "csrf": {token}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("answering: %d", resp.StatusCode)
		}
		// The citizen sees the answer, and nobody sees the name.
		for _, p := range []string{"/theo-doi/" + code + "/", "/api/feedback/" + code, openDisclosure, "/phan-anh-kien-nghi/", "/tim-kiem/?q=" + url.QueryEscape("bồi thường cây trồng"), "/api/search?q=" + url.QueryEscape("đơn giá"), "/api/feedback/" + code + "/erasure"} {
			r, err := http.Get(ps.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if strings.Contains(string(body), "Nguyễn Thị Hoa") || strings.Contains(string(body), "0905 123 456") {
				t.Errorf("%s shows the citizen's personal data", p)
			}
			if strings.HasPrefix(p, "/theo-doi/") && (!strings.Contains(string(body), answer) || !strings.Contains(string(body), "Đã trả lời")) {
				t.Errorf("the status page lacks the answer:\n%s", body)
			}
			if p == openDisclosure && (!strings.Contains(string(body), answer) || !strings.Contains(string(body), "Sở đã trả lời")) {
				t.Errorf("the disclosure does not show the answer without a rebuild")
			}
		}
		// The audit log is the admin's.
		if resp, _ := mod.do(t, "GET", "/quan-tri/nhat-ky/", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a moderator reading the audit log: %d, want 403", resp.StatusCode)
		}
		admin := &browserless{ps: ps}
		admin.login(t, "quantri@stnmt.example.vn", "mật khẩu thử nghiệm dài")
		_, audit := admin.do(t, "GET", "/quan-tri/nhat-ky/", nil)
		for _, want := range []string{"canbo@stnmt.example.vn", string(staff.ActOpen), string(staff.ActAnswer), code} {
			if !strings.Contains(audit, want) {
				t.Errorf("the audit log lacks %q", want)
			}
		}
		if strings.Contains(audit, "Nguyễn Thị Hoa") || strings.Contains(audit, "0905") {
			t.Errorf("the audit log holds personal data")
		}
		// Removing the account ends its session at once.
		if err := ps.store.RemoveAccount(context.Background(), "canbo@stnmt.example.vn", "test"); err != nil {
			t.Fatal(err)
		}
		if resp, _ := mod.do(t, "GET", "/quan-tri/", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("a removed account's session still works: %d", resp.StatusCode)
		}
	})
}

// TestLoginLocksAfterFailures: five wrong passwords lock the account for
// a while, even with the right password, and tell nothing about which
// addresses have accounts.
func TestLoginLocksAfterFailures(t *testing.T) {
	ps := consoleServer(t, backends[0].url(t))
	b := &browserless{ps: ps}
	resp, unknown := b.do(t, "POST", loginPath, url.Values{"email": {"khong-co@stnmt.example.vn"}, "password": {"bất kỳ mật khẩu nào"}})
	_, wrong := b.do(t, "POST", loginPath, url.Values{"email": {"canbo@stnmt.example.vn"}, "password": {"sai mật khẩu rồi đấy"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(unknown, "Sai địa chỉ thư điện tử hoặc mật khẩu") || !strings.Contains(wrong, "Sai địa chỉ thư điện tử hoặc mật khẩu") {
		t.Errorf("an unknown address and a wrong password are told apart: %d", resp.StatusCode)
	}
	for range staff.MaxFailures - 1 {
		b.do(t, "POST", loginPath, url.Values{"email": {"canbo@stnmt.example.vn"}, "password": {"sai mật khẩu rồi đấy"}})
	}
	if resp := b.login(t, "canbo@stnmt.example.vn", "mật khẩu thử nghiệm dài"); resp.StatusCode != http.StatusTooManyRequests || b.cookie != "" {
		t.Errorf("the right password on a locked account: %d", resp.StatusCode)
	}
	ps.now = ps.now.Add(staff.LockTime + time.Minute)
	if resp := b.login(t, "canbo@stnmt.example.vn", "mật khẩu thử nghiệm dài"); resp.StatusCode != http.StatusSeeOther || b.cookie == "" {
		t.Errorf("after the lock: %d", resp.StatusCode)
	}
}
