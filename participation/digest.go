package participation

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/smtp"
	"strings"
	"time"
)

// DigestConfig is [participation.digest] of site.toml: a daily summary by
// e-mail for the staff who answer, off unless SMTP and To are set.
type DigestConfig struct {
	// SMTP is the mail relay, host:port (the agency's own; port 25 or
	// 587, with STARTTLS when the relay offers it).
	SMTP string `toml:"smtp"`
	// From and To are the sender and the staff who receive the digest.
	From string   `toml:"from"`
	To   []string `toml:"to"`
	// Hour is when it is sent, 0–23 in Vietnam's time; default 7.
	Hour *int `toml:"hour"`
	// ConsoleURL is the console's address for the links, e.g.
	// https://so.example.gov.vn/quan-tri/.
	ConsoleURL string `toml:"console_url"`
}

// On reports whether a digest is configured.
func (c DigestConfig) On() bool { return c.SMTP != "" && c.From != "" && len(c.To) > 0 }

// SendHour is Hour with its default.
func (c DigestConfig) SendHour() int {
	if c.Hour == nil || *c.Hour < 0 || *c.Hour > 23 {
		return 7
	}
	return *c.Hour
}

// Digest is one day's summary: what waits, what is late, and the hot
// spots. It names no citizen: counts, topics and communes only.
type Digest struct {
	Day      time.Time
	Open     map[Kind]int // received or handling
	Overdue  map[Kind]int // open past its deadline
	HotSpots []HotSpot
}

// MakeDigest counts the queue and finds the hot spots at now.
func MakeDigest(ctx context.Context, q Queue, rep Reports, cfg Config, now time.Time) (Digest, error) {
	cfg = cfg.WithDefaults()
	d := Digest{Day: Today(now), Open: map[Kind]int{}, Overdue: map[Kind]int{}}
	for _, k := range Kinds {
		for _, st := range []Status{StatusReceived, StatusHandling} {
			_, n, err := q.List(ctx, Filter{Kind: k, Status: st, Limit: 1})
			if err != nil {
				return d, err
			}
			d.Open[k] += n
			if days := cfg.Deadlines[string(k)]; days > 0 {
				_, late, err := q.List(ctx, Filter{Kind: k, Status: st, Limit: 1, Before: now.Add(-time.Duration(days) * 24 * time.Hour)})
				if err != nil {
					return d, err
				}
				d.Overdue[k] += late
			}
		}
	}
	recentFrom, baseFrom := HotSpotWindows(now)
	recent, err := rep.FeedbackCounts(ctx, recentFrom, now)
	if err != nil {
		return d, err
	}
	base, err := rep.FeedbackCounts(ctx, baseFrom, recentFrom)
	if err != nil {
		return d, err
	}
	d.HotSpots = FindHotSpots(recent, base)
	return d, nil
}

var digestKinds = map[Kind]string{KindComment: "Góp ý", KindFeedback: "Phản ánh, kiến nghị", KindRating: "Đánh giá"}

// Message writes the digest as an e-mail (plain text, UTF-8).
func (d Digest) Message(cfg DigestConfig) []byte {
	var body strings.Builder
	fmt.Fprintf(&body, "Tóm tắt ý kiến của người dân ngày %s\n\n", d.Day.Format("02/01/2006"))
	for _, k := range Kinds {
		fmt.Fprintf(&body, "- %s: %d đang chờ xử lý, %d quá hạn\n", digestKinds[k], d.Open[k], d.Overdue[k])
	}
	if len(d.HotSpots) > 0 {
		fmt.Fprintf(&body, "\nĐiểm nóng (ít nhất %d phản ánh trong 7 ngày, gấp %.0f lần trở lên mức thường):\n", HotMin, HotFactor)
		for _, h := range d.HotSpots {
			where := h.Commune
			if where == "" {
				where = "không rõ địa bàn"
			}
			fmt.Fprintf(&body, "- %s — %s: %d phản ánh (trung bình %.1f/tuần)\n", TopicLabel(h.Topic), where, h.Recent, h.Baseline)
		}
	} else {
		body.WriteString("\nKhông có điểm nóng.\n")
	}
	if cfg.ConsoleURL != "" {
		fmt.Fprintf(&body, "\nHàng chờ: %s\n", cfg.ConsoleURL)
	}
	var m bytes.Buffer
	fmt.Fprintf(&m, "From: %s\r\n", cfg.From)
	fmt.Fprintf(&m, "To: %s\r\n", strings.Join(cfg.To, ", "))
	fmt.Fprintf(&m, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", "Tóm tắt ý kiến người dân "+d.Day.Format("02/01/2006")))
	fmt.Fprintf(&m, "Date: %s\r\n", d.Day.Format(time.RFC1123Z))
	m.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	m.WriteString(strings.ReplaceAll(body.String(), "\n", "\r\n"))
	return m.Bytes()
}

// SendDigest sends the message through the relay (net/smtp: STARTTLS
// when offered, no authentication: an agency's internal relay).
func SendDigest(cfg DigestConfig, msg []byte) error {
	if err := smtp.SendMail(cfg.SMTP, nil, cfg.From, cfg.To, msg); err != nil {
		return fmt.Errorf("participation: sending the digest through %s: %w", cfg.SMTP, err)
	}
	return nil
}

// NextDigest is the next time to send after now: today at the hour in
// Vietnam, or tomorrow if that has passed.
func NextDigest(now time.Time, hour int) time.Time {
	t := Today(now)
	at := time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, vietnam)
	if !at.After(now) {
		at = at.AddDate(0, 0, 1)
	}
	return at
}
