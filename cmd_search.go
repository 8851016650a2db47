package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"strings"

	"github.com/minhbach/minhbach/search"
)

// cmdSearch runs one query against a built index and prints the hits, or
// the API's JSON answer with --json.
func cmdSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("search", stderr)
	index := fs.String("index", "", "thư mục chỉ mục tìm kiếm (mặc định theo site.toml) / search index folder")
	source := fs.String("source", ".", "thư mục nguồn có site.toml / source folder with site.toml")
	asJSON := fs.Bool("json", false, "in câu trả lời JSON như API / print the API's JSON answer")
	page := fs.Int("page", 1, "trang kết quả / result page")
	size := fs.Int("size", search.DefaultSize, "số kết quả mỗi trang / results per page")
	sort := fs.String("sort", search.SortRelevance, "relevance, date hoặc/or -date")
	var filters filterFlag
	fs.Var(&filters, "filter", "bộ lọc KEY=VALUE, lặp lại được (type=procedure) / filter, repeatable")
	words, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return usageError{errors.New("thiếu từ cần tìm / missing QUERY: minhbach search [--index DIR] [--json] QUERY...")}
	}
	req := search.Request{Query: strings.Join(words, " "), Filters: filters.m, Page: *page, Size: *size, Sort: *sort}
	if err := search.ValidateRequest(&req); err != nil {
		return usageError{err}
	}
	cfg, err := searchSettings(*source, *index)
	if err != nil {
		return err
	}
	ix, err := search.Open(cfg.index)
	if err != nil {
		return err
	}
	defer ix.Close()
	resp, err := ix.Search(ctx, req)
	if err != nil {
		var re *search.RequestError
		if errors.As(err, &re) {
			return usageError{err}
		}
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(resp)
	}
	printHits(stdout, req, resp, isTerminal(stdout))
	return nil
}

// printHits writes the hits for a person: title, address, type, status
// and snippet, with the matched words bold on a terminal and «» around
// them elsewhere.
func printHits(w io.Writer, req search.Request, resp *search.Response, color bool) {
	if resp.Total == 0 {
		fmt.Fprintf(w, "Không tìm thấy kết quả cho %q / no results (%.1f ms)\n", req.Query, resp.TookMS)
		return
	}
	from := (req.Page-1)*req.Size + 1
	fmt.Fprintf(w, "%d kết quả / results, %d–%d (%.1f ms)\n\n", resp.Total, from, from+len(resp.Hits)-1, resp.TookMS)
	on, off := "«", "»"
	if color {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	for i, h := range resp.Hits {
		fmt.Fprintf(w, "%d. %s\n   %s\n", from+i, h.Title, h.URL)
		meta := []string{h.Type}
		for _, s := range []string{h.Number, h.Code, h.Status, h.Date} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		fmt.Fprintf(w, "   %s\n", strings.Join(meta, " · "))
		if h.Snippet != "" {
			snip := strings.NewReplacer("<mark>", on, "</mark>", off).Replace(h.Snippet)
			fmt.Fprintf(w, "   %s\n", html.UnescapeString(snip))
		}
		fmt.Fprintln(w)
	}
}

// isTerminal reports whether w is a character device (a terminal), where
// ANSI bold is welcome.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// filterFlag collects --filter KEY=VALUE.
type filterFlag struct{ m map[string][]string }

func (f *filterFlag) String() string { return "" }

func (f *filterFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" || v == "" {
		return fmt.Errorf("cần KEY=VALUE / want KEY=VALUE (%s)", strings.Join(search.FilterKeys, ", "))
	}
	if f.m == nil {
		f.m = map[string][]string{}
	}
	f.m[k] = append(f.m[k], v)
	return nil
}
