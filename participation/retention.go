package participation

import (
	"context"
	"errors"
	"time"
)

// EraseOnSchedule erases the personal fields of every submission older
// than retention, and the text of every page vote as old, now and then
// every interval until ctx is done: the retention period is kept by the
// server itself, not by someone remembering to run a job. report, if
// set, hears each run's count (submissions and votes together) and
// error (the server logs them; no personal data is in either).
func EraseOnSchedule(ctx context.Context, st Store, retention, every time.Duration, now func() time.Time, report func(erased int, err error)) {
	if now == nil {
		now = time.Now
	}
	run := func() {
		t := now()
		n, err := st.EraseBefore(ctx, t.Add(-retention), t)
		// The votes' texts are erased even when the submissions could
		// not be: one failure must not keep the other's data longer.
		m, verr := st.EraseVoteTexts(ctx, t.Add(-retention))
		n, err = n+m, errors.Join(err, verr)
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
