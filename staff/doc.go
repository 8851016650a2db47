// Package staff is the agency's side of participation: staff accounts
// and their roles, passwords (argon2id), sessions, CSRF tokens, login
// throttling and the append-only audit log of what staff do. It holds
// the rules; participation/sqlstore keeps the records and package server
// speaks HTTP.
package staff
