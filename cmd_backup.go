package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
)

// cmdBackup writes a consistent copy of the submissions store to FILE
// while servers keep taking submissions: `minhbach backup [--db URL]
// [--force] FILE`. The copy is one SQLite file whatever the store, so
// restoring is `minhbach serve --db sqlite:FILE`, and any SQLite tool
// reads it.
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("backup", stderr)
	db := flags.String("db", "", "cơ sở dữ liệu cần sao lưu: sqlite:PATH hoặc postgres://… (mặc định theo site.toml, hoặc "+participation.DefaultDatabase+") / the store to back up")
	source := flags.String("source", ".", "thư mục nguồn có site.toml (cho [participation] database) / source folder with site.toml")
	force := flags.Bool("force", false, "ghi đè FILE nếu đã có / overwrite FILE if it exists")
	pos, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] == "" {
		return usageError{errors.New("cách dùng / usage: minhbach backup [--db URL] [--force] TỆP / FILE")}
	}
	file := pos[0]
	dbURL := *db
	if dbURL == "" {
		cfg, err := searchSettings(*source, "")
		if err != nil {
			return err
		}
		dbURL = cfg.participation.WithDefaults().Database
	}
	// The check and the rename that ends Backup are not one step: a file
	// created in between is replaced. Backups are run by one operator or
	// one cron job, for whom this check is about a typo, not a race.
	if !*force {
		if _, err := os.Lstat(file); err == nil {
			return fmt.Errorf("%s đã có, không ghi đè (thêm --force để ghi đè) / already exists, not overwritten (add --force to overwrite)", file)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("bản sao lưu / backup %s: %w", file, err)
		}
	}
	if err := mustExist(dbURL); err != nil {
		return err
	}
	start := time.Now()
	st, err := sqlstore.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	err = st.Backup(ctx, file)
	if cerr := st.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	n, err := countSubmissions(ctx, file)
	if err != nil {
		return fmt.Errorf("đọc lại bản sao lưu / reading the backup %s back: %w", file, err)
	}
	var size int64
	if fi, err := os.Stat(file); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(stdout, "minhbach: đã sao lưu %d ý kiến vào / backed up %d submissions to %s (%.1f MB, %s); khôi phục / restore: --db sqlite:%s\n",
		n, n, file, float64(size)/(1<<20), time.Since(start).Round(time.Millisecond), file)
	return nil
}

// mustExist refuses a SQLite store whose file is missing: sqlstore.Open
// would create an empty one, and a mistyped path would then give an
// empty backup that looks like a good one.
func mustExist(dbURL string) error {
	scheme, path, _ := strings.Cut(dbURL, ":")
	if !strings.EqualFold(scheme, "sqlite") || path == "" {
		return nil // PostgreSQL, or a URL sqlstore.Open will refuse
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("không có cơ sở dữ liệu %s, không có gì để sao lưu / no database at %s: nothing to back up", path, path)
	case err != nil:
		return fmt.Errorf("cơ sở dữ liệu / database %s: %w", path, err)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s không phải tệp cơ sở dữ liệu / is not a database file", path)
	}
	return nil
}

// countSubmissions opens the finished backup read-only and counts its
// submissions: the operator sees at once that the copy opens and holds
// what they expect. immutable=1 reads the file alone, creating no
// journal, WAL or lock file beside it. The "sqlite" driver is
// registered by sqlstore's import of modernc.org/sqlite.
func countSubmissions(ctx context.Context, file string) (int, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return 0, err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "mode=ro&immutable=1"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM submissions").Scan(&n); err != nil {
		return 0, err
	}
	return n, db.Close()
}
