package e2e

import (
	"strings"
	"testing"

	"github.com/minhbach/minhbach/internal/browsertest"
)

// TestProcedurePrintsChecklistOnFirstPage prints a procedure as a citizen
// would before going to the one-stop desk, and reads the PDF back: the
// dossier checklist must be whole on the first A4 page, the page must be
// free of the site's navigation, search and footer, and links to other
// sites must show their address on paper.
func TestProcedurePrintsChecklistOnFirstPage(t *testing.T) {
	s := buildSite(t)
	proc := s.page(t, "thu-tuc/tach-thua-hop-thua-dat.md")
	if len(proc.Procedure.Dossier) < 5 {
		t.Fatalf("the test procedure has %d dossier items; it needs enough to be able to spill over", len(proc.Procedure.Dossier))
	}
	p := browser.NewPage(t)
	p.Navigate(s.Base + proc.URL)
	pages, err := browsertest.PDFPageTexts(p.PrintPDF())
	if err != nil {
		t.Fatalf("reading the printed PDF: %v", err)
	}
	if len(pages) < 2 {
		// On one page the check below could not fail: the test needs a
		// procedure long enough to spill over.
		t.Fatalf("the procedure printed on %d page(s); the test needs one that takes at least 2", len(pages))
	}
	first := browsertest.SquashSpace(pages[0])
	pageOf := func(text string) int {
		for i, pg := range pages {
			if strings.Contains(browsertest.SquashSpace(pg), browsertest.SquashSpace(text)) {
				return i + 1
			}
		}
		return 0
	}
	want := []string{"Thành phần hồ sơ"}
	for _, d := range proc.Procedure.Dossier {
		want = append(want, d.Name)
	}
	for _, w := range want {
		if !strings.Contains(first, browsertest.SquashSpace(w)) {
			t.Errorf("%q is not on the first printed page (page %d; 0 = nowhere)", w, pageOf(w))
		}
	}
	if t.Failed() {
		t.Logf("page 1 reads:\n%s", pages[0])
	}

	all := browsertest.SquashSpace(strings.Join(pages, "\n"))
	for _, clutter := range []string{
		"Bỏ qua, tới nội dung chính", // skip link
		"Trang chủ",                  // breadcrumbs
		s.Site.Config.Agency.Phone,   // footer
		s.Site.Config.Menu[0].Name,   // main menu
		"Tìm văn bản, thủ tục",       // search box
	} {
		if clutter != "" && strings.Contains(all, browsertest.SquashSpace(clutter)) {
			t.Errorf("the printout shows screen-only text %q", clutter)
		}
	}
	u := proc.Procedure.OnlineURL
	if u == "" {
		t.Fatal("the test procedure has no online service link; the check of printed addresses needs one")
	}
	if !strings.Contains(all, u) {
		t.Errorf("the printout does not show the address of the online service %s", u)
	}
}
