package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
	"github.com/minhbach/minhbach/staff"
)

// cmdStaff manages staff accounts: `minhbach staff add|remove|list --db
// URL [--role moderator|admin] EMAIL`. The password of a new account is
// read from the terminal (twice, not shown) or from standard input (one
// line), never from a flag: flags end up in shell history and process
// lists.
func cmdStaff(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	flags := newFlags("staff", stderr)
	db := flags.String("db", participation.DefaultDatabase, "cơ sở dữ liệu / database: sqlite:PATH hoặc/or postgres://…")
	roleFlag := flags.String("role", string(staff.RoleModerator), "vai trò / role: moderator hoặc/or admin")
	pos, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	const use = "cách dùng / usage: minhbach staff add|remove|list --db URL [--role moderator|admin] EMAIL"
	if len(pos) == 0 {
		return usageError{errors.New(use)}
	}
	verb := pos[0]
	if (verb == "list") != (len(pos) == 1) || len(pos) > 2 {
		return usageError{errors.New(use)}
	}
	st, err := sqlstore.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	switch verb {
	case "list":
		accounts, err := st.Accounts(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tVAI TRÒ / ROLE\tTẠO / CREATED")
		for _, a := range accounts {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", a.Email, a.Role, a.Created.Format("2006-01-02"))
		}
		return tw.Flush()
	case "add":
		email, err := staff.NormalizeEmail(pos[1])
		if err != nil {
			return usageError{err}
		}
		role, err := staff.ParseRole(*roleFlag)
		if err != nil {
			return usageError{err}
		}
		pw, err := readPassword(stdin, stderr)
		if err != nil {
			return err
		}
		if err := staff.CheckPassword(pw); err != nil {
			return usageError{err}
		}
		hash, err := staff.HashPassword(pw)
		if err != nil {
			return err
		}
		a, err := st.AddAccount(ctx, staff.Account{Email: email, Role: role, Hash: hash, Created: time.Now().UTC()}, "cli")
		if errors.Is(err, staff.ErrAccountUsed) {
			return fmt.Errorf("đã có tài khoản %s / an account %s exists", email, email)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "minhbach: đã thêm / added %s (%s)\n", a.Email, a.Role)
		return nil
	case "remove":
		email, err := staff.NormalizeEmail(pos[1])
		if err != nil {
			return usageError{err}
		}
		err = st.RemoveAccount(ctx, email, "cli")
		if errors.Is(err, staff.ErrNoAccount) {
			return fmt.Errorf("không có tài khoản %s / no account %s", email, email)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "minhbach: đã xóa / removed %s; các phiên đăng nhập của tài khoản đã hết hiệu lực / its sessions ended\n", email)
		return nil
	}
	return usageError{errors.New(use)}
}

// readPassword reads a password twice from the terminal without echo, or
// once, a line, from a pipe.
func readPassword(stdin io.Reader, prompt io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Mật khẩu / password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		fmt.Fprint(prompt, "Nhập lại / again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("hai lần nhập không khớp / the two passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", fmt.Errorf("đọc mật khẩu từ đầu vào chuẩn / reading the password from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
