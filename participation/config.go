package participation

import "time"

// Config is the [participation] table of site.toml. Every field has a
// default (see Defaults) that suits one agency's portal.
type Config struct {
	// Database is where submissions are kept: "sqlite:PATH" (default
	// "sqlite:.data/minhbach.db", relative to the working folder) or
	// "postgres://…" for several replicas. `serve --db` overrides it.
	Database string `toml:"database"`
	// Challenge asks every sender to pass the anti-spam challenge (proof
	// of work in the browser, or a question without JavaScript). Only
	// tests and local use turn it off. Default true.
	Challenge *bool `toml:"challenge"`
	// PerAddressPerMinute is how many submissions one network address may
	// send in a minute (a token bucket of that size). Default 5.
	PerAddressPerMinute int `toml:"per_address_per_minute"`
	// GlobalPerMinute bounds all submissions together, so a flood from
	// many addresses cannot fill the disk. Default 600.
	GlobalPerMinute int `toml:"global_per_minute"`
	// RetentionDays is how long the personal fields (name, contact,
	// address, photos) are kept after a submission is received; the
	// server erases them after that. Default 365.
	RetentionDays int `toml:"retention_days"`
	// Deadlines are the days the agency has to answer each kind
	// ("comment", "feedback", "rating"), counted from receipt; the
	// console shows the days left. Set them to the legal time limits
	// that apply to the agency; the defaults (see DefaultDeadlines) are a
	// starting point, not a statement of the law.
	Deadlines map[string]int `toml:"deadlines"`
	// Digest is the daily e-mail to staff; off unless configured.
	Digest DigestConfig `toml:"digest"`
	// TrustedProxies are the addresses of reverse proxies (nginx) whose
	// X-Forwarded-For is believed for the rate limits. Default loopback
	// only.
	TrustedProxies []string `toml:"trusted_proxies"`
}

// Defaults of Config.
const (
	DefaultDatabase            = "sqlite:.data/minhbach.db"
	DefaultPerAddressPerMinute = 5
	DefaultGlobalPerMinute     = 600
	DefaultRetentionDays       = 365
)

// DefaultDeadlines are the answer times used when site.toml sets none.
// They are starting points, not taken from a law: the agency sets the
// limits that apply to it (see Deadlines), and the console says which.
var DefaultDeadlines = map[string]int{"comment": 15, "feedback": 10, "rating": 30}

// WithDefaults returns c with every unset field at its default.
func (c Config) WithDefaults() Config {
	if c.Database == "" {
		c.Database = DefaultDatabase
	}
	if c.Challenge == nil {
		on := true
		c.Challenge = &on
	}
	if c.PerAddressPerMinute <= 0 {
		c.PerAddressPerMinute = DefaultPerAddressPerMinute
	}
	if c.GlobalPerMinute <= 0 {
		c.GlobalPerMinute = DefaultGlobalPerMinute
	}
	if c.RetentionDays <= 0 {
		c.RetentionDays = DefaultRetentionDays
	}
	if c.Deadlines == nil {
		c.Deadlines = DefaultDeadlines
	}
	if len(c.TrustedProxies) == 0 {
		c.TrustedProxies = []string{"127.0.0.1", "::1"}
	}
	return c
}

// ChallengeOn reports whether the challenge is asked (default yes).
func (c Config) ChallengeOn() bool { return c.Challenge == nil || *c.Challenge }

// Retention is RetentionDays as a duration.
func (c Config) Retention() time.Duration {
	return time.Duration(c.WithDefaults().RetentionDays) * 24 * time.Hour
}
