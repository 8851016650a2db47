package pgtest

import (
	"context"
	"net"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestStart checks that the shared server is configured as production
// is: fsync and synchronous commit on, UTF-8, loopback only, a password
// required; and that each Start gets a database of its own.
func TestStart(t *testing.T) {
	u1, u2 := Start(t), Start(t)
	if u1 == u2 {
		t.Fatalf("two Starts gave the same database %s", u1)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u1)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, tc := range []struct{ setting, want string }{
		{"fsync", "on"},
		{"synchronous_commit", "on"},
		{"server_encoding", "UTF8"},
		{"listen_addresses", "127.0.0.1"},
		{"password_encryption", "scram-sha-256"},
	} {
		var got string
		if err := conn.QueryRow(ctx, "SELECT current_setting($1)", tc.setting).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s = %q, want %q", tc.setting, got, tc.want)
		}
	}
	if _, err := conn.Exec(ctx, "CREATE TABLE t (x text)"); err != nil {
		t.Fatal(err)
	}
	conn2, err := pgx.Connect(ctx, u2)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close(ctx)
	var n int
	if err := conn2.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE tablename = 't'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the second database sees the first one's table")
	}

	wrong, _ := url.Parse(u1)
	wrong.User = url.UserPassword("postgres", "not-the-password")
	if c, err := pgx.Connect(ctx, wrong.String()); err == nil {
		c.Close(ctx)
		t.Errorf("connected with a wrong password")
	}
}

// TestNewStop checks that a server of its own starts and that Stop ends
// it and removes its folder.
func TestNewStop(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	dir, port := s.dir, s.Port()
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Stop left %s: %v", dir, err)
	}
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
	if err == nil {
		c.Close()
		t.Errorf("port %d still accepts connections after Stop", port)
	}
}
