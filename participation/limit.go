package participation

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter is the rate limit on submissions: a token bucket per network
// address and one for everyone, so neither one sender nor a crowd of
// them can flood the agency's queue. Addresses are held in memory only,
// for as long as their bucket matters, and never stored or logged.
type Limiter struct {
	perAddr rate.Limit
	burst   int
	global  *rate.Limiter

	mu    sync.Mutex
	addrs map[string]*addrBucket
	swept time.Time
}

type addrBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter allows perAddress submissions a minute from one address
// (all at once, then one every 60/perAddress seconds) and global a
// minute from all together.
func NewLimiter(perAddress, global int) *Limiter {
	return &Limiter{
		perAddr: rate.Limit(float64(perAddress) / 60),
		burst:   perAddress,
		global:  rate.NewLimiter(rate.Limit(float64(global)/60), max(global/6, 1)),
		addrs:   map[string]*addrBucket{},
	}
}

// Allow takes a token for addr at now, or says how long to wait before
// trying again (the Retry-After of a 429).
func (l *Limiter) Allow(addr string, now time.Time) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.addrs[addr]
	if b == nil {
		b = &addrBucket{lim: rate.NewLimiter(l.perAddr, l.burst)}
		l.addrs[addr] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	g := l.global.ReserveN(now, 1)
	if d := g.DelayFrom(now); d > 0 {
		g.CancelAt(now)
		r.CancelAt(now) // the address did not get through: give its token back
		return false, d
	}
	return true, 0
}

// sweep forgets addresses whose bucket has been full again for a while:
// a full bucket is the same as no bucket.
func (l *Limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	refill := time.Duration(float64(l.burst)/float64(l.perAddr)) * time.Second
	for a, b := range l.addrs {
		if now.Sub(b.seen) > refill+time.Minute {
			delete(l.addrs, a)
		}
	}
}
