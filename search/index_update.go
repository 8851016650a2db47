package search

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/minhbach/minhbach/model"
)

// UpdateOptions adjust Update.
type UpdateOptions struct {
	// Drafts indexes draft pages too (the dev server). Otherwise a
	// changed page that is a draft is taken out of the index.
	Drafts bool
}

// UpdateStats reports what Update or Replace did.
type UpdateStats struct {
	// Indexed is how many pages were indexed, new or changed.
	Indexed int
	// Deleted is how many URLs were taken out (some may not have been
	// in the index).
	Deleted int
	// Docs is how many pages the index holds afterwards.
	Docs     uint64
	Duration time.Duration
}

// ErrReadOnly is returned by Update and Replace on an index opened
// read-only.
var ErrReadOnly = errors.New("chỉ mục tìm kiếm chỉ đọc / the search index is open read-only")

// Update changes the index in place, in one batch: it indexes the changed
// pages as Build would (a content page that is not to be indexed, a new
// draft say, is deleted instead) and deletes the pages at the URLs in
// removed. It returns a view of the index after the batch; ix itself
// still shows the index before it, so that searches running on ix finish
// as they began. Both views must be closed. The index must have been
// opened with OpenUpdatable.
//
// The pages are read during the call only. If ctx is done after the
// batch went in but before the new view is read, the batch stays in the
// index and the next view shows it.
func (ix *Index) Update(ctx context.Context, changed []*model.Page, removed []string, opts UpdateOptions) (*Index, UpdateStats, error) {
	start := time.Now()
	st := ix.st
	if !st.writable {
		return nil, UpdateStats{}, fmt.Errorf("search index %s: %w", st.dir, ErrReadOnly)
	}
	var todo []*model.Page
	gone := append([]string(nil), removed...)
	for _, p := range changed {
		switch {
		case indexable(p, opts.Drafts):
			todo = append(todo, p)
		case p != nil && p.Kind == model.KindPage && p.URL != "":
			gone = append(gone, p.URL)
		}
	}
	// The conversion needs no lock: it reads only the pages and the
	// view's dictionary, which never changes.
	docs := pageDocs(todo, ix.dict, ix.builtAt)

	st.mu.Lock()
	defer st.mu.Unlock()
	b := st.idx.NewBatch()
	// Deletes first: a URL both removed and changed (a page deleted
	// and made again) ends up indexed, as the later operation wins.
	for _, u := range gone {
		b.Delete(u)
	}
	for i, p := range todo {
		if err := b.Index(p.URL, docs[i]); err != nil {
			return nil, UpdateStats{}, fmt.Errorf("search index: %s: %w", pageName(p), err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, UpdateStats{}, err
	}
	if err := st.idx.Batch(b); err != nil {
		return nil, UpdateStats{}, fmt.Errorf("search index %s: %w", st.dir, err)
	}
	nv, err := newView(ctx, st, ix)
	if err != nil {
		return nil, UpdateStats{}, err
	}
	return nv, UpdateStats{Indexed: len(todo), Deleted: len(gone), Docs: nv.DocCount(), Duration: time.Since(start)}, nil
}

// Replace makes the index hold the content pages of pages and nothing
// else, as Build would, but in place: the pages are indexed in batches,
// then the pages no longer there are deleted and the dictionary and build
// time of opts recorded, in a last batch. It returns a view of the index
// after all that; ix and the views made before are unchanged. The index
// must have been opened with OpenUpdatable. On error the index may hold
// some of the pages already, but no view shows them until the next
// Update or Replace.
func (ix *Index) Replace(ctx context.Context, pages []*model.Page, opts BuildOptions) (*Index, UpdateStats, error) {
	start := time.Now()
	st := ix.st
	if !st.writable {
		return nil, UpdateStats{}, fmt.Errorf("search index %s: %w", st.dir, ErrReadOnly)
	}
	opts = opts.withDefaults()
	dict, builtAt := opts.Dictionary, opts.BuiltAt
	todo := indexablePages(pages, opts.Drafts)
	keep := make(map[string]bool, len(todo))
	for _, p := range todo {
		keep[p.URL] = true
	}

	st.mu.Lock()
	defer st.mu.Unlock()
	old, err := st.docIDs()
	if err != nil {
		return nil, UpdateStats{}, err
	}
	if err := fill(ctx, st.idx, todo, dict, opts.Now); err != nil {
		return nil, UpdateStats{}, err
	}
	b := st.idx.NewBatch()
	deleted := 0
	for _, id := range old {
		if !keep[id] {
			b.Delete(id)
			deleted++
		}
	}
	dictText, _ := dict.MarshalText()
	builtText, _ := builtAt.UTC().MarshalText()
	b.SetInternal(keyBuiltAt, builtText)
	b.SetInternal(keyDictionary, dictText)
	if err := st.idx.Batch(b); err != nil {
		return nil, UpdateStats{}, fmt.Errorf("search index %s: %w", st.dir, err)
	}
	nv, err := newView(ctx, st, ix)
	if err != nil {
		return nil, UpdateStats{}, err
	}
	return nv, UpdateStats{Indexed: len(todo), Deleted: deleted, Docs: nv.DocCount(), Duration: time.Since(start)}, nil
}

// docIDs returns the URLs of every page in the store's current snapshot.
func (st *store) docIDs() ([]string, error) {
	r, err := st.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	all, err := r.DocIDReaderAll()
	if err != nil {
		return nil, fmt.Errorf("search index %s: %w", st.dir, err)
	}
	defer all.Close()
	var ids []string
	for {
		id, err := all.Next()
		if err != nil {
			return nil, fmt.Errorf("search index %s: %w", st.dir, err)
		}
		if id == nil {
			return ids, nil
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			return nil, fmt.Errorf("search index %s: %w", st.dir, err)
		}
		ids = append(ids, ext)
	}
}
