package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/server/dev"
)

// cmdDev is the staff's preview: build with drafts, serve with search,
// watch the sources, rebuild what an edit touched and tell the open tab.
// A mistake shows as an overlay over the last good page; it never stops
// the server.
func cmdDev(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("dev", stderr)
	source := fs.String("source", ".", "thư mục nguồn / source folder")
	port := fs.Int("port", 1313, "cổng / port")
	host := fs.String("host", "127.0.0.1", "địa chỉ lắng nghe / listen host")
	poll := fs.Bool("poll", false, "dò thay đổi theo chu kỳ (ổ mạng, máy ảo) / poll for changes (network drives, VMs)")
	db := fs.String("db", "", "nơi lưu ý kiến thử: sqlite:PATH hoặc postgres://… (mặc định theo site.toml, hoặc "+participation.DefaultDatabase+") / where test submissions are kept")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("lắng nghe / listening on port %d: %w", *port, err)
	}
	// A site.toml with a mistake still gets a preview (dev shows the
	// mistake): participation then runs with its defaults.
	var pcfg participation.Config
	if conf, err := generator.LoadConfig(*source); err == nil {
		pcfg = conf.Participation
	}
	part, _, closePart, err := openParticipation(ctx, pcfg, *db, stdout, log.New(stderr, "", log.LstdFlags))
	if err != nil {
		ln.Close()
		return err
	}
	defer closePart()
	return dev.Run(ctx, ln, dev.Options{Source: *source, Watch: dev.WatchOptions{Poll: *poll}, Stdout: stdout, Stderr: stderr,
		BaseURL:       "http://" + hostForURL(*host) + ":" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port),
		Participation: part})
}

func hostForURL(h string) string {
	if h == "127.0.0.1" || h == "" || h == "0.0.0.0" {
		return "localhost"
	}
	return h
}
