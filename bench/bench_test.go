package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/minhbach/minhbach/bench/sitegen"
	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/search"
)

// BenchmarkBuild builds a 1,000-page site (about 500 words a page, 20
// sections, 50 tags) into the same destination on every iteration, as a
// rebuild does. The site is generated once, outside the timing.
//
//	go test -run '^$' -bench Build -benchmem ./bench
func BenchmarkBuild(b *testing.B) {
	useRepoDartSass(b)
	dir := b.TempDir()
	if err := sitegen.Generate(sitegen.Options{Out: dir, Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	opts := generator.Options{
		Source:      filepath.Join(dir, "minhbach"),
		Destination: filepath.Join(dir, "public"),
		Now:         time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := generator.Build(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		if n := res.Summary.PagesByType["page"]; n != 1000 {
			b.Fatalf("built %d content pages, want 1000", n)
		}
	}
}

// BenchmarkIndex builds the search index of the same 1,000-page site, as
// "minhbach build" does after writing the site. The site is built once,
// outside the timing.
//
//	go test -run '^$' -bench Index -benchmem ./bench
func BenchmarkIndex(b *testing.B) {
	useRepoDartSass(b)
	dir := b.TempDir()
	if err := sitegen.Generate(sitegen.Options{Out: dir, Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	res, err := generator.Build(context.Background(), generator.Options{
		Source:      filepath.Join(dir, "minhbach"),
		Destination: filepath.Join(dir, "public"),
		Now:         time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		b.Fatal(err)
	}
	index := filepath.Join(dir, "index")
	b.ReportAllocs()
	for b.Loop() {
		stats, err := search.Build(context.Background(), res.Site.Pages, index, search.BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if stats.Docs < 1000 {
			b.Fatalf("indexed %d documents, want at least 1000", stats.Docs)
		}
	}
}

// BenchmarkRebuildOnePage edits one page of a generated site and
// rebuilds incrementally, as the dev server does after a save: the site
// part of the edit-to-reload time (the index update comes on top).
// MINHBACH_BENCH_PAGES sets the site's size (default 1,000; the issue's
// figure is at 10,000).
//
//	MINHBACH_BENCH_PAGES=10000 go test -run '^$' -bench RebuildOnePage -benchtime 20x ./bench
func BenchmarkRebuildOnePage(b *testing.B) {
	useRepoDartSass(b)
	pages := 1000
	if n, err := strconv.Atoi(os.Getenv("MINHBACH_BENCH_PAGES")); err == nil && n > 0 {
		pages = n
	}
	dir := b.TempDir()
	if err := sitegen.Generate(sitegen.Options{Out: dir, Pages: pages, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	src := filepath.Join(dir, "minhbach")
	builder := generator.NewBuilder(generator.Options{Source: src, Destination: filepath.Join(dir, "public"),
		Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
	defer builder.Close()
	ctx := context.Background()
	if _, err := builder.Build(ctx); err != nil {
		b.Fatal(err)
	}
	all, err := filepath.Glob(filepath.Join(src, "content", "*", "*.md"))
	var files []string
	for _, f := range all {
		if filepath.Base(f) != "_index.md" {
			files = append(files, f)
		}
	}
	if err != nil || len(files) == 0 {
		b.Fatal("no content files", err)
	}
	// A body edit is the common save (rebuilt without assembling the
	// site again); a title edit touches the lists that show the page.
	edits := []struct {
		name string
		edit func(text []byte, i int) []byte
	}{
		{"body", func(text []byte, i int) []byte { return append(text, fmt.Sprintf("\nSửa lần %d.\n", i)...) }},
		{"title", func(text []byte, i int) []byte {
			return bytes.Replace(text, []byte(`title = "`), fmt.Appendf(nil, `title = "Sửa %d: `, i), 1)
		}},
	}
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			i, written := 0, 0
			for b.Loop() {
				f := files[(i*7919)%len(files)]
				i++
				text, err := os.ReadFile(f)
				if err != nil {
					b.Fatal(err)
				}
				if err := os.WriteFile(f, e.edit(text, i), 0o644); err != nil {
					b.Fatal(err)
				}
				rel, _ := filepath.Rel(src, f)
				res, err := builder.Rebuild(ctx, generator.Change{Paths: []string{filepath.ToSlash(rel)}})
				if err != nil {
					b.Fatal(err)
				}
				if !res.Incremental || len(res.Changed) == 0 {
					b.Fatalf("edit of %s: incremental %v, %d pages changed", rel, res.Incremental, len(res.Changed))
				}
				written += res.Summary.Files
			}
			b.ReportMetric(float64(written)/float64(i), "files/op")
		})
	}
}

// useRepoDartSass points DART_SASS_BINARY at the repository's
// node_modules: the test runs in bench/, where the generator's own search
// (working folder, then the site's folder) would not look.
func useRepoDartSass(b *testing.B) {
	b.Helper()
	if os.Getenv("DART_SASS_BINARY") != "" {
		return
	}
	bin, err := generator.FindDartSass("..")
	if err != nil {
		b.Skipf("Dart Sass is needed to build a site: %v", err)
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		b.Fatal(err)
	}
	b.Setenv("DART_SASS_BINARY", abs)
}
