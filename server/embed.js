/*! <minhbach-search>: the search of a minhbach portal, for any web page.
 *
 *   <script src="https://HOST/embed.js" defer></script>
 *   <minhbach-search fields="Đất đai"></minhbach-search>
 *
 * Plain JavaScript, no framework and no build step: this file is what
 * browsers run. Attributes, CSS custom properties and the iframe form for
 * portals that forbid third-party scripts: https://HOST/nhung-tim-kiem/
 */
(() => {
  "use strict";
  const NAME = "minhbach-search";
  if (!window.customElements || customElements.get(NAME)) return;

  // The endpoint defaults to the origin this script came from; the
  // script's element is only known while the script first runs.
  const me = document.currentScript;
  const ORIGIN = me && me.src ? new URL(me.src, location.href).origin : location.origin;

  const DEBOUNCE = 200; // ms after the last key before searching
  const TIMEOUT = 8000; // ms before a search counts as too slow
  const MIN_CHARS = 2;
  const FACETS = ["type", "fields"]; // facet groups offered as chips
  const MAX_CHIPS = 6; // per group

  const STRINGS = {
    vi: {
      label: "Tìm văn bản, thủ tục hành chính",
      placeholder: "Từ khóa, số ký hiệu hoặc mã thủ tục",
      submit: "Tìm kiếm",
      list: "Kết quả tìm kiếm",
      filters: "Lọc kết quả",
      count: (n) => (n ? "Có " + n + " kết quả" : "Không có kết quả nào"),
      none: (q) => "Không tìm thấy kết quả nào cho «" + q + "». Hãy thử từ khác hoặc ít từ hơn.",
      busy: "Đang tìm…",
      all: "Xem tất cả kết quả",
      offline: "Không kết nối được dịch vụ tìm kiếm (hoặc trang này chưa được phép dùng dịch vụ). Hãy thử lại sau.",
      slow: "Dịch vụ tìm kiếm trả lời quá chậm. Hãy thử lại sau ít phút.",
      error: (m) => "Dịch vụ tìm kiếm báo lỗi: " + m,
      code: "Mã",
      types: { document: "Văn bản", procedure: "Thủ tục", disclosure: "Công khai", news: "Tin tức", page: "Trang", answer: "Trả lời" },
      groups: { type: "Loại", fields: "Lĩnh vực" },
      status: {},
    },
    en: {
      label: "Search documents and procedures",
      placeholder: "Keywords, document number or procedure code",
      submit: "Search",
      list: "Search results",
      filters: "Filter results",
      count: (n) => (n === 1 ? "1 result" : n ? n + " results" : "No results"),
      none: (q) => "No results for “" + q + "”. Try other or fewer words.",
      busy: "Searching…",
      all: "See all results",
      offline: "The search service cannot be reached (or this site may not use it). Please try again later.",
      slow: "The search service is taking too long to answer. Please try again in a few minutes.",
      error: (m) => "The search service reported an error: " + m,
      code: "Code",
      types: { document: "Document", procedure: "Procedure", disclosure: "Disclosure", news: "News", page: "Page", answer: "Answer" },
      groups: { type: "Type", fields: "Field" },
      status: {
        "chưa có hiệu lực": "not yet in force",
        "còn hiệu lực": "in force",
        "hết hiệu lực một phần": "partly expired",
        "hết hiệu lực toàn bộ": "expired",
      },
    },
  };
  const STATUS_CLASS = {
    "chưa có hiệu lực": "not-yet",
    "còn hiệu lực": "in-force",
    "hết hiệu lực một phần": "partly-expired",
    "hết hiệu lực toàn bộ": "expired",
  };

  // Colours default to the portal's theme; every text pair meets WCAG 2.1
  // AA (4.5:1) on the default background. Badges keep fixed colours that
  // meet AA on their own backgrounds whatever the host's theme.
  const CSS = `
:host{all:initial;display:block;font-family:var(--minhbach-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif);font-size:var(--minhbach-font-size,1rem);line-height:1.5;color:var(--minhbach-color-text,#1b1f24)}
:host([hidden]){display:none}
*{box-sizing:border-box}
[hidden]{display:none!important}
.root{background:var(--minhbach-color-bg,#fff);color:inherit}
label{display:block;font-weight:600;margin:0 0 .25em}
.row{display:flex;gap:.5em}
input{flex:1 1 auto;min-width:0;font:inherit;color:var(--minhbach-color-text,#1b1f24);background:var(--minhbach-color-bg,#fff);border:1px solid var(--minhbach-color-border,#7b8794);border-radius:var(--minhbach-radius,6px);padding:.5em .75em;margin:0}
input::placeholder{color:var(--minhbach-color-muted,#525c67);opacity:1}
button{font:inherit;cursor:pointer;margin:0;border-radius:var(--minhbach-radius,6px)}
.go{flex:0 0 auto;font-weight:600;color:var(--minhbach-color-on-primary,#fff);background:var(--minhbach-color-primary,#0b4f8a);border:1px solid var(--minhbach-color-primary,#0b4f8a);padding:.5em 1em}
:focus{outline:none}
:focus-visible,input:focus{outline:3px solid var(--minhbach-color-focus,var(--minhbach-color-primary,#0b4f8a));outline-offset:2px}
.msg{margin:0;color:var(--minhbach-color-muted,#525c67);font-size:.9375em}
.msg:not(:empty){margin-top:.5em}
.msg.error{color:var(--minhbach-color-error,#8c1d1d);border-left:4px solid currentColor;padding-left:.5em}
.busy{margin:.5em 0 0;font-size:.9375em;color:var(--minhbach-color-muted,#525c67)}
.panel{position:relative;margin-top:.5em;border:1px solid var(--minhbach-color-line,#c9d2dc);border-radius:var(--minhbach-radius,6px);background:var(--minhbach-color-bg,#fff);max-height:var(--minhbach-max-height,32em);overflow:auto}
.chips{display:flex;flex-wrap:wrap;gap:.375em;padding:.5em .75em;margin:0;border-bottom:1px solid var(--minhbach-color-line,#c9d2dc)}
.chips button{font-size:.875em;padding:.125em .75em;color:var(--minhbach-color-primary,#0b4f8a);background:var(--minhbach-color-bg,#fff);border:1px solid var(--minhbach-color-primary,#0b4f8a);border-radius:999px}
.chips button[aria-pressed=true]{color:var(--minhbach-color-on-primary,#fff);background:var(--minhbach-color-primary,#0b4f8a)}
.chips button[aria-pressed=true]::before{content:"✓ "}
ul{list-style:none;margin:0;padding:0}
li{display:block;padding:.625em .75em;border-top:1px solid var(--minhbach-color-line,#c9d2dc);cursor:pointer}
li:first-child{border-top:0}
li:hover{background:var(--minhbach-color-hover,#f2f7fc)}
li[aria-selected=true]{background:var(--minhbach-color-active,#e4eef8);outline:3px solid var(--minhbach-color-focus,var(--minhbach-color-primary,#0b4f8a));outline-offset:-3px}
.t{display:block;font-weight:600;color:var(--minhbach-color-primary,#0b4f8a);text-decoration:underline;text-underline-offset:.15em}
.m{display:flex;flex-wrap:wrap;gap:.25em .5em;align-items:center;margin-top:.25em;font-size:.875em;color:var(--minhbach-color-muted,#525c67)}
.b{display:inline-block;padding:0 .5em;border:1px solid;border-radius:999px;font-size:.9em;line-height:1.6}
.type{color:#243b63;background:#e6ecf6;border-color:#5a76a8}
.in-force{color:#175c33;background:#e2f3e8;border-color:#2e7d4b}
.partly-expired{color:#6a4500;background:#fff2cf;border-color:#b07a00}
.expired{color:#8c1d1d;background:#fde9e7;border-color:#b3261e}
.not-yet,.neutral{color:#243b63;background:#e6ecf6;border-color:#5a76a8}
.s{display:block;margin-top:.25em;font-size:.9375em}
mark{background:var(--minhbach-color-mark,#ffdd00);color:#0b0c0c;padding:0 .1em}
.all{display:block;padding:.625em .75em;border-top:1px solid var(--minhbach-color-line,#c9d2dc);color:var(--minhbach-color-primary,#0b4f8a);font-weight:600;text-underline-offset:.15em}
@media (forced-colors:active){li[aria-selected=true]{outline-color:Highlight}.b{border-color:CanvasText}}
`;

  // The markup holds no data: every text is set through textContent, so
  // nothing from attributes or answers is ever parsed as HTML here.
  const HTML = `<div class="root" part="root">
<form role="search" part="form" novalidate>
<label for="q" part="label"></label>
<div class="row"><input id="q" name="q" type="text" part="input" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="list" autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="search"><button class="go" type="submit" part="button"></button></div>
<p class="msg" part="message" role="status" aria-live="polite" aria-atomic="true"></p>
<p class="busy" hidden aria-hidden="true"></p>
<div class="panel" part="panel" hidden>
<div class="chips" role="group" hidden></div>
<ul id="list" role="listbox" part="listbox"></ul>
<a class="all" part="all"></a>
</div>
</form>
</div>`;

  let sheet = null; // one constructed stylesheet shared by every element
  const style = (root) => {
    if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet) {
      try {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(CSS);
        }
        root.adoptedStyleSheets = [sheet];
        return;
      } catch (e) {
        /* fall back to a <style> element */
      }
    }
    const s = document.createElement("style");
    s.textContent = CSS;
    root.prepend(s);
  };

  // snippet turns the API's snippet (HTML in which everything but <mark>
  // is escaped) into nodes: text, and <mark> holding text. Any other
  // markup, should an answer ever carry some, becomes its bare text. The
  // parsed document is inert: nothing in it runs or loads.
  const snippet = (html) => {
    const out = document.createDocumentFragment();
    const body = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    for (const n of body.childNodes) {
      if (n.nodeType === 1 && n.localName === "mark") {
        const m = document.createElement("mark");
        m.textContent = n.textContent;
        out.append(m);
      } else {
        out.append(document.createTextNode(n.textContent));
      }
    }
    return out;
  };

  const list = (s) =>
    (s || "")
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);

  // The API's errors read "tiếng Việt / English".
  const errorText = (msg, lang) => {
    const parts = String(msg).split(" / ");
    return parts.length === 2 ? parts[lang === "en" ? 1 : 0] : String(msg);
  };

  class MinhbachSearch extends HTMLElement {
    static get observedAttributes() {
      return ["fields", "type", "size", "placeholder", "label", "endpoint", "lang"];
    }

    constructor() {
      super();
      const root = this.attachShadow({ mode: "open" });
      style(root);
      const t = document.createElement("template");
      t.innerHTML = HTML; // a constant: no data goes through here
      root.append(t.content);
      const $ = (s) => root.querySelector(s);
      this.$ = {
        root: $(".root"), form: $("form"), label: $("label"), input: $("input"), go: $(".go"),
        msg: $(".msg"), busy: $(".busy"), panel: $(".panel"), chips: $(".chips"), list: $("ul"), all: $(".all"),
      };
      this.hits = [];
      this.facets = {};
      this.picked = {}; // filters chosen with chips: key -> [values]
      this.active = -1;
      this.timer = 0;
      this.ctrl = null;
      this.answered = ""; // the query the shown results answer
      this.bind();
    }

    connectedCallback() {
      this.texts();
    }

    disconnectedCallback() {
      clearTimeout(this.timer);
      if (this.ctrl) this.ctrl.abort();
    }

    attributeChangedCallback(name) {
      if (!this.$) return;
      this.texts();
      // What is searched changed: search again.
      if (this.answered && ["fields", "type", "size", "endpoint"].includes(name)) this.search();
    }

    get lang2() {
      return (this.getAttribute("lang") || "vi").toLowerCase().startsWith("en") ? "en" : "vi";
    }

    get s() {
      return STRINGS[this.lang2];
    }

    // base is the search service's address, with a trailing slash.
    get base() {
      const e = (this.getAttribute("endpoint") || ORIGIN).trim().replace(/\/+$/, "");
      return new URL(e + "/", location.href);
    }

    // filters are the attribute's fixed filters plus the chips chosen.
    filters() {
      const f = {};
      for (const k of ["fields", "type"]) {
        const v = list(this.getAttribute(k));
        if (v.length) f[k] = v;
      }
      for (const [k, vs] of Object.entries(this.picked)) {
        if (vs.length) f[k] = (f[k] || []).concat(vs);
      }
      return f;
    }

    url(path, q, extra) {
      const u = new URL(path, this.base);
      u.searchParams.set("q", q);
      for (const [k, vs] of Object.entries(this.filters())) for (const v of vs) u.searchParams.append(k, v);
      for (const [k, v] of Object.entries(extra || {})) u.searchParams.set(k, v);
      return u;
    }

    texts() {
      const s = this.s;
      const { root, label, input, go, list, chips, busy } = this.$;
      root.lang = this.lang2;
      label.textContent = this.getAttribute("label") || s.label;
      input.placeholder = this.getAttribute("placeholder") || s.placeholder;
      go.textContent = s.submit;
      list.setAttribute("aria-label", s.list);
      chips.setAttribute("aria-label", s.filters);
      busy.textContent = s.busy;
      this.$.form.setAttribute("aria-label", label.textContent);
      if (this.answered) this.render();
    }

    bind() {
      const { input, form, list, panel } = this.$;
      input.addEventListener("input", () => this.typed());
      input.addEventListener("keydown", (e) => this.key(e));
      input.addEventListener("focus", () => {
        if (this.hits.length && input.value.trim() === this.answered) this.open(true);
      });
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        const q = input.value.trim();
        if (this.active >= 0) this.follow(this.active);
        else if (q) location.assign(this.url("tim-kiem/", q).href);
      });
      // Keep the focus in the box while clicking a result.
      panel.addEventListener("mousedown", (e) => {
        if (e.target.closest("li")) e.preventDefault();
      });
      list.addEventListener("click", (e) => {
        const li = e.target.closest("li");
        if (li) this.follow(Number(li.dataset.i));
      });
      this.$.chips.addEventListener("click", (e) => {
        const b = e.target.closest("button");
        if (b) this.toggle(b.dataset.k, b.dataset.v);
      });
      // Escape from a chip or the link closes too, back in the box.
      this.shadowRoot.addEventListener("keydown", (e) => {
        if (e.key === "Escape" && e.target !== input) {
          this.open(false);
          input.focus();
        }
      });
      // Close when the focus leaves the element altogether.
      this.shadowRoot.addEventListener("focusout", (e) => {
        if (!this.quiet && (!e.relatedTarget || !this.shadowRoot.contains(e.relatedTarget))) this.open(false);
      });
    }

    typed() {
      clearTimeout(this.timer);
      const q = this.$.input.value.trim();
      if (q.length < MIN_CHARS) {
        this.cancel();
        this.hits = [];
        this.answered = "";
        this.say("");
        this.open(false);
        return;
      }
      this.timer = setTimeout(() => this.search(), DEBOUNCE);
    }

    key(e) {
      // Vietnamese is typed through input methods (Telex, VNI): keys that
      // compose a letter are theirs, not ours.
      if (e.isComposing || e.keyCode === 229) return;
      const n = this.hits.length;
      const shown = !this.$.panel.hidden;
      switch (e.key) {
        case "ArrowDown":
        case "ArrowUp":
          if (e.altKey || e.ctrlKey || e.metaKey) return;
          e.preventDefault();
          if (!n) {
            const q = this.$.input.value.trim();
            if (q.length >= MIN_CHARS && q !== this.answered && !this.ctrl) this.search();
            return;
          }
          if (!shown) this.open(true);
          this.move(e.key === "ArrowDown" ? (this.active + 1) % n : this.active <= 0 ? n - 1 : this.active - 1);
          return;
        case "Enter":
          if (shown && this.active >= 0) {
            e.preventDefault();
            this.follow(this.active);
          }
          return; // otherwise the form goes to the full search page
        case "Escape":
          e.preventDefault();
          if (shown) this.open(false);
          else if (this.$.input.value) {
            this.$.input.value = "";
            this.typed();
          }
          return;
      }
    }

    cancel() {
      if (this.ctrl) this.ctrl.abort();
      this.ctrl = null;
      this.$.busy.hidden = true;
    }

    async search() {
      clearTimeout(this.timer);
      const q = this.$.input.value.trim();
      if (q.length < MIN_CHARS) return;
      this.cancel();
      const ctrl = new AbortController();
      this.ctrl = ctrl;
      let slow = false;
      const timer = setTimeout(() => {
        slow = true;
        ctrl.abort();
      }, TIMEOUT);
      this.$.busy.hidden = false;
      const size = Math.min(Math.max(parseInt(this.getAttribute("size"), 10) || 5, 1), 50);
      let data = null;
      let problem = "";
      try {
        const res = await fetch(this.url("api/search", q, { size }).href, {
          signal: ctrl.signal,
          credentials: "omit",
          headers: { Accept: "application/json" },
        });
        let body = null;
        try {
          body = await res.json();
        } catch (e) {
          if (e.name === "AbortError") throw e;
        }
        if (!res.ok || !body) {
          problem = this.s.error(body && body.error ? errorText(body.error, this.lang2) : "HTTP " + res.status);
        } else data = body;
      } catch (e) {
        if (this.ctrl !== ctrl) return; // a newer search took over
        problem = slow ? this.s.slow : this.s.offline;
      } finally {
        clearTimeout(timer);
      }
      if (this.ctrl !== ctrl) return;
      this.ctrl = null;
      this.$.busy.hidden = true;
      this.answered = q;
      this.problem = problem;
      this.hits = data && Array.isArray(data.hits) ? data.hits : [];
      this.total = data ? Number(data.total) || 0 : 0;
      this.facets = (data && data.facets) || {};
      this.active = -1;
      this.render();
      this.open(!!this.shadowRoot.activeElement);
    }

    say(text, error) {
      const m = this.$.msg;
      m.classList.toggle("error", !!error);
      if (m.textContent !== text) m.textContent = text;
    }

    render() {
      const s = this.s;
      const { list, chips, all } = this.$;
      if (this.problem) this.say(this.problem, true);
      else this.say(this.total ? s.count(this.total) : s.none(this.answered));
      list.replaceChildren(
        ...this.hits.map((h, i) => {
          const li = document.createElement("li");
          li.id = "r" + i;
          li.dataset.i = i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", String(i === this.active));
          li.setAttribute("part", "option");
          const t = document.createElement("span");
          t.className = "t";
          t.textContent = h.title || h.url;
          const m = document.createElement("span");
          m.className = "m";
          const badge = (cls, text) => {
            const b = document.createElement("span");
            b.className = "b " + cls;
            b.textContent = text;
            m.append(b);
          };
          // A plain page is named by its section ("Hỏi đáp"), a Vietnamese
          // title: in another language the generic word is clearer.
          badge("type", h.type === "page" && h.section && this.lang2 === "vi" ? h.section : s.types[h.type] || s.types.page);
          if (h.number || h.code) {
            const n = document.createElement("span");
            n.textContent = h.number || s.code + " " + h.code;
            m.append(n);
          }
          if (h.type === "document" && h.status) badge(STATUS_CLASS[h.status] || "neutral", s.status[h.status] || h.status);
          li.append(t, m);
          if (h.snippet) {
            const sn = document.createElement("span");
            sn.className = "s";
            sn.append(snippet(h.snippet));
            li.append(sn);
          }
          return li;
        }),
      );
      list.hidden = !this.hits.length;
      // Chips: a facet group the attributes do not fix already. They are
      // built anew, so the focus moves to the new twin of a focused chip.
      const f = this.shadowRoot.activeElement;
      const was = f && f.parentNode === chips ? f.dataset.k + "\n" + f.dataset.v : "";
      const buttons = [];
      for (const k of FACETS) {
        if (this.getAttribute(k)) continue;
        const picked = this.picked[k] || [];
        const values = (this.facets[k] || []).slice(0, MAX_CHIPS);
        for (const p of picked) if (!values.some((v) => v.value === p)) values.push({ value: p });
        for (const v of values) {
          const b = document.createElement("button");
          b.type = "button";
          b.dataset.k = k;
          b.dataset.v = v.value;
          b.setAttribute("aria-pressed", String(picked.includes(v.value)));
          b.textContent = s.groups[k] + ": " + (k === "type" ? s.types[v.value] || v.value : v.value) + (v.count ? " (" + v.count + ")" : "");
          buttons.push(b);
        }
      }
      // Removing the focused chip fires focusout, which must not close
      // the panel: the chip comes straight back.
      this.quiet = true;
      chips.replaceChildren(...buttons);
      this.quiet = false;
      const again = buttons.find((b) => b.dataset.k + "\n" + b.dataset.v === was);
      if (again) again.focus();
      else if (was) this.$.input.focus();
      chips.hidden = !buttons.length || (!this.hits.length && !Object.keys(this.picked).length);
      all.textContent = s.all;
      all.href = this.url("tim-kiem/", this.answered).href;
      all.hidden = !this.answered || !!this.problem;
    }

    toggle(k, v) {
      const vs = this.picked[k] || [];
      this.picked[k] = vs.includes(v) ? vs.filter((x) => x !== v) : vs.concat(v);
      if (!this.picked[k].length) delete this.picked[k];
      this.search();
    }

    open(yes) {
      const { panel, input } = this.$;
      const show = yes && !!this.answered && !this.problem && (this.hits.length > 0 || Object.keys(this.picked).length > 0);
      panel.hidden = !show;
      input.setAttribute("aria-expanded", String(show && this.hits.length > 0));
      if (!show) this.move(-1);
    }

    move(i) {
      const { input, list, panel } = this.$;
      this.active = i;
      list.querySelectorAll("li").forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
      if (i < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      const li = list.children[i];
      input.setAttribute("aria-activedescendant", li.id);
      // Scroll the panel, not the page, to show the active result.
      const top = li.offsetTop;
      const bottom = top + li.offsetHeight;
      if (top < panel.scrollTop) panel.scrollTop = top;
      else if (bottom > panel.scrollTop + panel.clientHeight) panel.scrollTop = bottom - panel.clientHeight;
    }

    follow(i) {
      const h = this.hits[i];
      if (!h) return;
      const u = new URL(h.url, this.base);
      if (u.protocol === "https:" || u.protocol === "http:") location.assign(u.href);
    }
  }

  customElements.define(NAME, MinhbachSearch);
})();
