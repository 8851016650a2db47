// minhbach: "Trang này có hữu ích không?" sent in place. Without this
// script the form posts to the server, which asks the anti-spam question
// on a page of its own, then thanks the reader on another. With it:
// "Có" is sent at once; "Không" first opens the box for a few words and
// a "Gửi ý kiến" button; the proof of work is solved while the reader is
// on the form, with a challenge from /api/challenge (the built page has
// none, so it stays a plain cached file) and /js/challenge.js, loaded
// then if the page has not; the vote goes with fetch, and the thanks are
// said in the form's status region, with the focus moved there so that
// screen readers read it. The page does not reload.
(() => {
const D = document, form = D.querySelector("form[data-minhbach-useful]");
if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
const q = (s) => form.querySelector(s),
  box = q("[data-minhbach-useful-status]"), more = q("[data-minhbach-useful-more]"),
  choice = q("[data-minhbach-useful-choice]"), send = q("[data-minhbach-useful-send]");
if (!box || !more || !choice || !send) return;
more.hidden = true; // until "Không": one line at the foot of the page
// say writes a message: ok true (sent), false (not sent) or null (in
// progress, which must not say "sent").
const say = (text, ok) => {
  const p = D.createElement("p");
  p.className = "notice" + (ok === true ? " notice-ok" : ok === false ? " notice-error" : "");
  p.tabIndex = -1;
  if (ok === false) {
    const b = D.createElement("strong");
    b.textContent = "Chưa gửi được. ";
    p.append(b);
  }
  p.append(text);
  box.replaceChildren(p);
  if (ok != null) p.focus();
};
// The script that solves the proof of work: the page's own, or loaded.
const solver = () => window.minhbachSolve ? Promise.resolve(window.minhbachSolve) : new Promise((ok, no) => {
  const s = D.createElement("script");
  s.src = "/js/challenge.js";
  s.onload = () => window.minhbachSolve ? ok(window.minhbachSolve) : no(new Error("no solver"));
  s.onerror = no;
  D.head.append(s);
});
// ready is the challenge's fields for the next send, fetched and solved
// once the reader touches the form: {} when the server asks none. A
// token is good once, so each send takes a fresh one.
let ready = null;
const prepare = () => ready || (ready = fetch("/api/challenge", { headers: { Accept: "application/json" } })
  .then((r) => r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status)))
  .then((c) => !c.token ? {} : solver().then((solve) => solve(c.token, c.bits || 18)).then((pow) => ({ challenge: c.token, pow })))
  .catch((e) => { ready = null; throw e; })); // a failure is tried again at the next send
const touched = () => {
  ["focusin", "pointerdown"].forEach((e) => form.removeEventListener(e, touched));
  prepare().catch(() => {}); // the send says what went wrong
};
["focusin", "pointerdown"].forEach((e) => form.addEventListener(e, touched));
let last = ""; // the button pressed, for browsers without SubmitEvent.submitter
form.addEventListener("click", (ev) => {
  const b = ev.target.closest && ev.target.closest('button[name="useful"]');
  if (b) last = b.value;
});
form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const useful = (ev.submitter && ev.submitter.value) || last;
  if (useful === "no" && more.hidden) {
    // First "Không": a few words may say what is missing.
    more.hidden = false;
    choice.hidden = true;
    send.hidden = false;
    more.querySelector("textarea").focus();
    return;
  }
  const buttons = form.querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  say("Đang gửi…", null);
  const body = new URLSearchParams(new FormData(form));
  body.set("useful", useful === "yes" ? "yes" : "no");
  prepare().then((c) => {
    if (c.challenge) {
      body.set("challenge", c.challenge);
      body.set("pow", c.pow);
    }
  }, () => {}).then(() => fetch(form.action, { method: "POST", body, headers: { Accept: "application/json" } }))
    .then((r) => r.json().then((j) => [r, j], () => [r, null]), () => [null, null]).then(([r, j]) => {
      ready = null;
      buttons.forEach((b) => { b.disabled = false; });
      if (r && r.ok) {
        q("fieldset").hidden = true;
        return say("Cảm ơn bạn đã góp ý. Câu trả lời giúp Sở làm trang rõ hơn.", true);
      }
      let msg = "Không kết nối được máy chủ. Hãy thử lại.";
      if (r) {
        // "field: problem": the field is for scripts, the problem for the reader.
        msg = j && j.error ? String(j.error).split(" / ")[0].replace(/^[\w.]+: /, "") + "." : "Cổng chưa nhận câu trả lời lúc này (lỗi " + r.status + "). Hãy thử lại sau.";
      }
      say(msg, false);
    });
});
})();
