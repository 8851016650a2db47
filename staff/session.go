package staff

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// CookieName is the session cookie. The __Host- prefix makes browsers
// keep it to this host, path / and HTTPS (localhost counts as secure), so
// no other site or subdomain can set or read it.
const CookieName = "__Host-minhbach-staff"

// SessionTTL is how long a session lives without use; IdleTTL how long
// it survives between two requests.
const (
	SessionTTL = 12 * time.Hour
	IdleTTL    = 2 * time.Hour
)

// Session is a logged-in staff member, as the store keeps it: by the
// hash of its token, so a copy of the database logs nobody in.
type Session struct {
	ID       string // SHA-256 of the token, hex
	Account  Account
	Created  time.Time
	LastSeen time.Time
}

// Expired reports whether the session is over at now.
func (s Session) Expired(now time.Time) bool {
	return now.Sub(s.Created) > SessionTTL || now.Sub(s.LastSeen) > IdleTTL
}

// NewSessionToken draws a session token (for the cookie) and its ID (for
// the store).
func NewSessionToken() (token, id string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, SessionID(token), nil
}

// SessionID is the store's key of a token.
func SessionID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CSRFToken is the token every console form carries: derived from the
// session token, so it needs no storage, changes with each login, and a
// page of another site, which cannot read the cookie, cannot make it.
func CSRFToken(sessionToken string) string {
	m := hmac.New(sha256.New, []byte(sessionToken))
	m.Write([]byte("minhbach csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CheckCSRF reports whether a form's token belongs to the session.
func CheckCSRF(sessionToken, formToken string) bool {
	want := CSRFToken(sessionToken)
	return formToken != "" && subtle.ConstantTimeCompare([]byte(want), []byte(formToken)) == 1
}
