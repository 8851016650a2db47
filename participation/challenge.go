package participation

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Defaults and bounds of ChallengeOptions.
const (
	// DefaultChallengeBits is the default proof-of-work difficulty:
	// 2^18 ≈ 260,000 hashes, a fraction of a second on a desktop, about
	// a second on a cheap phone.
	DefaultChallengeBits = 18
	// MaxChallengeBits is the hardest proof allowed: 2^32 hashes is
	// hours in a browser.
	MaxChallengeBits = 32
	// DefaultChallengeTTL is how long a token stays valid: long enough to
	// type a feedback, short enough that the used-token memory is small.
	DefaultChallengeTTL = 30 * time.Minute
	// DefaultChallengeMaxUsed bounds the used-token memory (about 40
	// bytes a token): a million tokens in one TTL is several hundred
	// messages a second, far past what the rate limits let through.
	DefaultChallengeMaxUsed = 1 << 20
)

// challengeSkew is how far in the future a token's issue time may be: the
// clocks of replicas differ a little.
const challengeSkew = time.Minute

// maxNonce bounds the nonce Verify hashes; the script's are under 16
// characters.
const maxNonce = 64

// ChallengeOptions configure a Challenger; the zero value is the default.
type ChallengeOptions struct {
	// Bits is the proof-of-work difficulty in leading zero bits, 1 to
	// MaxChallengeBits; 0 means DefaultChallengeBits. Each bit doubles
	// the work. Tokens carry their own, so changing it does not break
	// tokens in flight.
	Bits int
	// TTL is how long a token is valid; 0 means DefaultChallengeTTL.
	TTL time.Duration
	// Now is the clock, for tests; nil means time.Now.
	Now func() time.Time
	// MaxUsed bounds how many used tokens are remembered at once; 0 means
	// DefaultChallengeMaxUsed. When it is full of tokens that have not
	// expired, Verify refuses with ErrChallengeBusy rather than forget
	// one and let it be replayed.
	MaxUsed int
}

// Challenge is what a form needs: the token for a hidden field and the
// form's data-token attribute, the proof-of-work difficulty for its
// data-bits attribute, and the question for the citizens without
// JavaScript. The token is URL- and HTML-safe (base64url).
type Challenge struct {
	Token    string
	Bits     int
	Question string
}

// ChallengeError is why a challenge was not passed, in Vietnamese for the
// citizen and in English for logs and API clients; its Error is
// "VI / EN". Compare with errors.Is against the ErrChallenge values.
type ChallengeError struct {
	VI, EN string
}

func (e *ChallengeError) Error() string { return e.VI + " / " + e.EN }

// Is reports whether target is a ChallengeError of the same kind.
func (e *ChallengeError) Is(target error) bool {
	t, ok := target.(*ChallengeError)
	return ok && t.VI == e.VI && t.EN == e.EN
}

// The kinds of ChallengeError Verify returns, for errors.Is. They are
// compared, never returned as such: each refusal is a new value. In every
// case the form is shown again with a fresh Challenge.
var (
	// ErrChallengeRequired: neither a proof nor an answer; the usual case
	// without JavaScript, or when the form was sent before the script
	// finished. Show the question.
	ErrChallengeRequired = &ChallengeError{VI: "vui lòng trả lời câu hỏi kiểm tra", EN: "please answer the check question"}
	// ErrChallengeWrong: the answer is wrong, or the proof does not hold.
	ErrChallengeWrong = &ChallengeError{VI: "câu trả lời kiểm tra chưa đúng, vui lòng thử lại", EN: "the answer to the check question is wrong, please try again"}
	// ErrChallengeExpired: the token is older than the TTL.
	ErrChallengeExpired = &ChallengeError{VI: "mã kiểm tra đã hết hạn, vui lòng gửi lại", EN: "the check has expired, please send again"}
	// ErrChallengeInvalid: the token is malformed, forged, or signed with
	// another secret.
	ErrChallengeInvalid = &ChallengeError{VI: "mã kiểm tra không hợp lệ, vui lòng tải lại trang", EN: "invalid check, please reload the page"}
	// ErrChallengeUsed: the token was used before (a replay, or the form
	// sent twice).
	ErrChallengeUsed = &ChallengeError{VI: "mã kiểm tra đã được dùng, vui lòng gửi lại", EN: "the check was already used, please send again"}
	// ErrChallengeBusy: the used-token memory is full (see MaxUsed).
	ErrChallengeBusy = &ChallengeError{VI: "hệ thống đang bận, vui lòng thử lại sau ít phút", EN: "the service is busy, please try again in a few minutes"}
)

func challengeErr(kind *ChallengeError) error { return &ChallengeError{VI: kind.VI, EN: kind.EN} }

// A token is base64url of: version (1 byte), random id (16), issue time
// in Unix seconds (8), bits (1), the answer's tag (16), then the HMAC of
// all that (16).
const (
	tokenVersion   = 1
	tokenIDLen     = 16
	tokenTagLen    = 16
	tokenBodyLen   = 1 + tokenIDLen + 8 + 1 + tokenTagLen
	tokenLen       = tokenBodyLen + tokenTagLen
	tokenTextLen   = (tokenLen*8 + 5) / 6
	minSecretLen   = 16
	keySignLabel   = "minhbach challenge token v1"
	keyAnswerLabel = "minhbach challenge answer v1"
)

// Challenger issues and verifies the anti-spam challenge of the forms.
// It is safe for concurrent use; make one per server from a secret all
// replicas share.
//
// The challenge guards the forms without any third party: no
// captcha service sees the citizens, and nothing is loaded from another
// site. A form passes it one of two ways, as forms must work without
// JavaScript:
//
//   - Proof of work, done by layouts/static/js/challenge.js: find a nonce
//     such that SHA-256(token ":" nonce) starts with Bits zero bits. It
//     costs a browser about 2^Bits hashes, a second or so on a cheap
//     phone at the default 18, and a spammer that much per message; the
//     server checks it with one hash.
//   - A question in Vietnamese words ("Ba cộng bốn bằng mấy? (viết số)"),
//     answered in a text box, for browsers without JavaScript.
//
// The token carries everything needed to check it, signed with
// HMAC-SHA256: issuing keeps no state, and any replica with the same
// secret verifies. What a token cannot carry is whether it was used: each
// Challenger remembers the tokens it verified until they expire, so a
// token passes once per replica. With several replicas a token could
// pass once on each; the store's idempotency keys and the rate limits
// cover that (a replayed proof buys nothing the rate limits do not
// already allow).
//
// The question is a speed bump, not a wall: the best blind guess is
// right about one time in twenty, and a bot written for this site can
// read it. Every attempt costs a fresh token (a wrong answer uses the
// token up), and the rate limits bound the attempts.
type Challenger struct {
	signKey, answerKey []byte
	bits               int
	ttl                time.Duration
	now                func() time.Time
	maxUsed            int

	mu   sync.Mutex
	used map[[tokenIDLen]byte]int64 // id → expiry, Unix seconds
	// next is the earliest expiry in used, when a sweep can free memory;
	// swept is when the last sweep was.
	next, swept int64
}

// NewChallenger makes a Challenger. The secret signs the tokens: at least
// 16 random bytes (32 is good), the same on every replica, kept out of
// the repository; changing it voids the tokens in flight.
func NewChallenger(secret []byte, opts ChallengeOptions) (*Challenger, error) {
	if len(secret) < minSecretLen {
		return nil, fmt.Errorf("participation: challenge secret of %d bytes, want at least %d", len(secret), minSecretLen)
	}
	c := &Challenger{
		signKey:   deriveKey(secret, keySignLabel),
		answerKey: deriveKey(secret, keyAnswerLabel),
		bits:      opts.Bits,
		ttl:       opts.TTL,
		now:       opts.Now,
		maxUsed:   opts.MaxUsed,
		used:      make(map[[tokenIDLen]byte]int64),
	}
	switch {
	case c.bits == 0:
		c.bits = DefaultChallengeBits
	case c.bits < 1 || c.bits > MaxChallengeBits:
		return nil, fmt.Errorf("participation: challenge bits %d, want 1 to %d", c.bits, MaxChallengeBits)
	}
	switch {
	case c.ttl == 0:
		c.ttl = DefaultChallengeTTL
	case c.ttl < time.Second:
		return nil, fmt.Errorf("participation: challenge TTL %v, want at least a second", c.ttl)
	}
	if c.now == nil {
		c.now = time.Now
	}
	switch {
	case c.maxUsed == 0:
		c.maxUsed = DefaultChallengeMaxUsed
	case c.maxUsed < 0:
		return nil, fmt.Errorf("participation: challenge MaxUsed %d is negative", c.maxUsed)
	}
	return c, nil
}

// deriveKey gives each use of the secret its own key.
func deriveKey(secret []byte, label string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Issue draws a new challenge. It keeps no state: a form may be shown
// any number of times, and a challenge never used costs nothing.
func (c *Challenger) Issue() Challenge {
	var r [tokenIDLen + 3]byte
	rand.Read(r[:]) // never fails, see crypto/rand.Read
	var id [tokenIDLen]byte
	copy(id[:], r[:])
	q, answer := question(r[tokenIDLen], r[tokenIDLen+1], r[tokenIDLen+2])

	body := make([]byte, 0, tokenLen)
	body = append(body, tokenVersion)
	body = append(body, id[:]...)
	body = binary.BigEndian.AppendUint64(body, uint64(c.now().Unix()))
	body = append(body, byte(c.bits))
	body = append(body, c.answerTag(id, answer)...)
	body = append(body, c.sign(body)...)
	return Challenge{Token: base64.RawURLEncoding.EncodeToString(body), Bits: c.bits, Question: q}
}

func (c *Challenger) sign(body []byte) []byte {
	m := hmac.New(sha256.New, c.signKey)
	m.Write(body)
	return m.Sum(nil)[:tokenTagLen]
}

// answerTag binds the answer to the token without showing it: a plain
// hash of a number under a hundred is read back in a hundred tries.
func (c *Challenger) answerTag(id [tokenIDLen]byte, answer int) []byte {
	m := hmac.New(sha256.New, c.answerKey)
	m.Write(id[:])
	m.Write([]byte{byte(answer)})
	return m.Sum(nil)[:tokenTagLen]
}

// Verify checks a challenge a form sent back: the token from its hidden
// field, and either the nonce the script found (the "pow" field) or the
// citizen's answer to the question. A valid proof of work passes
// whatever the answer; a correct answer passes without a proof. A token
// passes once: any verdict on a genuine, unexpired token but
// ErrChallengeRequired uses it up, so that a wrong answer cannot be
// tried again on the same question. The error is a *ChallengeError.
func (c *Challenger) Verify(token, nonce, answer string) error {
	if len(token) != tokenTextLen {
		return challengeErr(ErrChallengeInvalid)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil || len(raw) != tokenLen || raw[0] != tokenVersion {
		return challengeErr(ErrChallengeInvalid)
	}
	body, mac := raw[:tokenBodyLen], raw[tokenBodyLen:]
	if !hmac.Equal(mac, c.sign(body)) {
		return challengeErr(ErrChallengeInvalid)
	}
	var id [tokenIDLen]byte
	copy(id[:], body[1:])
	issued := int64(binary.BigEndian.Uint64(body[1+tokenIDLen:]))
	bits := int(body[1+tokenIDLen+8])
	tag := body[1+tokenIDLen+8+1:]

	now := c.now()
	expires := issued + int64(c.ttl/time.Second)
	switch {
	case issued > now.Add(challengeSkew).Unix():
		return challengeErr(ErrChallengeInvalid)
	case now.Unix() > expires:
		return challengeErr(ErrChallengeExpired)
	}

	nonce, answer = strings.TrimSpace(nonce), strings.TrimSpace(answer)
	if nonce == "" && answer == "" {
		return challengeErr(ErrChallengeRequired)
	}
	pass := nonce != "" && len(nonce) <= maxNonce && proofHolds(token, nonce, bits)
	if !pass && answer != "" {
		if n, ok := parseAnswer(answer); ok {
			pass = hmac.Equal(tag, c.answerTag(id, n))
		}
	}
	if err := c.use(id, expires, now.Unix()); err != nil {
		return err
	}
	if !pass {
		return challengeErr(ErrChallengeWrong)
	}
	return nil
}

// proofHolds reports whether SHA-256(token ":" nonce) starts with bits
// zero bits.
func proofHolds(token, nonce string, bits int) bool {
	sum := sha256.Sum256([]byte(token + ":" + nonce))
	return leadingZeroBits(sum[:]) >= bits
}

func leadingZeroBits(b []byte) int {
	n := 0
	for _, x := range b {
		if x != 0 {
			return n + bits.LeadingZeros8(x)
		}
		n += 8
	}
	return n
}

// use marks the token id used until it expires, or tells it was.
func (c *Challenger) use(id [tokenIDLen]byte, expires, now int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.used[id]; ok {
		return challengeErr(ErrChallengeUsed)
	}
	// Sweep out the expired ids when some have (c.next has passed), a
	// quarter of a TTL after the last sweep, or a second after it when
	// the map is full: the walk over the map is paid for by the tokens
	// used since, and a full map costs at most one walk a second.
	full := len(c.used) >= c.maxUsed
	if len(c.used) > 0 && now > c.next && (now-c.swept >= int64(c.ttl/time.Second)/4 || full && now > c.swept) {
		c.sweep(now)
	}
	if len(c.used) >= c.maxUsed {
		return challengeErr(ErrChallengeBusy)
	}
	if len(c.used) == 0 || expires < c.next {
		c.next = expires
	}
	c.used[id] = expires
	return nil
}

func (c *Challenger) sweep(now int64) {
	c.swept = now
	c.next = 0
	for id, exp := range c.used {
		if exp < now {
			delete(c.used, id)
		} else if c.next == 0 || exp < c.next {
			c.next = exp
		}
	}
}

// question draws a sum or a difference with an answer from 1 to 29,
// spelt in Vietnamese words so that a form filler must read the language.
func question(op, a, b byte) (text string, answer int) {
	x, y := 1+int(b)%9, 0
	if op%2 == 0 {
		y = 1 + int(a)%20
		text, answer = numberWords(y)+" cộng "+numberWords(x), y+x
	} else {
		y = 10 + int(a)%21
		text, answer = numberWords(y)+" trừ "+numberWords(x), y-x
	}
	r := []rune(text)
	r[0] = unicode.ToUpper(r[0])
	return string(r) + " bằng mấy? (viết số)", answer
}

var (
	digitWords = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}
	// digitValues reads a digit's word without diacritics, with the
	// variants of compounds and of the regions: "mốt" (21), "tư" (24),
	// "lăm", "nhăm" (15, 25), "bẩy" (7).
	digitValues = map[string]int{
		"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "nham": 5,
		"sau": 6, "bay": 7, "tam": 8, "chin": 9,
	}
)

// numberWords spells 0 to 99 in Vietnamese: "bảy", "mười lăm", "hai
// mươi mốt".
func numberWords(n int) string {
	tens, units := n/10, n%10
	switch {
	case tens == 0:
		return digitWords[units]
	case tens == 1 && units == 0:
		return "mười"
	case tens == 1 && units == 5:
		return "mười lăm"
	case tens == 1:
		return "mười " + digitWords[units]
	}
	s := digitWords[tens] + " mươi"
	switch units {
	case 0:
		return s
	case 1:
		return s + " mốt"
	case 4:
		return s + " tư"
	case 5:
		return s + " lăm"
	}
	return s + " " + digitWords[units]
}

// parseAnswer reads an answer as a citizen may type it: digits ("7"),
// or words with or without diacritics, in any case ("Bảy", "bay",
// "hai mươi mốt", "hai muoi mot"), perhaps after "số" or "là".
func parseAnswer(s string) (int, bool) {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for len(words) > 1 && (words[0] == "so" || words[0] == "la" || words[0] == "bang") {
		words = words[1:]
	}
	if len(words) == 1 && len(words[0]) <= 2 && words[0][0] >= '0' && words[0][0] <= '9' {
		n := 0
		for _, d := range words[0] {
			if d < '0' || d > '9' {
				return 0, false
			}
			n = n*10 + int(d-'0')
		}
		return n, true
	}
	return parseNumberWords(words)
}

// parseNumberWords reads 0 to 99 in Vietnamese words without diacritics
// ("muoi" stands for both "mười" and "mươi").
func parseNumberWords(w []string) (int, bool) {
	unit := func(s string) (int, bool) { v, ok := digitValues[s]; return v, ok }
	var tens int
	switch {
	case len(w) == 0 || len(w) > 3:
		return 0, false
	case w[0] == "muoi": // mười, mười lăm
		tens, w = 1, w[1:]
	case len(w) >= 2 && w[1] == "muoi": // hai mươi, hai mươi mốt
		t, ok := unit(w[0])
		if !ok || t < 2 {
			return 0, false
		}
		tens, w = t, w[2:]
	}
	switch len(w) {
	case 0:
		return tens * 10, tens > 0
	case 1:
		u, ok := unit(w[0])
		return tens*10 + u, ok && (tens == 0 || u > 0)
	}
	return 0, false
}
