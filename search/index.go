package search

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/minhbach/minhbach/internal/swapdir"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search/analyzer"
)

// BuildOptions adjust Build.
type BuildOptions struct {
	// Dictionary expands abbreviations and synonyms, in the pages when
	// indexing and in queries when searching (the index keeps a copy).
	// Nil means analyzer.DefaultDictionary().
	Dictionary *analyzer.Dictionary
	// BuiltAt is recorded as the index's build time; zero means now.
	BuiltAt time.Time
	// Now is the build's today (`minhbach build --now`): the ranking
	// judges how recent a page is as of this day, as the generator
	// judges a document's status. Zero means BuiltAt.
	Now time.Time
	// Drafts indexes draft pages too (the dev server).
	Drafts bool
}

// withDefaults fills in what o leaves to the defaults.
func (o BuildOptions) withDefaults() BuildOptions {
	if o.Dictionary == nil {
		o.Dictionary = analyzer.DefaultDictionary()
	}
	if o.BuiltAt.IsZero() {
		o.BuiltAt = time.Now()
	}
	if o.Now.IsZero() {
		o.Now = model.Today(o.BuiltAt)
	}
	return o
}

// indexablePages returns the pages that go into the index.
func indexablePages(pages []*model.Page, drafts bool) []*model.Page {
	var out []*model.Page
	for _, p := range pages {
		if indexable(p, drafts) {
			out = append(out, p)
		}
	}
	return out
}

// BuildStats reports what Build did.
type BuildStats struct {
	Docs     int
	Duration time.Duration
}

// batchSize is how many pages go into one Bleve batch: big enough that the
// per-batch cost (a segment, a merge) is small, small enough to bound memory.
const batchSize = 500

// Keys of the index's internal (non-document) values.
var (
	keyVersion    = []byte("minhbach:version")
	keyBuiltAt    = []byte("minhbach:built_at")
	keyDictionary = []byte("minhbach:dictionary")
)

// indexVersion changes whenever the fields or their analysis change, so that
// Open refuses an index the running code would misread.
const indexVersion = "5"

// Build indexes every content page of pages (drafts only if opts.Drafts)
// into a new index beside dir, then puts it in place of dir in one step,
// so that a server reading dir sees either the old index or the new one,
// never half of one. Pages are converted in parallel and indexed in
// batches. On error dir is left as it was.
func Build(ctx context.Context, pages []*model.Page, dir string, opts BuildOptions) (BuildStats, error) {
	start := time.Now()
	dir = filepath.Clean(dir)
	opts = opts.withDefaults()
	dict, builtAt := opts.Dictionary, opts.BuiltAt
	todo := indexablePages(pages, opts.Drafts)

	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return BuildStats{}, fmt.Errorf("search index: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, base+".new-*")
	if err != nil {
		return BuildStats{}, fmt.Errorf("search index: %w", err)
	}
	// Bleve creates the folder itself and refuses an existing one; the
	// name stays ours because MkdirTemp picked it unused.
	if err := os.Remove(tmp); err != nil {
		return BuildStats{}, fmt.Errorf("search index: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()

	m, err := newMapping()
	if err != nil {
		return BuildStats{}, err
	}
	// "unsafe_batch": a batch returns once it is in memory, and the
	// persister writes it out while the next batches are analysed.
	// Close does not wait for that, so Build waits itself (persist).
	idx, err := bleve.NewUsing(tmp, m, scorch.Name, scorch.Name, map[string]any{"unsafe_batch": true})
	if err != nil {
		return BuildStats{}, fmt.Errorf("search index: creating %s: %w", tmp, err)
	}
	if err := fill(ctx, idx, todo, dict, opts.Now); err != nil {
		idx.Close()
		return BuildStats{}, err
	}
	dictText, _ := dict.MarshalText()
	builtText, _ := builtAt.UTC().MarshalText()
	internal := map[string][]byte{
		string(keyVersion):    []byte(indexVersion),
		string(keyBuiltAt):    builtText,
		string(keyDictionary): dictText,
	}
	// Everything on disk first: the merge below only merges segments
	// that are.
	if err := persist(ctx, idx, internal); err != nil {
		idx.Close()
		return BuildStats{}, err
	}
	// One segment answers queries fastest; merging now costs the build,
	// not every search.
	if adv, err := idx.Advanced(); err == nil {
		if s, isScorch := adv.(*scorch.Scorch); isScorch {
			opts := mergeplan.SingleSegmentMergePlanOptions
			if err := s.ForceMerge(ctx, &opts); err != nil {
				idx.Close()
				return BuildStats{}, fmt.Errorf("search index: merging: %w", err)
			}
		}
	}
	// The merged segment is a file already, but the index's root only
	// names it once the snapshot after the merge is persisted: without
	// this, Close could leave the segments from before the merge.
	if err := persist(ctx, idx, map[string][]byte{string(keyVersion): []byte(indexVersion)}); err != nil {
		idx.Close()
		return BuildStats{}, err
	}
	if err := idx.Close(); err != nil {
		return BuildStats{}, fmt.Errorf("search index: closing %s: %w", tmp, err)
	}
	if err := ctx.Err(); err != nil {
		return BuildStats{}, err
	}
	if err := swapdir.Replace(tmp, dir); err != nil {
		return BuildStats{}, fmt.Errorf("search index: replacing %s: %w", dir, err)
	}
	ok = true
	return BuildStats{Docs: len(todo), Duration: time.Since(start)}, nil
}

// indexers is how many batches fill has in Bleve at once: while one
// batch's segment is being built (on one core), the next one's text is
// analysed.
const indexers = 2

// fill indexes pages into idx, in batches; indexers convert and index
// batches side by side.
func fill(ctx context.Context, idx bleve.Index, pages []*model.Page, dict *analyzer.Dictionary, now time.Time) error {
	chunks := make(chan []*model.Page)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for range indexers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				if err := indexChunk(idx, c, dict, now); err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
feed:
	for lo := 0; lo < len(pages); lo += batchSize {
		select {
		case chunks <- pages[lo:min(lo+batchSize, len(pages))]:
		case <-ctx.Done():
			break feed
		}
	}
	close(chunks)
	wg.Wait()
	return context.Cause(ctx)
}

// indexChunk indexes pages in one batch.
func indexChunk(idx bleve.Index, pages []*model.Page, dict *analyzer.Dictionary, now time.Time) error {
	b := idx.NewBatch()
	for _, p := range pages {
		if err := b.Index(p.URL, pageDoc(p, dict, now)); err != nil {
			return fmt.Errorf("search index: %s: %w", pageName(p), err)
		}
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// persist sets internal values in one batch and waits until the index
// is on disk up to and including it.
func persist(ctx context.Context, idx bleve.Index, internal map[string][]byte) error {
	b := idx.NewBatch()
	for k, v := range internal {
		b.SetInternal([]byte(k), v)
	}
	done := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { done <- err })
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("search index: writing: %w", err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pageDocs turns pages into documents (pageDoc), on every core.
func pageDocs(pages []*model.Page, dict *analyzer.Dictionary, now time.Time) []map[string]any {
	docs := make([]map[string]any, len(pages))
	workers := min(max(1, runtime.GOMAXPROCS(0)), len(pages))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(pages); i += workers {
				docs[i] = pageDoc(pages[i], dict, now)
			}
		}()
	}
	wg.Wait()
	return docs
}

func pageName(p *model.Page) string {
	if p.Source != "" {
		return p.Source
	}
	return p.URL
}

// Index is a view of an open search index: one snapshot of it, with what
// a search needs of that snapshot read into memory. A view never changes,
// so a search sees the same documents from start to end; Update returns a
// new view and leaves the old one as it was. It is safe for concurrent
// use. Close it when done.
type Index struct {
	st *store
	// idx is st.idx: searches take the mapping from it; reads go
	// through snap.
	idx bleve.Index
	// snap is the snapshot this view reads, pinned from when the view is
	// made until it is closed: document numbers differ from one snapshot
	// to the next, and cols are by document number.
	snap    index.IndexReader
	dir     string
	builtAt time.Time
	dict    *analyzer.Dictionary
	// dictText is the dictionary as stored, so that the next view of
	// the same index need not parse it again.
	dictText string
	exact    analysis.Analyzer
	folded   analysis.Analyzer
	// common decides which query terms are too frequent to find
	// documents on their own (see addStats); replaced in tests.
	common func(df, docs uint64) bool
	// budget is how many candidates a search scores (see
	// defaultScoreBudget); replaced in tests.
	budget int
	cols   *columns

	closeOnce sync.Once
	closeErr  error
}

// store is one open Bleve index and the number of views that use it. It
// is closed when the last view is: a search may still be reading an old
// view after an update has made a new one.
type store struct {
	idx      bleve.Index
	dir      string
	writable bool
	exact    analysis.Analyzer
	folded   analysis.Analyzer
	refs     atomic.Int64
	// mu serialises updates: each one reads the snapshot the previous
	// one left.
	mu sync.Mutex
}

// reader returns a reader of the current snapshot; close it after use.
func (s *store) reader() (index.IndexReader, error) {
	adv, err := s.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search index %s: %w", s.dir, err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search index %s: %w", s.dir, err)
	}
	return r, nil
}

// release drops one view's hold and closes the index after the last.
func (s *store) release() error {
	if s.refs.Add(-1) == 0 {
		return s.idx.Close()
	}
	return nil
}

// Open opens the index Build wrote at dir, read-only.
func Open(dir string) (*Index, error) {
	return open(dir, false)
}

// OpenUpdatable opens the index Build wrote at dir for reading and for
// changing in place (Update, Replace): the dev server's index. Batches are
// not waited for on disk, since the dev server builds its index afresh
// at start; only one process may have the folder open this way, and a
// read-only Open of it from another process fails while it is.
func OpenUpdatable(dir string) (*Index, error) {
	return open(dir, true)
}

func open(dir string, writable bool) (*Index, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("không có chỉ mục tìm kiếm ở %s: hãy chạy `minhbach build` / no search index at %s: run `minhbach build` first", dir, dir)
	}
	// A folder another process has open for writing (a dev server) is
	// locked: fail after a while rather than wait for ever.
	config := map[string]any{"read_only": true, "bolt_timeout": "2s"}
	if writable {
		config = map[string]any{"unsafe_batch": true, "bolt_timeout": "2s"}
	}
	idx, err := bleve.OpenUsing(dir, config)
	if err != nil {
		return nil, fmt.Errorf("search index %s: %w (chạy lại `minhbach build` / run `minhbach build` again)", dir, err)
	}
	st := &store{idx: idx, dir: dir, writable: writable}
	m, isImpl := idx.Mapping().(*mapping.IndexMappingImpl)
	if !isImpl {
		idx.Close()
		return nil, fmt.Errorf("search index %s: unexpected mapping %T", dir, idx.Mapping())
	}
	st.exact = m.AnalyzerNamed(analyzer.Exact)
	st.folded = m.AnalyzerNamed(analyzer.Folded)
	if st.exact == nil || st.folded == nil {
		idx.Close()
		return nil, fmt.Errorf("search index %s: Vietnamese analyzers missing from its mapping", dir)
	}
	ix, err := newView(context.Background(), st, nil)
	if err != nil {
		idx.Close()
		return nil, err
	}
	return ix, nil
}

// newView makes a view of the store's current snapshot. prev, if not nil,
// is the view it follows, whose settings it keeps.
func newView(ctx context.Context, st *store, prev *Index) (*Index, error) {
	r, err := st.reader()
	if err != nil {
		return nil, err
	}
	ix, err := readView(ctx, st, r, prev)
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("search index %s: %w", st.dir, err)
	}
	st.refs.Add(1)
	return ix, nil
}

// readView reads what a view needs from the snapshot r.
func readView(ctx context.Context, st *store, r index.IndexReader, prev *Index) (*Index, error) {
	version, err := r.GetInternal(keyVersion)
	if err != nil {
		return nil, err
	}
	if string(version) != indexVersion {
		return nil, fmt.Errorf("chỉ mục được tạo bởi phiên bản khác: hãy chạy `minhbach build` / built by another version: run `minhbach build`")
	}
	ix := &Index{st: st, idx: st.idx, snap: r, dir: st.dir, exact: st.exact, folded: st.folded,
		common: defaultCommon, budget: defaultScoreBudget}
	if prev != nil {
		ix.common, ix.budget = prev.common, prev.budget
	}
	if b, err := r.GetInternal(keyBuiltAt); err == nil && len(b) > 0 {
		if err := ix.builtAt.UnmarshalText(b); err != nil {
			return nil, fmt.Errorf("build time: %w", err)
		}
	}
	dictText, err := r.GetInternal(keyDictionary)
	if err != nil {
		return nil, err
	}
	ix.dictText = string(dictText)
	if prev != nil && prev.dictText == ix.dictText {
		ix.dict = prev.dict
	} else if ix.dict, err = analyzer.ParseDictionary(strings.NewReader(ix.dictText), st.dir+" (dictionary)"); err != nil {
		return nil, err
	}
	if ix.cols, err = loadColumns(ctx, r); err != nil {
		return nil, err
	}
	return ix, nil
}

// withReader calls fn with the view's snapshot.
func (ix *Index) withReader(fn func(index.IndexReader) error) error {
	return fn(ix.snap)
}

// Close releases the view's snapshot, and the index once no view of it
// is open.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		if ix.cols != nil {
			ix.cols.postings.stop()
		}
		err := ix.snap.Close()
		if err2 := ix.st.release(); err == nil {
			err = err2
		}
		ix.closeErr = err
	})
	return ix.closeErr
}

// DocCount is the number of pages in the view.
func (ix *Index) DocCount() uint64 {
	n, err := ix.snap.DocCount()
	if err != nil {
		return 0
	}
	return n
}

// BuiltAt is when the index was built (BuildOptions.BuiltAt).
func (ix *Index) BuiltAt() time.Time { return ix.builtAt }

// Dir is the folder the index was opened from.
func (ix *Index) Dir() string { return ix.dir }
