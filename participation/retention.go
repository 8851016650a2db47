package participation

import (
	"context"
	"time"
)

// EraseOnSchedule erases the personal fields of every submission older
// than retention, now and then every interval until ctx is done: the
// retention period is kept by the server itself, not by someone
// remembering to run a job. report, if set, hears each run's count and
// error (the server logs them; no personal data is in either).
func EraseOnSchedule(ctx context.Context, st Store, retention, every time.Duration, now func() time.Time, report func(erased int, err error)) {
	if now == nil {
		now = time.Now
	}
	run := func() {
		t := now()
		n, err := st.EraseBefore(ctx, t.Add(-retention), t)
		if report != nil && (n > 0 || err != nil) {
			report(n, err)
		}
	}
	run()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			run()
		}
	}
}
