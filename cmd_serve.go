package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"os"
	"path/filepath"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/server"
)

// cmdServe serves a built site and its search API for production: read
// only, no watching of content, but a newly built index is picked up
// without a restart. It stops gracefully when ctx is done (SIGTERM).
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	site := fs.String("site", "public", "thư mục trang đã dựng / built site folder")
	index := fs.String("index", "", "thư mục chỉ mục tìm kiếm (mặc định theo site.toml, hoặc .cache/index) / search index folder")
	addr := fs.String("addr", "127.0.0.1:8080", "địa chỉ lắng nghe HOST:PORT / listen address")
	source := fs.String("source", ".", "thư mục nguồn có site.toml (cho [search], [participation]) / source folder with site.toml")
	db := fs.String("db", "", "nơi lưu ý kiến của người dân: sqlite:PATH hoặc postgres://… (mặc định theo site.toml, hoặc "+participation.DefaultDatabase+") / where citizens' submissions are kept")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := searchSettings(*source, *index)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", log.LstdFlags)
	holder, err := search.OpenHolder(ctx, cfg.index, search.HolderOptions{Logger: logger})
	if err != nil {
		return err
	}
	defer holder.Close()
	part, misses, closePart, err := openParticipation(ctx, cfg.participation, *db, stdout, logger)
	if err != nil {
		return err
	}
	defer func() {
		if err := closePart(); err != nil {
			logger.Printf("participation: closing the store: %v", err)
		}
	}()
	srv, err := server.New(server.Options{
		SiteDir:       *site,
		Holder:        holder,
		AllowOrigins:  cfg.origins,
		Logger:        logger,
		Participation: part,
		Misses:        misses,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("lắng nghe / listening on %s: %w", *addr, err)
	}
	ix, release, err := holder.Acquire()
	docs := uint64(0)
	if err == nil {
		docs = ix.DocCount()
		release()
	}
	fmt.Fprintf(stdout, "minhbach: phục vụ / serving http://%s (trang / site %s, chỉ mục / index %s, %d tài liệu / documents)\n",
		ln.Addr(), *site, cfg.index, docs)
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "minhbach: đã dừng / stopped")
	return nil
}

// searchConfig is what the search commands take from site.toml.
type searchConfig struct {
	index         string
	origins       []string
	participation participation.Config
}

// searchSettings reads [search] from SOURCE/site.toml when there is one:
// the index folder (relative to the source) unless --index is given, and
// the origins allowed to call the API.
func searchSettings(source, indexFlag string) (searchConfig, error) {
	c := searchConfig{index: indexFlag}
	_, err := os.Stat(filepath.Join(source, "site.toml"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if c.index == "" {
			c.index = filepath.Join(source, ".cache", "index")
		}
		return c, nil
	case err != nil:
		return c, err
	}
	conf, err := generator.LoadConfig(source)
	if err != nil {
		return c, err
	}
	c.origins = conf.Search.AllowOrigins
	c.participation = conf.Participation
	if c.index == "" {
		c.index = conf.IndexDir(source)
	}
	return c, nil
}
