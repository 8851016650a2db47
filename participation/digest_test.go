package participation_test

import (
	"bufio"
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
)

// smtpSink is a mail relay on loopback that keeps what it is sent: the
// few commands net/smtp speaks, nothing more.
type smtpSink struct {
	ln   net.Listener
	mail chan string
}

func startSink(t *testing.T) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln, mail: make(chan string, 4)}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { c.Write([]byte(line + "\r\n")) }
	say("220 sink ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink")
		case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"), strings.HasPrefix(cmd, "RSET"), strings.HasPrefix(cmd, "NOOP"):
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var msg strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				msg.WriteString(l)
			}
			s.mail <- msg.String()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 not here")
		}
	}
}

// TestDigestByMail: the daily digest counts what waits and what is late
// by kind, names the hot spots, reaches the relay, and names no citizen.
func TestDigestByMail(t *testing.T) {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "y-kien.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC)
	add := func(kind participation.Kind, topic, commune string, at time.Time) {
		code, err := participation.NewCode()
		if err != nil {
			t.Fatal(err)
		}
		sub := &participation.Submission{Code: code, Kind: kind, Target: participation.FeedbackPath, Topic: topic, Commune: commune,
			Text: "Nội dung", Name: "Phạm Thị Mai", Contact: "0911 222 333", Consent: true, Status: participation.StatusReceived, Received: at, Updated: at}
		if _, _, err := st.Add(ctx, sub, ""); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		add(participation.KindFeedback, "khai-thac-trai-phep", "Xã Tịnh Khê", now.Add(-time.Duration(i+1)*time.Hour))
	}
	add(participation.KindFeedback, "o-nhiem", "", now.Add(-20*24*time.Hour)) // past the 10-day deadline
	d, err := participation.MakeDigest(ctx, st, st, participation.Config{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if d.Open[participation.KindFeedback] != 6 || d.Overdue[participation.KindFeedback] != 1 || len(d.HotSpots) != 1 {
		t.Fatalf("digest %+v", d)
	}
	sink := startSink(t)
	cfg := participation.DigestConfig{SMTP: sink.ln.Addr().String(), From: "cong@so.example.vn", To: []string{"canbo@so.example.vn"}, ConsoleURL: "https://so.example.vn/quan-tri/"}
	if err := participation.SendDigest(cfg, d.Message(cfg)); err != nil {
		t.Fatal(err)
	}
	var msg string
	select {
	case msg = <-sink.mail:
	case <-time.After(10 * time.Second):
		t.Fatal("the relay got nothing")
	}
	for _, want := range []string{"Subject: =?utf-8?q?", "Phản ánh, kiến nghị: 6 đang chờ xử lý, 1 quá hạn", "Khai thác cát, khoáng sản trái phép — Xã Tịnh Khê: 5 phản ánh", "https://so.example.vn/quan-tri/"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the digest lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "Phạm Thị Mai") || strings.Contains(msg, "0911") {
		t.Error("the digest names a citizen")
	}
	if got := participation.NextDigest(time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC), 7); !got.Equal(time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("NextDigest at 08:00 Vietnam time for 07:00: %v, want 07:00 tomorrow", got)
	}
}
