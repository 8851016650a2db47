// minhbach: citizens' forms (comments, feedback, ratings) sent in place.
// Without this script the same forms post to the server, which answers
// with the status page or with the form and what to correct. With it:
// the anti-spam proof of work is solved in the background
// (/js/challenge.js), the form is sent with fetch, and the answer (the
// tracking code, or the problem) is announced in the form's status
// region, with focus moved there so screen readers read it.
(() => {
const D = document;
const forms = D.querySelectorAll("form[data-minhbach-form]");
if (!forms.length || !window.fetch || !window.FormData) return;
// say writes the answer: ok true (sent), false (not sent) or null (in
// progress, which must not say "sent").
const say = (form, text, ok, code) => {
  const box = form.querySelector("[data-minhbach-status]");
  if (!box) return;
  box.replaceChildren();
  const p = D.createElement("p");
  p.className = "notice" + (ok === true ? " notice-ok" : ok === false ? " notice-error" : "");
  p.setAttribute("tabindex", "-1");
  if (ok != null) {
    const b = D.createElement("strong");
    b.textContent = ok ? "Đã gửi. " : "Chưa gửi được. ";
    p.append(b);
  }
  p.append(text);
  if (code) {
    const a = D.createElement("a");
    a.href = "/theo-doi/" + code + "/";
    a.textContent = "Theo dõi ý kiến mã " + code;
    p.append(" ", a);
  }
  box.append(p);
  p.focus();
};
const mark = (form, field) => {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const name = (field || "").replace(/^scores\./, "score-").replace(/\[\d+\]$/, "");
  const el = name && form.querySelector('[name="' + name + '"]');
  if (el) el.setAttribute("aria-invalid", "true");
};
for (const form of forms) {
  const tok = form.querySelector("[data-minhbach-challenge]");
  const pow = form.querySelector('input[name="pow"]');
  let solving = null;
  let fresh = Promise.resolve(); // the fetch of a fresh token, if any
  const solve = () => {
    if (!solving && tok && tok.value && pow && window.minhbachSolve) {
      solving = window.minhbachSolve(tok.value, Number(tok.dataset.bits) || 18).then((n) => {
        pow.value = n;
        const q = form.querySelector("[data-minhbach-question]");
        if (q) q.hidden = true;
      }, () => {});
    }
    return solving || Promise.resolve();
  };
  // Solve while the citizen writes, so sending is instant.
  form.addEventListener("focusin", solve, { once: true });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const btn = form.querySelector('button[type="submit"]');
    if (btn) btn.disabled = true;
    say(form, "Đang gửi…", null);
    fresh.then(solve).then(() => fetch(form.action, {
      method: "POST", body: new FormData(form),
      headers: { Accept: "application/json", "Idempotency-Key": form.dataset.key || (form.dataset.key = String(Date.now()) + Math.random().toString(36).slice(2)) },
    })).then((r) => r.json().then((j) => [r, j], () => [r, null]), () => [null, null]).then(([r, j]) => {
      if (btn) btn.disabled = false;
      if (!r) return say(form, "Không kết nối được máy chủ. Hãy thử lại.", false);
      // A token is good once, and the server uses it up whatever it
      // makes of the submission: take a fresh one for the next try.
      if (tok && pow) {
        pow.value = "";
        solving = null;
        fresh = fetch("/api/challenge").then((c) => c.json()).then((c) => {
          tok.value = c.token || "";
          tok.dataset.bits = c.bits || "";
        }, () => {});
      }
      if (r.ok && j && j.code) {
        form.reset();
        delete form.dataset.key;
        return say(form, "Mã theo dõi của bạn là " + j.code + ". Hãy ghi lại mã này.", true, j.code);
      }
      const msg = j && j.error ? String(j.error).split(" / ")[0] : "Lỗi " + r.status;
      // "field: problem": the field is for the script, the problem for
      // the citizen.
      const field = /^[\w.\[\]]+: /.test(msg) ? msg.split(":")[0] : "";
      mark(form, field);
      say(form, (field ? msg.slice(field.length + 2) : msg) + ".", false);
    });
  });
}
})();
