package dev

import (
	"context"
	"sync"
	"time"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/search/analyzer"
)

// indexQueue is the search index work that rebuilds asked for and the
// dev server's index loop has not done yet, merged, so that the edits
// made while one update runs go into the next one together. Its zero
// value is an empty queue.
type indexQueue struct {
	mu sync.Mutex
	// full is the newest site when a rebuild since the last take was
	// not incremental (a layout or site.toml changed): the index is
	// then redone from that site's pages, which include every later
	// edit, and changed and removed are not kept.
	full    *fullIndex
	changed map[string]*model.Page // by URL, the newest version
	removed map[string]bool
	// wake holds a value while there is work.
	wake chan struct{}
}

// fullIndex is a whole site to index: its configuration (for the
// dictionary) and copies of its pages.
type fullIndex struct {
	config *generator.Config
	pages  []*model.Page
}

// indexWork is what take hands the index loop.
type indexWork struct {
	full    *fullIndex
	changed []*model.Page
	removed []string
}

// copyPages copies each page (not what it points to, which the builder
// does not change in place).
func copyPages(ps []*model.Page) []*model.Page {
	out := make([]*model.Page, len(ps))
	for i, p := range ps {
		c := *p
		out[i] = &c
	}
	return out
}

func (w indexWork) empty() bool {
	return w.full == nil && len(w.changed) == 0 && len(w.removed) == 0
}

// add merges the index work of a rebuild into the queue. It keeps copies
// of the pages: the builder updates its own in place on a body-only save,
// which may come while the index loop reads these.
func (q *indexQueue) add(res *generator.Result) {
	q.mu.Lock()
	switch {
	case !res.Incremental || q.full != nil:
		q.full = &fullIndex{config: res.Site.Config, pages: copyPages(res.Site.Pages)}
		q.changed, q.removed = nil, nil
	default:
		if q.changed == nil {
			q.changed, q.removed = map[string]*model.Page{}, map[string]bool{}
		}
		for _, u := range res.Removed {
			q.removed[u] = true
			delete(q.changed, u)
		}
		for _, p := range copyPages(res.Changed) {
			q.changed[p.URL] = p
			delete(q.removed, p.URL)
		}
	}
	wake := q.wakeLocked()
	q.mu.Unlock()
	select {
	case wake <- struct{}{}:
	default: // already signalled
	}
}

// ready is a channel that receives when there is work.
func (q *indexQueue) ready() <-chan struct{} {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.wakeLocked()
}

func (q *indexQueue) wakeLocked() chan struct{} {
	if q.wake == nil {
		q.wake = make(chan struct{}, 1)
	}
	return q.wake
}

// needsFull reports whether the work waiting is a whole new index.
func (q *indexQueue) needsFull() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.full != nil
}

// take empties the queue and returns what was in it, so that the pages
// of older sites are let go as soon as they are indexed.
func (q *indexQueue) take() indexWork {
	q.mu.Lock()
	defer q.mu.Unlock()
	w := indexWork{full: q.full}
	for _, p := range q.changed {
		w.changed = append(w.changed, p)
	}
	for u := range q.removed {
		w.removed = append(w.removed, u)
	}
	q.full, q.changed, q.removed = nil, nil, nil
	return w
}

// applyIndex does one take of index work.
func (d *Server) applyIndex(ctx context.Context, w indexWork) error {
	switch {
	case w.full != nil:
		dict, err := dictionary(d.source, w.full.config)
		if err != nil {
			return err
		}
		_, err = d.holder.Replace(ctx, w.full.pages, search.BuildOptions{Dictionary: dict, BuiltAt: time.Now(), Drafts: true})
		return err
	case !w.empty():
		_, err := d.holder.Update(ctx, w.changed, w.removed, search.UpdateOptions{Drafts: true})
		return err
	}
	return nil
}

// dictionary reads the site's synonyms file, or the built-in one.
func dictionary(source string, cfg *generator.Config) (*analyzer.Dictionary, error) {
	return analyzer.ReadDictionary(cfg.DictionaryPath(source), cfg.Search.Dictionary)
}
