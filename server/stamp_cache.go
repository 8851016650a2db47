package server

import (
	"io"
	"sync"
	"time"
)

// stampCache keeps one value made from a file of the site folder, made
// again only when a build replaced the file (its size or modification
// time changed): the server reads the build's private files this way, so
// a new build takes effect without a restart.
type stampCache[T any] struct {
	mu   sync.Mutex
	mod  time.Time
	size int64
	val  T
	ok   bool
}

// get gives the value of the file name in site, made by parse.
func (c *stampCache[T]) get(site, name string, parse func([]byte) (T, error)) (T, error) {
	var zero T
	f, fi, err := openInSite(site, name)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.mod.Equal(fi.ModTime()) && c.size == fi.Size() {
		return c.val, nil
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return zero, err
	}
	v, err := parse(b)
	if err != nil {
		return zero, err
	}
	c.mod, c.size, c.val, c.ok = fi.ModTime(), fi.Size(), v, true
	return v, nil
}
