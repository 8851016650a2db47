package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var browser = New()

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

// serveHTML serves the given files from a fresh folder.
func serveHTML(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}

const cleanPage = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Trang sạch</title>
<link rel="icon" href="data:,"></head><body><main><h1>Thủ tục hành chính</h1><p>Nội dung.</p></main></body></html>`

func TestPDFPageTextsSplitsPages(t *testing.T) {
	base := serveHTML(t, map[string]string{"in.html": `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>In</title><link rel="icon" href="data:,"><style>@page{size:A4;margin:15mm}.p2{break-before:page}</style></head>
<body><h1>Thành phần hồ sơ</h1><p>Đơn đề nghị cấp Giấy chứng nhận — bản chính: 1</p>
<p class="p2">Trang thứ hai: Kết quả thực hiện (ảnh hưởng, Ở, Ặ, ỹ)</p></body></html>`})
	p := browser.NewPage(t)
	p.Navigate(base + "/in.html")
	pages, err := PDFPageTexts(p.PrintPDF())
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("got %d pages, want 2: %q", len(pages), pages)
	}
	one, two := SquashSpace(pages[0]), SquashSpace(pages[1])
	for _, want := range []string{"Thành phần hồ sơ", "Đơn đề nghị cấp Giấy chứng nhận — bản chính: 1"} {
		if !strings.Contains(one, SquashSpace(want)) {
			t.Errorf("page 1 lacks %q; page 1 reads %q", want, pages[0])
		}
	}
	if want := SquashSpace("Trang thứ hai: Kết quả thực hiện (ảnh hưởng, Ở, Ặ, ỹ)"); !strings.Contains(two, want) {
		t.Errorf("page 2 lacks %q; page 2 reads %q", want, pages[1])
	}
	if strings.Contains(one, SquashSpace("Trang thứ hai")) {
		t.Errorf("page 1 holds the text of page 2: %q", pages[0])
	}
}

func TestAxeReportsViolations(t *testing.T) {
	base := serveHTML(t, map[string]string{
		"clean.html": cleanPage,
		// No lang, an image without alt text, grey on white text.
		"bad.html": `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Lỗi</title><link rel="icon" href="data:,"></head>
<body><main><h1>Trang lỗi</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#bbb">Chữ mờ khó đọc</p></main></body></html>`,
	})
	p := browser.NewPage(t)
	p.Navigate(base + "/clean.html")
	if vs := p.Axe(); len(vs) != 0 {
		t.Errorf("clean page: %s", FormatViolations(vs))
	}
	p.Navigate(base + "/bad.html")
	vs := p.Axe()
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
		if len(v.Nodes) == 0 || len(v.Nodes[0].Target) == 0 {
			t.Errorf("violation %s names no element", v.ID)
		}
	}
	for _, want := range []string{"html-has-lang", "image-alt", "color-contrast"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe did not report %s; got %v", want, ids)
		}
	}
	msg := FormatViolations(vs)
	if !strings.Contains(msg, "image-alt") || !strings.Contains(msg, "<img") {
		t.Errorf("the failure message does not show the rule and the element:\n%s", msg)
	}
}

func TestPageRecordsConsoleErrorsAndRequests(t *testing.T) {
	base := serveHTML(t, map[string]string{
		"clean.html": cleanPage,
		"noisy.html": `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Ồn</title><link rel="icon" href="data:,"></head>
<body><img alt="thiếu" src="/khong-co.png"><script>console.error("lỗi ghi ra"); throw new Error("lỗi không bắt");</script></body></html>`,
	})
	p := browser.NewPage(t)
	p.Navigate(base + "/clean.html")
	if probs := p.Problems(); len(probs) != 0 {
		t.Errorf("clean page reported problems: %q", probs)
	}
	p.Navigate(base + "/noisy.html")
	// The image load fails asynchronously; wait for the page to know it.
	p.WaitFor(`document.images[0].complete`)
	all := strings.Join(p.Problems(), "\n")
	for _, want := range []string{"lỗi ghi ra", "lỗi không bắt", "404"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	if f := p.ForeignRequests(base); len(f) != 0 {
		t.Errorf("requests to the test server counted as foreign: %q", f)
	}
	// The same server under another name is another host.
	if f := p.ForeignRequests(strings.Replace(base, "127.0.0.1", "localhost", 1)); len(f) == 0 {
		t.Error("requests to 127.0.0.1 not counted as foreign to localhost")
	}
}

func TestFindAxeWalksUp(t *testing.T) {
	p, err := FindAxe()
	if err != nil {
		t.Fatalf("axe-core not installed (`make test` runs npm ci): %v", err)
	}
	if !strings.HasSuffix(filepath.ToSlash(p), axePath) {
		t.Errorf("FindAxe = %s", p)
	}
}
