package generator

import (
	"html/template"
	"strings"
	"testing"

	"github.com/minhbach/minhbach/model"
)

// freshSite is a law amended after a procedure citing it was reviewed,
// a plan that only mentions the law, and pages reviewed long ago and
// recently, so that each freshness warning falls on a known day.
var freshSite = map[string]string{
	"van-ban/luat.md": `+++
title = "Luật Khiếu nại"
number = "02/2011/QH13"
kind = "Luật"
issuer = "Quốc hội"
issued = 2011-11-11
effective = 2012-07-01
reviewed = 2026-12-04
+++
`,
	// Passed in December 2025, in force from July 2026.
	"van-ban/sua-doi.md": `+++
title = "Luật sửa đổi Luật Khiếu nại"
number = "136/2025/QH15"
kind = "Luật"
issuer = "Quốc hội"
issued = 2025-12-10
effective = 2026-07-01
amends = ["02/2011/QH13"]
+++
`,
	"van-ban/ke-hoach.md": `+++
title = "Kế hoạch tuyên truyền"
number = "11-KH/X"
kind = "Kế hoạch"
issuer = "Sở"
issued = 2021-01-11
reviewed = 2021-02-01
mentions = ["02/2011/QH13"]
+++
`,
	"thu-tuc/khieu-nai.md": `+++
title = "Giải quyết khiếu nại"
level = ["Cấp tỉnh"]
agency = "Sở"
reviewed = "01/01/2026"
basis = ["02/2011/QH13"]
+++
`,
	"thu-tuc/moi.md": `+++
title = "Thủ tục rà soát gần đây"
level = ["Cấp tỉnh"]
agency = "Sở"
reviewed = 2026-12-04
basis = ["02/2011/QH13"]
+++
`,
	"hoi-dap/cau-hoi.md": `+++
title = "Câu hỏi chưa rà soát"
+++
`,
}

// TestFreshnessWarnings checks each page's freshness warnings on a given
// day: an old review, a cited law that changed after the review, neither.
func TestFreshnessWarnings(t *testing.T) {
	type want struct {
		file, key string
		line      int
		has       []string // in the warning's text
	}
	tests := []struct {
		name, now string
		want      []want
	}{
		// Only the old plan: the law it mentions changing is no concern.
		{"before the amendment was passed", "2025-12-09", []want{
			{"content/van-ban/ke-hoach.md", "reviewed", 7, []string{"01/02/2021", "12 tháng", "12 months"}},
		}},
		// Passed before the review of 2026-01-01: the reviewer knew.
		{"before the amendment takes effect", "2026-06-30", []want{
			{"content/van-ban/ke-hoach.md", "reviewed", 7, []string{"01/02/2021"}},
		}},
		{"amendment in force after the review", "2026-07-01", []want{
			{"content/thu-tuc/khieu-nai.md", "basis", 6, []string{"02/2011/QH13", "136/2025/QH15", "01/07/2026", "01/01/2026", "2026-07-01"}},
			{"content/van-ban/ke-hoach.md", "reviewed", 7, nil},
		}},
		{"a year after the review of 2026-01-01", "2027-01-02", []want{
			{"content/thu-tuc/khieu-nai.md", "reviewed", 5, []string{"01/01/2026", "12 tháng"}},
			{"content/thu-tuc/khieu-nai.md", "basis", 6, []string{"136/2025/QH15"}},
			{"content/van-ban/ke-hoach.md", "reviewed", 7, nil},
		}},
	}
	dir := newSite(t, freshSite)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := loadSite(t, dir, tt.now)
			if errs := probs.Errors(); len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			var got Problems
			for _, w := range probs.Warnings() {
				if w.Key == "reviewed" || strings.Contains(w.VI, "rà soát") {
					got = append(got, w)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d freshness warnings, want %d:\n%v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.File != w.file || g.Key != w.key || g.Line != w.line {
					t.Errorf("warning %d at %s:%d key %q, want %s:%d key %q", i, g.File, g.Line, g.Key, w.file, w.line, w.key)
				}
				for _, s := range w.has {
					if !strings.Contains(g.Error(), s) {
						t.Errorf("warning %q lacks %q", g.Error(), s)
					}
				}
				checkBilingual(t, g)
			}
		})
	}
}

// TestFreshnessOfTheDocumentItself checks that a document page reviewed
// before its own amendment took effect is flagged, and one reviewed
// after it is not.
func TestFreshnessOfTheDocumentItself(t *testing.T) {
	site := map[string]string{}
	for k, v := range freshSite {
		site[k] = v
	}
	site["van-ban/luat.md"] = strings.Replace(freshSite["van-ban/luat.md"], "reviewed = 2026-12-04", "reviewed = 2025-01-01", 1)
	_, probs := loadSite(t, newSite(t, site), "2026-07-01")
	var found bool
	for _, w := range probs.Warnings() {
		if w.File == "content/van-ban/luat.md" && w.Key == "reviewed" && strings.Contains(w.VI, "136/2025/QH15") {
			found = true
			if !strings.Contains(w.EN, "amended by 136/2025/QH15") || !strings.Contains(w.VI, "01/07/2026") {
				t.Errorf("warning %v does not say what changed when", w)
			}
		}
	}
	if !found {
		t.Errorf("no warning for the amended document reviewed before its amendment: %v", probs.Warnings())
	}
}

// TestReviewMonths checks that [content] review_months sets the period,
// and that a period that cannot be one is refused with the key named.
func TestReviewMonths(t *testing.T) {
	tests := []struct {
		config  string
		now     string
		warned  bool
		wantErr string
	}{
		{"", "2027-01-01", false, ""},
		{"", "2027-01-02", true, ""},
		{"[content]\nreview_months = 6\n", "2026-07-01", false, ""},
		{"[content]\nreview_months = 6\n", "2026-07-02", true, ""},
		{"[content]\nreview_months = 0\n", "2026-07-02", false, `content.review_months`},
		{"[content]\nreview_month = 6\n", "2026-07-02", false, `content.review_month`},
	}
	for _, tt := range tests {
		dir := writeTree(t, t.TempDir(), map[string]string{
			"site.toml":            minimalConfig + tt.config,
			"content/hoi-dap/a.md": "+++\ntitle = \"Hỏi đáp\"\nreviewed = 2026-01-01\n+++\n",
		})
		c, err := LoadConfig(dir)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: error %v, want one naming %s", tt.config, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.config, err)
		}
		if tt.config == "" && c.Content.ReviewMonths != 12 {
			t.Errorf("default review_months = %d, want 12", c.Content.ReviewMonths)
		}
		_, probs := loadSite(t, dir, tt.now)
		warned := false
		for _, w := range probs.Warnings() {
			if w.Key == "reviewed" && w.Line == 3 {
				warned = true
			}
		}
		if warned != tt.warned {
			t.Errorf("%q on %s: warned = %v, want %v (%v)", tt.config, tt.now, warned, tt.warned, probs)
		}
	}
}

// TestReviewedDate checks that reviewed is read in both date forms, and
// that a bad one is an error naming the file, line and key.
func TestReviewedDate(t *testing.T) {
	dir := newSite(t, map[string]string{
		"hoi-dap/tot.md":  "+++\ntitle = \"Tốt\"\nreviewed = \"04/12/2026\"\n+++\n",
		"hoi-dap/yaml.md": "---\ntitle: YAML\nreviewed: 2026-12-04\n---\n",
		"hoi-dap/sai.md":  "+++\ntitle = \"Sai\"\nreviewed = \"31/02/2026\"\n+++\n",
		"hoi-dap/chu.md":  "+++\ntitle = \"Chữ\"\n\nreviewed = \"tháng 12\"\n+++\n",
	})
	site, probs := loadSite(t, dir, "2026-12-04")
	for _, src := range []string{"hoi-dap/tot.md", "hoi-dap/yaml.md"} {
		if got := pageBySource(t, site, src).Reviewed; !got.Equal(date("2026-12-04")) {
			t.Errorf("%s: Reviewed = %v", src, got)
		}
	}
	errs := probs.Errors()
	want := map[string]int{"content/hoi-dap/sai.md": 3, "content/hoi-dap/chu.md": 4}
	if len(errs) != len(want) {
		t.Fatalf("errors %v, want one for each bad date", errs)
	}
	for _, e := range errs {
		if want[e.File] != e.Line || e.Key != "reviewed" {
			t.Errorf("error %v: want line %d, key reviewed", e, want[e.File])
		}
		checkBilingual(t, e)
	}
}

// TestMentionsIsNotBasis checks that a document mentioned by another is
// told so, and is not listed among those implementing it.
func TestMentionsIsNotBasis(t *testing.T) {
	site, probs := loadSite(t, newSite(t, freshSite), "2026-12-04")
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	law, plan := pageBySource(t, site, "van-ban/luat.md"), pageBySource(t, site, "van-ban/ke-hoach.md")
	if !hasRef(plan.Document.Mentions, law) {
		t.Errorf("the plan's mentions do not resolve to the law: %+v", plan.Document.Mentions)
	}
	if !hasPage(law.Document.MentionedBy, plan) {
		t.Error("the law does not list the plan in MentionedBy")
	}
	if hasPage(law.Document.ImplementedBy, plan) || len(plan.Document.Basis) != 0 {
		t.Error("a mention made the plan an implementing document of the law")
	}
	ld := structuredData(site, plan)
	if _, ok := ld["mentions"]; !ok {
		t.Errorf("JSON-LD of the plan lacks mentions: %v", ld)
	}

	// A mention to nothing is an error, as any ref.
	_, probs = loadSite(t, newSite(t, map[string]string{
		"van-ban/x.md": "+++\ntitle = \"X\"\nnumber = \"1/X\"\nkind = \"Kế hoạch\"\nissuer = \"Sở\"\nissued = 2021-01-01\nmentions = [\"9/9999/QH9\"]\n+++\n",
	}), "2026-12-04")
	if errs := probs.Errors(); len(errs) != 1 || errs[0].Key != "mentions" || errs[0].Line != 7 {
		t.Errorf("errors %v, want one on mentions, line 7", errs)
	}
}

// partialSet parses the default theme's partials named, alone, with the
// site's helpers: enough to run one partial without a whole site.
func partialSet(t *testing.T, names ...string) *template.Template {
	t.Helper()
	th := newTheme(t.TempDir())
	set := template.New("").Funcs(funcMap(func() *Site { return nil }))
	for _, n := range names {
		src, err := th.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := set.New(n).Parse(string(src)); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
	}
	return set
}

// TestReviewedPartial checks the line the reviewed partial writes: the
// date for a reader and for machines, and nothing without a date.
func TestReviewedPartial(t *testing.T) {
	set := partialSet(t, "partials/reviewed.html")
	for _, tt := range []struct {
		page *model.Page
		want string
	}{
		{&model.Page{Reviewed: date("2026-12-04")}, `Cập nhật lần cuối: <time datetime="2026-12-04">04/12/2026</time>`},
		{&model.Page{}, ""},
	} {
		var b strings.Builder
		if err := set.ExecuteTemplate(&b, "partials/reviewed.html", &PageContext{Page: tt.page}); err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSpace(b.String())
		if (tt.want == "" && got != "") || !strings.Contains(got, tt.want) {
			t.Errorf("reviewed partial = %q, want %q", got, tt.want)
		}
	}
}

// TestContactPartials checks that the contact block of procedure pages
// and the footer show what [agency] and [agency.desk] say, and say
// plainly what is not known yet rather than leave it out.
func TestContactPartials(t *testing.T) {
	set := partialSet(t, "partials/contact.html", "partials/footer.html")
	empty := &Config{Title: "T", Agency: Agency{Name: "Sở Nông nghiệp và Môi trường"}}
	full := &Config{Title: "T", Agency: Agency{Name: "Sở", Address: "1 Đường A", Phone: "0255 1", Email: "so@x.vn", Hours: "Thứ Hai–Thứ Sáu",
		Desk: Desk{Name: "Trung tâm B", Address: "2 Đường B", Phone: "0255 2", Email: "b@x.vn", Hours: "Thứ Hai–Thứ Bảy"}}}
	for _, tt := range []struct {
		name    string
		config  *Config
		has     []string
		hasNot  []string
		partial string
	}{
		{"contact, nothing known", empty, []string{"Sở Nông nghiệp và Môi trường", "chưa cập nhật", "chưa được đối chiếu"}, []string{"tel:"}, "partials/contact.html"},
		{"contact, all known", full, []string{"Trung tâm B", "2 Đường B", `href="tel:0255%202"`, "1 Đường A", `class="no-print"`}, []string{"chưa cập nhật", "chưa được đối chiếu"}, "partials/contact.html"},
		{"footer, nothing known", empty, []string{"chưa cập nhật", "Nộp hồ sơ thủ tục hành chính", "chưa được đối chiếu"}, []string{"tel:"}, "partials/footer.html"},
		{"footer, all known", full, []string{"1 Đường A", "Trung tâm B", "Thứ Hai–Thứ Bảy"}, []string{"chưa cập nhật"}, "partials/footer.html"},
	} {
		var b strings.Builder
		ctx := &PageContext{Page: &model.Page{}, Site: &Site{Config: tt.config}}
		if err := set.ExecuteTemplate(&b, tt.partial, ctx); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		out := b.String()
		for _, s := range tt.has {
			if !strings.Contains(out, s) {
				t.Errorf("%s: lacks %q\n%s", tt.name, s, out)
			}
		}
		for _, s := range tt.hasNot {
			if strings.Contains(out, s) {
				t.Errorf("%s: has %q\n%s", tt.name, s, out)
			}
		}
	}
}
