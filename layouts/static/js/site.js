// minhbach: progressive enhancement only; the site works without it.
// Three things, each skipped where the browser lacks what it needs:
// print buttons, states shown as of the day the page is read, and
// suggestions under every search box.
(() => {
"use strict";
const D = document;

// h("tag", {attributes}, ...children) builds an element with DOM calls
// only: no HTML strings, so no title from the index can inject markup.
const h = (tag, attrs, ...kids) => {
  const e = D.createElement(tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  e.append(...kids.filter((k) => k !== null && k !== undefined && k !== false));
  return e;
};

// Print buttons: hidden in the page, since without a script they could
// do nothing; the page's text says how to print from the browser.
for (const b of D.querySelectorAll("button[data-print]")) {
  b.hidden = false;
  b.addEventListener("click", () => window.print());
}

// States that change with the date (a comment period, a law's force, a
// task's deadline) are written as of the build's day, with their course
// over the days in data-timeline. When the page is read on another day,
// the server's clock (not the phone's, which may be wrong) says which
// day it is, and each badge shows its state on that day.
const vnDay = (d) => {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  } catch (e) {
    return "";
  }
};
const shortDate = (iso) => iso.split("-").reverse().join("/");
const asOf = (today) => {
  for (const el of D.querySelectorAll("[data-timeline]")) {
    let rows;
    try {
      rows = JSON.parse(el.dataset.timeline);
    } catch (e) {
      continue;
    }
    let now = null;
    for (const r of rows) if (Array.isArray(r) && r.length === 3 && r[0] <= today) now = r;
    if (!now) continue;
    // A group of notices, one per state: show the day's one.
    const states = el.querySelectorAll(":scope > [data-state]");
    if (states.length) {
      for (const s of states) s.hidden = s.dataset.state !== now[1];
      continue;
    }
    if (el.textContent === now[2]) continue;
    for (const c of [...el.classList]) if (c.startsWith("status-")) el.classList.remove(c);
    el.classList.add("status-" + now[1]);
    el.textContent = now[2];
    el.title = "Tính đến ngày " + shortDate(today);
  }
  for (const el of D.querySelectorAll("[data-asof]")) el.textContent = shortDate(today);
};
// readOn marks the page with the day the server gave, once it is known:
// what the page shows is then as of that day.
const readOn = (today) => {
  if (today && today !== built) asOf(today);
  if (today) D.documentElement.dataset.readOn = today;
};
const built = D.documentElement.dataset.built;
if (built && D.querySelector("[data-timeline]") && vnDay(new Date()) === built) {
  readOn(built); // the phone agrees with the build: nothing to ask
} else if (built && D.querySelector("[data-timeline]") && window.fetch) {
  fetch(location.pathname, { method: "HEAD", cache: "no-store", credentials: "omit" })
    .then((r) => {
      const d = new Date(r.headers.get("Date") || NaN);
      readOn(isNaN(d) ? "" : vnDay(d));
    })
    .catch(() => {}); // offline: the page's own dates still say what they mean
}

// Suggestions under every search box but the search page's own, which
// shows results as you type: the ARIA 1.2 combobox with a listbox, as
// the embed has. Titles come from /api/suggest; without the search
// service (a plain static host) the box stays a plain box.
const TYPES = { document: "Văn bản", procedure: "Thủ tục", disclosure: "Công khai", news: "Tin tức", answer: "Trả lời" };
const MIN_CHARS = 2, WAIT_MS = 150, SHOWN = 6;
const combobox = (input, n) => {
  const form = input.form, row = input.parentNode;
  if (!form || !row) return;
  const listID = "goi-y-" + n;
  const list = h("ul", { id: listID, role: "listbox", class: "suggest-list", "aria-label": "Gợi ý tìm kiếm" });
  const live = h("p", { class: "visually-hidden", role: "status" });
  list.hidden = true;
  row.classList.add("has-suggest");
  row.append(list);
  form.append(live);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listID);
  let items = [], active = -1, ctl = null, timer = 0, asked = "";
  const open = (yes) => {
    const show = yes && items.length > 0;
    list.hidden = !show;
    input.setAttribute("aria-expanded", String(show));
    if (!show) move(-1);
  };
  const move = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i < 0) input.removeAttribute("aria-activedescendant");
    else input.setAttribute("aria-activedescendant", list.children[i].id);
  };
  const follow = (i) => {
    const s = items[i];
    if (s && /^\/(?!\/)/.test(s.url)) location.assign(s.url);
  };
  // draw shows the answer to q. A new list starts with nothing chosen:
  // Enter then sends the form, as the person typed it.
  const draw = (q) => {
    move(-1);
    list.dataset.query = q;
    list.replaceChildren(...items.map((s, i) => h("li", { id: listID + "-" + i, role: "option", "aria-selected": "false", "data-i": String(i) },
      h("span", { class: "suggest-title" }, s.title),
      h("span", { class: "suggest-type" }, (s.type === "page" && s.section) || TYPES[s.type] || "Trang"))));
    live.textContent = items.length ? `Có ${items.length} gợi ý; dùng phím mũi tên để chọn.` : "";
    open(D.activeElement === input);
  };
  const ask = async () => {
    const q = input.value.trim();
    if (q === asked) return;
    asked = q;
    if (ctl) ctl.abort();
    if (q.length < MIN_CHARS) {
      items = [];
      draw(q);
      return;
    }
    const mine = (ctl = new AbortController());
    try {
      const r = await fetch("/api/suggest?" + new URLSearchParams({ q, n: SHOWN }), { signal: mine.signal, headers: { Accept: "application/json" } });
      const body = r.ok ? await r.json() : null;
      if (ctl !== mine) return;
      items = body && Array.isArray(body.suggestions) ? body.suggestions.filter((s) => s && s.title && s.url) : [];
    } catch (e) {
      if (ctl !== mine) return;
      items = [];
    }
    draw(q);
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, WAIT_MS);
  });
  input.addEventListener("keydown", (e) => {
    // Keys that compose a Vietnamese letter (Telex, VNI) are the input
    // method's, not ours.
    if (e.isComposing || e.keyCode === 229) return;
    const count = items.length;
    if ((e.key === "ArrowDown" || e.key === "ArrowUp") && count && !e.altKey) {
      e.preventDefault();
      if (list.hidden) open(true);
      move(e.key === "ArrowDown" ? (active + 1) % count : active <= 0 ? count - 1 : active - 1);
    } else if (e.key === "Enter" && !list.hidden && active >= 0) {
      e.preventDefault();
      follow(active);
    } else if (e.key === "Escape" && !list.hidden) {
      e.preventDefault();
      open(false);
    }
  });
  // Enter on a chosen suggestion opens it, not the search page: where
  // the browser still submits the form (a keypress it sends apart from
  // the keydown), the submission gives way too.
  form.addEventListener("submit", (e) => {
    if (!list.hidden && active >= 0) {
      e.preventDefault();
      follow(active);
    }
  });
  // Keep the focus in the box while a suggestion is clicked.
  list.addEventListener("mousedown", (e) => e.preventDefault());
  list.addEventListener("click", (e) => {
    const li = e.target.closest("li");
    if (li) follow(Number(li.dataset.i));
  });
  input.addEventListener("blur", () => open(false));
  input.addEventListener("focus", () => open(true));
};
if (window.fetch && window.AbortController) {
  D.querySelectorAll(".search-form input[type=search]:not([data-minhbach-q])").forEach(combobox);
}
})();
