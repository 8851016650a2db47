// Package participation is the portal's two-way half: citizens' comments
// on open disclosures, feedback (phản ánh, kiến nghị) and ratings of
// procedures, each with a tracking code and a public status.
//
// It holds the rules, not the wire: what a submission is and when it is
// acceptable (Validate, Targets), tracking codes, rate limits, the
// anti-spam challenge, photo cleaning, and the Store that keeps
// submissions durably (package participation/sqlstore implements it on
// SQLite and PostgreSQL). Only package server speaks HTTP.
//
// Personal data (Vietnam's personal data protection law, in force since
// 1 January 2026): a Submission's Name, Contact and Address are personal.
// They are asked only with consent, never leave through Public, never go
// to logs (Submission has no String method that shows them), and are
// erased after the retention period by Store.ErasePersonal.
package participation
