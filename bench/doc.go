// Package bench holds minhbach's build benchmarks. BenchmarkBuild builds a
// synthetic site of 1,000 Vietnamese pages with generator.Build and
// BenchmarkIndex its search index with search.Build; run.sh
// compares a 10,000-page build with Hugo and Pagefind (see BENCHMARKS.md).
// The synthetic site comes from package sitegen, also behind cmd gensite.
package bench
