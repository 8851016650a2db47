package search

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/minhbach/minhbach/model"
)

// errUpdatable is returned by Reload on a holder that updates its index
// in place.
var errUpdatable = errors.New("được cập nhật tại chỗ, không nạp lại / updated in place, not reloaded")

// ErrNoIndex is returned by Holder.Acquire after the holder is closed.
var ErrNoIndex = errors.New("chỉ mục tìm kiếm chưa sẵn sàng / search index not available")

// Holder owns the index a server answers from and swaps in a newly built
// one without failing a request: `minhbach build` writes the new index
// beside the old and renames it into place, the holder notices (it polls
// the folder's identity and modification time) or is told (Reload), opens
// the new index, switches to it atomically, and closes the old one only
// when the last request that acquired it has released it.
type Holder struct {
	dir string
	log *log.Logger
	// updatable is set for a holder whose index is changed in place
	// (OpenUpdatableHolder): it neither watches nor reloads the folder.
	updatable bool

	cur atomic.Pointer[indexRef]

	// mu serialises reloads, so two of them never open the same folder
	// twice or race on seen.
	mu   sync.Mutex
	seen os.FileInfo // the folder as it was when the current index was opened
	bad  os.FileInfo // the last folder that failed to open, logged once

	stop context.CancelFunc
	done chan struct{}
}

// indexRef is one open index and how many users it has: the holder counts
// as one until it switches away, each request as one more.
type indexRef struct {
	ix     *Index
	refs   atomic.Int64
	closed atomic.Bool // for tests: the index has been closed
}

// acquire adds a user unless the index is already retired (refs 0).
func (h *indexRef) acquire() bool {
	for {
		n := h.refs.Load()
		if n <= 0 {
			return false
		}
		if h.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// release drops a user and closes the index after the last one.
func (h *indexRef) release() {
	if h.refs.Add(-1) == 0 {
		h.closed.Store(true)
		_ = h.ix.Close()
	}
}

// pollInterval is how often the holder looks at the index folder.
const pollInterval = time.Second

// HolderOptions tune how a holder watches its folder; the zero value
// polls every second and logs to the standard logger.
type HolderOptions struct {
	// Poll is how often the folder is looked at; 0 means every second.
	Poll time.Duration
	// Logger receives reload failures; nil logs to the standard logger.
	Logger *log.Logger
}

// OpenHolder opens the index in dir and watches the folder until ctx is
// done or Close is called. It fails if there is no index yet: a server
// without an index would answer every search with an error.
func OpenHolder(ctx context.Context, dir string, opts HolderOptions) (*Holder, error) {
	if opts.Poll <= 0 {
		opts.Poll = pollInterval
	}
	return openHolder(ctx, dir, opts.Poll, opts.Logger)
}

func openHolder(ctx context.Context, dir string, every time.Duration, logger *log.Logger) (*Holder, error) {
	if logger == nil {
		logger = log.Default()
	}
	h := &Holder{dir: dir, log: logger, done: make(chan struct{})}
	if err := h.Reload(); err != nil {
		return nil, err
	}
	ctx, h.stop = context.WithCancel(ctx)
	go h.watch(ctx, every)
	return h, nil
}

// OpenUpdatableHolder opens the index in dir for a server that also
// changes it, in place (Update, Replace): the dev server. Nothing else
// may write to the folder meanwhile, so the holder does not watch it, and
// Reload fails.
func OpenUpdatableHolder(dir string) (*Holder, error) {
	ix, err := OpenUpdatable(dir)
	if err != nil {
		return nil, fmt.Errorf("mở chỉ mục / opening index %s: %w", dir, err)
	}
	h := &Holder{dir: dir, log: log.Default(), updatable: true}
	h.cur.Store(newIndexRef(ix))
	return h, nil
}

// newIndexRef holds ix for the holder, its first user.
func newIndexRef(ix *Index) *indexRef {
	r := &indexRef{ix: ix}
	r.refs.Store(1)
	return r
}

// Dir is the index folder the holder watches.
func (h *Holder) Dir() string { return h.dir }

// watch reloads when the folder is replaced (another inode) or changed.
func (h *Holder) watch(ctx context.Context, every time.Duration) {
	defer close(h.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if h.changed() {
			if err := h.Reload(); err != nil {
				h.logKept(err)
			}
		}
	}
}

// changed reports whether the folder differs from the one in use. A
// folder that is missing for a moment (between the two renames of a
// swap) is not a change: the old index keeps answering.
func (h *Holder) changed() bool {
	fi, err := os.Stat(h.dir)
	if err != nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.bad != nil && sameFolder(fi, h.bad) {
		return false // already failed on this very folder; wait for the next build
	}
	return h.seen == nil || !sameFolder(fi, h.seen)
}

func sameFolder(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.ModTime().Equal(b.ModTime())
}

func (h *Holder) logKept(err error) {
	h.log.Printf("search: giữ chỉ mục cũ / keeping the previous index: %v", err)
}

// Reload opens the index folder now and switches to it. The previous
// index stays in use until the new one is open, so a failed reload (a
// broken or half-written folder) changes nothing and returns the error.
func (h *Holder) Reload() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.updatable {
		// The folder is open for writing: opening it again would wait
		// for its lock.
		return fmt.Errorf("chỉ mục tìm kiếm / search index %s: %w", h.dir, errUpdatable)
	}
	before, err := os.Stat(h.dir)
	if err != nil {
		return fmt.Errorf("chỉ mục tìm kiếm / search index %s: %w", h.dir, err)
	}
	ix, err := Open(h.dir)
	if err != nil {
		h.bad = before
		return fmt.Errorf("mở chỉ mục / opening index %s: %w", h.dir, err)
	}
	// Remember the folder as it was before opening: if it was replaced
	// meanwhile, the next poll sees a difference and opens it again.
	h.seen, h.bad = before, nil
	if old := h.cur.Swap(newIndexRef(ix)); old != nil {
		old.release()
	}
	return nil
}

// Acquire returns the current index for one request; call release when
// the request is done with it, after which the index may be closed.
func (h *Holder) Acquire() (ix *Index, release func(), err error) {
	for {
		c := h.cur.Load()
		if c == nil {
			return nil, nil, ErrNoIndex
		}
		if c.acquire() {
			var once sync.Once
			return c.ix, func() { once.Do(c.release) }, nil
		}
		// c was retired between Load and acquire: the next Load sees
		// the index that replaced it.
	}
}

// Close stops watching and closes the index once requests in flight
// have released it.
func (h *Holder) Close() error {
	if h.stop != nil {
		h.stop()
		<-h.done
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if old := h.cur.Swap(nil); old != nil {
		old.release()
	}
	return nil
}

// Update applies Index.Update to the current index and switches to the
// view it returns. Requests that acquired the previous view finish on it;
// its snapshot is released after the last of them. The holder must come
// from OpenUpdatableHolder.
func (h *Holder) Update(ctx context.Context, changed []*model.Page, removed []string, opts UpdateOptions) (UpdateStats, error) {
	return h.change(func(ix *Index) (*Index, UpdateStats, error) {
		return ix.Update(ctx, changed, removed, opts)
	})
}

// Replace applies Index.Replace to the current index and switches to the
// view it returns, as Update does.
func (h *Holder) Replace(ctx context.Context, pages []*model.Page, opts BuildOptions) (UpdateStats, error) {
	return h.change(func(ix *Index) (*Index, UpdateStats, error) {
		return ix.Replace(ctx, pages, opts)
	})
}

// change makes a new view from the current one with fn and switches to
// it. The holder's lock keeps Close and other changes out meanwhile, so
// the current view stays open without acquiring it.
func (h *Holder) change(fn func(*Index) (*Index, UpdateStats, error)) (UpdateStats, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cur := h.cur.Load()
	if cur == nil {
		return UpdateStats{}, ErrNoIndex
	}
	nv, stats, err := fn(cur.ix)
	if err != nil {
		return UpdateStats{}, err
	}
	h.cur.Store(newIndexRef(nv))
	cur.release()
	return stats, nil
}
