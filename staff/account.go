package staff

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Role is what an account may do.
type Role string

// The roles. A moderator works the queue: opens submissions, assigns,
// sets statuses, answers, declines, merges duplicates. An admin does all
// that and also manages accounts and downloads the reports that carry
// counts across the whole agency.
const (
	RoleModerator Role = "moderator"
	RoleAdmin     Role = "admin"
)

// ParseRole reads a role as typed on the command line.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleModerator, RoleAdmin:
		return r, nil
	}
	return "", fmt.Errorf("vai trò %q không hợp lệ: moderator hoặc admin / role %q is not moderator or admin", s, s)
}

// Can reports whether the role may take an action.
func (r Role) Can(a Action) bool {
	switch r {
	case RoleAdmin:
		return true
	case RoleModerator:
		return !a.adminOnly()
	}
	return false
}

// Account is one staff member.
type Account struct {
	ID      int64
	Email   string // lower case, the login name
	Role    Role
	Hash    string // argon2id, PHC string format (see HashPassword)
	Created time.Time
}

// NormalizeEmail checks an address and gives it in lower case, the form
// accounts are looked up by.
func NormalizeEmail(s string) (string, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || a.Name != "" || !strings.Contains(a.Address, "@") {
		return "", fmt.Errorf("địa chỉ thư %q không hợp lệ / %q is not an e-mail address", s, s)
	}
	return strings.ToLower(a.Address), nil
}

// Errors of accounts and logins.
var (
	ErrNoAccount   = errors.New("staff: no such account")
	ErrAccountUsed = errors.New("staff: an account with this e-mail exists")
)

// ErrNoSession means the cookie names no live session.
var ErrNoSession = errors.New("staff: no such session")
