package staff

import "time"

// Entry is one line of the audit log: who did what to which record, and
// the record's public fields before and after. The log is append-only:
// the store has no way to change or delete an entry. Personal data is
// never copied into it; an entry names the submission by its code.
type Entry struct {
	ID     int64
	At     time.Time
	Actor  string // the account's e-mail, or "cli" for the command line
	Action Action
	Target string // a tracking code, or an account's e-mail
	Before string // JSON of the fields the action changed, as they were
	After  string // and as they became
}
