package participation

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

// testClock is a clock the test moves; tests that move it do not verify
// concurrently.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time      { return c.t }
func (c *testClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newTestClock() *testClock           { return &testClock{time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)} }
func testChallenger(t testing.TB, clock *testClock, opts ChallengeOptions) *Challenger {
	t.Helper()
	opts.Now = clock.now
	c, err := NewChallenger(testSecret, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// solveProof finds a nonce as challenge.js does.
func solveProof(token string, bits int) string {
	for i := 0; ; i++ {
		if n := strconv.Itoa(i); proofHolds(token, n, bits) {
			return n
		}
	}
}

// weakProof finds a nonce whose hash starts with fewer than bits zero bits
// but at least min.
func weakProof(token string, min, bits int) string {
	for i := 0; ; i++ {
		n := strconv.Itoa(i)
		sum := sha256.Sum256([]byte(token + ":" + n))
		if z := leadingZeroBits(sum[:]); z >= min && z < bits {
			return n
		}
	}
}

var questionRE = regexp.MustCompile(`^(\p{Lu}[\p{L} ]*) (cộng|trừ) ([\p{L} ]+) bằng mấy\? \(viết số\)$`)

// answerOf answers a question as a citizen would.
func answerOf(t testing.TB, q string) int {
	t.Helper()
	m := questionRE.FindStringSubmatch(q)
	if m == nil {
		t.Fatalf("question %q is not of the expected form", q)
	}
	a, ok1 := parseAnswer(m[1])
	b, ok2 := parseAnswer(m[3])
	if !ok1 || !ok2 {
		t.Fatalf("question %q: cannot read its numbers", q)
	}
	if m[2] == "cộng" {
		return a + b
	}
	return a - b
}

// noMarks writes Vietnamese as typed without diacritics.
func noMarks(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestChallengeVerify(t *testing.T) {
	const bits = 10
	type form struct{ token, nonce, answer string }
	right := func(c Challenge) string { return strconv.Itoa(answerOf(t, c.Question)) }
	words := func(c Challenge) string { return numberWords(answerOf(t, c.Question)) }
	tests := []struct {
		name string
		// issueAt and verifyAt are offsets from the start of the clock;
		// other issues the challenge with another secret.
		issueAt, verifyAt time.Duration
		other             bool
		form              func(c Challenge) form
		want              *ChallengeError
	}{
		{name: "proof of work", form: func(c Challenge) form { return form{c.Token, solveProof(c.Token, bits), ""} }},
		{name: "proof with spaces around", form: func(c Challenge) form { return form{c.Token, " " + solveProof(c.Token, bits) + "\n", ""} }},
		{name: "answer in digits", form: func(c Challenge) form { return form{c.Token, "", right(c)} }},
		{name: "answer in words", form: func(c Challenge) form { return form{c.Token, "", words(c)} }},
		{name: "answer without diacritics", form: func(c Challenge) form { return form{c.Token, "", noMarks(words(c))} }},
		{name: "answer in capitals", form: func(c Challenge) form { return form{c.Token, "", strings.ToUpper(words(c))} }},
		{name: "answer after số", form: func(c Challenge) form { return form{c.Token, "", "số " + right(c) + "."} }},
		{name: "weak proof, right answer", form: func(c Challenge) form { return form{c.Token, weakProof(c.Token, 0, bits), right(c)} }},
		{name: "proof, wrong answer", form: func(c Challenge) form { return form{c.Token, solveProof(c.Token, bits), "99"} }},
		{name: "wrong answer", form: func(c Challenge) form {
			n, _ := strconv.Atoi(right(c))
			return form{c.Token, "", strconv.Itoa(n + 1)}
		}, want: ErrChallengeWrong},
		{name: "unreadable answer", form: func(c Challenge) form { return form{c.Token, "", "bảy mươi bảy mươi"} }, want: ErrChallengeWrong},
		{name: "proof one bit short", form: func(c Challenge) form { return form{c.Token, weakProof(c.Token, bits-1, bits), ""} }, want: ErrChallengeWrong},
		{name: "nonce too long", form: func(c Challenge) form { return form{c.Token, strings.Repeat("7", maxNonce+1), ""} }, want: ErrChallengeWrong},
		{name: "neither proof nor answer", form: func(c Challenge) form { return form{c.Token, "", ""} }, want: ErrChallengeRequired},
		{name: "blank fields", form: func(c Challenge) form { return form{c.Token, " ", "\t"} }, want: ErrChallengeRequired},
		{name: "empty token", form: func(c Challenge) form { return form{"", "1", "1"} }, want: ErrChallengeInvalid},
		{name: "truncated token", form: func(c Challenge) form { return form{c.Token[:len(c.Token)-1], "", right(c)} }, want: ErrChallengeInvalid},
		{name: "token with a changed character", form: func(c Challenge) form {
			b := []byte(c.Token)
			b[30] = map[bool]byte{true: 'B', false: 'A'}[b[30] == 'A']
			return form{string(b), "", right(c)}
		}, want: ErrChallengeInvalid},
		{name: "token's padding bits set", form: func(c Challenge) form {
			// The last character carries 2 bits of the token and 4 of
			// padding; a second spelling of the same bytes is refused.
			b := []byte(c.Token)
			const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
			b[len(b)-1] = alpha[strings.IndexByte(alpha, b[len(b)-1])^1]
			return form{string(b), "", right(c)}
		}, want: ErrChallengeInvalid},
		{name: "token of the right length, not base64", form: func(c Challenge) form { return form{strings.Repeat("!", len(c.Token)), "", right(c)} }, want: ErrChallengeInvalid},
		{name: "signed with another secret", other: true, form: func(c Challenge) form { return form{c.Token, solveProof(c.Token, bits), right(c)} }, want: ErrChallengeInvalid},
		{name: "at the end of its TTL", verifyAt: DefaultChallengeTTL, form: func(c Challenge) form { return form{c.Token, "", right(c)} }},
		{name: "expired", verifyAt: DefaultChallengeTTL + time.Second, form: func(c Challenge) form { return form{c.Token, solveProof(c.Token, bits), right(c)} }, want: ErrChallengeExpired},
		{name: "issued by a replica a little ahead", issueAt: 30 * time.Second, form: func(c Challenge) form { return form{c.Token, "", right(c)} }},
		{name: "issued in the future", issueAt: challengeSkew + 2*time.Second, form: func(c Challenge) form { return form{c.Token, "", right(c)} }, want: ErrChallengeInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := newTestClock()
			start := clock.t
			issuer := testChallenger(t, clock, ChallengeOptions{Bits: bits})
			if tc.other {
				var err error
				issuer, err = NewChallenger([]byte("another secret, 32 bytes long..."), ChallengeOptions{Bits: bits, Now: clock.now})
				if err != nil {
					t.Fatal(err)
				}
			}
			verifier := testChallenger(t, clock, ChallengeOptions{Bits: bits})
			clock.t = start.Add(tc.issueAt)
			c := issuer.Issue()
			f := tc.form(c)
			clock.t = start.Add(tc.verifyAt)
			err := verifier.Verify(f.token, f.nonce, f.answer)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Verify(%q, %q, %q) for %q: %v", f.token, f.nonce, f.answer, c.Question, err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify(%q, %q, %q) for %q: %v, want %v", f.token, f.nonce, f.answer, c.Question, err, tc.want)
			}
			var ce *ChallengeError
			if !errors.As(err, &ce) || ce == tc.want || err.Error() != tc.want.VI+" / "+tc.want.EN {
				t.Fatalf("error %#v is not a fresh *ChallengeError %q", err, tc.want)
			}
		})
	}
}

func TestChallengeOnce(t *testing.T) {
	clock := newTestClock()
	a := testChallenger(t, clock, ChallengeOptions{Bits: 8})
	b := testChallenger(t, clock, ChallengeOptions{Bits: 8})
	type try struct {
		by            *Challenger
		nonce, answer string // "ANSWER" stands for the right answer, "POW" and "WEAK" for a good and a weak proof
		want          *ChallengeError
	}
	for _, tc := range []struct {
		name  string
		tries []try
	}{
		{"a proof passes once", []try{{a, "POW", "", nil}, {a, "POW", "", ErrChallengeUsed}, {a, "", "ANSWER", ErrChallengeUsed}}},
		{"an answer passes once", []try{{a, "", "ANSWER", nil}, {a, "", "ANSWER", ErrChallengeUsed}}},
		{"a wrong answer uses the token up", []try{{a, "", "0", ErrChallengeWrong}, {a, "", "ANSWER", ErrChallengeUsed}}},
		{"a weak proof uses the token up", []try{{a, "WEAK", "", ErrChallengeWrong}, {a, "POW", "", ErrChallengeUsed}}},
		{"asking for the question does not", []try{{a, "", "", ErrChallengeRequired}, {a, "", "ANSWER", nil}}},
		// Each replica remembers its own: the store's idempotency and the
		// rate limits cover the rest (see Challenger).
		{"another replica verifies", []try{{b, "POW", "", nil}, {b, "POW", "", ErrChallengeUsed}, {a, "POW", "", nil}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := a.Issue()
			ans := strconv.Itoa(answerOf(t, c.Question))
			for i, tr := range tc.tries {
				nonce, answer := tr.nonce, tr.answer
				switch nonce {
				case "POW":
					nonce = solveProof(c.Token, c.Bits)
				case "WEAK":
					nonce = weakProof(c.Token, 0, c.Bits)
				}
				if answer == "ANSWER" {
					answer = ans
				}
				err := tr.by.Verify(c.Token, nonce, answer)
				if tr.want == nil && err != nil || tr.want != nil && !errors.Is(err, tr.want) {
					t.Fatalf("try %d: %v, want %v", i+1, err, tr.want)
				}
			}
		})
	}
}

func TestChallengeBitsTravelInTheToken(t *testing.T) {
	clock := newTestClock()
	hard := testChallenger(t, clock, ChallengeOptions{Bits: 12})
	easy := testChallenger(t, clock, ChallengeOptions{Bits: 4})
	c := hard.Issue()
	if c.Bits != 12 {
		t.Fatalf("Bits %d, want 12", c.Bits)
	}
	// The easy replica still asks the token's 12 bits...
	if err := easy.Verify(c.Token, weakProof(c.Token, 4, 12), ""); !errors.Is(err, ErrChallengeWrong) {
		t.Fatalf("a 4-bit proof of a 12-bit token: %v", err)
	}
	// ...and the hard one honours a 4-bit token in flight.
	e := easy.Issue()
	if err := hard.Verify(e.Token, solveProof(e.Token, 4), ""); err != nil {
		t.Fatalf("a 4-bit token at the 12-bit replica: %v", err)
	}
}

func TestChallengeMemory(t *testing.T) {
	clock := newTestClock()
	const ttl = time.Minute
	c := testChallenger(t, clock, ChallengeOptions{Bits: 4, TTL: ttl, MaxUsed: 3})
	pass := func(ch Challenge) error { return c.Verify(ch.Token, solveProof(ch.Token, 4), "") }
	first := []Challenge{c.Issue(), c.Issue(), c.Issue()}
	for _, ch := range first {
		if err := pass(ch); err != nil {
			t.Fatal(err)
		}
	}
	clock.add(30 * time.Second)
	late := c.Issue()
	if err := pass(late); !errors.Is(err, ErrChallengeBusy) {
		t.Fatalf("a fourth token with three remembered: %v, want busy", err)
	}
	clock.add(ttl/2 + time.Second) // the first three have expired, late has not
	if err := pass(late); err != nil {
		t.Fatalf("after the first three expired: %v", err)
	}
	if n := len(c.used); n != 1 {
		t.Errorf("%d tokens remembered, want 1", n)
	}
	if err := pass(first[0]); !errors.Is(err, ErrChallengeExpired) {
		t.Errorf("a replay of a forgotten token: %v, want expired", err)
	}

	// Without filling up, the memory is swept a quarter of a TTL on.
	clock = newTestClock()
	c = testChallenger(t, clock, ChallengeOptions{Bits: 1, TTL: ttl})
	for range 100 {
		if err := pass(c.Issue()); err != nil {
			t.Fatal(err)
		}
	}
	clock.add(ttl + ttl/4 + time.Second)
	if err := pass(c.Issue()); err != nil {
		t.Fatal(err)
	}
	if n := len(c.used); n != 1 {
		t.Errorf("%d tokens remembered after the sweep, want 1", n)
	}
}

func TestChallengeConcurrent(t *testing.T) {
	clock := newTestClock()
	c := testChallenger(t, clock, ChallengeOptions{Bits: 4})
	ch := c.Issue()
	nonce := solveProof(ch.Token, 4)
	const n = 32
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			// Others issue and pass their own tokens meanwhile.
			own := c.Issue()
			if err := c.Verify(own.Token, solveProof(own.Token, 4), ""); err != nil {
				t.Error(err)
			}
			errs[i] = c.Verify(ch.Token, nonce, "")
		})
	}
	wg.Wait()
	passed := 0
	for _, err := range errs {
		switch {
		case err == nil:
			passed++
		case !errors.Is(err, ErrChallengeUsed):
			t.Errorf("unexpected %v", err)
		}
	}
	if passed != 1 {
		t.Errorf("the same token passed %d times, want once", passed)
	}
}

func TestChallengeOptions(t *testing.T) {
	for _, tc := range []struct {
		name     string
		secret   []byte
		opts     ChallengeOptions
		wantBits int
		ok       bool
	}{
		{"defaults", testSecret, ChallengeOptions{}, DefaultChallengeBits, true},
		{"one bit", testSecret, ChallengeOptions{Bits: 1}, 1, true},
		{"most bits", testSecret, ChallengeOptions{Bits: MaxChallengeBits}, MaxChallengeBits, true},
		{"too many bits", testSecret, ChallengeOptions{Bits: MaxChallengeBits + 1}, 0, false},
		{"negative bits", testSecret, ChallengeOptions{Bits: -1}, 0, false},
		{"short secret", testSecret[:15], ChallengeOptions{}, 0, false},
		{"no secret", nil, ChallengeOptions{}, 0, false},
		{"negative TTL", testSecret, ChallengeOptions{TTL: -time.Minute}, 0, false},
		{"TTL under a second", testSecret, ChallengeOptions{TTL: time.Millisecond}, 0, false},
		{"negative MaxUsed", testSecret, ChallengeOptions{MaxUsed: -1}, 0, false},
	} {
		c, err := NewChallenger(tc.secret, tc.opts)
		if (err == nil) != tc.ok {
			t.Errorf("%s: error %v, want ok %v", tc.name, err, tc.ok)
			continue
		}
		if err != nil {
			continue
		}
		if got := c.Issue().Bits; got != tc.wantBits {
			t.Errorf("%s: Bits %d, want %d", tc.name, got, tc.wantBits)
		}
		if c.ttl != DefaultChallengeTTL || c.maxUsed != DefaultChallengeMaxUsed || c.now == nil {
			t.Errorf("%s: defaults not set: %v %d", tc.name, c.ttl, c.maxUsed)
		}
	}
}

func TestChallengeQuestions(t *testing.T) {
	clock := newTestClock()
	c := testChallenger(t, clock, ChallengeOptions{Bits: 1})
	tokenRE := regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	seen := map[int]int{}
	const n = 2000
	for range n {
		ch := c.Issue()
		if len(ch.Token) != tokenTextLen || !tokenRE.MatchString(ch.Token) {
			t.Fatalf("token %q is not %d base64url characters", ch.Token, tokenTextLen)
		}
		a := answerOf(t, ch.Question)
		if a < 1 || a > 29 {
			t.Fatalf("%q: answer %d out of 1..29", ch.Question, a)
		}
		seen[a]++
		if err := c.Verify(ch.Token, "", numberWords(a)); err != nil {
			t.Fatalf("%q answered %q: %v", ch.Question, numberWords(a), err)
		}
	}
	if len(seen) != 29 {
		t.Errorf("answers drawn: %v, want all of 1..29", seen)
	}
	for a, k := range seen {
		if k > n/12 {
			t.Errorf("answer %d came %d times in %d: too easy to guess", a, k, n)
		}
	}
}

func TestChallengeAnswers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int // -1: refused
	}{
		{"7", 7}, {" 07 ", 7}, {"７", 7}, {"7.", 7}, {"số 7", 7}, {"là bảy", 7}, {"bằng 7", 7},
		{"bảy", 7}, {"Bảy", 7}, {"BẢY", 7}, {"bẩy", 7}, {"bay", 7},
		{"không", 0}, {"mười", 10}, {"mười lăm", 15}, {"muoi lam", 15}, {"mười năm", 15},
		{"hai mươi", 20}, {"hai mươi mốt", 21}, {"hai muoi mot", 21}, {"hai mươi một", 21},
		{"hai mươi tư", 24}, {"hai mươi bốn", 24}, {"hai mươi lăm", 25}, {"hai mươi nhăm", 25},
		{"Hai Mươi Chín", 29}, {"chín mươi chín", 99}, {"mười-một", 11},
		{"", -1}, {"abc", -1}, {"100", -1}, {"777", -1}, {"7 8", -1}, {"bảy tám", -1},
		{"mười mười", -1}, {"một mươi", -1}, {"hai mươi không", -1}, {"mươi mươi mươi mươi", -1},
		{"số", -1}, {"-7", 7}, {"7a", -1},
	} {
		got, ok := parseAnswer(tc.in)
		if !ok {
			got = -1
		}
		if got != tc.want {
			t.Errorf("parseAnswer(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
	for n := range 100 {
		w := numberWords(n)
		for _, s := range []string{w, noMarks(w), strings.ToUpper(w), strconv.Itoa(n)} {
			if got, ok := parseAnswer(s); !ok || got != n {
				t.Errorf("parseAnswer(%q) = %d, %v, want %d", s, got, ok, n)
			}
		}
	}
	for n, want := range map[int]string{0: "không", 7: "bảy", 10: "mười", 14: "mười bốn", 15: "mười lăm", 21: "hai mươi mốt", 24: "hai mươi tư", 25: "hai mươi lăm", 30: "ba mươi"} {
		if got := numberWords(n); got != want {
			t.Errorf("numberWords(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestChallengeErrorText(t *testing.T) {
	all := []*ChallengeError{ErrChallengeRequired, ErrChallengeWrong, ErrChallengeExpired, ErrChallengeInvalid, ErrChallengeUsed, ErrChallengeBusy}
	for i, e := range all {
		if e.VI == "" || e.EN == "" || e.Error() != e.VI+" / "+e.EN {
			t.Errorf("%#v: Error() %q", e, e.Error())
		}
		for j, o := range all {
			if errors.Is(e, o) != (i == j) {
				t.Errorf("errors.Is(%q, %q) = %v", e.EN, o.EN, i != j)
			}
		}
	}
}

// The harness loads challenge.js into a fresh JavaScript context with a
// fake window and DOM, as a page would, then reports what it did. The
// page has two forms with question boxes: one marked as the script's
// comment describes (data-token on the form, no pow input), one as
// layouts/participation/form.html marks it (the token in a hidden input,
// the pow input there already). It reads its input as JSON on stdin.
const challengeHarness = `
const fs = require("fs"), vm = require("vm");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const powInput = (tag) => {
  const el = { tag };
  let v = "";
  el.set = new Promise((r) => Object.defineProperty(el, "value", { get: () => v, set: (x) => { v = x; r(x); } }));
  return el;
};
const makeForm = (pow) => {
  const answer = { disabled: false }, listeners = {};
  const f = {
    answer, listeners, pow, appended: [],
    question: { hidden: false, contains: () => false, querySelectorAll: () => [answer] },
    addEventListener: (t, fn) => { (listeners[t] = listeners[t] || []).push(fn); },
    removeEventListener: (t, fn) => { listeners[t] = (listeners[t] || []).filter((x) => x !== fn); },
    contains: () => false,
    querySelector: (s) => s == "[data-minhbach-question]" ? f.question : s == 'input[name="pow"]' ? f.pow : null,
    append: (el) => { f.appended.push(el); f.pow = el; },
  };
  return f;
};
const a = makeForm(null);
a.dataset = { token: input.formToken, bits: String(input.bits) };
const b = makeForm(powInput("input"));
const tokenInput = { form: b, value: input.inputToken, dataset: { bits: String(input.bits) } };
let created = false, madeIt;
const made = new Promise((r) => { madeIt = r; });
const document = {
  currentScript: null, activeElement: null,
  querySelectorAll: (s) => s == "[data-minhbach-challenge]" ? [a, tokenInput] : [],
  createElement: (tag) => { created = true; const el = powInput(tag); madeIt(el); return el; },
};
const ctx = vm.createContext({ document, setTimeout });
ctx.window = ctx;
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), ctx, { filename: "challenge.js" });
const listening = (f) => Object.keys(f.listeners).filter((k) => f.listeners[k].length).sort().join(" ");
const report = (f) => ({
  appended: f.appended.map((e) => [e.tag, e.type, e.name].join(" ")),
  hidden: f.question.hidden, disabled: f.answer.disabled, stillListening: listening(f),
});
(async () => {
  const out = {};
  out.digests = input.messages.map((h) => ctx.minhbachSolve.hash(Uint8Array.from(Buffer.from(h, "hex"))));
  out.listening = [listening(a), listening(b)];
  const t0 = performance.now();
  out.nonce = await ctx.minhbachSolve(input.token, input.bits);
  out.ms = performance.now() - t0;
  out.memo = ctx.minhbachSolve(input.token, input.bits) === ctx.minhbachSolve(input.token, input.bits);
  out.rejected = await ctx.minhbachSolve("not a token!", 18).then(() => false, () => true);
  out.startedEarly = created || b.pow.value != "";
  a.listeners.focusin[0]();
  b.listeners.pointerdown[0]();
  out.formNonce = await (await made).set;
  out.inputNonce = await b.pow.set;
  out.forms = [report(a), report(b)];
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`

// TestChallengeScript runs layouts/static/js/challenge.js in Node: its
// SHA-256 must agree with crypto/sha256, its nonces must pass Verify, and
// it must fill in the form. Node is a dependency of the project (Dart
// Sass), so its absence fails the test.
func TestChallengeScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not installed (the project needs it for Dart Sass): %v", err)
	}
	script, err := filepath.Abs(filepath.Join("..", "layouts", "static", "js", "challenge.js"))
	if err != nil {
		t.Fatal(err)
	}
	harness := filepath.Join(t.TempDir(), "harness.js")
	if err := os.WriteFile(harness, []byte(challengeHarness), 0o644); err != nil {
		t.Fatal(err)
	}

	clock := newTestClock()
	c := testChallenger(t, clock, ChallengeOptions{})
	direct, viaForm, viaInput := c.Issue(), c.Issue(), c.Issue()
	var messages [][]byte
	for _, n := range []int{0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000} {
		m := make([]byte, n)
		for i := range m {
			m[i] = byte(i*7 + n)
		}
		messages = append(messages, m)
	}
	messages = append(messages, []byte("abc"), []byte("Góp ý về dự thảo quy hoạch: đường Hoàng Hoa Thám"), []byte(direct.Token+":12345"))
	var in struct {
		Messages   []string `json:"messages"`
		Token      string   `json:"token"`
		FormToken  string   `json:"formToken"`
		InputToken string   `json:"inputToken"`
		Bits       int      `json:"bits"`
	}
	for _, m := range messages {
		in.Messages = append(in.Messages, hex.EncodeToString(m))
	}
	in.Token, in.FormToken, in.InputToken, in.Bits = direct.Token, viaForm.Token, viaInput.Token, direct.Bits
	stdin, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, harness, script)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	type formReport struct {
		Appended       []string `json:"appended"`
		Hidden         bool     `json:"hidden"`
		Disabled       bool     `json:"disabled"`
		StillListening string   `json:"stillListening"`
	}
	var out struct {
		Digests      []string     `json:"digests"`
		Listening    []string     `json:"listening"`
		Nonce        string       `json:"nonce"`
		MS           float64      `json:"ms"`
		Memo         bool         `json:"memo"`
		Rejected     bool         `json:"rejected"`
		StartedEarly bool         `json:"startedEarly"`
		FormNonce    string       `json:"formNonce"`
		InputNonce   string       `json:"inputNonce"`
		Forms        []formReport `json:"forms"`
	}
	if err := json.Unmarshal(stdout, &out); err != nil {
		t.Fatalf("harness output %q: %v", stdout, err)
	}

	if len(out.Digests) != len(messages) {
		t.Fatalf("%d digests for %d messages", len(out.Digests), len(messages))
	}
	for i, m := range messages {
		if want := sha256.Sum256(m); out.Digests[i] != hex.EncodeToString(want[:]) {
			t.Errorf("SHA-256 of %d bytes: script %s, Go %x", len(m), out.Digests[i], want)
		}
	}
	if err := c.Verify(direct.Token, out.Nonce, ""); err != nil {
		t.Errorf("minhbachSolve's nonce %q: %v", out.Nonce, err)
	}
	t.Logf("minhbachSolve at %d bits: nonce %s in %.0f ms", direct.Bits, out.Nonce, out.MS)
	if !out.Rejected {
		t.Error("minhbachSolve accepted a malformed token")
	}
	if !out.Memo {
		t.Error("minhbachSolve gave two promises for one token")
	}
	for i, l := range out.Listening {
		if l != "change focusin keydown pointerdown" {
			t.Errorf("form %d, before it is touched: listening to %q", i+1, l)
		}
	}
	if out.StartedEarly {
		t.Error("the forms' work started before they were touched")
	}
	if err := c.Verify(viaForm.Token, out.FormNonce, ""); err != nil {
		t.Errorf("the form's nonce %q: %v", out.FormNonce, err)
	}
	if err := c.Verify(viaInput.Token, out.InputNonce, ""); err != nil {
		t.Errorf("the nonce of the form with a token input %q: %v", out.InputNonce, err)
	}
	if len(out.Forms) != 2 {
		t.Fatalf("reports on %d forms, want 2", len(out.Forms))
	}
	for i, want := range [][]string{{"input hidden pow"}, nil} {
		f := out.Forms[i]
		if strings.Join(f.Appended, ",") != strings.Join(want, ",") {
			t.Errorf("form %d: appended %q, want %q", i+1, f.Appended, want)
		}
		if !f.Hidden || !f.Disabled || f.StillListening != "" {
			t.Errorf("form %d once solved: question hidden %v, its input disabled %v, still listening to %q", i+1, f.Hidden, f.Disabled, f.StillListening)
		}
	}
}
