package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDraftsOnlyInPreview checks that a draft is left out of a real
// build, and shown, marked as a draft, in the dev server's build.
func TestDraftsOnlyInPreview(t *testing.T) {
	src := t.TempDir()
	writeTestFile(t, src, "site.toml", "title = \"T\"\nbaseURL = \"https://x.test/\"\nlanguageCode = \"vi\"\n")
	writeTestFile(t, src, "content/tin-tuc/nhap.md", "+++\ntitle = \"Tin nháp\"\nslug = \"nhap\"\ndraft = true\n+++\nNháp.\n")
	writeTestFile(t, src, "content/tin-tuc/that.md", "+++\ntitle = \"Tin thật\"\nslug = \"that\"\n+++\nThật.\n")
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for _, preview := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: now, Drafts: preview}); err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(filepath.Join(dest, "tin-tuc", "nhap", "index.html"))
		list, _ := os.ReadFile(filepath.Join(dest, "tin-tuc", "index.html"))
		sitemap, _ := os.ReadFile(filepath.Join(dest, "sitemap.xml"))
		switch {
		case !preview && err == nil:
			t.Error("a real build wrote the draft")
		case !preview && (strings.Contains(string(list), "Tin nháp") || strings.Contains(string(sitemap), "/nhap/")):
			t.Error("a real build lists the draft")
		case preview && err != nil:
			t.Errorf("the preview lacks the draft: %v", err)
		case preview && !strings.Contains(string(page), "Bản nháp"):
			t.Error("the draft page is not marked as a draft")
		case preview && !strings.Contains(string(list), "Bản nháp"):
			t.Error("the list does not mark the draft")
		}
	}
}
