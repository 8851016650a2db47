package e2e

import (
	"testing"

	"github.com/minhbach/minhbach/internal/browsertest"
	"github.com/minhbach/minhbach/model"
)

// viewport is a screen the theme is checked on.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
	axe           bool // run axe-core too, not only the layout checks
}

// viewports are a small phone, a common phone and a desktop. Colour and
// structure do not change between the two phones, so axe runs on one.
var viewports = []viewport{
	{"dien-thoai-320", 320, 640, true, false},
	{"dien-thoai-390", 390, 844, true, true},
	{"may-tinh-1280", 1280, 900, false, true},
}

// sitePages lists one page of every layout and every state the test
// site has: the home page, each section, every content page (documents
// in force and replaced, open and closed disclosures...), a taxonomy
// and one of its terms, and the system pages the generator writes
// without content files. Further terms use the same layout with other
// data, and are left out to keep the test quick.
func sitePages(s builtSite) []string {
	urls := []string{"/"}
	for _, sec := range s.Site.Sections {
		urls = append(urls, sec.URL)
	}
	for _, p := range s.Site.Pages {
		if p.Kind == model.KindPage {
			urls = append(urls, p.URL)
		}
	}
	if len(s.Site.Taxonomies) > 0 {
		tx := s.Site.Taxonomies[0]
		urls = append(urls, tx.Page.URL, tx.Terms[0].URL)
	}
	return append(urls, "/404.html", "/tim-kiem/", "/du-lieu/")
}

// TestEveryLayoutIsCleanAndAccessible opens a page of every layout at
// every width and checks that it loads without console errors, requests
// nothing from other hosts, has no WCAG 2.1 A/AA violation that axe-core
// can find, and never needs sideways scrolling.
func TestEveryLayoutIsCleanAndAccessible(t *testing.T) {
	s := buildSite(t)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			if testing.Short() && vp.name != "dien-thoai-390" {
				t.Skip("-short: one phone width only")
			}
			tab := browser.NewPage(t)
			tab.Viewport(vp.width, vp.height, vp.mobile)
			for _, u := range sitePages(s) {
				t.Run(u, func(t *testing.T) {
					p := tab.In(t)
					p.ResetProblems()
					p.Navigate(s.Base + u)
					p.AssertNoConsoleErrors()
					if vp.axe {
						p.AssertAccessible()
					}
					if w := browsertest.Eval[string](p, overflowJS); w != "" {
						t.Errorf("at %dpx the page scrolls sideways; widest elements: %s", vp.width, w)
					}
				})
			}
			tab.AssertOnlyHost(s.Base)
		})
	}
}

// overflowJS names the elements wider than the window when the page is,
// "" when it fits. Tables scroll inside their own box and do not count.
const overflowJS = `(() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return "";
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > root.clientWidth + 1 && !el.closest(".table-wrap, .content table")) {
      out.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") + " (" + Math.round(r.right) + "px)");
    }
  }
  return out.slice(0, 5).join(", ") || ("document is " + root.scrollWidth + "px wide");
})()`

// TestContentTypesAreCovered keeps the test site honest: every content
// type has a page, so the pass above covers every layout.
func TestContentTypesAreCovered(t *testing.T) {
	s := buildSite(t)
	seen := map[string]bool{}
	for _, p := range s.Site.Pages {
		if p.Kind == model.KindPage {
			seen[p.Type] = true
		}
	}
	for _, typ := range []string{model.TypeDocument, model.TypeProcedure, model.TypeDisclosure, model.TypeNews, model.TypePage} {
		if !seen[typ] {
			t.Errorf("testdata/site has no page of type %s", typ)
		}
	}
}
