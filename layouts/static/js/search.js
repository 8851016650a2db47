// minhbach: search as you type on /tim-kiem/. The server renders the same
// page without JavaScript; this draws /api/search's answers in its markup
// with DOM calls only (no HTML strings, no inline styles).
(() => {
const D = document, L = location, P = L.pathname, $ = (s) => D.querySelector(s), U = URLSearchParams,
  q = $("[data-minhbach-q]"), res = $(".search-results"), fac = $(".search-facets"), form = q && q.form;
if (!form || !res || !fac || !window.AbortController) return;
const K = ["type", "fields", "kind", "issuer", "level", "status", "year"],
  G = ["Loại trang", "Lĩnh vực", "Loại văn bản", "Cơ quan ban hành", "Cấp thực hiện", "Tình trạng hiệu lực", "Năm"],
  T = { document: "Văn bản", procedure: "Thủ tục", disclosure: "Công khai", news: "Tin tức", answer: "Trả lời" },
  S = { "còn hiệu lực": "in-force", "hết hiệu lực một phần": "partly-expired", "hết hiệu lực toàn bộ": "expired", "chưa có hiệu lực": "not-yet" };
// h("tag.class.class", {attributes}?, ...children); falsy children are left out.
const h = (t, ...k) => {
  const [n, ...c] = t.split("."), e = D.createElement(n), a = k[0];
  if (c[0]) e.className = c.join(" ");
  if (a && a.constructor == Object) for (const x in k.shift()) e.setAttribute(x, a[x]);
  e.append(...k.flat(3).filter(Boolean));
  return e;
};
let st = new U(L.search), ctl, timer;
// link: this search changed by fn, on page 1.
const link = (fn) => {
  const p = new U(st);
  p.delete("page");
  fn(p);
  return P + "?" + p;
};
const toggle = (k, v, on) => (p) => {
  const vs = p.getAll(k).filter((x) => x != v);
  p.delete(k);
  (on ? vs : [...vs, v]).forEach((x) => p.append(k, x));
};
const live = h("p.visually-hidden.search-live", { role: "status" }), note = h("p.notice.notice-error.search-down", { role: "alert", hidden: "" });
form.after(live, note);
// The snippet is parsed inert; only its text and <mark>s are kept.
const snip = (s) => {
  const t = h("template");
  t.innerHTML = s;
  return [...t.content.childNodes].map((n) => n.nodeName == "MARK" ? h("mark", n.textContent) : n.textContent);
};
const hit = (x) => {
  const s = x.type == "document" && x.status, d = /^\d{4}-\d\d-\d\d$/.test(x.date) && x.date;
  return h("li.item.item-" + x.type, h("span.item-type", (x.type == "page" && x.section) || T[x.type] || "Trang"), h("h2.item-title", h("a", { href: /^(\/|https?:)/.test(x.url) ? x.url : "#" }, x.title)),
    (x.number || x.code || d || s) && h("p.item-meta", x.number && h("span.doc-number", x.number), x.code && h("span", "Mã " + x.code),
      d && h("span", h("time", { datetime: d }, d.split("-").reverse().join("/"))), s && h("span.status.status-" + (S[s] || "neutral"), s)),
    x.snippet && h("p.item-desc.search-snippet", snip(x.snippet)));
};
const draw = (r) => {
  const n = r.total, pg = r.page, last = Math.ceil(n / r.size), sort = st.get("sort") || "relevance",
    page = (i, t, rel) => i > 0 && i <= last ? h("a", { href: link((p) => i > 1 && p.set("page", i)), rel }, t) : h("span");
  res.replaceChildren(h("p.search-summary", { tabindex: -1 }, n
    ? ["Tìm thấy ", h("strong", "" + n), ` kết quả cho «${r.query}»${last > 1 ? `, trang ${pg}/${last}` : ""}.`]
    : `Không tìm thấy kết quả nào cho «${r.query}». ` + (K.some((k) => st.has(k)) ? "Hãy thử bỏ bớt bộ lọc." : "Hãy thử từ khác, ít từ hơn, hoặc số ký hiệu văn bản.")),
  ...n ? [h("p.search-sort", "Sắp xếp:", [["relevance", "Phù hợp nhất"], ["-date", "Mới nhất"], ["date", "Cũ nhất"]].map(([k, l]) => [" ",
    k == sort ? h("strong", { "aria-current": "true" }, l) : h("a", { href: link((p) => k == "relevance" ? p.delete("sort") : p.set("sort", k)) }, l)])),
  h("ol.page-list.search-hits", { start: (pg - 1) * r.size + 1 }, r.hits.map(hit)),
  last > 1 ? h("nav.pagination", { "aria-label": "Phân trang kết quả" }, page(pg - 1, "← Trang trước", "prev"), h("span", `Trang ${pg} / ${last}`), page(pg + 1, "Trang sau →", "next")) : ""] : []);
  const chips = [], groups = [];
  K.forEach((k, i) => {
    const on = st.getAll(k), name = (v) => k == "type" ? T[v] || "Trang" : v, vals = r.facets[k] || [], li = [[], []];
    if (k == "year") vals.sort((a, b) => a.value < b.value ? 1 : -1);
    for (const v of on) {
      chips.push(h("li", h("a", { href: link(toggle(k, v, 1)), "aria-label": `Bỏ lọc ${G[i]}: ${name(v)}` }, `${G[i]}: ${name(v)} ✕`)));
      vals.some((f) => f.value == v) || vals.push({ value: v });
    }
    // Eight values in sight, active ones always; the rest behind "more".
    for (const { value: v, count: c } of vals) {
      const a = on.includes(v);
      li[a || li[0].length < 8 ? 0 : 1].push(h("li", h("a", a ? { href: link(toggle(k, v, 1)), "data-f": k + v, "aria-current": "true", class: "facet-active", title: "Bỏ lọc này" }
        : { href: link(toggle(k, v)), "data-f": k + v }, a ? "✓ " + name(v) : name(v)), c && [" ", h("span.count", `(${c})`)]));
    }
    li[0][0] && groups.push(h("h2", { id: "loc-" + k }, G[i]), h("ul", { "aria-labelledby": "loc-" + k }, li[0]),
      li[1][0] ? h("details.facet-more", h("summary", `Thêm ${li[1].length} giá trị`), h("ul", li[1])) : "");
  });
  fac.replaceChildren(...chips[0] ? [h("h2", "Đang lọc"), h("ul.chips.search-active", chips)] : [], ...groups);
  live.textContent = n ? `Có ${n} kết quả` : "Không có kết quả nào";
};
// run searches for the box's text with the filters, then focuses the
// filter f ("": the summary). If the service is down the results stay;
// a submit (fallback) then loads the page instead.
const run = async (f, fallback) => {
  clearTimeout(timer);
  ctl && ctl.abort();
  ctl = null;
  st.set("q", q.value);
  res.removeAttribute("aria-busy");
  if (!q.value.trim()) {
    st.delete("q");
    res.replaceChildren();
    fac.replaceChildren();
    live.textContent = "";
    note.hidden = true;
    return history.replaceState(null, "", P + (st + "" ? "?" + st : ""));
  }
  const c = ctl = new AbortController(), u = "?" + st;
  res.setAttribute("aria-busy", "true");
  try {
    const r = await fetch("/api/search" + u, { signal: c.signal }), j = await r.json().catch(() => ({}));
    if (c != ctl) return;
    if (r.status < 500 && j.error) {
      res.replaceChildren(h("div.notice.notice-error.search-error", { role: "alert" }, h("p", h("strong", "Không tìm được."), ` ${j.error.split(" / ")[0]}.`)));
      fac.replaceChildren();
      live.textContent = "";
    } else if (r.ok && j.hits) draw(j);
    else throw r.status;
    note.hidden = true;
    history.replaceState(null, "", P + u);
    const t = f == null ? 0 : f ? [...fac.querySelectorAll("[data-f]")].find((a) => a.dataset.f == f) : res.firstChild, d = t && t.closest("details");
    if (d) d.open = true;
    t && t.focus();
  } catch (e) {
    if (c != ctl) return;
    if (fallback) return L.assign(P + u);
    note.textContent = "Chưa kết nối được dịch vụ tìm kiếm; kết quả bên dưới chưa theo từ khóa mới.";
    note.hidden = false;
  } finally {
    c == ctl && res.removeAttribute("aria-busy");
  }
};
q.addEventListener("input", () => {
  st.delete("page");
  clearTimeout(timer);
  timer = setTimeout(run, 200);
});
form.addEventListener("submit", (e) => {
  e.preventDefault();
  st.delete("page");
  run(null, 1);
});
// Filter, chip, sort and page links search in place.
res.parentNode.addEventListener("click", (e) => {
  const a = e.target.closest("a"), p = a && new U(a.search);
  if (!p || !p.has("q") || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || a.origin != L.origin || a.pathname != P) return;
  e.preventDefault();
  let f = ""; // the filter the link turns on or off, to focus after
  for (const k of K) {
    const was = st.getAll(k), now = p.getAll(k);
    for (const v of was.concat(now)) if (was.includes(v) != now.includes(v)) f = k + v;
  }
  st = p;
  run(f);
});
// Arrow keys: from the box into the result links and between them (up
// from the first goes back); Escape goes back to the box.
const links = () => [...res.querySelectorAll(".search-hits .item-title a")];
q.addEventListener("keydown", (e) => {
  const a = links()[0];
  if (e.key == "ArrowDown" && a) {
    e.preventDefault();
    a.focus();
  }
});
res.addEventListener("keydown", (e) => {
  const ls = links(), i = ls.indexOf(e.target), k = e.key, m = { ArrowDown: 1, ArrowUp: -1 }[k];
  if (k != "Escape" && (i < 0 || !m) || e.altKey || e.ctrlKey || e.metaKey) return;
  e.preventDefault();
  (k == "Escape" || i + m < 0 ? q : ls[Math.min(i + m, ls.length - 1)]).focus();
});
})();
