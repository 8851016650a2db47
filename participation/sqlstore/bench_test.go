package sqlstore

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minhbach/minhbach/participation"
)

// The load the store is sized for: 50 citizens' submissions in flight
// at once, 500 acknowledged a second, each within 50 ms at the 99th
// percentile, on 2 cores.
const (
	benchClients = 50
	benchRate    = 500 // submissions a second
)

// BenchmarkAdd measures acknowledged (committed, fsynced) submissions
// with benchClients clients, each sending its next as soon as the last
// is acknowledged: the most the store takes. Besides ns/op (wall time
// per submission) it reports submissions/s, the median and 99th
// percentile latency of one Add, and for SQLite the submissions per
// group commit.
func BenchmarkAdd(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) { benchAdd(b, open(b, be.url(b)), 0) })
	}
}

// BenchmarkAddPaced measures the latency at the target load: the
// benchClients clients together send benchRate submissions a second,
// each on a schedule of its own, and latency counts from when a
// submission was due, so a slow answer also delays the next ones'
// count (no coordinated omission).
func BenchmarkAddPaced(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			benchAdd(b, open(b, be.url(b)), benchClients*time.Second/benchRate)
		})
	}
}

// benchAdd runs b.N Adds from benchClients goroutines, each one every
// interval (0: back to back), and reports the metrics.
func benchAdd(b *testing.B, st *Store, interval time.Duration) {
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((benchClients + procs - 1) / procs)
	var (
		mu      sync.Mutex
		lat     []time.Duration
		clients atomic.Int64
	)
	var jobs0, batches0 int64
	if st.w != nil {
		jobs0, batches0 = st.w.jobs.Load(), st.w.batches.Load()
	}
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		// Spread the clients' schedules over one interval.
		due := start.Add(time.Duration(clients.Add(1)) * interval / benchClients)
		var mine []time.Duration
		for pb.Next() {
			if interval > 0 {
				time.Sleep(time.Until(due)) // pacing the load, not synchronisation
			} else {
				due = time.Now()
			}
			code, err := participation.NewCode()
			if err != nil {
				b.Error(err)
				return
			}
			now := time.Now().UTC()
			sub := &participation.Submission{
				Code: code, Kind: participation.KindFeedback, Target: "/phan-anh-kien-nghi/",
				Topic: "moi-truong", Commune: "Xã Hoà Vang",
				Text: "Khu vực chợ xả nước thải ra mương thoát nước, gây mùi hôi, đề nghị kiểm tra xử lý.",
				Name: "Trần Văn An", Contact: "0905 000 111", Consent: true,
				Status:   participation.StatusReceived,
				Received: now, Updated: now,
			}
			if _, _, err := st.Add(context.Background(), sub, code); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(due))
			due = due.Add(interval)
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "subs/s")
	if len(lat) > 0 {
		slices.Sort(lat)
		ms := func(q int) float64 { return float64(lat[len(lat)*q/100].Microseconds()) / 1000 }
		b.ReportMetric(ms(50), "p50-ms")
		b.ReportMetric(ms(99), "p99-ms")
	}
	if st.w != nil {
		if batches := st.w.batches.Load() - batches0; batches > 0 {
			b.ReportMetric(float64(st.w.jobs.Load()-jobs0)/float64(batches), "subs/commit")
		}
	}
}
