package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/search/analyzer"
)

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	source := fs.String("source", ".", "thư mục nguồn (chứa site.toml, content/) / source folder")
	dest := fs.String("destination", "public", "thư mục kết quả / output folder")
	index := fs.String("index", "", "thư mục chỉ mục tìm kiếm (mặc định theo site.toml) / search index folder")
	baseURL := fs.String("baseURL", "", "địa chỉ gốc, thay cho baseURL trong site.toml / base URL override")
	var now nowFlag
	fs.Var(&now, "now", "ngày \"hôm nay\" của bản dựng, YYYY-MM-DD / the build's today")
	db := fs.String("db", "", "kho ý kiến người dân (sqlite:PATH hoặc postgres://…): đưa các trả lời đã công khai vào trang và chỉ mục / the submissions store, whose public answers go into the pages and the index")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	answers, err := publishedAnswers(ctx, *db)
	if err != nil {
		return err
	}
	var stats search.BuildStats
	var dir string
	// The index is built before the new site replaces the old one, so
	// that a failure in either leaves both as they were.
	indexSite := func(site *generator.Site) error {
		dir = *index
		if dir == "" {
			dir = site.Config.IndexDir(*source)
		}
		var err error
		stats, err = buildIndex(ctx, *source, site.Config, append(site.Pages, answerPages(answers, site)...), dir, now.t)
		if err != nil {
			return fmt.Errorf("chỉ mục tìm kiếm / search index: %w", err)
		}
		return nil
	}
	res, err := generator.Build(ctx, generator.Options{Source: *source, Destination: *dest, Now: now.t, BaseURL: *baseURL, Answers: answers, BeforeSwap: indexSite})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w.Error())
	}
	fmt.Fprintln(stdout, res.Summary)
	fmt.Fprintf(stdout, "chỉ mục tìm kiếm / search index: %d tài liệu / documents, %d ms → %s\n",
		stats.Docs, stats.Duration.Milliseconds(), dir)
	return nil
}

// publishedAnswers reads the agency's public answers from the store, for
// a build that shows and indexes them; none without --db.
func publishedAnswers(ctx context.Context, db string) ([]participation.Public, error) {
	if db == "" {
		return nil, nil
	}
	st, err := sqlstore.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Published(ctx, "", 200)
}

// answerPages turns public answers into pages for the search index, so a
// citizen who searches for a matter finds that it was answered: the
// answer's text (never the citizen's), the topic as its field, and its
// status page as its address.
func answerPages(answers []participation.Public, site *generator.Site) []*model.Page {
	var out []*model.Page
	for _, a := range answers {
		title := "Trả lời góp ý"
		if a.Kind != participation.KindComment {
			title = "Trả lời phản ánh"
		}
		if l := participation.TopicLabel(a.Topic); l != "" {
			title += ": " + l
		}
		if a.Commune != "" {
			title += " (" + a.Commune + ")"
		}
		p := &model.Page{Kind: model.KindPage, Type: model.TypeAnswer, Section: "theo-doi", Title: title,
			URL: "/theo-doi/" + a.Code + "/", Text: a.Answer, Date: a.Answered, Lastmod: a.Updated, Parent: site.Home}
		if l := participation.TopicLabel(a.Topic); l != "" {
			p.Fields = []string{l}
		}
		out = append(out, p)
	}
	return out
}

// loadDictionary reads the site's synonyms file, or the built-in one.
func loadDictionary(source string, cfg *generator.Config) (*analyzer.Dictionary, error) {
	return analyzer.ReadDictionary(cfg.DictionaryPath(source), cfg.Search.Dictionary)
}

// buildIndex indexes the built pages as of today, the build's --now
// (zero: the wall clock), so the ranking and the pages agree on the day.
func buildIndex(ctx context.Context, source string, cfg *generator.Config, pages []*model.Page, dir string, today time.Time) (search.BuildStats, error) {
	dict, err := loadDictionary(source, cfg)
	if err != nil {
		return search.BuildStats{}, err
	}
	return search.Build(ctx, pages, dir, search.BuildOptions{Dictionary: dict, BuiltAt: time.Now(), Now: today})
}

func cmdCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	source := fs.String("source", ".", "thư mục nguồn / source folder")
	var now nowFlag
	fs.Var(&now, "now", "ngày \"hôm nay\", YYYY-MM-DD / the check's today")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_, probs, err := generator.Load(generator.Options{Source: *source, Now: now.t})
	if err != nil {
		return err
	}
	for _, w := range probs.Warnings() {
		fmt.Fprintln(stdout, w.Error())
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return errs
	}
	if cfg, err := generator.LoadConfig(*source); err == nil {
		if _, err := loadDictionary(*source, cfg); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Không có lỗi; %d cảnh báo / no errors; %d warnings\n", len(probs.Warnings()), len(probs.Warnings()))
	return nil
}
