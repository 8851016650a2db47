package searchtest

import (
	"testing"
	"time"
)

// WaitFor polls cond until it holds, failing the test after a generous
// deadline: a bound on a broken test, not a timing assertion. The search
// and server tests wait this way for an index swap to be seen.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		<-tick.C
	}
}
