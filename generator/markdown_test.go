package generator

import (
	"strings"
	"testing"
)

// TestRawHTML checks that HTML pasted into Markdown is shown as text, not
// run, and that HTML comments (notes between staff) are not published.
func TestRawHTML(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		not       []string // in neither the HTML nor, for comments, the text
	}{
		{"script block", "<script>alert(1)</script>\n", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script"}},
		{"inline tag", "Chữ <b onclick=\"x()\">đậm</b>.\n", []string{"&lt;b onclick=&#34;x()&#34;&gt;đậm&lt;/b&gt;"}, []string{"<b "}},
		{"iframe", "<iframe src=\"https://x\"></iframe>\n", []string{"&lt;iframe"}, []string{"<iframe"}},
		{"comment block", "Đoạn một.\n\n<!-- TODO: chưa xác minh mức phí -->\n\nĐoạn hai.\n", []string{"<p>Đoạn một.</p>", "<p>Đoạn hai.</p>"}, []string{"TODO", "xác minh", "&lt;!--"}},
		{"multi-line comment", "<!--\nghi chú nội bộ\n-->\nĐoạn.\n", []string{"<p>Đoạn.</p>"}, []string{"nội bộ"}},
		{"inline comment", "Phí 50.000 đồng <!-- cũ: 40.000 --> mỗi hồ sơ.\n", []string{"Phí 50.000 đồng  mỗi hồ sơ."}, []string{"40.000"}},
	}
	md := newMarkdown(&Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, text, _, err := md.render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %s:\n%s", w, html)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(html, n) || strings.Contains(tt.name, "comment") && strings.Contains(text, n) {
					t.Errorf("output contains %s:\n%s\ntext: %s", n, html, text)
				}
			}
		})
	}
}

// TestUnsafeHTML checks the site.toml switch that lets trusted HTML in.
func TestUnsafeHTML(t *testing.T) {
	html, _, _, err := newMarkdown(&Config{UnsafeHTML: true}).render("<div class=\"ban-do\">x</div>\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, `<div class="ban-do">x</div>`) {
		t.Errorf("unsafeHTML: %s", html)
	}
}

// TestPlainText checks the text search indexes and descriptions use:
// no tags, entities decoded, words of two cells kept apart (a tag
// boundary counts as a space).
func TestPlainText(t *testing.T) {
	_, text, _, err := newMarkdown(&Config{}).render("# Phí &amp; lệ phí\n\n| A | B |\n|---|---|\n| một | hai |\n\n**Đất**đai\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Phí & lệ phí A B một hai Đất đai"; text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
}
