package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strconv"

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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("lắng nghe / listening on port %d: %w", *port, err)
	}
	return dev.Run(ctx, ln, dev.Options{Source: *source, Watch: dev.WatchOptions{Poll: *poll}, Stdout: stdout, Stderr: stderr,
		BaseURL: "http://" + hostForURL(*host) + ":" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)})
}

func hostForURL(h string) string {
	if h == "127.0.0.1" || h == "" || h == "0.0.0.0" {
		return "localhost"
	}
	return h
}
