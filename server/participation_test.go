package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log"
	mathbits "math/bits"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/internal/pgtest"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
)

func TestMain(m *testing.M) {
	code := pgtest.Main(m)
	if builtDir != "" {
		os.RemoveAll(filepath.Dir(builtDir))
	}
	os.Exit(code)
}

// The test portal: the generator's test site, built once, with a list of
// communes. Its disclosure takes comments from 1 to 15 December 2026.
const (
	openDisclosure = "/cong-khai/lay-y-kien-phuong-an-boi-thuong-du-an-duong-ven-bien/"
	testProcedure  = "/thu-tuc/dang-ky-bien-dong-dat-dai/"
)

var (
	builtOnce sync.Once
	builtDir  string
	builtErr  error
)

func builtSite(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		dir, err := os.MkdirTemp("", "minhbach-participation-")
		if err != nil {
			builtErr = err
			return
		}
		src := filepath.Join(dir, "src")
		if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "generator", "testdata", "site"))); err != nil {
			builtErr = err
			return
		}
		communes := "as_of = 2025-07-01\nverified = true\n[[unit]]\nname = \"Xã Tịnh Khê\"\nkind = \"xã\"\n[[unit]]\nname = \"Phường Cẩm Thành\"\nkind = \"phường\"\n"
		if err := os.WriteFile(filepath.Join(src, "content", "don-vi-hanh-chinh.toml"), []byte(communes), 0o644); err != nil {
			builtErr = err
			return
		}
		builtDir = filepath.Join(dir, "public")
		_, builtErr = generator.Build(context.Background(), generator.Options{Source: src, Destination: builtDir,
			Now: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)})
	})
	if builtErr != nil {
		t.Fatalf("building the test site: %v", builtErr)
	}
	return builtDir
}

// backends are the two databases every participation test runs on.
var backends = []struct {
	name string
	url  func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "y-kien.db") }},
	{"postgres", func(t *testing.T) string { return pgtest.Start(t) }},
}

// partServer is a server taking submissions on one backend, on a clock
// the test sets.
type partServer struct {
	*httptest.Server
	store *sqlstore.Store
	now   time.Time
	logs  *syncBuffer
	ch    *participation.Challenger
}

func newPartServer(t *testing.T, dbURL string, change func(*Participation)) *partServer {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	ps := &partServer{store: st, logs: &syncBuffer{}, now: time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC)}
	off := false
	p := &Participation{Store: st, Config: participation.Config{Challenge: &off, PerAddressPerMinute: 1000, GlobalPerMinute: 100000},
		Now: func() time.Time { return ps.now }}
	if change != nil {
		change(p)
	}
	ps.ch = p.Challenger
	srv, err := New(Options{SiteDir: builtSite(t), Logger: log.New(ps.logs, "", 0), Participation: p, AllowOrigins: []string{allowedOrigin}})
	if err != nil {
		t.Fatal(err)
	}
	ps.Server = httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ps.Close()
		st.Close()
	})
	return ps
}

// postJSON sends a submission as the API documents it.
func (ps *partServer) postJSON(t *testing.T, body any, headers ...string) (*http.Response, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", ps.URL+"/api/feedback", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("answer %d is not JSON: %s", resp.StatusCode, raw)
	}
	return resp, out
}

func comment(text string) map[string]any {
	return map[string]any{"kind": "comment", "target": openDisclosure, "text": text,
		"name": "Nguyễn Thị Hoa", "contact": "0905 123 456", "consent": true}
}

func eachBackend(t *testing.T, f func(t *testing.T, dbURL string)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { f(t, b.url(t)) })
	}
}

// TestCommentOnOpenDisclosure: a comment sent while the period is open
// gets a code and a status page; neither the status nor any page shows
// the name or contact; once the period is over (judged at the moment of
// sending, in Vietnam's time) the same comment is refused with 409.
func TestCommentOnOpenDisclosure(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := newPartServer(t, dbURL, nil)
		resp, out := ps.postJSON(t, comment("Đề nghị công khai đơn giá bồi thường đất ở."))
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("status %d: %v", resp.StatusCode, out)
		}
		code, _ := out["code"].(string)
		if participation.NormalizeCode(code) != code || out["status_url"] != "/theo-doi/"+code+"/" {
			t.Fatalf("answer %v", out)
		}
		stored, err := ps.store.Get(context.Background(), code)
		if err != nil || stored.Name != "Nguyễn Thị Hoa" || stored.Text != "Đề nghị công khai đơn giá bồi thường đất ở." {
			t.Fatalf("stored %+v, %v", stored, err)
		}
		for _, path := range []string{"/api/feedback/" + code, "/api/feedback/" + strings.ToLower(strings.ReplaceAll(code, "-", "")), "/theo-doi/" + code + "/"} {
			r, err := http.Get(ps.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", path, r.StatusCode, body)
			}
			for _, secret := range []string{"Nguyễn Thị Hoa", "0905 123 456", "Hoa"} {
				if bytes.Contains(body, []byte(secret)) {
					t.Errorf("%s shows the personal data %q", path, secret)
				}
			}
			if !bytes.Contains(body, []byte("received")) && !bytes.Contains(body, []byte("Đã tiếp nhận")) {
				t.Errorf("%s does not say the status:\n%s", path, body)
			}
		}
		if strings.Contains(ps.logs.String(), "Hoa") || strings.Contains(ps.logs.String(), "0905") {
			t.Errorf("personal data in the logs: %s", ps.logs.String())
		}
		// 16 December, 00:30 in Vietnam: the period ended yesterday.
		ps.now = time.Date(2026, 12, 15, 17, 30, 0, 0, time.UTC)
		if resp, out := ps.postJSON(t, comment("Góp ý gửi muộn một ngày.")); resp.StatusCode != http.StatusConflict {
			t.Errorf("after the period: %d %v, want 409", resp.StatusCode, out)
		}
	})
}

// TestSubmitBadInput: each kind of bad input gets its status and a
// message in both languages, and nothing is stored.
func TestSubmitBadInput(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := newPartServer(t, dbURL, nil)
		with := func(k string, v any) map[string]any {
			c := comment("Ý kiến về phương án bồi thường.")
			c[k] = v
			return c
		}
		cases := []struct {
			name   string
			body   any
			raw    string
			status int
		}{
			{"unknown kind", with("kind", "complaint"), "", 400},
			{"unknown page", with("target", "/khong-co/"), "", 400},
			{"no consent", with("consent", false), "", 400},
			{"NUL in text", with("text", "Ý kiến\u0000"), "", 400},
			{"text too long", with("text", strings.Repeat("đất ", participation.MaxText)), "", 400},
			{"rating on a disclosure", map[string]any{"kind": "rating", "target": openDisclosure, "scores": map[string]int{"access": 5}, "consent": true}, "", 409},
			{"honeypot filled", with("website", "http://spam.example"), "", 400},
			{"unknown field", with("ssn", "0123"), "", 400},
			{"broken JSON", nil, `{"kind": "comment",`, 400},
			{"broken UTF-8", nil, "{\"kind\":\"comment\",\"target\":\"" + openDisclosure + "\",\"text\":\"\xff\xfe\",\"consent\":true}", 400},
			{"too large", nil, `{"text":"` + strings.Repeat("a", participation.MaxBody) + `"}`, 413},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var b []byte
				if c.raw != "" {
					b = []byte(c.raw)
				} else {
					b, _ = json.Marshal(c.body)
				}
				resp, err := http.Post(ps.URL+"/api/feedback", "application/json", bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var out map[string]string
				if resp.StatusCode != c.status || json.Unmarshal(raw, &out) != nil || !strings.Contains(out["error"], " / ") {
					t.Errorf("status %d %s, want %d with a message in both languages", resp.StatusCode, raw, c.status)
				}
			})
		}
		if n, err := ps.store.EraseBefore(context.Background(), ps.now.Add(time.Hour), ps.now); err != nil || n != 0 {
			t.Errorf("a refused submission was stored (%d, %v)", n, err)
		}
	})
}

// TestIdempotentRetry: a client that lost the answer and sends again
// with the same Idempotency-Key gets the same code, and one submission
// is stored.
func TestIdempotentRetry(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := newPartServer(t, dbURL, nil)
		_, a := ps.postJSON(t, comment("Cùng một góp ý, gửi lại."), "Idempotency-Key", "k-123")
		_, b := ps.postJSON(t, comment("Cùng một góp ý, gửi lại."), "Idempotency-Key", "k-123")
		_, c := ps.postJSON(t, comment("Cùng một góp ý, gửi lại."))
		if a["code"] == nil || a["code"] != b["code"] || c["code"] == a["code"] {
			t.Errorf("codes %v %v %v: want the first two equal, the third new", a["code"], b["code"], c["code"])
		}
	})
}

// TestRateLimit: past the per-address limit the answer is 429 with a
// Retry-After the client can wait for.
func TestRateLimit(t *testing.T) {
	ps := newPartServer(t, backends[0].url(t), func(p *Participation) { p.Config.PerAddressPerMinute = 2 })
	for i := range 2 {
		if resp, out := ps.postJSON(t, comment(fmt.Sprintf("Góp ý số %d về phương án.", i+1))); resp.StatusCode != 201 {
			t.Fatalf("submission %d: %d %v", i+1, resp.StatusCode, out)
		}
	}
	resp, out := ps.postJSON(t, comment("Góp ý số 3 về phương án."))
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("third in a minute: %d %v, Retry-After %q", resp.StatusCode, out, resp.Header.Get("Retry-After"))
	}
	ps.now = ps.now.Add(31 * time.Second)
	if resp, out := ps.postJSON(t, comment("Góp ý sau khi chờ.")); resp.StatusCode != 201 {
		t.Errorf("after waiting: %d %v", resp.StatusCode, out)
	}
}

// formPost sends fields as a browser without JavaScript does, and does
// not follow the redirect.
func (ps *partServer) formPost(t *testing.T, fields url.Values, photos ...[]byte) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for i, p := range photos {
		fw, _ := mw.CreateFormFile("photos", fmt.Sprintf("anh-%d.jpg", i))
		fw.Write(p)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", ps.URL+"/api/feedback", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestFormsWithoutJavaScript: a plain form post answers with a redirect
// to the status page; one that needs correcting comes back as the form
// with the citizen's words kept and the problem said, in the site's
// look; the challenge is the question, answered in words or digits.
func TestFormsWithoutJavaScript(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		var ch *participation.Challenger
		ps := newPartServer(t, dbURL, func(p *Participation) {
			on := true
			p.Config.Challenge = &on
			var err error
			ch, err = participation.NewChallenger([]byte(strings.Repeat("k", 32)), participation.ChallengeOptions{Bits: 8, Now: func() time.Time { return time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC) }})
			if err != nil {
				t.Fatal(err)
			}
			p.Challenger = ch
		})
		// The page carries a fresh challenge at each request.
		page := func() (token, question string) {
			r, err := http.Get(ps.URL + testProcedure)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if r.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("a page with a challenge may be cached: %q", r.Header.Get("Cache-Control"))
			}
			for _, m := range findAll(string(b), `name="challenge" data-minhbach-challenge="" value="`, `"`) {
				token = m
			}
			qs := findAll(string(b), "Câu hỏi chống thư rác: ", "</label>")
			if token == "" || len(qs) == 0 {
				t.Fatalf("no challenge in the page:\n%s", b)
			}
			return token, qs[0]
		}
		tok1, _ := page()
		tok2, _ := page()
		if tok1 == tok2 {
			t.Error("two visits got the same challenge token")
		}
		fields := url.Values{"kind": {"feedback"}, "target": {testProcedure}, "topic": {"thu-tuc"},
			"text": {"Hồ sơ nộp <b>hai lần</b> vẫn bị trả lại."}, "commune": {"Xã Tịnh Khê"}, "consent": {"true"},
			"name": {"Trần Văn Bình"}, "challenge": {tok1}, "answer": {"sai"}}
		resp, body := ps.formPost(t, fields)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("wrong answer: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		for _, want := range []string{"Chưa gửi được.", "Hồ sơ nộp &lt;b&gt;hai lần&lt;/b&gt; vẫn bị trả lại.", `value="Trần Văn Bình"`, `<option selected>Xã Tịnh Khê</option>`, `name="challenge"`, "/css/"} {
			if !strings.Contains(body, want) {
				t.Errorf("the form that came back lacks %s", want)
			}
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'self'") {
			t.Errorf("the page has the API's content policy, without styles: %q", csp)
		}
		// Answer the new question the page asked.
		tok := findAll(body, `name="challenge" data-minhbach-challenge="" value="`, `"`)
		if len(tok) == 0 {
			tok = findAll(body, `name="challenge" value="`, `"`)
		}
		q := findAll(body, "Câu hỏi chống thư rác: ", "</label>")
		if len(tok) == 0 || len(q) == 0 {
			t.Fatalf("no new challenge in the form that came back:\n%s", body)
		}
		fields.Set("challenge", tok[0])
		fields.Set("answer", answerOf(t, q[0]))
		resp, _ = ps.formPost(t, fields)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/theo-doi/") {
			t.Fatalf("right answer: %d, Location %q", resp.StatusCode, loc)
		}
		// The token is good once.
		resp, _ = ps.formPost(t, fields)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a token used twice: %d", resp.StatusCode)
		}
	})
}

// findAll returns what lies between each start and the next end.
func findAll(s, start, end string) []string {
	var out []string
	for {
		i := strings.Index(s, start)
		if i < 0 {
			return out
		}
		s = s[i+len(start):]
		j := strings.Index(s, end)
		if j < 0 {
			return out
		}
		out = append(out, s[:j])
		s = s[j:]
	}
}

// answerOf reads a challenge question ("Ba cộng bốn bằng mấy? (viết số)")
// as a citizen would, and answers in digits.
func answerOf(t *testing.T, q string) string {
	t.Helper()
	q = strings.ToLower(strings.TrimSuffix(q, " bằng mấy? (viết số)"))
	for _, op := range []string{" cộng ", " trừ "} {
		if a, b, ok := strings.Cut(q, op); ok {
			x, okx := spelled[a]
			y, oky := spelled[b]
			if okx && oky {
				if op == " cộng " {
					return fmt.Sprint(x + y)
				}
				return fmt.Sprint(x - y)
			}
		}
	}
	t.Fatalf("cannot read the question %q", q)
	return ""
}

// spelled are the numbers 1 to 30 as a Vietnamese reader says them.
var spelled = func() map[string]int {
	d := []string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}
	m := map[string]int{}
	for n := 1; n <= 30; n++ {
		t, u := n/10, n%10
		var w string
		switch {
		case t == 0:
			w = d[u]
		case t == 1 && u == 0:
			w = "mười"
		case t == 1 && u == 5:
			w = "mười lăm"
		case t == 1:
			w = "mười " + d[u]
		default:
			w = d[t] + " mươi"
			switch u {
			case 0:
			case 1:
				w += " mốt"
			case 4:
				w += " tư"
			case 5:
				w += " lăm"
			default:
				w += " " + d[u]
			}
		}
		m[w] = n
	}
	return m
}()

// TestPhotoIsCleaned: a photo sent with feedback is stored re-encoded,
// without the metadata it came with.
func TestPhotoIsCleaned(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := newPartServer(t, dbURL, nil)
		img := image.NewRGBA(image.Rect(0, 0, 64, 48))
		for x := range 64 {
			img.Set(x, 10, color.RGBA{200, 30, 30, 255})
		}
		var jb bytes.Buffer
		if err := jpeg.Encode(&jb, img, nil); err != nil {
			t.Fatal(err)
		}
		// A comment segment standing in for metadata, after the SOI marker.
		marker := []byte("GPS 15.12N 108.80E may-anh-cua-toi")
		seg := append([]byte{0xFF, 0xFE, byte((len(marker) + 2) >> 8), byte(len(marker) + 2)}, marker...)
		photo := append(append(append([]byte{}, jb.Bytes()[:2]...), seg...), jb.Bytes()[2:]...)
		fields := url.Values{"kind": {"feedback"}, "target": {participation.FeedbackPath}, "topic": {"o-nhiem"},
			"text": {"Nước thải đổ ra mương thôn 3."}, "consent": {"true"}, "address": {"Mương thôn 3"}}
		resp, _ := ps.formPost(t, fields, photo)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("feedback with a photo: %d", resp.StatusCode)
		}
		code := strings.Split(resp.Header.Get("Location"), "/")[2]
		sub, err := ps.store.Get(context.Background(), code)
		if err != nil || len(sub.Photos) != 1 {
			t.Fatalf("stored %d photos, %v", len(sub.Photos), err)
		}
		if bytes.Contains(sub.Photos[0].Data, marker) || sub.Photos[0].Type != "image/jpeg" {
			t.Errorf("the stored photo kept its metadata, or is %s", sub.Photos[0].Type)
		}
		if _, _, err := image.Decode(bytes.NewReader(sub.Photos[0].Data)); err != nil {
			t.Errorf("the stored photo does not decode: %v", err)
		}
	})
}

// TestErasureByCode: whoever holds the code can erase the personal
// fields at once; the status stays.
func TestErasureByCode(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := newPartServer(t, dbURL, nil)
		_, out := ps.postJSON(t, comment("Góp ý rồi xin xóa dữ liệu cá nhân."))
		code := out["code"].(string)
		resp, err := http.Post(ps.URL+"/api/feedback/"+code+"/erasure", "application/x-www-form-urlencoded", strings.NewReader("confirm=true"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		sub, err := ps.store.Get(context.Background(), code)
		if err != nil || sub.Name != "" || sub.Contact != "" || sub.Erased.IsZero() || sub.Text == "" {
			t.Errorf("after erasure: %+v, %v", sub, err)
		}
		r, _ := http.Get(ps.URL + "/theo-doi/" + code + "/")
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if !strings.Contains(string(b), "đã được xóa") {
			t.Errorf("the status page does not say the data is erased")
		}
		if r, _ := http.Get(ps.URL + "/api/feedback/ZZZZZ-ZZZZZ"); r.StatusCode != http.StatusBadRequest {
			t.Errorf("a malformed code: %d, want 400", r.StatusCode)
		}
	})
}

// TestChallengeByProofOfWork: a script gets a fresh challenge from
// /api/challenge, solves it as /js/challenge.js does (SHA-256 of
// "token:nonce" with enough leading zero bits) and sends; the token is
// good once, and a submission without a solved challenge is refused.
func TestChallengeByProofOfWork(t *testing.T) {
	ps := newPartServer(t, backends[0].url(t), func(p *Participation) {
		on := true
		p.Config.Challenge = &on
		ch, err := participation.NewChallenger([]byte(strings.Repeat("s", 32)), participation.ChallengeOptions{Bits: 10, Now: func() time.Time { return time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		p.Challenger = ch
	})
	get := func() challengeAnswer {
		r, err := http.Get(ps.URL + "/api/challenge")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		var c challengeAnswer
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil || c.Token == "" || c.Bits != 10 || c.Question == "" {
			t.Fatalf("challenge %+v, %v", c, err)
		}
		return c
	}
	c := get()
	if get().Token == c.Token {
		t.Error("two challenges with one token")
	}
	body := comment("Góp ý gửi từ một trang nhúng.")
	if resp, out := ps.postJSON(t, body); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("without the challenge: %d %v", resp.StatusCode, out)
	}
	body["challenge"], body["pow"] = c.Token, solvePoW(c.Token, c.Bits)
	if resp, out := ps.postJSON(t, body); resp.StatusCode != http.StatusCreated {
		t.Fatalf("with the proof of work: %d %v", resp.StatusCode, out)
	}
	if resp, out := ps.postJSON(t, body); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the same token again: %d %v", resp.StatusCode, out)
	}
}

// solvePoW finds a nonce the way the browser's script does.
func solvePoW(token string, bits int) string {
	for n := 0; ; n++ {
		nonce := strconv.Itoa(n)
		sum := sha256.Sum256([]byte(token + ":" + nonce))
		zeros := 0
		for _, b := range sum {
			if b == 0 {
				zeros += 8
				continue
			}
			zeros += mathbits.LeadingZeros8(b)
			break
		}
		if zeros >= bits {
			return nonce
		}
	}
}
