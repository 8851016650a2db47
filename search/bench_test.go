package search

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// benchDocs is how many synthetic pages the benchmarks index: the
// MINHBACH_BENCH_DOCS environment variable, 2,000 by default so that a
// plain `go test -bench .` stays quick. The figures that matter are at
// 100,000: MINHBACH_BENCH_DOCS=100000.
func benchDocs(b *testing.B) int {
	n := 2000
	if s := os.Getenv("MINHBACH_BENCH_DOCS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("MINHBACH_BENCH_DOCS=%q: want a positive number", s)
		}
		n = v
	}
	return n
}

// benchIndex opens an index of n synthetic pages. MINHBACH_BENCH_INDEX
// names a folder to keep it in between runs, since indexing 100,000 pages
// takes minutes; it is rebuilt if it holds another number of pages.
func benchIndex(b *testing.B, n int) *Index {
	b.Helper()
	dir := os.Getenv("MINHBACH_BENCH_INDEX")
	if dir == "" {
		dir = filepath.Join(b.TempDir(), "index")
	}
	if ix, err := Open(dir); err == nil {
		if ix.DocCount() == uint64(n) {
			return ix
		}
		ix.Close()
	}
	stats, err := Build(context.Background(), SyntheticPages(n, 1), dir, BuildOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("indexed %d pages in %v", stats.Docs, stats.Duration.Round(time.Millisecond))
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	return ix
}

// BenchmarkSearch runs the synthetic queries one after another, as the API
// would (facets and snippets included), and reports the 50th and 99th
// percentile latency. The index is opened fresh: its caches of term
// bitmaps and postings (see postingsCache) warm as the queries repeat
// words, as a server's do; the first query of a term pays for reading it.
func BenchmarkSearch(b *testing.B) {
	n := benchDocs(b)
	ix := benchIndex(b, n)
	defer ix.Close()
	queries := SyntheticQueries(SyntheticPages(min(n, 5000), 1), 500, 2)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := ix.Search(ctx, Request{Query: queries[i%len(queries)]}); err != nil {
			b.Fatalf("%q: %v", queries[i%len(queries)], err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkBuild indexes the synthetic pages and reports pages per second.
func BenchmarkBuild(b *testing.B) {
	n := benchDocs(b)
	pages := SyntheticPages(n, 1)
	dir := filepath.Join(b.TempDir(), "index")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Build(context.Background(), pages, dir, BuildOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}
