package staff

import "time"

// Login throttling: after MaxFailures wrong passwords for one account
// within FailureWindow, the account is locked for LockTime; every
// failure also costs the address a token of the server's rate limit.
// The counts live in the store, so all replicas agree.
const (
	MaxFailures   = 5
	FailureWindow = 15 * time.Minute
	LockTime      = 15 * time.Minute
)

// Lock is an account's login state.
type Lock struct {
	Failures    int       // wrong passwords since FirstFailed
	FirstFailed time.Time // start of the current window
	Until       time.Time // locked until; zero when not locked
}

// Locked reports whether logins are refused at now.
func (l Lock) Locked(now time.Time) bool { return now.Before(l.Until) }

// Fail counts one wrong password at now and gives the new state.
func (l Lock) Fail(now time.Time) Lock {
	if l.FirstFailed.IsZero() || now.Sub(l.FirstFailed) > FailureWindow {
		l = Lock{FirstFailed: now}
	}
	l.Failures++
	if l.Failures >= MaxFailures {
		l.Until = now.Add(LockTime)
	}
	return l
}
