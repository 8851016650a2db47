// Package pgtest starts a real, throwaway PostgreSQL server for tests,
// from the Debian packages (`apt-get install postgresql`, which `make
// test` runs), so that code written for PostgreSQL is tested against
// PostgreSQL and not against a fake.
//
// A test asks for a database with Start, which returns a URL for
// pgx or participation/sqlstore. Every call gets a database of its own
// on one server per test binary when the package's TestMain runs the
// tests through Main (the usual way: initdb takes seconds, a new
// database a fraction of one):
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// Without Main, each Start starts a server of its own and stops it when
// the test ends.
//
// The server is a fresh cluster in a temporary folder, listening only on
// 127.0.0.1 on a free port, with password authentication (scram) and
// fsync on, as in production, so that timings are honest. initdb and
// postgres refuse to run as root; when the tests run as root (as on CI),
// they run as Debian's postgres system user. When PostgreSQL is not
// installed, Start fails the test: it never skips, because a skipped
// database test is a test that silently stopped running.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// NotFound is the message a test fails with when PostgreSQL is missing.
const NotFound = "PostgreSQL not found: apt-get install postgresql (make test installs it)"

// startTimeout bounds how long a new server may take to accept
// connections, and stopTimeout how long a fast shutdown may take before
// the server is killed.
const (
	startTimeout = 60 * time.Second
	stopTimeout  = 30 * time.Second
)

// shared is the one server of a test binary run through Main. It is the
// package's only state, and it exists only in test binaries: sharing a
// server across the tests of a package is the point of Main.
var shared struct {
	mu     sync.Mutex
	inMain bool
	srv    *Server
	err    error
}

// Main runs the tests of a package, sharing one server among all its
// Start calls, started at the first one, and stops that server when the
// tests are done. It returns m.Run's exit code, for os.Exit.
func Main(m *testing.M) int {
	shared.mu.Lock()
	shared.inMain = true
	shared.mu.Unlock()
	code := m.Run()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.srv != nil {
		if err := shared.srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
		shared.srv = nil
	}
	return code
}

// Start returns the URL of a new, empty database for the test, with the
// password of the server's superuser in it. Under Main the server is
// shared; otherwise it is started for this test and stopped at its end.
// It fails the test (never skips it) when PostgreSQL is not installed.
func Start(t testing.TB) string {
	t.Helper()
	srv := sharedServer(t)
	if srv == nil {
		var err error
		srv, err = New()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := srv.Stop(); err != nil {
				t.Error(err)
			}
		})
	}
	u, err := srv.CreateDB(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// sharedServer gives the server of Main, starting it on first use, or
// nil when the tests do not run through Main.
func sharedServer(t testing.TB) *Server {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.inMain {
		return nil
	}
	if shared.srv == nil && shared.err == nil {
		shared.srv, shared.err = New()
	}
	if shared.err != nil {
		// A server that failed to start fails every test that needs it,
		// each with the same message, without trying again.
		t.Fatal(shared.err)
	}
	return shared.srv
}

// Server is one running PostgreSQL cluster in a temporary folder.
type Server struct {
	dir      string // the temporary folder: data/, the log and the socket
	port     int
	password string
	cmd      *exec.Cmd
	exited   chan struct{} // closed when the postgres process has exited
	waitErr  error         // the process's exit status, once exited is closed
	dbs      atomic.Int64  // databases created, to name the next one
	stopOnce sync.Once
	stopErr  error
}

// New initialises a cluster in a new temporary folder and starts it,
// returning when it accepts connections. Stop stops it and removes the
// folder.
func New() (*Server, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	removeStale()
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: making the cluster's folder: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: making the cluster's folder: %w", err)
	}
	s := &Server{dir: dir}
	ok := false
	defer func() {
		if !ok {
			_ = os.RemoveAll(dir)
		}
	}()
	cred, err := credential(dir)
	if err != nil {
		return nil, err
	}
	if err := s.initdb(bin, cred); err != nil {
		return nil, err
	}
	// A free port is found by asking the kernel for one and releasing
	// it, so another process may take it before postgres binds it: then
	// postgres exits at once, and another port is tried.
	for try := 0; ; try++ {
		err = s.start(bin, cred)
		if err == nil {
			break
		}
		if try == 2 || !errors.Is(err, errPortTaken) {
			return nil, err
		}
	}
	ok = true
	return s, nil
}

// ownerFile, in a cluster's folder, holds the process id of the test
// binary that made it.
const ownerFile = "owner.pid"

// removeStale removes the clusters of test binaries that died without
// cleaning up (killed at a timeout, say: Pdeathsig stopped their servers,
// but their folders stay). A folder whose owner still runs, or that has
// no owner file yet, is left alone.
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "pgtest-*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}

// errPortTaken is start's error when postgres could not bind the port.
var errPortTaken = errors.New("pgtest: port taken")

// findBin returns the folder with initdb and postgres: Debian installs
// them in /usr/lib/postgresql/VERSION/bin, outside PATH; the newest
// version wins. Elsewhere they may be on PATH.
func findBin() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(matches, func(i, j int) bool {
		return version(matches[i]) > version(matches[j])
	})
	for _, m := range matches {
		dir := filepath.Dir(m)
		if isExecutable(filepath.Join(dir, "postgres")) {
			return dir, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if isExecutable(filepath.Join(dir, "postgres")) {
			return dir, nil
		}
	}
	return "", errors.New(NotFound)
}

// version is the major version in a /usr/lib/postgresql/V/bin path.
func version(path string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return v
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// credential is whom initdb and postgres run as: nil (the current user)
// unless that is root, which both refuse; then Debian's postgres system
// user, who is given the folder.
func credential(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgtest: running as root, and initdb refuses root: no postgres system user to run it as (%v); %s", err, NotFound)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("pgtest: the postgres user's ids %q:%q are not numbers", u.Uid, u.Gid)
	}
	if err := os.Chown(dir, int(uid), int(gid)); err != nil {
		return nil, fmt.Errorf("pgtest: giving the cluster's folder to postgres: %w", err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

// command prepares one of PostgreSQL's programs to run as cred, in the
// cluster's folder, with an environment free of PG* variables that could
// point it elsewhere.
func (s *Server) command(bin, name string, cred *syscall.Credential, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(bin, name), args...)
	cmd.Dir = s.dir
	env := []string{"LC_ALL=C", "TZ=UTC"}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "PATH" || k == "TMPDIR" {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	// Pdeathsig stops the server if the test binary dies without
	// cleaning up (a panic, a timeout), so no server outlives its tests.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	return cmd
}

// initdb makes the cluster: superuser postgres with a random password,
// scram authentication, UTF-8. --no-sync only skips initdb's own final
// flush of a folder that is thrown away anyway; the server runs with
// fsync on.
func (s *Server) initdb(bin string, cred *syscall.Credential) error {
	var pw [16]byte
	if _, err := rand.Read(pw[:]); err != nil {
		return fmt.Errorf("pgtest: drawing a password: %w", err)
	}
	s.password = hex.EncodeToString(pw[:])
	pwfile := filepath.Join(s.dir, "pwfile")
	if err := os.WriteFile(pwfile, []byte(s.password+"\n"), 0o600); err != nil {
		return fmt.Errorf("pgtest: writing the password file: %w", err)
	}
	if cred != nil {
		if err := os.Chown(pwfile, int(cred.Uid), int(cred.Gid)); err != nil {
			return fmt.Errorf("pgtest: giving the password file to postgres: %w", err)
		}
	}
	cmd := s.command(bin, "initdb", cred,
		"-D", filepath.Join(s.dir, "data"), "-U", "postgres", "--pwfile", pwfile,
		"--auth", "scram-sha-256", "--encoding", "UTF8", "--no-locale", "--no-sync")
	out, err := cmd.CombinedOutput()
	_ = os.Remove(pwfile)
	if err != nil {
		return fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	return nil
}

// start starts postgres on a free loopback port and waits, by polling a
// connection until a deadline, for it to accept connections.
func (s *Server) start(bin string, cred *syscall.Credential) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	logPath := filepath.Join(s.dir, "postgres.log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("pgtest: creating the server log: %w", err)
	}
	defer logf.Close()
	cmd := s.command(bin, "postgres", cred,
		"-D", filepath.Join(s.dir, "data"),
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories="+s.dir,
		"-c", "fsync=on",
		"-c", "synchronous_commit=on",
		"-c", "max_connections=200",
	)
	cmd.Stdout = logf
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: starting postgres: %w", err)
	}
	s.port = port
	s.cmd = cmd
	s.exited = make(chan struct{})
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()

	deadline := time.Now().Add(startTimeout)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, s.url("postgres"))
		cancel()
		if err == nil {
			_ = conn.Close(context.Background())
			return nil
		}
		select {
		case <-s.exited:
			log := tail(logPath)
			if bytes.Contains(log, []byte("could not bind")) || bytes.Contains(log, []byte("Address already in use")) {
				return errPortTaken
			}
			return fmt.Errorf("pgtest: postgres exited before accepting connections (%v):\n%s", s.waitErr, log)
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			s.kill()
			return fmt.Errorf("pgtest: postgres did not accept connections within %s: %v\n%s", startTimeout, err, tail(logPath))
		}
	}
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: finding a free port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, fmt.Errorf("pgtest: finding a free port: %w", err)
	}
	return port, nil
}

// tail is the end of the server's log, for an error message.
func tail(path string) []byte {
	b, _ := os.ReadFile(path)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return b
}

// url is the URL of database db as the superuser.
func (s *Server) url(db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword("postgres", s.password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Port is the loopback TCP port the server listens on.
func (s *Server) Port() int { return s.port }

// CreateDB creates a new, empty database and returns its URL.
func (s *Server) CreateDB(ctx context.Context) (string, error) {
	name := fmt.Sprintf("test_%d", s.dbs.Add(1))
	conn, err := pgx.Connect(ctx, s.url("postgres"))
	if err != nil {
		return "", fmt.Errorf("pgtest: connecting to create %s: %w", name, err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("pgtest: creating %s: %w", name, err)
	}
	return s.url(name), nil
}

// Stop shuts the server down (a fast shutdown: SIGINT, which ends the
// sessions and checkpoints) and removes its folder. It is safe to call
// more than once.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		if s.cmd != nil && s.cmd.Process != nil {
			_ = s.cmd.Process.Signal(syscall.SIGINT)
			select {
			case <-s.exited:
			case <-time.After(stopTimeout):
				s.kill()
				s.stopErr = fmt.Errorf("pgtest: postgres did not stop within %s and was killed", stopTimeout)
			}
		}
		if err := os.RemoveAll(s.dir); err != nil && s.stopErr == nil {
			s.stopErr = fmt.Errorf("pgtest: removing the cluster: %w", err)
		}
	})
	return s.stopErr
}

// kill ends the server at once and waits for it.
func (s *Server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}
