package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minhbach/minhbach/participation/sqlstore"
	"github.com/minhbach/minhbach/staff"
)

// TestStaffCommand: accounts are added with the password from standard
// input (never a flag), listed without it, and removed; mistakes say
// what is wrong in both languages.
func TestStaffCommand(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "y-kien.db")
	ctx := context.Background()
	runStaff := func(stdin string, args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := cmdStaff(ctx, append([]string{"--db", db}, args...), strings.NewReader(stdin), &out, &errOut)
		return out.String() + errOut.String(), err
	}
	if out, err := runStaff("mật khẩu đủ dài lắm\n", "add", "--role", "admin", "QuanTri@So.example.vn"); err != nil || !strings.Contains(out, "quantri@so.example.vn (admin)") {
		t.Fatalf("add: %v %s", err, out)
	}
	if _, err := runStaff("ngắn\n", "add", "canbo@so.example.vn"); err == nil || !strings.Contains(err.Error(), "ít nhất 12 ký tự") {
		t.Errorf("a short password: %v", err)
	}
	if _, err := runStaff("mật khẩu đủ dài lắm\n", "add", "quantri@so.example.vn"); err == nil || !strings.Contains(err.Error(), "an account") {
		t.Errorf("the same address twice: %v", err)
	}
	if _, err := runStaff("", "add", "--role", "root", "x@so.example.vn"); err == nil {
		t.Error("the role root accepted")
	}
	out, err := runStaff("", "list")
	if err != nil || !strings.Contains(out, "quantri@so.example.vn") || strings.Contains(out, "argon2") {
		t.Errorf("list: %v %s", err, out)
	}
	st, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := st.Account(ctx, "quantri@so.example.vn")
	st.Close()
	if err != nil || !staff.VerifyPassword(a.Hash, "mật khẩu đủ dài lắm") {
		t.Errorf("the stored password does not verify: %v", err)
	}
	if _, err := runStaff("", "remove", "quantri@so.example.vn"); err != nil {
		t.Fatal(err)
	}
	if _, err := runStaff("", "remove", "quantri@so.example.vn"); err == nil || !strings.Contains(err.Error(), "no account") {
		t.Errorf("removing twice: %v", err)
	}
}
