package main

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minhbach/minhbach/search"
)

func TestCmdSearch(t *testing.T) {
	index := serveTestIndex(t)
	empty := t.TempDir() // a source folder without site.toml
	var out, errb strings.Builder
	err := cmdSearch(context.Background(), []string{"--index", index, "--source", empty, "giấy", "chứng", "nhận"}, &out, &errb)
	if err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	for _, want := range []string{"Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "/thu-tuc/cap-gcn/", "procedure · 1.004227", "«"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "<mark>") {
		t.Errorf("output has raw <mark>:\n%s", out.String())
	}

	// --json, with flags after the words.
	out.Reset()
	if err := cmdSearch(context.Background(), []string{"--source", empty, "luật", "--index", index, "--json"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var r search.Response
	if err := json.Unmarshal([]byte(out.String()), &r); err != nil || r.Total == 0 || r.Hits[0].Number != "31/2024/QH15" {
		t.Errorf("--json: %v %s", err, out.String())
	}

	// Mistakes on the command line are usage errors (exit 2).
	for _, args := range [][]string{
		{"--index", index},
		{"--index", index, "--size", "500", "đất"},
		{"--index", index, "--filter", "color=red", "đất"},
		{"--index", index, "--filter", "nokey", "đất"},
	} {
		err := cmdSearch(context.Background(), args, io.Discard, io.Discard)
		if _, ok := err.(usageError); !ok {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	// No index: a plain error naming the fix.
	err = cmdSearch(context.Background(), []string{"--index", filepath.Join(empty, "none"), "đất"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "minhbach build") {
		t.Errorf("missing index: %v", err)
	}
}
