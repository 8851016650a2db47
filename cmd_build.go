package main

import (
	"context"
	"fmt"
	"io"

	"github.com/minhbach/minhbach/generator"
)

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	source := fs.String("source", ".", "thư mục nguồn (chứa site.toml, content/) / source folder")
	dest := fs.String("destination", "public", "thư mục kết quả / output folder")
	index := fs.String("index", "", "thư mục chỉ mục tìm kiếm (mặc định theo site.toml) / search index folder")
	baseURL := fs.String("baseURL", "", "địa chỉ gốc, thay cho baseURL trong site.toml / base URL override")
	var now nowFlag
	fs.Var(&now, "now", "ngày \"hôm nay\" của bản dựng, YYYY-MM-DD / the build's today")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_ = index
	res, err := generator.Build(ctx, generator.Options{Source: *source, Destination: *dest, Now: now.t, BaseURL: *baseURL})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w.Error())
	}
	fmt.Fprintln(stdout, res.Summary)
	return nil
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
	fmt.Fprintf(stdout, "Không có lỗi; %d cảnh báo / no errors; %d warnings\n", len(probs.Warnings()), len(probs.Warnings()))
	return nil
}
