// Command minhbach builds and serves a transparency portal for a
// Vietnamese state agency from Markdown: legal documents with their
// status, administrative procedures, public disclosures and news, with a
// Vietnamese search service other portals can embed.
//
// Usage:
//
//	minhbach build [--source DIR] [--destination DIR] [--index DIR] [--now YYYY-MM-DD] [--baseURL URL]
//	minhbach check [--source DIR] [--now YYYY-MM-DD]
//
// Run "minhbach help" for every command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/minhbach/minhbach/generator"
)

const usage = `minhbach — cổng thông tin minh bạch / transparency portal generator

Cách dùng / usage:
  minhbach build  [--source DIR] [--destination DIR] [--index DIR] [--now YYYY-MM-DD] [--baseURL URL]
  minhbach check  [--source DIR] [--now YYYY-MM-DD]
  minhbach new    document|procedure|disclosure|news|page PATH   (PATH trong content/, ví dụ van-ban/luat-moi.md)
  minhbach dev    [--source DIR] [--port N] [--poll] [--db URL]
  minhbach serve  [--site DIR] [--index DIR] [--addr HOST:PORT] [--source DIR] [--db URL]
  minhbach backup [--db URL] [--force] FILE   (bản sao nhất quán của ý kiến người dân / a consistent copy of the submissions)
  minhbach staff  add|remove|list --db URL [--role moderator|admin] EMAIL   (mật khẩu đọc từ bàn phím hoặc stdin / password from the terminal or stdin)
  minhbach search [--index DIR] [--json] QUERY
  minhbach help
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the exit code, so tests can drive
// the command line without a subprocess.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "build":
		err = cmdBuild(ctx, rest, stdout, stderr)
	case "check":
		err = cmdCheck(rest, stdout, stderr)
	case "new":
		err = cmdNew(ctx, rest, stdout, stderr)
	case "dev":
		err = cmdDev(ctx, rest, stdout, stderr)
	case "serve":
		err = cmdServe(ctx, rest, stdout, stderr)
	case "search":
		err = cmdSearch(ctx, rest, stdout, stderr)
	case "backup":
		err = cmdBackup(ctx, rest, stdout, stderr)
	case "staff":
		err = cmdStaff(ctx, rest, os.Stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "lệnh không xác định / unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, err)
		return 2
	}
	var probs generator.Problems
	if errors.As(err, &probs) {
		fmt.Fprintf(stderr, "%s\n\n%d lỗi; không có gì được ghi / %d errors; nothing was written\n", probs.Error(), len(probs), len(probs))
		return 1
	}
	fmt.Fprintln(stderr, "lỗi / error:", err)
	return 1
}

// usageError is a mistake on the command line (exit code 2).
type usageError struct{ error }

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("minhbach "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("đối số thừa / unexpected argument: %q", fs.Arg(0))}
	}
	return nil
}

// nowFlag parses --now, the build's "today".
type nowFlag struct{ t time.Time }

func (n *nowFlag) String() string {
	if n.t.IsZero() {
		return ""
	}
	return n.t.Format("2006-01-02")
}

func (n *nowFlag) Set(s string) error {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return fmt.Errorf("cần ngày dạng YYYY-MM-DD / want a date as YYYY-MM-DD")
	}
	n.t = t
	return nil
}

// parseInterspersed parses flags anywhere among the words, so that
// `minhbach search sổ đỏ --json` works; after "--" all are words.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return words, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(words, rest...), nil
		}
		words = append(words, rest[0])
		args = rest[1:]
	}
}
