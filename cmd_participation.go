package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/server"
)

// SecretEnv names the environment variable holding the secret that signs
// anti-spam challenges. Replicas behind one load balancer must share it;
// a single server without it keeps one of its own beside its SQLite file.
const SecretEnv = "MINHBACH_SECRET"

// retentionEvery is how often the server erases personal data past the
// retention period.
const retentionEvery = time.Hour

// openParticipation opens the submissions store for serve and dev (the
// --db flag, else [participation] database, else the default SQLite
// file), the challenge, and the retention schedule, which runs until ctx
// is done. closeAll waits for writes in flight.
func openParticipation(ctx context.Context, cfg participation.Config, dbFlag string, stdout io.Writer, logger *log.Logger) (p *server.Participation, misses *search.Misses, closeAll func() error, err error) {
	cfg = cfg.WithDefaults()
	if dbFlag != "" {
		cfg.Database = dbFlag
	}
	if path, ok := strings.CutPrefix(cfg.Database, "sqlite:"); ok {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			// Said aloud, so a mistyped --db is seen at once rather than
			// when the submissions seem to have gone. Not an error: the
			// log stays for those.
			fmt.Fprintf(stdout, "minhbach: chưa có kho ý kiến, tạo mới / no submissions store yet, creating %s\n", path)
		}
	}
	st, err := sqlstore.Open(ctx, cfg.Database)
	if err != nil {
		return nil, nil, nil, err
	}
	p = &server.Participation{Store: st, Config: cfg, Staff: st, Queue: st, Reports: st}
	if cfg.ChallengeOn() {
		secret, err := challengeSecret(cfg.Database)
		if err != nil {
			st.Close()
			return nil, nil, nil, err
		}
		if p.Challenger, err = participation.NewChallenger(secret, participation.ChallengeOptions{
			// A cheap phone solves 17 bits in about a second; a long
			// feedback may take a citizen more than the default half hour.
			Bits: 17, TTL: 2 * time.Hour,
		}); err != nil {
			st.Close()
			return nil, nil, nil, err
		}
	}
	ctx, stop := context.WithCancel(ctx)
	misses = search.NewMisses(st, nil)
	done := make(chan struct{}, 3)
	go func() {
		defer func() { done <- struct{}{} }()
		if cfg.Digest.On() {
			sendDigests(ctx, st, cfg, logger)
		}
	}()
	go func() {
		defer func() { done <- struct{}{} }()
		misses.Run(ctx, time.Minute, func(err error) { logger.Printf("search: saving the searches that found nothing: %v", err) })
	}()
	go func() {
		defer func() { done <- struct{}{} }()
		participation.EraseOnSchedule(ctx, st, cfg.Retention(), retentionEvery, nil, func(n int, err error) {
			if err != nil {
				logger.Printf("participation: erasing personal data past %d days: %v", cfg.RetentionDays, err)
				return
			}
			logger.Printf("participation: erased the personal data of %d submissions and page votes past %d days", n, cfg.RetentionDays)
		})
	}()
	return p, misses, func() error {
		stop()
		<-done
		<-done
		<-done
		return st.Close()
	}, nil
}

// challengeSecret is $MINHBACH_SECRET, or for SQLite a random secret kept
// in a file beside the database (created on first start, readable by the
// server's user only). PostgreSQL means several replicas, which must
// agree: there the variable is required.
func challengeSecret(db string) ([]byte, error) {
	if s := os.Getenv(SecretEnv); s != "" {
		if len(s) < 32 {
			return nil, fmt.Errorf("%s: cần ít nhất 32 ký tự / needs at least 32 characters", SecretEnv)
		}
		return []byte(s), nil
	}
	path, ok := strings.CutPrefix(db, "sqlite:")
	if !ok {
		return nil, fmt.Errorf("đặt biến môi trường %s giống nhau cho mọi bản chạy khi dùng PostgreSQL / set %s, the same on every replica, when using PostgreSQL", SecretEnv, SecretEnv)
	}
	file := path + ".secret"
	b, err := os.ReadFile(file)
	if err == nil && len(b) >= 64 {
		return b, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	b = []byte(hex.EncodeToString(raw))
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		return nil, fmt.Errorf("khóa ký thử thách / challenge secret %s: %w", file, err)
	}
	return b, nil
}

// sendDigests mails the staff's daily digest at the configured hour until
// ctx is done. A failed send is logged and tried again the next day.
func sendDigests(ctx context.Context, st *sqlstore.Store, cfg participation.Config, logger *log.Logger) {
	for {
		next := participation.NextDigest(time.Now(), cfg.Digest.SendHour())
		t := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		d, err := participation.MakeDigest(ctx, st, st, cfg, time.Now())
		if err == nil {
			err = participation.SendDigest(cfg.Digest, d.Message(cfg.Digest))
		}
		if err != nil {
			logger.Printf("participation: the daily digest: %v", err)
		}
	}
}
