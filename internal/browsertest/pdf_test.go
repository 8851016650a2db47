package browsertest

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// printHTML serves body as a Vietnamese A4 page, prints it with Chromium
// and returns the text of each printed page.
func printHTML(t *testing.T, style, body string) []string {
	t.Helper()
	base := serveHTML(t, map[string]string{"in.html": `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>In</title><link rel="icon" href="data:,"><style>@page{size:A4;margin:15mm}` + style + `</style></head>
<body>` + body + `</body></html>`})
	p := browser.NewPage(t)
	p.Navigate(base + "/in.html")
	pages, err := PDFPageTexts(p.PrintPDF())
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// The source of a page may hold Vietnamese in either normal form; what
// comes back from the PDF must be NFC whichever it was, line by line, so
// that it compares with the NFC strings of the content files.
func TestPDFPageTextsAreNFC(t *testing.T) {
	const composed = "Giấy chứng nhận quyền sử dụng đất: Ở, Ặ, ỹ, ưởng"
	decomposed := norm.NFD.String(composed)
	if decomposed == composed {
		t.Fatal("the test string has nothing to decompose")
	}
	pages := printHTML(t, "", "<p>"+composed+"</p><p>"+decomposed+"</p>")
	if len(pages) != 1 {
		t.Fatalf("got %d pages, want 1: %q", len(pages), pages)
	}
	if !norm.NFC.IsNormalString(pages[0]) {
		t.Errorf("the page text is not NFC: %+q", pages[0])
	}
	var lines []string
	for l := range strings.Lines(pages[0]) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) != 2 || lines[0] != composed || lines[1] != composed {
		t.Errorf("got lines %+q, want %q twice", lines, composed)
	}
}

// A cell of a two-column grid that wraps must come back whole: the print
// test looks for whole dossier items and details, so the text must be in
// reading order, not in the physical lines of the page, where the lines
// of the two columns interleave.
func TestPDFPageTextsKeepColumnsApart(t *testing.T) {
	const left = "Đối tượng thực hiện: Cá nhân, Hộ gia đình, Tổ chức, Cộng đồng dân cư, Người Việt Nam định cư ở nước ngoài"
	const right = "Cách thức thực hiện: Trực tiếp tại Bộ phận Một cửa, qua dịch vụ bưu chính công ích, trực tuyến"
	pages := printHTML(t, "dl{display:grid;grid-template-columns:1fr 1fr;gap:2em;width:120mm}",
		"<dl><dd>"+left+"</dd><dd>"+right+"</dd></dl>")
	if len(pages) != 1 {
		t.Fatalf("got %d pages, want 1: %q", len(pages), pages)
	}
	got := SquashSpace(pages[0])
	for _, want := range []string{left, right} {
		if !strings.Contains(got, SquashSpace(want)) {
			t.Errorf("the page lacks the whole of %q; it reads:\n%s", want, pages[0])
		}
	}
}

// Without poppler the helper must say what to install: a test that reads
// a PDF fails with this error, it is never skipped.
func TestPDFPageTextsWithoutPdftotext(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := PDFPageTexts([]byte("%PDF-1.4\n"))
	if !errors.Is(err, errNoPdftotext) {
		t.Fatalf("err = %v, want %v", err, errNoPdftotext)
	}
	if !strings.Contains(err.Error(), "apt-get install poppler-utils") {
		t.Errorf("the error does not name the package to install: %v", err)
	}
}

// Bytes that are not a PDF are an error that says so, not zero pages.
func TestPDFPageTextsRejectsNonPDF(t *testing.T) {
	pages, err := PDFPageTexts([]byte("<!DOCTYPE html><p>không phải PDF</p>"))
	if err == nil {
		t.Fatalf("no error; got %d pages: %q", len(pages), pages)
	}
	if !strings.Contains(err.Error(), "pdftotext") {
		t.Errorf("the error does not say what failed: %v", err)
	}
}
