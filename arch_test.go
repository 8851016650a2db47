package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyServerSpeaksHTTP holds the house rule that keeps the data flow
// readable: the generator writes files, the search package answers
// Requests, and only package server (and main, which wires it) imports
// net/http. The bench/ commands are tools that load the server from
// outside, so they may too. Test files are free to.
func TestOnlyServerSpeaksHTTP(t *testing.T) {
	allowed := func(dir string) bool {
		return dir == "." || dir == "server" || strings.HasPrefix(dir, "server/") || strings.HasPrefix(dir, "bench/")
	}
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" || name == "public") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		dir := filepath.ToSlash(filepath.Dir(path))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if (p == "net/http" || strings.HasPrefix(p, "net/http/")) && !allowed(dir) {
				t.Errorf("%s imports %s: only server/ and main may speak HTTP", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("read only %d Go files: the walk missed the tree", checked)
	}
}
