package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots is a tool for people, not a check: with
// MINHBACH_SCREENSHOTS=DIR it saves a full-page PNG of every layout at
// every width into DIR, to look at after changing the theme.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("MINHBACH_SCREENSHOTS")
	if dir == "" {
		t.Skip("set MINHBACH_SCREENSHOTS=DIR to save screenshots of the theme")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := buildSite(t)
	for _, vp := range viewports {
		p := browser.NewPage(t)
		p.Viewport(vp.width, vp.height, vp.mobile)
		for _, u := range sitePages(s) {
			p.Navigate(s.Base + u)
			png, err := chromedp.Run(p.Context(), chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("screenshot of %s: %v", u, err)
			}
			name := strings.Trim(strings.NewReplacer("/", "_", ".html", "").Replace(u), "_")
			if name == "" {
				name = "trang-chu"
			}
			if err := os.WriteFile(filepath.Join(dir, vp.name+"-"+name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The print styles, at the width of an A4 page's printable area.
	p := browser.NewPage(t)
	p.Viewport(718, 1040, false)
	p.EmulatePrint()
	for _, pg := range s.Site.ContentPages("") {
		p.Navigate(s.Base + pg.URL)
		png, err := chromedp.Run(p.Context(), chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("print screenshot of %s: %v", pg.URL, err)
		}
		name := "in-a4-" + strings.Trim(strings.ReplaceAll(pg.URL, "/", "_"), "_") + ".png"
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
