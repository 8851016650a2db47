// Command gensite writes a synthetic Vietnamese site for benchmarks, as a
// minhbach site and the same content as a Hugo site:
//
//	go run ./bench/gensite -out DIR -pages 10000 -seed 1
//
// DIR/minhbach holds site.toml and content/; DIR/hugo holds hugo.toml,
// the same content/, the layouts of bench/hugo-layouts and minhbach's
// style sheet compiled by Dart Sass (found as minhbach finds it). The same
// seed always gives the same files.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/minhbach/minhbach/bench/sitegen"
	"github.com/minhbach/minhbach/generator"
)

func main() {
	out := flag.String("out", "bench/_out/site", "output folder")
	pages := flag.Int("pages", 10000, "number of content pages")
	seed := flag.Uint64("seed", 1, "random seed")
	words := flag.Int("words", 500, "words of prose per page")
	hugoLayouts := flag.String("hugo-layouts", "", "Hugo layouts to copy (default: bench/hugo-layouts of this repository)")
	noHugo := flag.Bool("no-hugo", false, "write only the minhbach site")
	flag.Parse()
	if err := run(*out, *pages, *seed, *words, *hugoLayouts, *noHugo); err != nil {
		fmt.Fprintln(os.Stderr, "gensite:", err)
		os.Exit(1)
	}
}

func run(out string, pages int, seed uint64, words int, hugoLayouts string, noHugo bool) error {
	if !noHugo && hugoLayouts == "" {
		var err error
		if hugoLayouts, err = findLayouts(); err != nil {
			return err
		}
	}
	var sass string
	if noHugo {
		hugoLayouts = ""
	} else {
		var err error
		if sass, err = generator.FindDartSass("."); err != nil {
			return err
		}
	}
	if err := sitegen.Generate(sitegen.Options{Out: out, Pages: pages, Seed: seed, Words: words, HugoLayouts: hugoLayouts, DartSass: sass}); err != nil {
		return err
	}
	fmt.Printf("%d trang / pages -> %s\n", pages, out)
	return nil
}

// findLayouts finds bench/hugo-layouts from the working folder (the
// repository root, as run.sh runs) or next to this source file.
func findLayouts() (string, error) {
	candidates := []string{filepath.Join("bench", "hugo-layouts")}
	if _, file, _, ok := runtime.Caller(0); ok {
		candidates = append(candidates, filepath.Join(filepath.Dir(file), "..", "hugo-layouts"))
	}
	for _, c := range candidates {
		if info, err := os.Stat(c); err == nil && info.IsDir() {
			return c, nil
		}
	}
	return "", errors.New("bench/hugo-layouts not found; run from the repository root or pass -hugo-layouts")
}
