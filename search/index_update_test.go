package search

import (
	"context"
	"errors"
	"fmt"
	"github.com/minhbach/minhbach/search/searchtest"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/minhbach/minhbach/model"
)

// updatableHolder builds pages into a folder of the test's own and opens
// it for updating in place.
func updatableHolder(t *testing.T, pages []*model.Page) *Holder {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := Build(context.Background(), pages, dir, BuildOptions{BuiltAt: searchtest.BuiltAt}); err != nil {
		t.Fatal(err)
	}
	h, err := OpenUpdatableHolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// acquire returns the holder's current view for the rest of the test.
func acquire(t *testing.T, h *Holder) *Index {
	t.Helper()
	ix, release, err := h.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	return ix
}

func facetCount(resp *Response, key, value string) int {
	for _, f := range resp.Facets[key] {
		if f.Value == value {
			return f.Count
		}
	}
	return 0
}

// TestHolderUpdate: after an update, searches find the changed and new
// pages, not the removed ones, and totals and facets count the index as
// it now is; a request that acquired the index before the update still
// sees it as it was.
func TestHolderUpdate(t *testing.T) {
	h := updatableHolder(t, searchtest.Pages())
	ctx := context.Background()
	before := acquire(t, h)

	pages := searchtest.Pages()
	edited := pages[5] // "Thông báo số 1 về đất đai"
	edited.Text = "Lịch tiếp công dân đã đổi sang thứ năm, mang theo giấy tờ kiwiberry."
	edited.Fields = []string{"Môi trường"}
	added := searchtest.MarkerPage("mangosteen")
	draft := pages[6]
	draft.Draft = true
	removed := pages[7].URL
	stats, err := h.Update(ctx, []*model.Page{edited, added, draft}, []string{removed}, UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Indexed != 2 || stats.Deleted != 2 || stats.Docs != uint64(len(pages)-1) {
		t.Errorf("stats = %+v, want 2 indexed, 2 deleted, %d docs", stats, len(pages)-1)
	}
	after := acquire(t, h)
	if after == before {
		t.Fatal("Update did not switch to a new view")
	}

	tests := []struct {
		name       string
		ix         *Index
		query      string
		wantURLs   []string // exactly these, in any order
		wantTotal  uint64
		fieldsLand int // facet count of fields "Đất đai"
	}{
		{"changed text found", after, "kiwiberry", []string{edited.URL}, 1, 0},
		{"new page found", after, "mangosteen", []string{added.URL}, 1, 0},
		{"removed and draft gone", after, "lịch tiếp công dân", nil, 21, 20},
		{"old view unchanged: no new text", before, "kiwiberry", nil, 0, 0},
		{"old view unchanged: all notices", before, "lịch tiếp công dân", nil, 23, 23},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := search(t, tt.ix, Request{Query: tt.query, Size: 50})
			if resp.Total != tt.wantTotal {
				t.Errorf("total = %d, want %d (%v)", resp.Total, tt.wantTotal, urls(resp))
			}
			if tt.wantURLs != nil && !slices.Equal(urls(resp), tt.wantURLs) {
				t.Errorf("hits = %v, want %v", urls(resp), tt.wantURLs)
			}
			if got := facetCount(resp, "fields", "Đất đai"); got != tt.fieldsLand {
				t.Errorf("fields Đất đai = %d, want %d", got, tt.fieldsLand)
			}
			if tt.ix == after && slices.Contains(urls(resp), removed) {
				t.Errorf("removed page %s still found", removed)
			}
		})
	}
	if got := facetCount(search(t, after, Request{Query: "kiwiberry"}), "fields", "Môi trường"); got != 1 {
		t.Errorf("the edited page's new field: count %d, want 1", got)
	}
	if before.DocCount() != uint64(len(pages)) || after.DocCount() != uint64(len(pages)-1) {
		t.Errorf("DocCount before %d, after %d", before.DocCount(), after.DocCount())
	}
}

// TestHolderUpdateDrafts: with Drafts a draft page is indexed like any.
func TestHolderUpdateDrafts(t *testing.T) {
	h := updatableHolder(t, searchtest.Pages())
	p := searchtest.MarkerPage("durian")
	p.Draft = true
	if _, err := h.Update(context.Background(), []*model.Page{p}, nil, UpdateOptions{Drafts: true}); err != nil {
		t.Fatal(err)
	}
	if n := total(t, acquire(t, h), "durian"); n != 1 {
		t.Errorf("draft indexed with Drafts: %d hits, want 1", n)
	}
}

// TestHolderUpdateWhileSearching: searches running while the index is
// updated never fail, and each answers from one snapshot: its facet
// counts agree with its total, which they would not if the columns of
// one snapshot were read with the document numbers of another.
func TestHolderUpdateWhileSearching(t *testing.T) {
	h := updatableHolder(t, searchtest.Pages())
	ctx := context.Background()
	done := make(chan struct{})
	errs := make(chan error, 4)
	var searched sync.WaitGroup
	var runs [4]int
	for w := range runs {
		searched.Add(1)
		go func() {
			defer searched.Done()
			for {
				select {
				case <-done:
					if runs[w] > 0 {
						return
					}
				default:
				}
				runs[w]++
				if err := consistentSearch(ctx, h, "đất đai thông báo"); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 40 {
		// Each update adds a page and removes the one added before, so
		// that segments come and go and document numbers move.
		var gone []string
		if i > 0 {
			gone = append(gone, fmt.Sprintf("/tin-tuc/dat-dai-%d/", i-1))
		}
		p := &model.Page{Kind: model.KindPage, Type: model.TypeNews, URL: fmt.Sprintf("/tin-tuc/dat-dai-%d/", i),
			Title: fmt.Sprintf("Thông báo đất đai bổ sung %d", i), Text: "Thông báo về đất đai.", Fields: []string{"Đất đai"}}
		if _, err := h.Update(ctx, []*model.Page{p}, gone, UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	searched.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := consistentSearch(ctx, h, "đất đai thông báo"); err != nil {
		t.Error(err)
	}
}

// consistentSearch runs q as the server does and checks that the type
// facet counts every hit once.
func consistentSearch(ctx context.Context, h *Holder, q string) error {
	ix, release, err := h.Acquire()
	if err != nil {
		return err
	}
	defer release()
	resp, err := ix.Search(ctx, Request{Query: q})
	if err != nil {
		return fmt.Errorf("search during update: %w", err)
	}
	sum := 0
	for _, f := range resp.Facets["type"] {
		sum += f.Count
	}
	if uint64(sum) != resp.Total || resp.Total == 0 {
		return fmt.Errorf("total %d but type facets count %d", resp.Total, sum)
	}
	return nil
}

// TestHolderReplace: Replace leaves exactly the pages given, with the
// dictionary given.
func TestHolderReplace(t *testing.T) {
	h := updatableHolder(t, searchtest.Pages())
	ctx := context.Background()
	pages := searchtest.Pages()[:4]
	pages = append(pages, searchtest.MarkerPage("rambutan"))
	stats, err := h.Replace(ctx, pages, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Docs != 5 || stats.Indexed != 5 || stats.Deleted != len(searchtest.Pages())-4 {
		t.Errorf("stats = %+v", stats)
	}
	ix := acquire(t, h)
	if n := total(t, ix, "rambutan"); n != 1 {
		t.Errorf("new page: %d hits, want 1", n)
	}
	resp := search(t, ix, Request{Query: "thông báo", Size: 50})
	for _, u := range urls(resp) {
		if !slices.ContainsFunc(pages, func(p *model.Page) bool { return p.URL == u }) {
			t.Errorf("page %s left over", u)
		}
	}
}

// TestUpdateNeedsUpdatable: an index opened read-only refuses changes,
// and an updatable holder refuses to reload its folder.
func TestUpdateNeedsUpdatable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := Build(context.Background(), searchtest.Pages(), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ix.Update(context.Background(), []*model.Page{searchtest.MarkerPage("x")}, nil, UpdateOptions{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Update of a read-only index: %v, want ErrReadOnly", err)
	}
	if _, _, err := ix.Replace(context.Background(), nil, BuildOptions{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Replace of a read-only index: %v, want ErrReadOnly", err)
	}
	ix.Close()

	h, err := OpenUpdatableHolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if err := h.Reload(); err == nil {
		t.Error("Reload of an updatable holder succeeded")
	}
	// The folder is locked meanwhile: opening it fails instead of
	// waiting for ever.
	if ix, err := Open(dir); err == nil {
		ix.Close()
		t.Error("read-only Open of a folder open for updating succeeded")
	}
}

// TestHolderCloseAfterUpdates: the index is closed once the holder is
// and the last request holding an old view has released it.
func TestHolderCloseAfterUpdates(t *testing.T) {
	h := updatableHolder(t, searchtest.Pages())
	ctx := context.Background()
	oldRef := h.cur.Load()
	_, release, err := h.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Update(ctx, []*model.Page{searchtest.MarkerPage("longan")}, nil, UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	st := oldRef.ix.st
	if oldRef.closed.Load() {
		t.Fatal("old view closed while a request holds it")
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if n := st.refs.Load(); n != 1 {
		t.Fatalf("index has %d views open, want 1 (the request's)", n)
	}
	release()
	if n := st.refs.Load(); n != 0 || !oldRef.closed.Load() {
		t.Errorf("after the last release: %d views open, old view closed %v", n, oldRef.closed.Load())
	}
	if _, err := h.Update(ctx, nil, nil, UpdateOptions{}); !errors.Is(err, ErrNoIndex) {
		t.Errorf("Update after Close: %v, want ErrNoIndex", err)
	}
	// The folder is free again.
	again, err := OpenUpdatable(oldRef.ix.Dir())
	if err != nil {
		t.Fatalf("reopening after Close: %v", err)
	}
	again.Close()
}
