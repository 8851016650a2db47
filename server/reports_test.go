package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/minhbach/minhbach/participation"
)

func reportServer(t *testing.T, dbURL string) *partServer {
	t.Helper()
	ps := consoleServer(t, dbURL)
	return ps
}

func getBody(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	r, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return r, string(b)
}

// TestSatisfactionOpenData: the satisfaction figures are served live,
// one row per procedure and quarter, and a cell with fewer than five
// ratings behind it is left empty, so no figure points at one citizen.
func TestSatisfactionOpenData(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := reportServer(t, dbURL)
		rate := func(v int) {
			resp, out := ps.postJSON(t, map[string]any{"kind": "rating", "target": testProcedure, "scores": scoresOf(v), "consent": true})
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("rating: %d %v", resp.StatusCode, out)
			}
		}
		for range 4 {
			rate(5)
		}
		_, body := getBody(t, ps.URL+"/du-lieu/hai-long.json")
		var d satisfactionData
		if err := json.Unmarshal([]byte(body), &d); err != nil || len(d.Rows) != 1 {
			t.Fatalf("%v %s", err, body)
		}
		if d.Rows[0].Ratings != nil || d.Rows[0].Satisfied["access"] != nil || d.Rows[0].Quarter != "2026-Q4" {
			t.Errorf("four ratings are published: %+v", d.Rows[0])
		}
		rate(2)
		_, body = getBody(t, ps.URL+"/du-lieu/hai-long.json")
		if err := json.Unmarshal([]byte(body), &d); err != nil || d.Rows[0].Ratings == nil || *d.Rows[0].Ratings != 5 || d.Rows[0].Satisfied["staff"] == nil || *d.Rows[0].Satisfied["staff"] != 0.8 {
			t.Errorf("five ratings, four satisfied: %s", body)
		}
		resp, csv := getBody(t, ps.URL+"/du-lieu/hai-long.csv")
		if !strings.HasPrefix(csv, "\ufeffprocedure,title,quarter,ratings,satisfied_access") || !strings.Contains(csv, testProcedure+",") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("CSV:\n%s", csv)
		}
	})
}

// TestCommentsReport: the public report of a disclosure counts the
// comments, shows the agency's answers, and never the citizens' names
// or words.
func TestCommentsReport(t *testing.T) {
	eachBackend(t, func(t *testing.T, dbURL string) {
		ps := reportServer(t, dbURL)
		var codes []string
		for i := range 3 {
			_, out := ps.postJSON(t, comment(fmt.Sprintf("Ý kiến riêng tư số %d của bà Hoa.", i)))
			codes = append(codes, out["code"].(string))
		}
		answer, accepted := "Sở tiếp thu: điều chỉnh vị trí tái định cư.", true
		if _, err := ps.store.Change(t.Context(), codes[0], participation.Change{Answer: &answer, Accepted: &accepted}, "canbo@stnmt.example.vn", ps.now); err != nil {
			t.Fatal(err)
		}
		spam := "spam"
		if _, err := ps.store.Change(t.Context(), codes[1], participation.Change{Reason: &spam}, "canbo@stnmt.example.vn", ps.now); err != nil {
			t.Fatal(err)
		}
		resp, page := getBody(t, ps.URL+"/bao-cao-y-kien/?trang="+url.QueryEscape(openDisclosure))
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, answer) || !strings.Contains(page, "tiếp thu") {
			t.Fatalf("%d\n%s", resp.StatusCode, page)
		}
		for _, secret := range []string{"Nguyễn Thị Hoa", "0905 123 456", "riêng tư"} {
			if strings.Contains(page, secret) {
				t.Errorf("the public report shows %q", secret)
			}
		}
		_, csv := getBody(t, ps.URL+"/bao-cao-y-kien/?dinh-dang=csv&trang="+url.QueryEscape(openDisclosure))
		if !strings.Contains(csv, codes[0]) || strings.Contains(csv, "riêng tư") || strings.Contains(csv, codes[1]) {
			t.Errorf("CSV (spam left out, no citizen's words):\n%s", csv)
		}
		if r, _ := getBody(t, ps.URL+"/bao-cao-y-kien/?trang="+url.QueryEscape(testProcedure)); r.StatusCode != http.StatusNotFound {
			t.Errorf("a report for a procedure: %d", r.StatusCode)
		}
	})
}

// TestHotSpots: five reports of one topic in one commune within a week,
// where there were none before, are flagged; the same five spread over
// the three months before are not.
func TestHotSpots(t *testing.T) {
	ps := reportServer(t, backends[0].url(t))
	send := func(topic, commune string) {
		resp, out := ps.postJSON(t, map[string]any{"kind": "feedback", "target": participation.FeedbackPath, "topic": topic, "commune": commune, "text": "Cát bị hút trộm ban đêm ở bãi sông.", "consent": true})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("%d %v", resp.StatusCode, out)
		}
	}
	start := ps.now
	// Steady: one report a fortnight in Phường Cẩm Thành, on pollution.
	for i := range 6 {
		ps.now = start.Add(-time.Duration(14*(i+1)) * 24 * time.Hour)
		send("o-nhiem", "Phường Cẩm Thành")
	}
	// A burst this week in Xã Tịnh Khê, on sand mining.
	for i := range 5 {
		ps.now = start.Add(-time.Duration(i) * time.Hour)
		send("khai-thac-trai-phep", "Xã Tịnh Khê")
	}
	ps.now = start.Add(time.Minute)
	admin := &browserless{ps: ps}
	admin.login(t, "quantri@stnmt.example.vn", "mật khẩu thử nghiệm dài")
	_, page := admin.do(t, "GET", "/quan-tri/diem-nong/", nil)
	if !strings.Contains(page, "Khai thác cát, khoáng sản trái phép — Xã Tịnh Khê") || strings.Contains(page, "Phường Cẩm Thành") {
		t.Errorf("hot spots:\n%s", page)
	}
	_, rep := admin.do(t, "GET", "/quan-tri/bao-cao/", nil)
	if !strings.Contains(rep, "Thời gian trả lời") {
		t.Errorf("handling report:\n%s", rep)
	}
	mod := &browserless{ps: ps}
	mod.login(t, "canbo@stnmt.example.vn", "mật khẩu thử nghiệm dài")
	if resp, _ := mod.do(t, "GET", "/quan-tri/diem-nong/", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("a moderator reading hot spots: %d", resp.StatusCode)
	}
}

func scoresOf(v int) map[string]int {
	m := map[string]int{}
	for _, c := range participation.Criteria {
		m[c.Key] = v
	}
	return m
}

// TestFeedbackPageListsAnswers: /phan-anh-kien-nghi/ lists every answered
// feedback live, filtered by topic and commune with plain GET links, and
// with no personal data.
func TestFeedbackPageListsAnswers(t *testing.T) {
	ps := reportServer(t, backends[0].url(t))
	send := func(topic, commune, text string) string {
		_, out := ps.postJSON(t, map[string]any{"kind": "feedback", "target": participation.FeedbackPath, "topic": topic, "commune": commune,
			"text": text, "name": "Lê Văn Tám", "contact": "lvt@example.vn", "consent": true})
		code, _ := out["code"].(string)
		return code
	}
	a := send("o-nhiem", "Xã Tịnh Khê", "Khói từ lò gạch.")
	b := send("khai-thac-trai-phep", "Phường Cẩm Thành", "Hút cát ban đêm.")
	for code, ans := range map[string]string{a: "Đoàn kiểm tra đã lập biên bản lò gạch.", b: "Đã phối hợp công an xử lý tàu hút cát."} {
		ans := ans
		if _, err := ps.store.Change(t.Context(), code, participation.Change{Answer: &ans}, "canbo@stnmt.example.vn", ps.now); err != nil {
			t.Fatal(err)
		}
	}
	_, page := getBody(t, ps.URL+participation.FeedbackPath)
	if !strings.Contains(page, "lập biên bản lò gạch") || !strings.Contains(page, "tàu hút cát") || strings.Contains(page, "Lê Văn Tám") || strings.Contains(page, "lvt@example.vn") {
		t.Errorf("the feedback page:\n%s", page)
	}
	_, page = getBody(t, ps.URL+participation.FeedbackPath+"?chu-de=o-nhiem")
	if !strings.Contains(page, "lập biên bản lò gạch") || strings.Contains(page, "tàu hút cát") {
		t.Errorf("filtered by topic, the other answer shows or this one does not")
	}
}
