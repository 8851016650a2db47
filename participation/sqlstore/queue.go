package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/staff"
)

// The staff's queue (participation.Queue). Change reads the submission,
// changes it and appends its audit entry in one transaction: on SQLite in
// the writer's batch (a savepoint of its own), on PostgreSQL with the
// row locked (SELECT … FOR UPDATE), so concurrent changes to one
// submission take turns and each entry's before is the previous one's
// after.

var _ participation.Queue = (*Store)(nil)

// List's page sizes, and Published's.
const (
	defaultList = 50
	maxList     = 200
)

// ErrInvalidChange is wrapped by Change's errors for a change it refuses
// (an unknown decline reason or status, an empty answer, a merge into a
// code that does not exist…): the staff's mistake, not the store's.
var ErrInvalidChange = participation.ErrInvalidChange

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidChange, fmt.Sprintf(format, args...))
}

// prefixedColumns are scanRow's columns, of the submissions table as s.
var prefixedColumns = "s." + strings.ReplaceAll(strings.ReplaceAll(columns, ", idempotency_key", ""), ", ", ", s.")

// photoTypes is a subquery giving the content types of a submission's
// photos, in order, separated by commas (NULL when none): how many it
// has and what they are, without reading their bytes. string_agg with
// ORDER BY is both PostgreSQL's and SQLite's (3.44 and later).
const photoTypes = "(SELECT string_agg(p.content_type, ',' ORDER BY p.n) FROM photos p WHERE p.code = s.code)"

// setPhotoTypes gives sub one Photo per stored photo, with its Type and
// no Data.
func setPhotoTypes(sub *participation.Submission, types sql.NullString) {
	sub.Photos = nil
	if !types.Valid || types.String == "" {
		return
	}
	for _, t := range strings.Split(types.String, ",") {
		sub.Photos = append(sub.Photos, participation.Photo{Type: t})
	}
}

// List gives the submissions matching f, oldest received first (then by
// code), and how many match in all. It skips f.Offset of them and gives
// at most f.Limit (50 when 0 or less, never more than 200).
//
// The submissions come without their photos' bytes: each has one Photo
// per stored photo, with its Type and nil Data, so that the queue can
// say how many there are; Get reads them. The personal fields are there,
// as in Get.
func (s *Store) List(ctx context.Context, f participation.Filter) ([]*participation.Submission, int, error) {
	if err := s.open(); err != nil {
		return nil, 0, err
	}
	where, args := s.filterWhere(f)
	limit := f.Limit
	if limit <= 0 {
		limit = defaultList
	}
	limit = min(limit, maxList)
	offset := max(f.Offset, 0)
	// The count comes with each row, from the same snapshot.
	query := "SELECT " + prefixedColumns + ", " + photoTypes + ", COUNT(*) OVER () FROM submissions s" + where +
		" ORDER BY s.received, s.code LIMIT ? OFFSET ?"
	rows, err := s.db.QueryContext(ctx, s.ph(query), append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlstore: listing submissions: %w", err)
	}
	defer rows.Close()
	var (
		out   []*participation.Submission
		total int
	)
	for rows.Next() {
		var (
			sub   participation.Submission
			types sql.NullString
		)
		if err := scanRow(rows, &sub, &types, &total); err != nil {
			return nil, 0, fmt.Errorf("sqlstore: listing submissions: %w", err)
		}
		setPhotoTypes(&sub, types)
		out = append(out, &sub)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("sqlstore: listing submissions: %w", err)
	}
	if len(out) == 0 && offset > 0 {
		// Past the last page: no row to carry the count.
		if err := s.db.QueryRowContext(ctx, s.ph("SELECT COUNT(*) FROM submissions s"+where), args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("sqlstore: counting submissions: %w", err)
		}
	}
	return out, total, nil
}

// filterWhere is the WHERE clause (with ? placeholders, on submissions
// as s) and its arguments for f; "" when f matches all.
func (s *Store) filterWhere(f participation.Filter) (string, []any) {
	var (
		conds []string
		args  []any
	)
	eq := func(col, v string) {
		if v != "" {
			conds = append(conds, "s."+col+" = ?")
			args = append(args, v)
		}
	}
	eq("kind", string(f.Kind))
	eq("status", string(f.Status))
	eq("topic", f.Topic)
	eq("commune", f.Commune)
	eq("target", f.Target)
	eq("assignee", f.Assignee)
	if !f.Before.IsZero() {
		conds = append(conds, "s.received < ?")
		args = append(args, s.timeArg(f.Before))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Change applies c to the submission with the code, as actor, at now,
// and appends its one audit entry, in one transaction; it returns the
// submission as it became (photos as List gives them), or
// participation.ErrNotFound. A change it refuses wraps ErrInvalidChange,
// and nothing is written; a merge into a code that does not exist wraps
// both ErrInvalidChange and participation.ErrNotFound.
//
// The entry's action is, by precedence, staff.ActMerge (MergedInto),
// ActDecline (Reason), ActAnswer (Answer), ActStatus (Status), ActAssign
// (Assignee), or ActStatus for Accepted alone (staff has no action of its
// own for it). Its before and after are JSON objects of the public fields
// the change set or altered (status, assignee, answer, reason,
// merged_into, accepted): never a personal field.
//
//   - Answer (not blank) sets the status answered and Answered to now,
//     and clears the reason and merged_into.
//   - Reason (a participation.DeclineReasons key) sets the status
//     declined; any reason but "duplicate" clears merged_into.
//   - MergedInto (another submission's code, not itself a duplicate)
//     sets the status declined and the reason "duplicate".
//   - Status (received, handling, answered or declined) sets it: answered
//     only with an answer (Answered now if it was never set), declined
//     only with a reason; another status clears the reason and
//     merged_into.
//   - Assignee sets it ("" for nobody); Accepted is for comments only.
//
// Fields that contradict one another (Answer with Reason, Status
// answered with MergedInto…) are refused. Updated becomes now.
func (s *Store) Change(ctx context.Context, code string, c participation.Change, actor string, now time.Time) (*participation.Submission, error) {
	if err := checkChange(code, c, actor); err != nil {
		return nil, fmt.Errorf("sqlstore: changing %s: %w", code, err)
	}
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		sub, err := s.changeTx(ctx, tx, code, c, actor, now)
		return result{v: sub, err: err}
	})
	if r.err != nil {
		if r.err == participation.ErrNotFound {
			return nil, r.err
		}
		return nil, fmt.Errorf("sqlstore: changing %s: %w", code, r.err)
	}
	return r.v.(*participation.Submission), nil
}

// validStatus reports whether st is one Change may set.
func validStatus(st participation.Status) bool {
	switch st {
	case participation.StatusReceived, participation.StatusHandling, participation.StatusAnswered, participation.StatusDeclined:
		return true
	}
	return false
}

// checkChange refuses what is wrong with c whatever the submission.
func checkChange(code string, c participation.Change, actor string) error {
	if actor == "" {
		return errors.New("a change needs an actor, for the audit log")
	}
	if c.Status == nil && c.Assignee == nil && c.Answer == nil && c.Reason == nil && c.MergedInto == nil && c.Accepted == nil {
		return invalid("nothing to change")
	}
	if c.Status != nil && !validStatus(*c.Status) {
		return invalid("status %q is not received, handling, answered or declined", *c.Status)
	}
	if c.Reason != nil && participation.DeclineLabel(*c.Reason) == "" {
		return invalid("decline reason %q is not one of participation.DeclineReasons", *c.Reason)
	}
	if c.Answer != nil && strings.TrimSpace(*c.Answer) == "" {
		return invalid("the answer is empty")
	}
	if c.MergedInto != nil {
		switch *c.MergedInto {
		case "":
			return invalid("merging into no code")
		case code:
			return invalid("merging a submission into itself")
		}
	}
	declines := c.Reason != nil || c.MergedInto != nil
	switch {
	case c.Answer != nil && declines:
		return invalid("answering and declining at once")
	case c.MergedInto != nil && c.Reason != nil && *c.Reason != "duplicate":
		return invalid("merging as a duplicate with the reason %q", *c.Reason)
	case c.Status != nil && c.Answer != nil && *c.Status != participation.StatusAnswered:
		return invalid("answering with the status %q", *c.Status)
	case c.Status != nil && declines && *c.Status != participation.StatusDeclined:
		return invalid("declining with the status %q", *c.Status)
	}
	return nil
}

// changeTx is Change within tx.
func (s *Store) changeTx(ctx context.Context, tx *sql.Tx, code string, c participation.Change, actor string, now time.Time) (*participation.Submission, error) {
	codes := []string{code}
	if c.MergedInto != nil {
		codes = append(codes, *c.MergedInto)
	}
	in := "?" + strings.Repeat(", ?", len(codes)-1)
	args := make([]any, len(codes))
	for i, cd := range codes {
		args[i] = cd
	}
	if s.pg {
		// Lock both rows, in code order, so that two merges of a pair
		// take turns instead of deadlocking, and neither sees the other
		// not yet merged. (SQLite's one writer already serialises.)
		rows, err := tx.QueryContext(ctx, s.ph("SELECT code FROM submissions WHERE code IN ("+in+") ORDER BY code FOR UPDATE"), args...)
		if err != nil {
			return nil, err
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	rows, err := tx.QueryContext(ctx, s.ph("SELECT "+prefixedColumns+", "+photoTypes+" FROM submissions s WHERE s.code IN ("+in+")"), args...)
	if err != nil {
		return nil, err
	}
	byCode := map[string]*participation.Submission{}
	for rows.Next() {
		var (
			sub   participation.Submission
			types sql.NullString
		)
		if err := scanRow(rows, &sub, &types); err != nil {
			rows.Close()
			return nil, err
		}
		setPhotoTypes(&sub, types)
		byCode[sub.Code] = &sub
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sub := byCode[code]
	if sub == nil {
		return nil, participation.ErrNotFound
	}
	var into *participation.Submission
	if c.MergedInto != nil {
		if into = byCode[*c.MergedInto]; into == nil {
			// Both: the change is refused, and what is missing is a
			// submission (the caller tells which by the code it gave).
			return nil, fmt.Errorf("%w: %w: none is %s, to merge into", ErrInvalidChange, participation.ErrNotFound, *c.MergedInto)
		}
	}
	old := *sub
	action, err := applyChange(sub, c, into, now)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, s.ph("UPDATE submissions SET status = ?, assignee = ?, answer = ?, reason = ?, merged_into = ?, "+
		"accepted = ?, answered = ?, updated = ? WHERE code = ?"),
		string(sub.Status), sub.Assignee, sub.Answer, sub.Reason, sub.MergedInto, sub.Accepted,
		s.nullTimeArg(sub.Answered), s.timeArg(sub.Updated), code)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return nil, fmt.Errorf("updating the row: %d rows, %v", n, err)
	}
	before, after := changedFields(&old, sub, c)
	if err := s.appendAudit(ctx, tx, staff.Entry{At: now, Actor: actor, Action: action, Target: code, Before: before, After: after}); err != nil {
		return nil, err
	}
	return sub, nil
}

// applyChange changes sub as c says (checked by checkChange), at now;
// into is the submission it is merged into, if c merges. It gives the
// audit entry's action.
func applyChange(sub *participation.Submission, c participation.Change, into *participation.Submission, now time.Time) (staff.Action, error) {
	now = now.UTC().Truncate(time.Microsecond)
	var action staff.Action
	set := func(a staff.Action) {
		if action == "" {
			action = a
		}
	}
	switch {
	case c.MergedInto != nil:
		if into.MergedInto != "" {
			return "", invalid("%s is itself a duplicate of %s: merge into that one", into.Code, into.MergedInto)
		}
		sub.MergedInto, sub.Status, sub.Reason = into.Code, participation.StatusDeclined, "duplicate"
		set(staff.ActMerge)
	case c.Reason != nil:
		sub.Status, sub.Reason = participation.StatusDeclined, *c.Reason
		if sub.Reason != "duplicate" {
			sub.MergedInto = ""
		}
		set(staff.ActDecline)
	case c.Answer != nil:
		sub.Answer, sub.Status, sub.Answered = *c.Answer, participation.StatusAnswered, now
		sub.Reason, sub.MergedInto = "", ""
		set(staff.ActAnswer)
	}
	if c.Status != nil {
		switch st := *c.Status; st {
		case participation.StatusAnswered:
			if sub.Answer == "" {
				return "", invalid("status answered without an answer")
			}
			if sub.Answered.IsZero() {
				sub.Answered = now
			}
		case participation.StatusDeclined:
			if sub.Reason == "" {
				return "", invalid("status declined without a reason")
			}
		default:
			sub.Reason, sub.MergedInto = "", ""
		}
		sub.Status = *c.Status
		set(staff.ActStatus)
	}
	if c.Assignee != nil {
		sub.Assignee = *c.Assignee
		set(staff.ActAssign)
	}
	if c.Accepted != nil {
		if sub.Kind != participation.KindComment {
			return "", invalid("only a comment is accepted, not a %s", sub.Kind)
		}
		sub.Accepted = *c.Accepted
		set(staff.ActStatus)
	}
	sub.Updated = now
	return action, nil
}

// changedFields are the audit entry's before and after: JSON objects of
// the public fields c set or that changed, as they were in old and
// became in sub. Personal fields are never among them.
func changedFields(old, sub *participation.Submission, c participation.Change) (before, after string) {
	b, a := map[string]any{}, map[string]any{}
	field := func(name string, set bool, was, is any) {
		if set || was != is {
			b[name], a[name] = was, is
		}
	}
	field("status", c.Status != nil, string(old.Status), string(sub.Status))
	field("assignee", c.Assignee != nil, old.Assignee, sub.Assignee)
	field("answer", c.Answer != nil, old.Answer, sub.Answer)
	field("reason", c.Reason != nil, old.Reason, sub.Reason)
	field("merged_into", c.MergedInto != nil, old.MergedInto, sub.MergedInto)
	field("accepted", c.Accepted != nil, old.Accepted, sub.Accepted)
	bj, _ := json.Marshal(b) // strings and booleans: cannot fail
	aj, _ := json.Marshal(a)
	return string(bj), string(aj)
}

// Published gives what the public site shows about a target ("" for
// all): the submissions answered with an answer, of any kind, and the
// comments accepted and not declined; newest answer first (an accepted
// comment not answered counts from its last change), at most limit (50
// when 0 or less, never more than 200). Only public columns are read.
func (s *Store) Published(ctx context.Context, target string, limit int) ([]participation.Public, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = defaultList
	}
	limit = min(limit, maxList)
	query := "SELECT code, kind, target, topic, commune, status, received, updated, answer, reason, answered FROM submissions " +
		"WHERE ((status = ? AND answer <> '') OR (kind = ? AND accepted = ? AND status <> ?))"
	args := []any{string(participation.StatusAnswered), string(participation.KindComment), true, string(participation.StatusDeclined)}
	if target != "" {
		query += " AND target = ?"
		args = append(args, target)
	}
	query += " ORDER BY COALESCE(answered, updated) DESC, code LIMIT ?"
	rows, err := s.db.QueryContext(ctx, s.ph(query), append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: listing the published answers: %w", err)
	}
	defer rows.Close()
	var out []participation.Public
	for rows.Next() {
		var sub participation.Submission
		if err := rows.Scan(&sub.Code, &sub.Kind, &sub.Target, &sub.Topic, &sub.Commune, &sub.Status,
			timeScan{&sub.Received}, timeScan{&sub.Updated}, &sub.Answer, &sub.Reason, timeScan{&sub.Answered}); err != nil {
			return nil, fmt.Errorf("sqlstore: listing the published answers: %w", err)
		}
		out = append(out, sub.Public())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: listing the published answers: %w", err)
	}
	return out, nil
}
