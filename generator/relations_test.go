package generator

import (
	"strings"
	"testing"

	"github.com/minhbach/minhbach/model"
)

// legalSite is a small body of law whose relations and dates put every
// status boundary on a known day.
var legalSite = map[string]string{
	// Replaced by the 2024 law, with no expiry date of its own: it
	// expires the day the 2024 law takes effect, 2024-08-01.
	"van-ban/luat-2013.md": `+++
title = "Luật Đất đai 2013"
number = "45/2013/QH13"
kind = "Luật"
issuer = "Quốc hội"
issued = 2013-11-29
effective = 2014-07-01
replaced_by = ["31/2024/QH15"]
+++
`,
	"van-ban/luat-2024.md": `+++
title = "Luật Đất đai 2024"
number = "31/2024/QH15"
kind = "Luật"
issuer = "Quốc hội"
issued = 2024-01-18
effective = "01/08/2024"
+++
`,
	// Expires on a stated day.
	"van-ban/nd-43.md": `---
title: Nghị định 43/2014/NĐ-CP
number: 43/2014/NĐ-CP
kind: Nghị định
issuer: Chính phủ
issued: 15/5/2014
effective: 2014-07-01
expired: 2024-08-01
basis: ["45/2013/QH13"]
---
`,
	"van-ban/nd-10.md": `+++
title = "Nghị định 10/2023/NĐ-CP"
number = "10/2023/NĐ-CP"
kind = "Nghị định"
issuer = "Chính phủ"
issued = 2023-04-03
effective = 2023-05-20
amends = ["43/2014/NĐ-CP"]
+++
`,
	"van-ban/qd-mot-phan.md": `+++
title = "Quyết định còn một phần"
number = "5/2020/QĐ-UBND"
kind = "Quyết định"
issuer = "UBND tỉnh Quảng Ngãi"
issued = 2019-12-20
effective = 2020-01-01
partly_expired = true
+++
`,
	// Replaced from the other side only: qd-moi says replaces, by path.
	"van-ban/qd-cu.md": `+++
title = "Quyết định cũ"
number = "1/2018/QĐ-UBND"
kind = "Quyết định"
issuer = "UBND tỉnh Quảng Ngãi"
issued = 2018-01-05
+++
`,
	"van-ban/qd-moi/index.md": `+++
title = "Quyết định mới"
number = "2/2022/QĐ-UBND"
kind = "Quyết định"
issuer = "UBND tỉnh Quảng Ngãi"
issued = 2022-03-01
effective = 2022-03-15
replaces = ["van-ban/qd-cu"]
+++
`,
	"thu-tuc/dang-ky.md": `+++
title = "Đăng ký biến động đất đai"
code = "1.004227"
level = ["Cấp tỉnh"]
agency = "Văn phòng Đăng ký đất đai"

basis = ["45/2013/QH13", "31/2024/QH15", { number = "01/2017/TT-BTNMT", title = "Thông tư 01/2017" }]
+++
`,
	"cong-khai/lay-y-kien.md": `+++
title = "Lấy ý kiến phương án bồi thường"
posted = 2024-07-01
until = "20/7/2024"
basis = ["content/van-ban/luat-2024.md"]
+++
`,
}

// TestLegalStatus checks the status each document shows on the days
// around its boundaries: a law takes effect on its effective day and
// stops on its expiry day, both whole days.
func TestLegalStatus(t *testing.T) {
	tests := []struct {
		doc, now string
		want     model.Status
	}{
		{"van-ban/luat-2024.md", "2024-07-31", model.StatusNotYet},
		{"van-ban/luat-2024.md", "2024-08-01", model.StatusInForce},
		{"van-ban/nd-43.md", "2014-06-30", model.StatusNotYet},
		{"van-ban/nd-43.md", "2014-07-01", model.StatusInForce},
		{"van-ban/nd-43.md", "2024-07-31", model.StatusInForce},
		{"van-ban/nd-43.md", "2024-08-01", model.StatusExpired},
		{"van-ban/nd-43.md", "2030-01-01", model.StatusExpired},
		// Replaced, no expired date: ends when the replacing law starts.
		{"van-ban/luat-2013.md", "2014-06-30", model.StatusNotYet},
		{"van-ban/luat-2013.md", "2024-07-31", model.StatusInForce},
		{"van-ban/luat-2013.md", "2024-08-01", model.StatusExpired},
		{"van-ban/qd-mot-phan.md", "2019-12-31", model.StatusNotYet},
		{"van-ban/qd-mot-phan.md", "2020-01-01", model.StatusPartlyExpired},
		// No effective date: in force from the issue date.
		{"van-ban/qd-cu.md", "2018-01-04", model.StatusNotYet},
		{"van-ban/qd-cu.md", "2018-01-05", model.StatusInForce},
		// Replaced from the other side (replaces on the new one).
		{"van-ban/qd-cu.md", "2022-03-14", model.StatusInForce},
		{"van-ban/qd-cu.md", "2022-03-15", model.StatusExpired},
	}
	dir := newSite(t, legalSite)
	for _, tt := range tests {
		site, probs := loadSite(t, dir, tt.now)
		if errs := probs.Errors(); len(errs) > 0 {
			t.Fatalf("problems: %v", errs)
		}
		if !site.Now.Equal(date(tt.now)) {
			t.Fatalf("site.Now = %v, want %s", site.Now, tt.now)
		}
		p := pageBySource(t, site, tt.doc)
		if p.Document.Status != tt.want {
			t.Errorf("%s on %s: %q, want %q", tt.doc, tt.now, p.Document.Status, tt.want)
		}
	}
}

// TestLoadNowIgnoresTimeOfDay checks that a build run in the evening (in
// Vietnam, UTC+7) computes statuses for that calendar day.
func TestLoadNowIgnoresTimeOfDay(t *testing.T) {
	dir := newSite(t, legalSite)
	site, _, err := Load(Options{Source: dir, Now: date("2024-07-31").Add(23*3600e9 + 59*60e9)})
	if err != nil {
		t.Fatal(err)
	}
	if got := pageBySource(t, site, "van-ban/luat-2024.md").Document.Status; got != model.StatusNotYet {
		t.Errorf("at 23:59 the day before: %q, want %q", got, model.StatusNotYet)
	}
}

func hasPage(ps []*model.Page, p *model.Page) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func hasRef(rs []model.Ref, p *model.Page) bool {
	for _, r := range rs {
		if r.Page == p {
			return true
		}
	}
	return false
}

// TestRelationsBothSides checks that each relation written on one page
// shows on the other too.
func TestRelationsBothSides(t *testing.T) {
	site, probs := loadSite(t, newSite(t, legalSite), "2024-07-31")
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatalf("problems: %v", errs)
	}
	pg := func(s string) *model.Page { return pageBySource(t, site, s) }
	luat13, luat24 := pg("van-ban/luat-2013.md"), pg("van-ban/luat-2024.md")
	nd43, nd10 := pg("van-ban/nd-43.md"), pg("van-ban/nd-10.md")
	cu, moi := pg("van-ban/qd-cu.md"), pg("van-ban/qd-moi/index.md")
	tt, ck := pg("thu-tuc/dang-ky.md"), pg("cong-khai/lay-y-kien.md")

	checks := []struct {
		name string
		ok   bool
	}{
		{"replaced_by on 2013 law resolves to the 2024 law", hasRef(luat13.Document.ReplacedBy, luat24)},
		{"2024 law lists the 2013 law in Replaces", hasRef(luat24.Document.Replaces, luat13)},
		{"replaces by path resolves", hasRef(moi.Document.Replaces, cu)},
		{"old decision lists the new one in ReplacedBy", hasRef(cu.Document.ReplacedBy, moi)},
		{"amends gives AmendedBy", hasPage(nd43.Document.AmendedBy, nd10)},
		{"basis of a document gives ImplementedBy", hasPage(luat13.Document.ImplementedBy, nd43)},
		{"basis of a procedure gives CitedBy", hasPage(luat13.Document.CitedBy, tt) && hasPage(luat24.Document.CitedBy, tt)},
		{"basis of a disclosure gives CitedBy", hasPage(luat24.Document.CitedBy, ck)},
	}
	for _, c := range checks {
		if !c.ok {
			t.Error(c.name)
		}
	}
	// Each relation is listed once, however many sides state it.
	if n := len(luat24.Document.Replaces); n != 1 {
		t.Errorf("2024 law Replaces has %d entries, want 1", n)
	}
	if n := len(luat13.Document.ReplacedBy); n != 1 {
		t.Errorf("2013 law ReplacedBy has %d entries, want 1", n)
	}
	// The inline ref to a document not on the site keeps its label.
	ext := tt.Procedure.Basis[2]
	if ext.Page != nil || ext.Label() != "Thông tư 01/2017" || ext.Number != "01/2017/TT-BTNMT" {
		t.Errorf("inline ref = %+v", ext)
	}
	if luat13.Document.ReplacedBy[0].Href() != luat24.URL || luat24.URL != "/van-ban/luat-dat-dai-2024/" {
		t.Errorf("ref href %q, page URL %q", luat13.Document.ReplacedBy[0].Href(), luat24.URL)
	}
}

// TestExpiredBasisWarning checks that a procedure citing a law no longer
// in force is flagged, as a warning that does not stop the build, on the
// line of its basis.
func TestExpiredBasisWarning(t *testing.T) {
	dir := newSite(t, legalSite)

	site, probs := loadSite(t, dir, "2024-07-31")
	for _, w := range probs.Warnings() {
		if w.File == "content/thu-tuc/dang-ky.md" {
			t.Errorf("the day before expiry: %v", w)
		}
	}
	if eb := pageBySource(t, site, "thu-tuc/dang-ky.md").Procedure.ExpiredBasis; len(eb) != 0 {
		t.Errorf("the day before expiry: ExpiredBasis %+v", eb)
	}

	site, probs = loadSite(t, dir, "2024-08-01")
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatalf("an expired basis must not be an error: %v", errs)
	}
	pr := pageBySource(t, site, "thu-tuc/dang-ky.md").Procedure
	if len(pr.ExpiredBasis) != 1 || pr.ExpiredBasis[0].Page != pageBySource(t, site, "van-ban/luat-2013.md") {
		t.Errorf("ExpiredBasis = %+v, want the 2013 law only", pr.ExpiredBasis)
	}
	var found bool
	for _, w := range probs.Warnings() {
		if w.File == "content/thu-tuc/dang-ky.md" {
			found = true
			if w.Line != 7 || w.Key != "basis" || !strings.Contains(w.Error(), "45/2013/QH13") ||
				!strings.Contains(w.Error(), "cảnh báo / warning") || !strings.Contains(w.EN, "2024-08-01") {
				t.Errorf("warning = %v (line %d, key %q)", w, w.Line, w.Key)
			}
			checkBilingual(t, w)
		}
	}
	if !found {
		t.Errorf("no warning for the procedure; got %v", probs)
	}
}

// TestDisclosureOpen checks the comment period on its boundary days: open
// from the posting day through the last day, inclusive.
func TestDisclosureOpen(t *testing.T) {
	tests := []struct {
		now     string
		open    bool
		warning bool // the period has ended: staff should take it down
	}{
		{"2024-06-30", false, false},
		{"2024-07-01", true, false},
		{"2024-07-20", true, false},
		{"2024-07-21", false, true},
	}
	dir := newSite(t, legalSite)
	for _, tt := range tests {
		site, probs := loadSite(t, dir, tt.now)
		d := pageBySource(t, site, "cong-khai/lay-y-kien.md").Disclosure
		if got := d.OpenAt(site.Now); got != tt.open {
			t.Errorf("on %s open = %v, want %v", tt.now, got, tt.open)
		}
		var warned bool
		for _, w := range probs.Warnings() {
			if w.File == "content/cong-khai/lay-y-kien.md" && w.Key == "until" && w.Line == 4 {
				warned = true
			}
		}
		if warned != tt.warning {
			t.Errorf("on %s warning = %v, want %v (%v)", tt.now, warned, tt.warning, probs)
		}
	}
}

// TestDisclosuresOpenFirst checks that a list shows notices still open
// for comment before closed ones, even when the closed one is newer.
func TestDisclosuresOpenFirst(t *testing.T) {
	dir := newSite(t, map[string]string{
		"cong-khai/mo.md":   "+++\ntitle = \"Đang mở\"\ndate = 2026-10-01\nposted = 2026-10-01\nuntil = 2026-12-31\n+++\n",
		"cong-khai/dong.md": "+++\ntitle = \"Đã đóng\"\ndate = 2026-11-20\nposted = 2026-11-01\nuntil = 2026-11-20\n+++\n",
	})
	site, probs := loadSite(t, dir, "2026-11-26")
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	list := site.PageByURL("/cong-khai/").Pages
	if len(list) != 2 || list[0].Title != "Đang mở" {
		t.Fatalf("want the open notice first, got %v", []string{list[0].Title, list[1].Title})
	}
}

// TestSectionFacets checks the static filter pages of the documents
// section: by year, status and kind, each listing only its documents.
func TestSectionFacets(t *testing.T) {
	dir := newSite(t, map[string]string{
		"van-ban/cu.md":  "+++\ntitle = \"Luật cũ\"\nnumber = \"1/2013/QH13\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = 2013-11-29\neffective = 2014-07-01\nreplaced_by = [\"2/2024/QH15\"]\n+++\n",
		"van-ban/moi.md": "+++\ntitle = \"Luật mới\"\nnumber = \"2/2024/QH15\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = 2024-01-18\neffective = 2024-08-01\n+++\n",
		"van-ban/nd.md":  "+++\ntitle = \"Nghị định\"\nnumber = \"3/2024/NĐ-CP\"\nkind = \"Nghị định\"\nissuer = \"Chính phủ\"\nissued = 2024-07-30\neffective = 2024-08-01\n+++\n",
	})
	site, probs := loadSite(t, dir, "2026-11-26")
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	for url, want := range map[string][]string{
		"/van-ban/nam/2024/":                        {"Nghị định", "Luật mới"},
		"/van-ban/nam/2013/":                        {"Luật cũ"},
		"/van-ban/tinh-trang/het-hieu-luc-toan-bo/": {"Luật cũ"},
		"/van-ban/tinh-trang/con-hieu-luc/":         {"Nghị định", "Luật mới"},
		"/van-ban/loai/nghi-dinh/":                  {"Nghị định"},
	} {
		p := site.PageByURL(url)
		if p == nil {
			t.Errorf("%s: no filter page", url)
			continue
		}
		var got []string
		for _, q := range p.Pages {
			got = append(got, q.Title)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s lists %v, want %v", url, got, want)
		}
	}
	if len(site.SectionFacets(site.PageByURL("/van-ban/"))) != 4 {
		t.Errorf("want 4 filters (kind, issuer, year, status) on the documents list")
	}
}
