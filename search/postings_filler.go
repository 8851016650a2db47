package search

import "context"

// fillQueue is how many postings reads may wait for the filler; more are
// dropped, to be asked for again by a later search.
const fillQueue = 256

// postingsFiller reads postings into a view's cache in the background,
// one term at a time on one goroutine: a search that finds a term's
// postings missing scores it through Bleve's term searcher and moves on,
// and the next search asking for the term finds it cached. One goroutine
// keeps the reads off the searches' way on a small machine: a query of
// thirty common words would otherwise start thirty reads at once.
//
// The filler reads the segments of the view's snapshot, so the view
// stops it (stop) before it lets the snapshot go.
type postingsFiller struct {
	jobs    chan fillJob
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{} // closed when the goroutine has returned
	started bool
	stopped bool
}

// fill asks for j's postings to be read into c, unless they are being
// read already or the view is closing.
func (c *postingsCache) fill(j fillJob) {
	filling := cacheKey{j.key.fieldTerm, cacheFilling}
	c.fillMu.Lock()
	defer c.fillMu.Unlock()
	f := &c.filler
	if f.stopped || c.get(filling) != nil {
		return
	}
	if !f.started {
		f.started = true
		f.jobs = make(chan fillJob, fillQueue)
		f.ctx, f.cancel = context.WithCancel(context.Background())
		f.done = make(chan struct{})
		go c.runFiller(f.ctx, f.jobs, f.done)
	}
	select {
	case f.jobs <- j:
		c.put(filling, true, 64)
	default: // a backlog: a later search asks again
	}
}

func (c *postingsCache) runFiller(ctx context.Context, jobs <-chan fillJob, done chan<- struct{}) {
	defer close(done)
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-jobs:
			if j.flushed != nil {
				close(j.flushed)
				continue
			}
			p, err := readPostings(ctx, j)
			if err != nil {
				// The next search reads the term through Bleve, which
				// reports what is wrong with it.
				continue
			}
			c.put(j.key, p, p.bytes())
		}
	}
}

// stop ends the filler and waits for it: after stop, nothing reads the
// view's snapshot on the cache's behalf.
func (c *postingsCache) stop() {
	c.fillMu.Lock()
	f := &c.filler
	f.stopped = true
	started := f.started
	c.fillMu.Unlock()
	if started {
		f.cancel()
		<-f.done
	}
}

// flush waits until the reads asked for so far are done (for tests). It
// returns at once when the filler never started or has stopped.
func (c *postingsCache) flush() {
	c.fillMu.Lock()
	f := &c.filler
	if !f.started || f.stopped {
		c.fillMu.Unlock()
		return
	}
	j := fillJob{flushed: make(chan struct{})}
	jobs, done := f.jobs, f.done
	c.fillMu.Unlock()
	select {
	case jobs <- j:
		select {
		case <-j.flushed:
		case <-done:
		}
	case <-done:
	}
}
