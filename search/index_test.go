package search

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search/analyzer"
)

func TestOpenMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nowhere")
	_, err := Open(dir)
	if err == nil {
		t.Fatal("Open of a missing folder succeeded")
	}
	for _, want := range []string{dir, "minhbach build"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// A folder that is no index fails too, naming it.
	junk := t.TempDir()
	if err := os.WriteFile(filepath.Join(junk, "x"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(junk); err == nil || !strings.Contains(err.Error(), junk) {
		t.Errorf("Open(junk) = %v, want an error naming it", err)
	}
}

// TestBuildReplaces checks that a new build replaces the index in one step:
// an Index opened on the old one keeps answering, a new Open sees the new
// pages, and no temporary folder is left behind.
func TestBuildReplaces(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "index")
	pages := testPages()
	built := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if _, err := Build(context.Background(), pages, dir, BuildOptions{BuiltAt: built}); err != nil {
		t.Fatal(err)
	}
	old, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if got := old.DocCount(); got != 22 {
		t.Errorf("DocCount = %d, want 22", got)
	}
	if !old.BuiltAt().Equal(built) {
		t.Errorf("BuiltAt = %v, want %v", old.BuiltAt(), built)
	}

	extra := &model.Page{Kind: model.KindPage, Type: "page", URL: "/moi/", Title: "Trang mới về thủy văn"}
	stats, err := Build(context.Background(), append(pages, extra), dir, BuildOptions{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Docs != 24 { // the draft and the new page
		t.Errorf("second build: %d pages, want 24", stats.Docs)
	}
	// The index opened before still answers from the old pages.
	resp, err := old.Search(context.Background(), Request{Query: "thủy lợi"})
	if err != nil || resp.Total == 0 {
		t.Errorf("old index after rebuild: %v, %+v", err, resp)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := ix.DocCount(); got != 24 {
		t.Errorf("new index: DocCount = %d, want 24", got)
	}
	if ix.BuiltAt().IsZero() || time.Since(ix.BuiltAt()) > time.Hour {
		t.Errorf("new index: BuiltAt = %v, want about now", ix.BuiltAt())
	}
	if got := urls(search(t, ix, Request{Query: "thủy văn"})); len(got) == 0 || got[0] != "/moi/" {
		t.Errorf("new index: thủy văn gives %q", got)
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "index" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %q, want only the index", names)
	}
}

// TestBuildCancelled checks that a cancelled build leaves the old index.
func TestBuildCancelled(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "index")
	if _, err := Build(context.Background(), testPages(), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, SyntheticPages(50, 1), dir, BuildOptions{}); err == nil {
		t.Fatal("cancelled Build succeeded")
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := ix.DocCount(); got != 22 {
		t.Errorf("after a cancelled build: DocCount = %d, want the old 22", got)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("a cancelled build left %d entries", len(entries))
	}
}

// TestBuildDictionary checks that the index keeps the dictionary it was
// built with and expands queries with it.
func TestBuildDictionary(t *testing.T) {
	dict, err := analyzer.ParseDictionary(strings.NewReader("ccn = cây dương\n"), "test")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := Build(context.Background(), testPages(), dir, BuildOptions{Dictionary: dict}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := urls(search(t, ix, Request{Query: "CCN"})); len(got) == 0 || got[0] != "/tin-tuc/duong-lieu/" {
		t.Errorf("CCN with the index's own dictionary: got %q", got)
	}
}

func TestSyntheticPages(t *testing.T) {
	a, b := SyntheticPages(200, 7), SyntheticPages(200, 7)
	seen := map[string]bool{}
	for i := range a {
		if a[i].URL != b[i].URL || a[i].Title != b[i].Title || a[i].Text != b[i].Text {
			t.Fatalf("page %d differs between runs with the same seed", i)
		}
		if seen[a[i].URL] {
			t.Errorf("URL %s repeated", a[i].URL)
		}
		seen[a[i].URL] = true
		if a[i].Kind != model.KindPage || a[i].Title == "" || a[i].Text == "" {
			t.Errorf("page %d incomplete: %+v", i, a[i])
		}
	}
	if qs := SyntheticQueries(a, 50, 1); len(qs) != 50 {
		t.Errorf("SyntheticQueries gave %d queries", len(qs))
	}
}

// TestBuildEmpty checks that a site without content pages gives an index
// that answers every query with nothing.
func TestBuildEmpty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	stats, err := Build(context.Background(), nil, dir, BuildOptions{})
	if err != nil || stats.Docs != 0 {
		t.Fatalf("Build(nil) = %+v, %v", stats, err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	resp := search(t, ix, Request{Query: "đất đai 45/2013/QH13", Filters: map[string][]string{"type": {"document"}}})
	if resp.Total != 0 || len(resp.Hits) != 0 {
		t.Errorf("empty index: %+v", resp)
	}
	if got, err := ix.Suggest(context.Background(), "đất", 5); err != nil || len(got) != 0 {
		t.Errorf("empty index: Suggest = %v, %v", got, err)
	}
}
