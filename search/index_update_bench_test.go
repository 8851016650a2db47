package search

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/minhbach/minhbach/model"
)

// benchUpdatable builds n synthetic pages into a fresh folder and opens
// it for updating in place.
func benchUpdatable(b *testing.B, n int) *Holder {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "index")
	stats, err := Build(context.Background(), SyntheticPages(n, 1), dir, BuildOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("indexed %d pages in %v", stats.Docs, stats.Duration.Round(time.Millisecond))
	h, err := OpenUpdatableHolder(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	return h
}

// BenchmarkUpdate measures what the dev server does after a page is
// saved: one page changed in place in an index of benchDocs pages, and
// the new view read (its columns included), in ms/op.
func BenchmarkUpdate(b *testing.B) {
	n := benchDocs(b)
	h := benchUpdatable(b, n)
	pages := SyntheticPages(n, 1)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := *pages[(i*7919)%n]
		p.Text += fmt.Sprintf(" Sửa lần %d.", i)
		if _, err := h.Update(ctx, []*model.Page{&p}, nil, UpdateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkNewView measures the part of an update that reads the new
// snapshot's columns, in ms/op.
func BenchmarkNewView(b *testing.B) {
	h := benchUpdatable(b, benchDocs(b))
	cur := h.cur.Load().ix
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := newView(context.Background(), cur.st, cur)
		if err != nil {
			b.Fatal(err)
		}
		v.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
