package server

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/minhbach/minhbach/layouts"
	"github.com/minhbach/minhbach/participation"
)

// votePost sends a vote: a JSON body as /js/useful.js's API documents
// it, or form fields as a browser without JavaScript posts them. It does
// not follow redirects.
func (ps *partServer) votePost(t *testing.T, ctype, body string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", ps.URL+participation.UsefulPath, strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return roundTrip(t, req)
}

// roundTrip sends req without following redirects, and gives the answer
// with its body read.
func roundTrip(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

const formType = "application/x-www-form-urlencoded"

func voteJSON(v map[string]any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// tally is the store's count of every vote, with all their texts.
func (ps *partServer) tally(t *testing.T) []participation.PageVotes {
	t.Helper()
	rows, err := ps.store.VoteTally(context.Background(), time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestUsefulVote: a vote sent by the script gets 201; one posted by a
// browser without JavaScript is sent on to the thanks, in the site's
// look with a link back; both are counted on the page, with the words.
func TestUsefulVote(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := newPartServer(t, dbURL, nil)
		resp, body := ps.votePost(t, "application/json", voteJSON(map[string]any{"page": testProcedure, "useful": true}))
		if resp.StatusCode != http.StatusCreated || strings.TrimSpace(body) != `{"received":true}` {
			t.Fatalf("a vote as JSON: %d %s", resp.StatusCode, body)
		}
		const words = "Không thấy mẫu đơn đăng ký biến động ở đâu."
		resp, _ = ps.votePost(t, formType, url.Values{"page": {testProcedure}, "useful": {"no"}, "text": {words}, "website": {""}}.Encode())
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || loc != participation.UsefulPath+"?trang="+url.QueryEscape(testProcedure) {
			t.Fatalf("a vote posted without JavaScript: %d, Location %q", resp.StatusCode, loc)
		}
		// The script's form data, with Accept: application/json.
		resp, body = ps.votePost(t, formType, url.Values{"page": {"/"}, "useful": {"yes"}}.Encode(), "Accept", "application/json")
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("the script's form data: %d %s", resp.StatusCode, body)
		}

		// A form sent as multipart, as a portal's own page might.
		var mp bytes.Buffer
		mw := multipart.NewWriter(&mp)
		mw.WriteField("page", "/")
		mw.WriteField("useful", "yes")
		mw.Close()
		if resp, body := ps.votePost(t, mw.FormDataContentType(), mp.String(), "Accept", "application/json"); resp.StatusCode != http.StatusCreated {
			t.Fatalf("a multipart vote: %d %s", resp.StatusCode, body)
		}

		thanks, page := ps.get(t, loc)
		if thanks.StatusCode != http.StatusOK || !strings.Contains(page, "Cảm ơn bạn đã góp ý") || !strings.Contains(page, `href="`+testProcedure+`"`) {
			t.Errorf("the thanks: %d\n%s", thanks.StatusCode, page)
		}
		if csp := thanks.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'self'") {
			t.Errorf("the thanks, HTML under /api/, has the policy %q: its style sheet would be refused", csp)
		}
		if !strings.Contains(page, "<title>Cảm ơn bạn đã góp ý") || !strings.Contains(page, `class="site-footer"`) {
			t.Errorf("the thanks is not in the site's look, with its own title")
		}
		// A made-up ?trang= links home.
		_, home := ps.get(t, participation.UsefulPath+"?trang="+url.QueryEscape("https://evil.example/"))
		if strings.Contains(home, "evil.example") || !strings.Contains(home, `href="/"`) {
			t.Errorf("the thanks links to a page that is not the site's:\n%s", home)
		}

		got := ps.tally(t)
		if len(got) != 2 || got[0].Page != "/" || got[0].Yes != 2 || got[1].Page != testProcedure || got[1].Yes != 1 || got[1].No != 1 ||
			len(got[1].Texts) != 1 || got[1].Texts[0].Text != words || got[1].Texts[0].Useful {
			t.Errorf("the store counts %+v", got)
		}
		if strings.Contains(ps.logs.String(), words) {
			t.Errorf("the server logged a reader's words:\n%s", ps.logs)
		}
	})
}

func (ps *partServer) get(t *testing.T, path string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", ps.URL+path, nil)
	return roundTrip(t, req)
}

// TestUsefulBadInput: what is not a vote about a page of the site is
// refused with 400 (413 too large, 403 from another site), said in
// Vietnamese and English, never a 500, and nothing is stored.
func TestUsefulBadInput(t *testing.T) {
	ps := newPartServer(t, backends[0].url(t), nil)
	long := strings.Repeat("ồ", participation.MaxVoteText+1)
	for _, tc := range []struct {
		name, ctype, body string
		headers           []string
		status            int
		want              string // in the message
	}{
		{"no such page", formType, "page=/khong-co-trang-nay/&useful=yes", nil, 400, "page: không phải địa chỉ một trang của cổng / page: not the address of a page of this site"},
		{"another site", formType, "page=https://evil.example/&useful=yes", nil, 400, "not the address of a page"},
		{"protocol-relative", formType, "page=//evil.example/&useful=yes", nil, 400, "not the address of a page"},
		{"private folder", formType, "page=/.minhbach/participation.json&useful=yes", nil, 400, "not the address of a page"},
		{"climbing out", formType, "page=/thu-tuc/../../etc/&useful=yes", nil, 400, "not the address of a page"},
		{"a file, not a page", formType, "page=/robots.txt&useful=yes", nil, 400, "not the address of a page"},
		{"no page", formType, "useful=yes", nil, 400, "not the address of a page"},
		{"no answer", formType, "page=/", nil, 400, "useful: hãy chọn Có hoặc Không / useful: choose yes or no"},
		{"another answer", formType, "page=/&useful=maybe", nil, 400, "choose yes or no"},
		{"JSON without an answer", "application/json", `{"page":"/"}`, nil, 400, "choose yes or no"},
		{"text too long", formType, url.Values{"page": {"/"}, "useful": {"no"}, "text": {long}}.Encode(), nil, 400, "text: dài 501 ký tự, tối đa 500"},
		{"text not UTF-8", formType, "page=/&useful=no&text=%C3", nil, 400, "text: văn bản không phải UTF-8 hợp lệ"},
		{"text with NUL", formType, "page=/&useful=no&text=a%00b", nil, 400, "NUL"},
		{"unknown JSON field", "application/json", `{"page":"/","useful":true,"kind":"comment"}`, nil, 400, "malformed request"},
		{"JSON with trailing data", "application/json", `{"page":"/","useful":true} {}`, nil, 400, "malformed request"},
		{"broken JSON", "application/json", `{"page":`, nil, 400, "malformed request"},
		{"JSON of the wrong type", "application/json", `{"page":"/","useful":"yes"}`, nil, 400, "malformed request"},
		{"no content type", "", "page=/&useful=yes", nil, 400, "malformed request"},
		{"honeypot filled", formType, "page=/&useful=yes&website=http://spam.example/", nil, 400, "không gửi được"},
		{"too large", formType, "page=/&useful=no&text=" + strings.Repeat("a", maxVoteBody), nil, 413, "request too large"},
		{"from another site", formType, "page=/&useful=yes", []string{"Origin", "https://evil.example"}, 403, "origin not allowed"},
	} {
		for _, asJSON := range []bool{true, false} {
			headers := tc.headers
			if asJSON {
				headers = append(headers[:len(headers):len(headers)], "Accept", "application/json")
			}
			resp, body := ps.votePost(t, tc.ctype, tc.body, headers...)
			if resp.StatusCode != tc.status {
				t.Errorf("%s (JSON %v): %d, want %d: %s", tc.name, asJSON, resp.StatusCode, tc.status, body)
				continue
			}
			if asJSON || tc.ctype == "application/json" {
				var e struct{ Error string }
				if err := json.Unmarshal([]byte(body), &e); err != nil || !strings.Contains(e.Error, tc.want) || !strings.Contains(e.Error, " / ") {
					t.Errorf("%s: the error %q, want %q in Vietnamese / English", tc.name, body, tc.want)
				}
				continue
			}
			// A browser gets a page that says it in both languages and
			// leads back.
			vi, en, _ := strings.Cut(tc.want, " / ")
			vi, en = withoutField(vi), withoutField(en)
			if !strings.Contains(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, "Chưa gửi được") ||
				!strings.Contains(body, template.HTMLEscapeString(vi)) || !strings.Contains(body, template.HTMLEscapeString(en)) || !strings.Contains(body, "Quay lại") {
				t.Errorf("%s without JavaScript: %s\n%s", tc.name, resp.Header.Get("Content-Type"), body)
			}
		}
	}
	if got := ps.tally(t); len(got) != 0 {
		t.Errorf("refused votes were stored: %+v", got)
	}
	if strings.Contains(ps.logs.String(), "panic") {
		t.Errorf("the server panicked:\n%s", ps.logs)
	}
}

// withoutField is a message without its "field: " prefix, as a page
// shows it to a person.
func withoutField(msg string) string {
	if _, rest, ok := strings.Cut(msg, ": "); ok {
		return rest
	}
	return msg
}

// TestUsefulChallenge: with the challenge on, a browser without
// JavaScript is asked the question on a second page, which keeps the
// reader's choice and words; a wrong answer asks again (400); the right
// one stores the vote. The script's proof of work passes at once; a
// vote with neither is refused.
func TestUsefulChallenge(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := newPartServer(t, dbURL, func(p *Participation) {
			on := true
			p.Config.Challenge = &on
			ch, err := participation.NewChallenger([]byte(strings.Repeat("k", 32)), participation.ChallengeOptions{Bits: 8})
			if err != nil {
				t.Fatal(err)
			}
			p.Challenger = ch
		})
		const words = "Bảng phí <b>khó đọc</b> trên điện thoại."
		vote := url.Values{"page": {testProcedure}, "useful": {"no"}, "text": {words}, "website": {""}}
		resp, page := ps.votePost(t, formType, vote.Encode())
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Còn một bước") || strings.Contains(page, "Chưa gửi được") {
			t.Fatalf("the first post without JavaScript: %d, want 200 and the question:\n%s", resp.StatusCode, page)
		}
		ask := func(page string) url.Values {
			t.Helper()
			fields := url.Values{}
			for _, name := range []string{"page", "useful", "challenge"} {
				vs := findAll(page, `name="`+name+`" value="`, `"`)
				if len(vs) != 1 {
					t.Fatalf("the question page has %d %s fields:\n%s", len(vs), name, page)
				}
				fields.Set(name, vs[0])
			}
			texts := findAll(page, `name="text"`, "</textarea>")
			if len(texts) != 1 || !strings.HasSuffix(texts[0], ">"+template.HTMLEscapeString(words)) {
				t.Fatalf("the question page does not keep the words: %q", texts)
			}
			fields.Set("text", words)
			qs := findAll(page, "Câu hỏi chống thư rác: ", "</label>")
			if len(qs) != 1 {
				t.Fatalf("no question on the page:\n%s", page)
			}
			fields.Set("answer", answerOf(t, qs[0]))
			return fields
		}
		fields := ask(page)
		if fields.Get("page") != testProcedure || fields.Get("useful") != "no" {
			t.Errorf("the question page keeps %v", fields)
		}
		wrong := url.Values{}
		for k, v := range fields {
			wrong[k] = v
		}
		wrong.Set("answer", "99")
		resp, page = ps.votePost(t, formType, wrong.Encode())
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "câu trả lời kiểm tra chưa đúng") || !strings.Contains(page, `aria-invalid="true"`) {
			t.Fatalf("a wrong answer: %d\n%s", resp.StatusCode, page)
		}
		if len(ps.tally(t)) != 0 {
			t.Fatal("a wrong answer stored the vote")
		}
		right := ask(page)
		resp, _ = ps.votePost(t, formType, right.Encode())
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the right answer: %d", resp.StatusCode)
		}
		// The token is good once.
		if resp, _ := ps.votePost(t, formType, right.Encode()); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a token used twice: %d", resp.StatusCode)
		}

		// The script: a fresh challenge, solved.
		var c challengeAnswer
		_, raw := ps.get(t, "/api/challenge")
		if err := json.Unmarshal([]byte(raw), &c); err != nil || c.Token == "" {
			t.Fatalf("GET /api/challenge: %v %s", err, raw)
		}
		resp, body := ps.votePost(t, "application/json", voteJSON(map[string]any{"page": testProcedure, "useful": true, "challenge": c.Token, "pow": solvePoW(c.Token, c.Bits)}))
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("a vote with the proof of work: %d %s", resp.StatusCode, body)
		}
		resp, body = ps.votePost(t, "application/json", voteJSON(map[string]any{"page": testProcedure, "useful": true}))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "challenge: ") {
			t.Errorf("a script's vote without the challenge: %d %s", resp.StatusCode, body)
		}
		got := ps.tally(t)
		if len(got) != 1 || got[0].Yes != 1 || got[0].No != 1 || len(got[0].Texts) != 1 || got[0].Texts[0].Text != words {
			t.Errorf("the store counts %+v, want one yes and one no with the words", got)
		}
	})
}

// TestUsefulRateLimit: votes have buckets of their own: an address over
// the limit waits (429 with Retry-After), and may still send feedback.
func TestUsefulRateLimit(t *testing.T) {
	ps := newPartServer(t, backends[0].url(t), func(p *Participation) { p.Config.PerAddressPerMinute = 2 })
	for i := range 3 {
		resp, body := ps.votePost(t, "application/json", voteJSON(map[string]any{"page": "/", "useful": i%2 == 0}))
		switch {
		case i < 2 && resp.StatusCode != http.StatusCreated:
			t.Fatalf("vote %d: %d %s", i, resp.StatusCode, body)
		case i == 2 && (resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == ""):
			t.Fatalf("vote %d over the limit: %d, Retry-After %q", i, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	if resp, out := ps.postJSON(t, comment("Đề nghị công khai đơn giá bồi thường đất ở.")); resp.StatusCode != http.StatusCreated {
		t.Errorf("feedback after the votes used their bucket: %d %v", resp.StatusCode, out)
	}
}

// TestUsefulWithoutParticipation: a server without the service answers
// 503, to a script and to a browser, and the thanks still show.
func TestUsefulWithoutParticipation(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, accept := range []string{"application/json", "text/html"} {
		req, _ := http.NewRequest("POST", ts.URL+participation.UsefulPath, strings.NewReader("page=/&useful=yes"))
		req.Header.Set("Content-Type", formType)
		req.Header.Set("Accept", accept)
		resp, body := roundTrip(t, req)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "chưa bật tiếp nhận ý kiến") {
			t.Errorf("Accept %s: %d %s", accept, resp.StatusCode, body)
		}
	}
	if resp, body := ts.get(t, participation.UsefulPath+"?trang=/"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Cảm ơn") {
		t.Errorf("the thanks without participation: %d", resp.StatusCode)
	}
}

// TestUsefulPartial: the theme's form posts what the server reads, to
// where it listens, names the page it is on, and is left out of the
// status and console frame.
func TestUsefulPartial(t *testing.T) {
	set, err := layouts.Parse(layouts.FS, layouts.ServerTemplates, nil)
	if err != nil {
		t.Fatal(err)
	}
	render := func(page string) string {
		t.Helper()
		var b bytes.Buffer
		ctx := struct{ Page struct{ URL string } }{}
		ctx.Page.URL = page
		if err := set.ExecuteTemplate(&b, "partials/useful.html", ctx); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	out := render(testProcedure)
	for _, want := range []string{
		`action="` + participation.UsefulPath + `"`, `method="post"`,
		`name="page" value="` + testProcedure + `"`,
		`<legend id="huu-ich-cau-hoi">Trang này có hữu ích không?</legend>`,
		`name="useful" value="yes">Có</button>`, `name="useful" value="no">Không</button>`,
		`name="text"`, `maxlength="500"`, `name="website"`,
		"Xin đừng ghi họ tên, số điện thoại",
		`role="status" aria-live="polite"`, `<script src="/js/useful.js" defer></script>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the partial lacks %s:\n%s", want, out)
		}
	}
	if participation.MaxVoteText != 500 {
		t.Errorf("the form's maxlength says 500, the server takes %d", participation.MaxVoteText)
	}
	if out := render("/theo-doi/"); strings.TrimSpace(out) != "" {
		t.Errorf("the status frame has the form:\n%s", out)
	}
}

// TestUsefulConsole: staff see each page's counts, its share useful and
// the latest words, most "Không" first or by the share; the CSV has the
// counts and never the words; the page needs a session, and the console
// bar links it.
func TestUsefulConsole(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := consoleServer(t, dbURL)
		votes := []struct {
			page   string
			useful bool
			text   string
		}{
			{testProcedure, false, "Thiếu lệ phí."},
			{testProcedure, false, ""},
			{testProcedure, true, ""},
			{"/", true, ""},
			{"/", true, "Dễ tìm."},
			{openDisclosure, false, "Gọi tôi: 0905 123 456"},
		}
		for _, v := range votes {
			if resp, body := ps.votePost(t, "application/json", voteJSON(map[string]any{"page": v.page, "useful": v.useful, "text": v.text})); resp.StatusCode != http.StatusCreated {
				t.Fatalf("voting: %d %s", resp.StatusCode, body)
			}
		}
		b := &browserless{ps: ps}
		if resp, _ := b.do(t, "GET", usefulPath, nil); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), loginPath) {
			t.Fatalf("the page without a session: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		b.login(t, "canbo@stnmt.example.vn", "mật khẩu thử nghiệm dài")
		resp, page := b.do(t, "GET", usefulPath, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the page: %d\n%s", resp.StatusCode, page)
		}
		for _, want := range []string{`href="/quan-tri/huu-ich/"`, "<strong>3</strong> «Có», <strong>3</strong> «Không»", "(3 trang)",
			"Thiếu lệ phí.", "Dễ tìm.", "0905 123 456", "33 %", "100 %", "0 %", "<title>Quản trị: trang có hữu ích không"} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		order := func(page string, paths ...string) bool {
			at := -1
			for _, p := range paths {
				i := strings.Index(page, `<th scope="row"><a href="`+p+`"`)
				if i <= at {
					return false
				}
				at = i
			}
			return true
		}
		// Most "Không" first: the procedure (2), the disclosure (1), home (0).
		if !order(page, testProcedure, openDisclosure, "/") {
			t.Errorf("the default order is not most «Không» first:\n%s", page)
		}
		_, page = b.do(t, "GET", usefulPath+"?sap-xep=ti-le", nil)
		if !order(page, openDisclosure, testProcedure, "/") || !strings.Contains(page, `<option value="ti-le" selected>`) {
			t.Errorf("by share: not least useful first:\n%s", page)
		}
		// A year back the votes are still in; a period before them has none.
		ps.now = ps.now.AddDate(0, 2, 0)
		b.login(t, "canbo@stnmt.example.vn", "mật khẩu thử nghiệm dài") // the session ended meanwhile
		_, page = b.do(t, "GET", usefulPath+"?thoi-gian=30", nil)
		if !strings.Contains(page, "Chưa có câu trả lời nào") {
			t.Errorf("30 days after the votes the page still counts them")
		}
		_, page = b.do(t, "GET", usefulPath+"?thoi-gian=bat-ky&sap-xep=bat-ky", nil)
		if !order(page, testProcedure, openDisclosure, "/") {
			t.Errorf("unknown parameters do not fall back to the defaults")
		}

		resp, csvBody := b.do(t, "GET", usefulPath+"?sap-xep=trang&thoi-gian=tat-ca&dinh-dang=csv", nil)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("the CSV: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(csvBody, "\ufeff"), "\r\n"), "\r\n")
		if len(lines) != 4 || lines[0] != "page,title,yes,no,total,share_useful,last_vote" ||
			!strings.HasPrefix(lines[1], "/,,2,0,2,1.000,") || !strings.HasPrefix(lines[3], testProcedure+",") || !strings.Contains(lines[3], ",1,2,3,0.333,") {
			t.Errorf("the CSV:\n%s", csvBody)
		}
		for _, v := range votes {
			if v.text != "" && strings.Contains(csvBody, v.text) {
				t.Errorf("the CSV holds a reader's words %q", v.text)
			}
		}
	})
}
