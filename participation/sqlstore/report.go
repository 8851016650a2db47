package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/participation"
)

// The reports (participation.Reports): counts the agency publishes and
// reads. Each is one SELECT, so one snapshot, of public columns only:
// never a name, contact, address nor photo. Dates are Vietnam's (UTC+7
// all year), computed in Go from the UTC times as stored, so that both
// databases give the same quarters and weeks whatever their own date
// functions and time zone settings; the rows are few enough (an agency's
// submissions) to read one by one and add up here.

var _ participation.Reports = (*Store)(nil)

// reportZone is Vietnam's time, UTC+7 with no daylight saving, as
// participation keeps it for comment periods.
var reportZone = model.Vietnam

// notHeard are the decline reasons that make a submission no opinion at
// all, left out of the feedback counts and the comments report. Any
// other reason (out of scope, duplicate…) still counts: somebody did
// write it.
var notHeard = []string{"spam", "abuse"}

// withheldText are the decline reasons for which Comments gives a
// comment without its text: "personal-data" is a comment that names
// somebody else, whose text must not reach a public report.
var withheldText = []string{"personal-data"}

// heardCond is the condition (on submissions, ? placeholders) that a
// submission was not declined for one of notHeard, and its arguments.
func heardCond() (string, []any) {
	args := []any{string(participation.StatusDeclined)}
	in := ""
	for i, r := range notHeard {
		if i > 0 {
			in += ", "
		}
		in += "?"
		args = append(args, r)
	}
	return "(status <> ? OR reason NOT IN (" + in + "))", args
}

// quarterOf is the quarter of Vietnam's calendar the instant t is in,
// as "2026-Q4".
func quarterOf(t time.Time) string {
	v := t.In(reportZone)
	return fmt.Sprintf("%04d-Q%d", v.Year(), (int(v.Month())-1)/3+1)
}

// mondayOf is the Monday of the ISO week, in Vietnam, the instant t is
// in, as "2006-01-02".
func mondayOf(t time.Time) string {
	v := t.In(reportZone)
	back := (int(v.Weekday()) + 6) % 7 // days since Monday
	return time.Date(v.Year(), v.Month(), v.Day()-back, 0, 0, 0, 0, reportZone).Format(time.DateOnly)
}

// Satisfaction counts the ratings of each target per quarter (Vietnam's
// calendar, by when they were received), declined ones left out (spam,
// duplicates…): for each criterion of participation.Criteria, how many
// scored it (Scored) and how many gave it 4 or 5 (Satisfied). Both maps
// have every criterion's key, 0 when none scored it; keys that are not
// criteria are not counted. Rows are sorted by target, then quarter.
// Cells are not suppressed: that is the caller's (participation.MinCell).
func (s *Store) Satisfaction(ctx context.Context) ([]participation.SatisfactionRow, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, s.ph("SELECT code, target, received, scores FROM submissions WHERE kind = ? AND status <> ?"),
		string(participation.KindRating), string(participation.StatusDeclined))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: counting the ratings: %w", err)
	}
	defer rows.Close()
	type cell struct{ target, quarter string }
	cells := map[cell]*participation.SatisfactionRow{}
	for rows.Next() {
		var (
			code, target string
			received     time.Time
			scores       sql.NullString
		)
		if err := rows.Scan(&code, &target, timeScan{&received}, &scores); err != nil {
			return nil, fmt.Errorf("sqlstore: counting the ratings: %w", err)
		}
		var sc map[string]int
		if scores.Valid {
			if err := json.Unmarshal([]byte(scores.String), &sc); err != nil {
				return nil, fmt.Errorf("sqlstore: counting the ratings: reading the scores of %s: %w", code, err)
			}
		}
		k := cell{target, quarterOf(received)}
		row := cells[k]
		if row == nil {
			row = &participation.SatisfactionRow{
				Target: k.target, Quarter: k.quarter,
				Satisfied: make(map[string]int, len(participation.Criteria)),
				Scored:    make(map[string]int, len(participation.Criteria)),
			}
			for _, c := range participation.Criteria {
				row.Satisfied[c.Key], row.Scored[c.Key] = 0, 0
			}
			cells[k] = row
		}
		row.Ratings++
		for _, c := range participation.Criteria {
			v, ok := sc[c.Key]
			if !ok {
				continue
			}
			row.Scored[c.Key]++
			if v >= 4 && v <= 5 {
				row.Satisfied[c.Key]++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: counting the ratings: %w", err)
	}
	out := make([]participation.SatisfactionRow, 0, len(cells))
	for _, row := range cells {
		out = append(out, *row)
	}
	slices.SortFunc(out, func(a, b participation.SatisfactionRow) int {
		return cmp.Or(cmp.Compare(a.Target, b.Target), cmp.Compare(a.Quarter, b.Quarter))
	})
	return out, nil
}

// HandlingTimes gives the submissions of every kind received in
// [from, to) and answered (status answered, with the time of the
// answer): kind, code, when received and when answered, in UTC, oldest
// received first (then by code). A submission answered and then moved
// back to handling or declined is not among them.
func (s *Store) HandlingTimes(ctx context.Context, from, to time.Time) ([]participation.Handled, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, s.ph("SELECT kind, code, received, answered FROM submissions "+
		"WHERE status = ? AND answered IS NOT NULL AND received >= ? AND received < ? ORDER BY received, code"),
		string(participation.StatusAnswered), s.timeArg(from), s.timeArg(to))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading the handling times: %w", err)
	}
	defer rows.Close()
	var out []participation.Handled
	for rows.Next() {
		var h participation.Handled
		if err := rows.Scan(&h.Kind, &h.Code, timeScan{&h.Received}, timeScan{&h.Answered}); err != nil {
			return nil, fmt.Errorf("sqlstore: reading the handling times: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: reading the handling times: %w", err)
	}
	return out, nil
}

// FeedbackCounts counts the feedback received in [from, to) by the
// Monday of its ISO week in Vietnam ("2006-01-02"), topic and commune
// ("" when none was named). Feedback declined as spam or abuse is left
// out; declined for another reason (out of scope, a duplicate…) it
// still counts, as somebody did report the matter. Sorted by week,
// topic, then commune (byte order).
func (s *Store) FeedbackCounts(ctx context.Context, from, to time.Time) ([]participation.WeekCount, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	heard, hargs := heardCond()
	args := append([]any{string(participation.KindFeedback), s.timeArg(from), s.timeArg(to)}, hargs...)
	rows, err := s.db.QueryContext(ctx, s.ph("SELECT received, topic, commune FROM submissions "+
		"WHERE kind = ? AND received >= ? AND received < ? AND "+heard), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: counting the feedback: %w", err)
	}
	defer rows.Close()
	type cell struct{ week, topic, commune string }
	counts := map[cell]int{}
	for rows.Next() {
		var (
			received       time.Time
			topic, commune string
		)
		if err := rows.Scan(timeScan{&received}, &topic, &commune); err != nil {
			return nil, fmt.Errorf("sqlstore: counting the feedback: %w", err)
		}
		counts[cell{mondayOf(received), topic, commune}]++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: counting the feedback: %w", err)
	}
	out := make([]participation.WeekCount, 0, len(counts))
	for c, n := range counts {
		out = append(out, participation.WeekCount{Week: c.week, Topic: c.topic, Commune: c.commune, Count: n})
	}
	slices.SortFunc(out, func(a, b participation.WeekCount) int {
		return cmp.Or(cmp.Compare(a.Week, b.Week), cmp.Compare(a.Topic, b.Topic), cmp.Compare(a.Commune, b.Commune))
	})
	return out, nil
}

// Comments gives the comments on target, oldest received first (then
// by code), but those declined as spam or abuse, for the public report
// of how the opinions were taken in. Each has its Code, Kind, Target,
// Text, Commune, Status, Received, Updated, Answer, Answered, Accepted
// and Reason (a participation.DeclineReasons key); the personal fields
// (Name, Contact, Address, Photos) are never read, so they are empty
// whatever is stored, and so are the staff's Assignee and MergedInto. A
// comment declined because it holds somebody else's personal data
// ("personal-data") comes without its Text: it is counted, its text is
// not published.
func (s *Store) Comments(ctx context.Context, target string) ([]participation.Submission, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	heard, hargs := heardCond()
	args := append([]any{string(participation.KindComment), target}, hargs...)
	rows, err := s.db.QueryContext(ctx, s.ph("SELECT code, kind, target, text, commune, status, received, updated, "+
		"answer, answered, accepted, reason FROM submissions WHERE kind = ? AND target = ? AND "+heard+
		" ORDER BY received, code"), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: listing the comments on %s: %w", target, err)
	}
	defer rows.Close()
	var out []participation.Submission
	for rows.Next() {
		var c participation.Submission
		if err := rows.Scan(&c.Code, &c.Kind, &c.Target, &c.Text, &c.Commune, &c.Status, timeScan{&c.Received},
			timeScan{&c.Updated}, &c.Answer, timeScan{&c.Answered}, &c.Accepted, &c.Reason); err != nil {
			return nil, fmt.Errorf("sqlstore: listing the comments on %s: %w", target, err)
		}
		if c.Status == participation.StatusDeclined && slices.Contains(withheldText, c.Reason) {
			c.Text = ""
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: listing the comments on %s: %w", target, err)
	}
	return out, nil
}
