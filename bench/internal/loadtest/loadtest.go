// Package loadtest holds what the load generators under bench/ share:
// the percentile of their latencies and the rule that they only ever
// load a server on this machine.
package loadtest

import (
	"fmt"
	"net"
	"net/url"
	"time"
)

// Percentile is the p-th percentile of sorted latencies (nearest rank);
// sorted must not be empty.
func Percentile(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return sorted[i-1]
}

// CheckLoopback refuses any URL whose host is not a loopback address: a
// load generator pointed at someone else's server is an attack.
func CheckLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("-url: %w", err)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-url %s: only loopback addresses (127.0.0.1, ::1, localhost) are allowed", raw)
	}
	return nil
}
