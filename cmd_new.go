package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/minhbach/minhbach/generator"
)

// cmdNew writes a content file scaffold: `minhbach new KIND PATH`, with
// PATH relative to content/ ("van-ban/luat-moi.md").
func cmdNew(_ context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("new", stderr)
	source := flags.String("source", ".", "thư mục nguồn / source folder")
	pos, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{fmt.Errorf("cách dùng / usage: minhbach new document|procedure|disclosure|news|page ĐƯỜNG-DẪN (ví dụ van-ban/luat-moi.md)")}
	}
	kind, rel := pos[0], filepath.ToSlash(pos[1])
	if filepath.IsAbs(pos[1]) || strings.HasPrefix(path.Clean(rel), "../") {
		return usageError{fmt.Errorf("đường dẫn %q phải nằm trong content/, ví dụ van-ban/luat-moi.md / PATH must be inside content/, e.g. van-ban/luat-moi.md", pos[1])}
	}
	rel = strings.TrimPrefix(path.Clean(rel), "content/")
	if !strings.HasSuffix(rel, ".md") {
		rel += ".md"
	}
	text, err := generator.Scaffold(kind, time.Now())
	if err != nil {
		return usageError{err}
	}
	path := filepath.Join(*source, "content", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s đã có, không ghi đè / already exists, not overwritten", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã tạo / created %s\nĐiền các khóa còn trống rồi chạy `minhbach check` / fill in the empty keys, then run `minhbach check`\n", path)
	return nil
}
