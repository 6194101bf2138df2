/* sitrep-search: sitrep's embeddable search widget. No dependencies, no build
 * step. Usage and attributes: web/widget/README.md. Everything the server
 * sends is put in the page with textContent, except highlight fragments,
 * which the server escapes and which are rebuilt here from text and <mark>
 * only. */
(() => {
  "use strict";
  if (!window.customElements || customElements.get("sitrep-search")) return;

  // The API defaults to the server that served this script.
  const me = document.currentScript;
  const home = me && me.src ? new URL(me.src, location.href).origin : location.origin;
  const FACETS = { location: "Location", actor: "Actor", from: "From", to: "To" };
  const LISTS = ["location", "actor"];

  const CSS = `
:host{display:block!important;contain:content;
--_bg:var(--sitrep-bg,#fff);--_fg:var(--sitrep-fg,#1b1f24);--_muted:var(--sitrep-muted,#59636e);
--_accent:var(--sitrep-accent,#0b57d0);--_border:var(--sitrep-border,#d1d9e0);--_chip:var(--sitrep-chip-bg,#eef2f6);
--_chipfg:var(--sitrep-chip-fg,var(--_fg));--_mark:var(--sitrep-mark-bg,#fff0a0);--_markfg:var(--sitrep-mark-fg,#1b1f24);
--_focus:var(--sitrep-focus,#0b57d0)}
:host([hidden]){display:none!important}
:host([data-theme=dark]){--_bg:var(--sitrep-bg,#17191e);--_fg:var(--sitrep-fg,#e6e8eb);--_muted:var(--sitrep-muted,#a0a8b2);
--_accent:var(--sitrep-accent,#8ab4f8);--_border:var(--sitrep-border,#3a3f47);--_chip:var(--sitrep-chip-bg,#262a31);
--_mark:var(--sitrep-mark-bg,#6b5a00);--_markfg:var(--sitrep-mark-fg,#fff);--_focus:var(--sitrep-focus,#8ab4f8)}
@media (prefers-color-scheme:dark){:host([data-theme=auto]){--_bg:var(--sitrep-bg,#17191e);--_fg:var(--sitrep-fg,#e6e8eb);
--_muted:var(--sitrep-muted,#a0a8b2);--_accent:var(--sitrep-accent,#8ab4f8);--_border:var(--sitrep-border,#3a3f47);
--_chip:var(--sitrep-chip-bg,#262a31);--_mark:var(--sitrep-mark-bg,#6b5a00);--_markfg:var(--sitrep-mark-fg,#fff);--_focus:var(--sitrep-focus,#8ab4f8)}}
.w{all:initial;display:block;box-sizing:border-box;position:relative;font:var(--sitrep-font-size,15px)/1.45 var(--sitrep-font,system-ui,-apple-system,"Segoe UI",sans-serif);
color:var(--_fg);background:var(--_bg);border:1px solid var(--_border);border-radius:var(--sitrep-radius,8px);padding:var(--sitrep-padding,12px)}
*,*::before,*::after{box-sizing:border-box}
form{display:flex;gap:6px;margin:0}
.box{position:relative;flex:1;display:block}
input,button{font:inherit;color:inherit;margin:0}
input{display:block;width:100%;padding:6px 9px;border:1px solid var(--_border);border-radius:var(--sitrep-radius,8px);background:var(--_bg)}
button{cursor:pointer;border:1px solid var(--_border);border-radius:var(--sitrep-radius,8px);background:var(--_chip);color:var(--_chipfg);padding:6px 11px}
button.go{background:var(--_accent);border-color:var(--_accent);color:var(--_bg)}
:focus-visible{outline:2px solid var(--_focus);outline-offset:1px}
.vh{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
ul,ol{list-style:none;margin:0;padding:0}
[role=listbox]{position:absolute;z-index:2;left:0;right:0;top:100%;margin-top:2px;background:var(--_bg);border:1px solid var(--_border);border-radius:var(--sitrep-radius,8px);box-shadow:0 4px 14px #0003;overflow:hidden}
[role=option]{display:flex;justify-content:space-between;gap:8px;padding:5px 9px;cursor:pointer}
[role=option][aria-selected=true],[role=option]:hover{background:var(--_chip)}
[role=option] small,.meta,.status,.more{color:var(--_muted);font-size:.87em}
[hidden]{display:none!important}
.chips,.facets{display:flex;flex-wrap:wrap;gap:5px;margin:8px 0 0}
.chip{display:inline-flex;align-items:center;gap:4px;border-radius:999px;padding:2px 4px 2px 10px;background:var(--_chip);color:var(--_chipfg);font-size:.9em}
.chip b{font-weight:600}
.chip button{border:0;background:none;padding:0 6px;border-radius:999px;line-height:1.4}
.chip.locked{padding-right:10px}
.facets button{border-radius:999px;padding:2px 10px;font-size:.87em;background:none}
.facets span{color:var(--_muted)}
.status{margin:8px 0 4px;display:block}
.results li{display:block;padding:8px 0;border-top:1px solid var(--_border)}
.results a,.results .t{color:var(--_accent);font-weight:600;text-decoration:none}
.results a:hover{text-decoration:underline}
.meta{display:block;margin-top:1px}
.frag{display:block;margin:3px 0 0}
mark{background:var(--_mark);color:var(--_markfg);padding:0 1px;border-radius:2px}
.more{display:inline-block;margin-top:6px;color:var(--_accent)}
`;
  let sheet;
  const style = (root) => {
    try {
      // A constructed sheet is shared by every widget and passes strict CSPs.
      if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.append(h("style", {}, CSS));
    }
  };

  function h(tag, attrs, text) {
    const el = document.createElement(tag);
    for (const k in attrs || {}) if (attrs[k] != null && attrs[k] !== false) el.setAttribute(k, attrs[k]);
    if (text != null) el.textContent = text;
    return el;
  }

  // fragment rebuilds a server highlight (escaped text plus <mark>) from
  // text nodes and <mark> elements only; anything else becomes text.
  const tpl = document.createElement("template");
  function fragment(html) {
    tpl.innerHTML = html;
    const out = document.createDocumentFragment();
    for (const n of tpl.content.childNodes) {
      out.append(n.nodeName === "MARK" ? h("mark", {}, n.textContent) : document.createTextNode(n.textContent));
    }
    tpl.innerHTML = "";
    return out;
  }

  const safeURL = (u) => {
    try {
      const x = new URL(u);
      return x.protocol === "https:" || x.protocol === "http:" ? x.href : null;
    } catch (e) {
      return null;
    }
  };
  const split = (s) => (s || "").split("|").map((x) => x.trim()).filter(Boolean);
  const date = (s) => {
    const d = new Date(s);
    return isNaN(d) ? "" : d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  };
  let seq = 0;

  class SitrepSearch extends HTMLElement {
    static get observedAttributes() {
      return ["data-api", "data-q", "data-location", "data-actor", "data-from", "data-to", "data-sort", "data-size", "data-lock", "data-key", "data-label", "data-placeholder", "data-facets"];
    }

    constructor() {
      super();
      const root = this.attachShadow({ mode: "open" });
      style(root);
      const id = "s" + ++seq; // ids are per shadow root; this one is for assistive tech only
      const w = h("div", { class: "w", part: "container" });
      const form = h("form", { role: "search", part: "form" });
      const label = h("label", { for: "q", class: "vh" });
      const box = h("div", { class: "box" });
      const input = h("input", {
        id: "q", type: "search", part: "input", autocomplete: "off", spellcheck: "false", role: "combobox",
        "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": "sg",
      });
      const list = h("ul", { id: "sg", role: "listbox", hidden: "", "aria-label": "Suggestions" });
      box.append(input, list);
      form.append(label, box, h("button", { type: "submit", class: "go", part: "button" }, "Search"));
      const chips = h("div", { class: "chips", role: "group", "aria-label": "Filters", part: "filters" });
      const facets = h("div", { class: "facets", role: "group", "aria-label": "Narrow the results", part: "facets" });
      const status = h("p", { class: "status", role: "status", "aria-live": "polite", part: "status" });
      const results = h("ol", { class: "results", "aria-label": "Results", part: "results" });
      const more = h("a", { class: "more", target: "_blank", rel: "noopener", part: "more", hidden: "" }, "More results on sitrep");
      w.append(form, chips, facets, status, results, more);
      root.append(w);
      Object.assign(this, { $: { id, label, input, list, chips, facets, status, results, more }, sugs: [], active: -1 });

      form.addEventListener("submit", (e) => {
        e.preventDefault();
        this.close();
        this.state.q = input.value.trim();
        this.search();
      });
      input.addEventListener("input", () => {
        clearTimeout(this.st);
        this.st = setTimeout(() => this.suggest(), 150);
      });
      input.addEventListener("keydown", (e) => this.keys(e));
      input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
      // mousedown would blur the input before the click lands
      list.addEventListener("mousedown", (e) => e.preventDefault());
      list.addEventListener("click", (e) => {
        const li = e.target.closest("[role=option]");
        if (li) this.choose(+li.dataset.i);
      });
      results.addEventListener("keydown", (e) => {
        const links = [...results.querySelectorAll("[data-r]")];
        let i = links.indexOf(root.activeElement);
        if (i < 0) return;
        if (e.key === "ArrowDown") i++;
        else if (e.key === "ArrowUp") i--;
        else if (e.key === "Home") i = 0;
        else if (e.key === "End") i = links.length - 1;
        else if (e.key === "Escape") i = -1;
        else return;
        e.preventDefault();
        (i < 0 ? input : links[Math.min(i, links.length - 1)]).focus();
      });
    }

    connectedCallback() {
      this.init();
    }

    attributeChangedCallback() {
      if (!this.isConnected || !this.state) return;
      clearTimeout(this.at);
      this.at = setTimeout(() => this.init(), 0);
    }

    // init reads the attributes into the search state and runs the search.
    init() {
      const a = (n) => (this.getAttribute("data-" + n) || "").trim();
      if (!this.hasAttribute("data-theme")) this.setAttribute("data-theme", "auto");
      this.api = (a("api") || home).replace(/\/+$/, "");
      const lock = a("lock").toLowerCase();
      this.locked = new Set(lock === "all" || lock === "true" ? Object.keys(FACETS) : lock.split(/[\s,]+/));
      this.preset = { location: split(a("location")), actor: split(a("actor")), from: a("from"), to: a("to") };
      this.state = {
        q: a("q"), location: this.preset.location.slice(), actor: this.preset.actor.slice(),
        from: this.preset.from, to: this.preset.to, sort: a("sort"),
      };
      this.size = Math.min(20, Math.max(1, parseInt(a("size"), 10) || 5));
      this.key = a("key");
      this.facetsOn = a("facets") !== "off";
      const lbl = a("label") || "Search conflict news";
      this.$.label.textContent = lbl;
      this.$.input.placeholder = a("placeholder") || lbl;
      this.$.input.value = this.state.q;
      this.search();
    }

    params(api) {
      const s = this.state, p = new URLSearchParams();
      if (s.q) p.set("q", s.q);
      for (const k of LISTS) for (const v of s[k]) p.append(k, v);
      if (s.from) p.set("from", s.from);
      if (s.to) p.set("to", s.to);
      if (s.sort) p.set("sort", s.sort);
      if (api) {
        if (!s.sort && !s.q) p.set("sort", "-date");
        p.set("size", this.size);
        if (this.key) p.set("key", this.key);
      }
      return p;
    }

    async get(path) {
      let r;
      try {
        r = await fetch(this.api + path, { headers: { Accept: "application/json" }, credentials: "omit", signal: this.ctl.signal });
      } catch (e) {
        if (e.name === "AbortError") throw e;
        console.error(`sitrep-search: cannot reach the sitrep server ${this.api} from ${location.origin}. ` +
          `If the server is running, it does not allow this origin: add ${location.origin} to server.cors_origins ` +
          `(SITREP_SERVER_CORS_ORIGINS) on the server.`);
        throw new Error("Search is unavailable.");
      }
      let body = {};
      try {
        body = await r.json();
      } catch (e) { /* not JSON: keep the status */ }
      if (r.status === 429) {
        throw new Error(`Too many searches; try again in ${r.headers.get("Retry-After") || "a few"} s.`);
      }
      if (!r.ok) {
        const msg = body.error || "HTTP " + r.status;
        console.error(`sitrep-search: ${this.api}${path.split("?")[0]}: ${msg}`);
        throw new Error("Search failed: " + msg);
      }
      return body;
    }

    async search() {
      if (this.ctl) this.ctl.abort();
      const ctl = (this.ctl = new AbortController());
      const $ = this.$;
      this.renderChips();
      this.dataset.state = "loading";
      $.results.setAttribute("aria-busy", "true");
      try {
        const res = await this.get("/api/search?" + this.params(true));
        if (ctl !== this.ctl) return;
        this.render(res);
      } catch (e) {
        if (e.name === "AbortError" || ctl !== this.ctl) return;
        $.results.replaceChildren();
        $.facets.replaceChildren();
        $.more.hidden = true;
        $.status.textContent = e.message;
        this.dataset.state = "error";
      }
      $.results.removeAttribute("aria-busy");
    }

    render(res) {
      const $ = this.$, hits = res.hits || [];
      $.results.replaceChildren(...hits.map((hit) => {
        const li = h("li", { part: "result" });
        const url = safeURL(hit.url);
        const t = h(url ? "a" : "span", url ? { href: url, target: "_blank", rel: "noopener noreferrer", "data-r": "" }
          : { class: "t", tabindex: "0", "data-r": "" }, hit.title || "(untitled)");
        const meta = h("span", { class: "meta" });
        if (hit.source) meta.append(h("span", { class: "src" }, hit.source));
        const d = date(hit.published);
        if (d) {
          if (hit.source) meta.append(" · ");
          meta.append(h("time", { datetime: hit.published }, d));
        }
        const named = [...new Set((hit.matched || []).map((m) => m.name))];
        if (named.length) {
          if (hit.source || d) meta.append(" · ");
          meta.append(h("span", { class: "matched", title: "The article names this place or actor, which a word of the search stands for" }, "names " + named.join(", ")));
        }
        li.append(t, meta);
        const frags = (hit.highlights && hit.highlights.text) || [];
        if (frags.length) {
          const p = h("span", { class: "frag" });
          frags.slice(0, 2).forEach((f, i) => {
            if (i) p.append(" … ");
            p.append(fragment(f));
          });
          li.append(p);
        }
        return li;
      }));
      const n = res.total || 0;
      $.status.textContent = n === 0 ? "No articles found." : n === 1 ? "1 article" : `${n.toLocaleString()} articles`;
      const qs = String(this.params(false));
      $.more.href = this.api + "/" + (qs && "?" + qs);
      $.more.textContent = n > hits.length ? `All ${n.toLocaleString()} results on sitrep` : "Open in sitrep";
      $.more.hidden = n === 0;
      this.renderFacets(res.facets || {});
      this.dataset.state = "done";
      this.dispatchEvent(new CustomEvent("sitrep:results", { detail: { total: n } }));
    }

    renderChips() {
      const $ = this.$, s = this.state, out = [];
      for (const k in FACETS) {
        for (const v of LISTS.includes(k) ? s[k] : s[k] ? [s[k]] : []) {
          const fixed = this.locked.has(k) && (LISTS.includes(k) ? this.preset[k].includes(v) : this.preset[k] === v);
          const c = h("span", { class: fixed ? "chip locked" : "chip", part: "chip", "data-facet": k, "data-value": v });
          c.append(h("span", {}, FACETS[k] + ": "), h("b", {}, v));
          if (!fixed) {
            const b = h("button", { type: "button", "aria-label": `Remove filter ${FACETS[k]}: ${v}` }, "×");
            b.addEventListener("click", () => {
              if (LISTS.includes(k)) s[k] = s[k].filter((x) => x !== v);
              else s[k] = "";
              this.search();
              $.input.focus();
            });
            c.append(b);
          } else c.title = "Fixed by this site";
          out.push(c);
        }
      }
      $.chips.replaceChildren(...out);
      $.chips.hidden = !out.length;
    }

    renderFacets(f) {
      const $ = this.$, out = [];
      if (this.facetsOn) {
        for (const [k, list] of [["location", f.locations], ["actor", f.actors]]) {
          if (this.locked.has(k) && this.state[k].length) continue;
          for (const fv of (list || []).filter((x) => !this.state[k].includes(x.value)).slice(0, 4)) {
            const b = h("button", { type: "button", part: "facet", "data-facet": k, "data-value": fv.value,
              "aria-label": `Narrow to ${FACETS[k].toLowerCase()} ${fv.value} (${fv.count} articles)` }, "+ " + fv.value + " ");
            b.append(h("span", {}, String(fv.count)));
            b.addEventListener("click", () => this.add(k, fv.value));
            out.push(b);
          }
        }
      }
      $.facets.replaceChildren(...out);
      $.facets.hidden = !out.length;
    }

    add(k, v) {
      if (!this.state[k].includes(v)) this.state[k].push(v);
      this.search();
    }

    async suggest() {
      const $ = this.$, prefix = $.input.value.trim();
      if (prefix.length < 2) return this.close();
      const ctl = this.ctl || (this.ctl = new AbortController());
      let res;
      try {
        res = await this.get("/api/suggest?" + new URLSearchParams({ prefix, limit: 6, ...(this.key ? { key: this.key } : {}) }));
      } catch (e) {
        return;
      }
      if (ctl !== this.ctl || $.input.value.trim() !== prefix) return; // stale
      this.sugs = (res.suggestions || []).filter((x) => LISTS.includes(x.kind) && !(this.locked.has(x.kind) && this.state[x.kind].length));
      this.active = -1;
      $.list.replaceChildren(...this.sugs.map((x, i) => {
        const li = h("li", { role: "option", id: $.id + "o" + i, "data-i": i, "aria-selected": "false" });
        li.append(h("span", {}, x.value), h("small", {}, FACETS[x.kind].toLowerCase()));
        return li;
      }));
      const open = this.sugs.length > 0;
      $.list.hidden = !open;
      $.input.setAttribute("aria-expanded", open);
      $.input.removeAttribute("aria-activedescendant");
    }

    close() {
      this.sugs = [];
      this.active = -1;
      this.$.list.hidden = true;
      this.$.input.setAttribute("aria-expanded", "false");
      this.$.input.removeAttribute("aria-activedescendant");
    }

    choose(i) {
      const x = this.sugs[i];
      if (!x) return;
      this.close();
      this.$.input.value = "";
      this.state.q = "";
      this.add(x.kind, x.value);
    }

    keys(e) {
      const $ = this.$, n = this.sugs.length;
      if (e.key === "ArrowDown" && !n) {
        const first = $.results.querySelector("[data-r]");
        if (first) {
          e.preventDefault();
          first.focus();
        }
        return;
      }
      if (!n) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        this.active = (this.active + (e.key === "ArrowDown" ? 1 : n - 1 + (this.active < 0 ? 1 : 0))) % n;
        [...$.list.children].forEach((li, j) => li.setAttribute("aria-selected", j === this.active));
        $.input.setAttribute("aria-activedescendant", $.id + "o" + this.active);
      } else if (e.key === "Enter" && this.active >= 0) {
        e.preventDefault();
        this.choose(this.active);
      } else if (e.key === "Escape") {
        e.preventDefault();
        this.close();
      }
    }
  }

  customElements.define("sitrep-search", SitrepSearch);
})();
