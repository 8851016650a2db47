package staff

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	const pw = "mật khẩu đủ dài 2026"
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") || strings.Contains(h, pw) {
		t.Fatalf("hash %q", h)
	}
	h2, _ := HashPassword(pw)
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, c := range []struct {
		hash, pw string
		ok       bool
	}{
		{h, pw, true},
		{h, pw + " ", false},
		{h, "", false},
		{strings.Replace(h, "argon2id", "argon2i", 1), pw, false},
		{strings.Replace(h, "t=3", "t=0", 1), pw, false},
		{h[:len(h)-4], pw, false},
		{"", pw, false},
	} {
		if got := VerifyPassword(c.hash, c.pw); got != c.ok {
			t.Errorf("VerifyPassword(%q, %q) = %v", c.hash, c.pw, got)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for pw, ok := range map[string]bool{
		"ngắn":                    false,
		"đủ mười hai ký tự":       true,
		"abc\x00defghijklmn":      false,
		strings.Repeat("a", 11):   false,
		strings.Repeat("đ", 12):   true,
		strings.Repeat("a", 2000): false,
	} {
		if err := CheckPassword(pw); (err == nil) != ok {
			t.Errorf("CheckPassword(%q): %v", pw, err)
		}
	}
}

func TestRoles(t *testing.T) {
	if !RoleModerator.Can(ActAnswer) || RoleModerator.Can(ActAddStaff) || !RoleAdmin.Can(ActRemoveStaf) || Role("").Can(ActOpen) {
		t.Error("roles allow the wrong actions")
	}
	if _, err := ParseRole("Admin"); err != nil {
		t.Error(err)
	}
	if _, err := ParseRole("root"); err == nil {
		t.Error("root accepted as a role")
	}
}
