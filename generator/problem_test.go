package generator

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// wantProblem describes one problem staff must be shown.
type wantProblem struct {
	file string
	line int
	key  string
	// has are texts the message (Problem.Error()) must contain.
	has []string
}

const lawTOML = `+++
title = "Luật Đất đai"
number = "45/2013/QH13"
kind = "Luật"
issuer = "Quốc hội"
issued = 2013-11-29
effective = 2014-07-01
+++
`

// TestFrontMatterProblems loads small sites and checks that each mistake
// staff make is reported with its file, line and key, in Vietnamese and
// English, and that nothing else is reported.
func TestFrontMatterProblems(t *testing.T) {
	tests := []struct {
		name    string
		content map[string]string
		want    []wantProblem
	}{
		{
			name: "TOML syntax error",
			content: map[string]string{"van-ban/a.md": `+++
title = "Luật Đất đai"
number = "45/2013/QH13"
kind = Luật
issuer = "Quốc hội"
+++
`},
			want: []wantProblem{{file: "content/van-ban/a.md", line: 4, has: []string{"lỗi cú pháp TOML", "TOML syntax error"}}},
		},
		{
			name: "TOML unterminated string",
			content: map[string]string{"tin-tuc/a.md": `+++
title = "Tin
date = 2024-01-01
+++
`},
			want: []wantProblem{{file: "content/tin-tuc/a.md", line: 2, has: []string{"TOML"}}},
		},
		{
			name: "YAML syntax error",
			content: map[string]string{"van-ban/a.md": `---
title: Luật Đất đai
number: 45/2013/QH13
kind: Luật
issuer: Quốc hội: Chính phủ
issued: 2013-11-29
---
`},
			want: []wantProblem{{file: "content/van-ban/a.md", line: 5, has: []string{"lỗi cú pháp YAML", "YAML syntax error"}}},
		},
		{
			name: "YAML unclosed list",
			content: map[string]string{"tin-tuc/a.md": `---
title: Tin
fields: [Đất đai
date: 2024-01-01
---
`},
			// The parser notices the list is unclosed on the next key's line.
			want: []wantProblem{{file: "content/tin-tuc/a.md", line: 4, has: []string{"YAML"}}},
		},
		{
			name: "unknown key with hint, TOML",
			content: map[string]string{"van-ban/a.md": `+++
title = "Luật Đất đai"
number = "45/2013/QH13"
kind = "Luật"
isued = 2013-11-29
issuer = "Quốc hội"
+++
`},
			want: []wantProblem{
				{file: "content/van-ban/a.md", line: 1, key: "issued", has: []string{"thiếu khóa bắt buộc", "required key is missing"}},
				{file: "content/van-ban/a.md", line: 5, key: "isued", has: []string{`"issued"`, "khóa không xác định", "unknown key", "did you mean"}},
			},
		},
		{
			name: "unknown key with hint, YAML",
			content: map[string]string{"thu-tuc/a.md": `---
title: Đăng ký đất đai
code: "1.004227"
level: ["Cấp tỉnh"]
agency: Văn phòng Đăng ký đất đai
proccessing_days: 10
---
`},
			want: []wantProblem{{file: "content/thu-tuc/a.md", line: 6, key: "proccessing_days", has: []string{`"processing_days"`}}},
		},
		{
			name: "unknown key far from any known key",
			content: map[string]string{"tin-tuc/a.md": `+++
title = "Tin"
mau_nen = "xanh"
+++
`},
			want: []wantProblem{{file: "content/tin-tuc/a.md", line: 3, key: "mau_nen", has: []string{"params"}}},
		},
		{
			name: "document keys on a news page",
			content: map[string]string{"tin-tuc/a.md": `+++
title = "Tin"
number = "1/2024/QĐ"
+++
`},
			want: []wantProblem{{file: "content/tin-tuc/a.md", line: 3, key: "number", has: []string{"unknown key", `type = "document"`}}},
		},
		{
			name: "missing title",
			content: map[string]string{"tin-tuc/a.md": `+++
date = 2024-01-01
+++
`},
			want: []wantProblem{{file: "content/tin-tuc/a.md", line: 1, key: "title", has: []string{"thiếu khóa bắt buộc", "required key is missing"}}},
		},
		{
			name: "empty title",
			content: map[string]string{"tin-tuc/a.md": `+++
title = "  "
+++
`},
			want: []wantProblem{{file: "content/tin-tuc/a.md", line: 2, key: "title", has: []string{"required key is empty"}}},
		},
		{
			name:    "no front matter",
			content: map[string]string{"tin-tuc/a.md": "# Tin\n\nNội dung.\n"},
			want:    []wantProblem{{file: "content/tin-tuc/a.md", line: 1, has: []string{"+++", "---", "front matter"}}},
		},
		{
			name:    "front matter not closed",
			content: map[string]string{"tin-tuc/a.md": "+++\ntitle = \"Tin\"\n\nNội dung.\n"},
			want:    []wantProblem{{file: "content/tin-tuc/a.md", line: 1, has: []string{"not closed"}}},
		},
		{
			name: "wrong type: words for a number",
			content: map[string]string{"thu-tuc/a.md": `+++
title = "Đăng ký đất đai"
code = "1.004227"
level = ["Cấp tỉnh"]
agency = "Văn phòng Đăng ký đất đai"
processing_days = "mười"
+++
`},
			want: []wantProblem{{file: "content/thu-tuc/a.md", line: 6, key: "processing_days", has: []string{"cần một số nguyên", "want a whole number"}}},
		},
		{
			name: "wrong type: number for text, text for list",
			content: map[string]string{"tin-tuc/a.md": `+++
title = 2024
fields = 5
draft = "có"
+++
`},
			want: []wantProblem{
				{file: "content/tin-tuc/a.md", line: 2, key: "title", has: []string{"want a text string"}},
				{file: "content/tin-tuc/a.md", line: 3, key: "fields", has: []string{"want a list"}},
				{file: "content/tin-tuc/a.md", line: 4, key: "draft", has: []string{"want true or false"}},
			},
		},
		{
			name: "bad dates",
			content: map[string]string{"van-ban/a.md": `+++
title = "Luật Đất đai"
number = "45/2013/QH13"
kind = "Luật"
issuer = "Quốc hội"
issued = "31/02/2013"
effective = "hôm qua"
+++
`},
			want: []wantProblem{
				{file: "content/van-ban/a.md", line: 6, key: "issued", has: []string{"không tồn tại", "does not exist"}},
				{file: "content/van-ban/a.md", line: 7, key: "effective", has: []string{"không phải là ngày", "is not a date"}},
			},
		},
		{
			name: "document missing number",
			content: map[string]string{"van-ban/a.md": `+++
title = "Luật Đất đai"
kind = "Luật"
issuer = "Quốc hội"
issued = 2013-11-29
+++
`},
			want: []wantProblem{{file: "content/van-ban/a.md", line: 1, key: "number", has: []string{"required key is missing"}}},
		},
		{
			name: "duplicate document number",
			content: map[string]string{
				"van-ban/a.md": lawTOML,
				"van-ban/b.md": strings.Replace(lawTOML, "Luật Đất đai", "Luật Đất đai (bản sao)", 1),
			},
			want: []wantProblem{{file: "content/van-ban/b.md", line: 3, key: "number",
				has: []string{"45/2013/QH13", "content/van-ban/a.md", "duy nhất", "unique"}}},
		},
		{
			name: "ref to nothing",
			content: map[string]string{"van-ban/a.md": `+++
title = "Luật Đất đai"
number = "45/2013/QH13"
kind = "Luật"
issuer = "Quốc hội"
issued = 2013-11-29

basis = ["99/9999/QH99"]
+++
`},
			want: []wantProblem{{file: "content/van-ban/a.md", line: 8, key: "basis",
				has: []string{`"99/9999/QH99"`, "không trỏ tới văn bản nào", "matches no document"}}},
		},
		{
			name: "procedure ref to nothing, YAML",
			content: map[string]string{"thu-tuc/a.md": `---
title: Đăng ký đất đai
code: "1.004227"
level: ["Cấp tỉnh"]
agency: Văn phòng Đăng ký đất đai
basis:
  - 99/9999/QH99
---
`},
			want: []wantProblem{{file: "content/thu-tuc/a.md", line: 6, key: "basis", has: []string{"99/9999/QH99"}}},
		},
		{
			name: "ref to a page that is not a document",
			content: map[string]string{
				"tin-tuc/tin.md": "+++\ntitle = \"Tin\"\n+++\n",
				"van-ban/a.md":   strings.Replace(lawTOML, "effective = 2014-07-01\n", "effective = 2014-07-01\nbasis = [\"tin-tuc/tin\"]\n", 1),
			},
			want: []wantProblem{{file: "content/van-ban/a.md", line: 8, key: "basis", has: []string{"content/tin-tuc/tin.md", "not a document"}}},
		},
		{
			name:    "effective before issued",
			content: map[string]string{"van-ban/a.md": strings.Replace(lawTOML, "effective = 2014-07-01", "effective = 2012-01-01", 1)},
			want:    []wantProblem{{file: "content/van-ban/a.md", line: 7, key: "effective", has: []string{"before the issue date"}}},
		},
		{
			name: "bad online level and fee",
			content: map[string]string{"thu-tuc/a.md": `+++
title = "Đăng ký đất đai"
code = "1.004227"
level = ["Cấp tỉnh"]
agency = "Văn phòng Đăng ký đất đai"
online = "toàn phần"
fees = [{ name = "Lệ phí", amount = "50.000 đồng" }]
+++
`},
			want: []wantProblem{
				{file: "content/thu-tuc/a.md", line: 6, key: "online", has: []string{"toàn trình"}},
				{file: "content/thu-tuc/a.md", line: 7, key: "fees", has: []string{"whole, non-negative number"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newSite(t, tt.content)
			_, probs := loadSite(t, dir, "2024-01-01")
			errs := probs.Errors()
			if len(errs) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(errs), len(tt.want), errs)
			}
			for i, w := range tt.want {
				p := errs[i]
				if p.File != w.file || p.Line != w.line || p.Key != w.key {
					t.Errorf("problem %d at %s:%d key %q, want %s:%d key %q\n%v", i, p.File, p.Line, p.Key, w.file, w.line, w.key, p)
				}
				msg := p.Error()
				for _, h := range w.has {
					if !strings.Contains(msg, h) {
						t.Errorf("problem %d %q lacks %q", i, msg, h)
					}
				}
				checkBilingual(t, p)
			}
		})
	}
}

// checkBilingual checks that a problem speaks to staff (Vietnamese) and
// to developers (English), and that its text form leads with file:line.
func checkBilingual(t *testing.T, p Problem) {
	t.Helper()
	if p.VI == "" || p.EN == "" || p.VI == p.EN {
		t.Errorf("problem %v: want distinct Vietnamese and English messages", p)
	}
	isVietnamese := false
	for _, r := range p.VI {
		if r >= utf8.RuneSelf {
			isVietnamese = true
		}
	}
	if !isVietnamese {
		t.Errorf("Vietnamese message %q has no Vietnamese letters", p.VI)
	}
	prefix := p.File + ":"
	if p.Line > 0 {
		prefix += itoa(p.Line) + ":"
	}
	if !strings.HasPrefix(p.Error(), prefix) {
		t.Errorf("problem %q does not start with %q", p.Error(), prefix)
	}
	if !strings.Contains(p.Error(), p.VI) || !strings.Contains(p.Error(), p.EN) {
		t.Errorf("problem %q does not show both messages", p.Error())
	}
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// TestProblemsAllReported checks that problems in several files come back
// together, sorted by file and line, and that Problems reads as an error
// with one file:line per problem.
func TestProblemsAllReported(t *testing.T) {
	dir := newSite(t, map[string]string{
		"tin-tuc/b.md": "+++\ntitle = \"B\"\nisued = 1\n+++\n",
		"tin-tuc/a.md": "+++\ndate = \"hôm qua\"\ntitle = \"A\"\nwieght = 2\n+++\n",
		"tin-tuc/c.md": "+++\ntitle = \"C\"\n+++\n",
	})
	_, probs := loadSite(t, dir, "2024-01-01")
	var err error = probs.Errors()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatal("Problems is not an error")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{"content/tin-tuc/a.md:2: ", "content/tin-tuc/a.md:4: ", "content/tin-tuc/b.md:3: "}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want prefix %q", i+1, lines[i], w)
		}
	}
	if !strings.Contains(lines[1], `"weight"`) {
		t.Errorf("typo wieght: no hint naming weight: %s", lines[1])
	}
}

// TestFrontMatterBothFormats checks that TOML and YAML front matter give
// the same page, so staff may use either.
func TestFrontMatterBothFormats(t *testing.T) {
	dir := newSite(t, map[string]string{
		"van-ban/toml.md": `+++
title = "Luật Đất đai"
number = "45/2013/QH13"
kind = "Luật"
issuer = ["Quốc hội"]
signer = "Nguyễn Sinh Hùng"
issued = 2013-11-29
effective = "1/7/2014"
fields = ["Đất đai", "Môi trường"]
weight = 3
verified = false
+++
Nội dung.
`,
		"van-ban/yaml.md": "\ufeff---\r\n" + `title: Luật Đất đai
number: 45/2013/QH14
kind: Luật
issuer: Quốc hội
signer: Nguyễn Sinh Hùng
issued: 29/11/2013
effective: 2014-07-01
fields:
  - Đất đai
  - Môi trường
weight: 3
verified: false
slug: luat-yaml
---
Nội dung.
`,
	})
	site, probs := loadSite(t, dir, "2024-01-01")
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	a, b := pageBySource(t, site, "van-ban/toml.md"), pageBySource(t, site, "van-ban/yaml.md")
	for _, p := range []struct {
		name string
		a, b any
	}{
		{"title", a.Title, b.Title},
		{"kind", a.Document.Kind, b.Document.Kind},
		{"issuer", strings.Join(a.Document.Issuers, "|"), strings.Join(b.Document.Issuers, "|")},
		{"signer", a.Document.Signer, b.Document.Signer},
		{"issued", a.Document.Issued, b.Document.Issued},
		{"effective", a.Document.Effective, b.Document.Effective},
		{"fields", strings.Join(a.Fields, "|"), strings.Join(b.Fields, "|")},
		{"weight", a.Weight, b.Weight},
		{"unverified", a.Unverified, b.Unverified},
		{"body", a.Body, b.Body},
		{"type", a.Type, b.Type},
	} {
		if p.a != p.b {
			t.Errorf("%s: TOML %v, YAML %v", p.name, p.a, p.b)
		}
	}
	if !a.Unverified || a.Type != "document" || a.Document.Issued != date("2013-11-29") || a.Document.Effective != date("2014-07-01") {
		t.Errorf("TOML page decoded wrong: %+v %+v", a, a.Document)
	}
	if a.BodyLine != 13 || b.BodyLine != 16 {
		t.Errorf("body lines %d, %d; want 13, 16", a.BodyLine, b.BodyLine)
	}
}

// TestAliasCollisions checks that an alias cannot take the URL of a page
// or of another alias: its redirect would replace that page in the output.
func TestAliasCollisions(t *testing.T) {
	dir := newSite(t, map[string]string{
		"tin-tuc/a.md":  "+++\ntitle = \"Tin A\"\naliases = [\"/tin-tuc/\", \"/tin-cu/a/\"]\n+++\n",
		"tin-tuc/b.md":  "+++\ntitle = \"Tin B\"\n\naliases = [\"/tin-cu/a\"]\n+++\n",
		"tin-tuc/c.md":  "+++\ntitle = \"Tin C\"\naliases = [\"/tin-cu/c/\"]\n+++\n",
		"tin-tuc/d.md":  "+++\ntitle = \"Tin D\"\naliases = [\"/tin-tuc/tin-d/\"]\n+++\n",
		"gioi-thieu.md": "+++\ntitle = \"Giới thiệu\"\n+++\n",
	})
	_, probs := loadSite(t, dir, "2024-01-01")
	errs := probs.Errors()
	want := []wantProblem{
		{file: "content/tin-tuc/a.md", line: 3, key: "aliases", has: []string{"/tin-tuc/", "trang", "page"}},
		{file: "content/tin-tuc/b.md", line: 4, key: "aliases", has: []string{"/tin-cu/a/", "content/tin-tuc/a.md"}},
		{file: "content/tin-tuc/d.md", line: 3, key: "aliases", has: []string{"/tin-tuc/tin-d/"}},
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(errs), len(want), errs)
	}
	for i, w := range want {
		p := errs[i]
		if p.File != w.file || p.Line != w.line || p.Key != w.key {
			t.Errorf("problem %d at %s:%d key %q, want %s:%d key %q\n%v", i, p.File, p.Line, p.Key, w.file, w.line, w.key, p)
		}
		for _, h := range w.has {
			if !strings.Contains(p.Error(), h) {
				t.Errorf("problem %q lacks %q", p.Error(), h)
			}
		}
		checkBilingual(t, p)
	}
}
