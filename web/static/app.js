// sitrep search page. The server renders every state of the page; this
// script makes it instant: it fetches the same URLs, swaps #app, keeps the
// state in the URL (pushState, back button), and adds autocompletion,
// filter-as-you-type in facets and a draggable timeline. Article text only
// ever reaches the page through the server's escaped HTML or textContent.
(() => {
  "use strict";
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const app = $("#app");
  const input = $("#q");
  const list = $("#suggest");
  const live = $("#live");
  const openKeys = new Set($$("details[data-key][open]").map((d) => d.dataset.key));
  let ctrl = null;

  // ---- Navigation: fetch the page for a URL and swap it in -------------
  function params() { return new URLSearchParams(location.search); }
  function pageURL(p) { p.delete("page"); const s = p.toString(); return s ? "/?" + s : "/"; }

  async function go(url, push = true) {
    const target = new URL(url, location.href);
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    const mine = ctrl;
    app.setAttribute("aria-busy", "true");
    const focusKey = rememberFocus();
    let html;
    try {
      const res = await fetch(target.pathname + target.search, { headers: { Accept: "text/html" }, signal: mine.signal });
      html = await res.text();
      if (!html.includes('id="app"')) throw new Error("HTTP " + res.status);
    } catch (err) {
      if (err.name === "AbortError") return;
      app.removeAttribute("aria-busy");
      showError("The search could not be run (" + err.message + "). Check the connection and try again.");
      return;
    }
    if (mine !== ctrl) return;
    ctrl = null;
    const doc = new DOMParser().parseFromString(html, "text/html");
    const next = doc.getElementById("app");
    if (push && target.href !== location.href) history.pushState(null, "", target.pathname + target.search);
    else if (!push) history.replaceState(null, "", target.pathname + target.search);
    app.replaceChildren(...next.childNodes);
    app.dataset.status = next.dataset.status;
    const fs = doc.getElementById("form-state");
    $("#form-state").replaceChildren(...fs.childNodes);
    document.title = doc.title;
    if (document.activeElement !== input) input.value = doc.getElementById("q").value;
    app.removeAttribute("aria-busy");
    enhance();
    restoreFocus(focusKey);
    const summary = $("#summary");
    live.textContent = summary ? summary.textContent.replace(/\s+/g, " ").trim() : $(".state h2") ? $(".state h2").textContent : "";
    document.dispatchEvent(new CustomEvent("sitrep:render"));
  }

  function showError(msg) {
    let box = $(".state.net", app);
    if (!box) {
      box = document.createElement("div");
      box.className = "state error net";
      box.setAttribute("role", "alert");
      const results = $("#results") || app;
      results.prepend(box);
    }
    box.textContent = msg;
  }

  // Focus follows the control the user used, when it still exists.
  function rememberFocus() {
    const el = document.activeElement;
    if (!el || !app.contains(el)) return null;
    const section = el.closest("[data-facet], .pager, .sort, .timeline, .pills, .map");
    const name = el.querySelector(".name") ? el.querySelector(".name").textContent : el.textContent;
    return { section: section ? section.className + (section.dataset.facet || "") : "", name, pager: !!el.closest(".pager") };
  }
  function restoreFocus(key) {
    if (!key) return;
    if (key.pager) { $("#results").focus(); $("#results").scrollIntoView({ block: "start" }); return; }
    for (const s of $$("[data-facet], .pager, .sort, .timeline, .pills, .map", app)) {
      if (s.className + (s.dataset.facet || "") !== key.section) continue;
      const el = $$("a", s).find((a) => (a.querySelector(".name") ? a.querySelector(".name").textContent : a.textContent) === key.name);
      if (el) { el.focus({ preventScroll: true }); return; }
    }
    $("#results").focus({ preventScroll: true });
  }

  // Links within the page navigate in place; others behave as usual.
  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest("a");
    if (!a) return;
    if (a.classList.contains("open-help")) { e.preventDefault(); const h = $(".help"); h.open = true; $("summary", h).focus(); return; }
    const href = a.getAttribute("href");
    if (!href || a.hasAttribute("download") || a.target) return;
    const url = new URL(href, location.href);
    if (url.origin !== location.origin || url.pathname !== "/") return;
    e.preventDefault();
    go(url.href);
  });

  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (form.method.toLowerCase() !== "get" || new URL(form.action).pathname !== "/") return;
    e.preventDefault();
    closeSuggest();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (String(v).trim() !== "") p.append(k, v);
    go(pageURL(p));
  });

  window.addEventListener("popstate", () => go(location.href, false));

  // Keep tree branches open across swaps.
  document.addEventListener("toggle", (e) => {
    const d = e.target;
    if (!(d instanceof HTMLDetailsElement) || !d.dataset.key) return;
    if (d.open) openKeys.add(d.dataset.key); else openKeys.delete(d.dataset.key);
  }, true);

  // ---- After every render ----------------------------------------------
  function enhance() {
    for (const d of $$("details[data-key]", app)) if (openKeys.has(d.dataset.key)) d.open = true;
    for (const f of $$(".facet-filter", app)) f.hidden = false;
    setupTimeline();
  }

  // ---- Autocompletion of places and actors -------------------------------
  let sugTimer = 0, sugItems = [], active = -1, sugSeq = 0;
  function lastWord() {
    const v = input.value.slice(0, input.selectionEnd ?? input.value.length);
    const m = v.match(/(?:^|\s)[-+"]?([^\s":]*)$/);
    return m ? m[1] : "";
  }
  input.addEventListener("input", () => {
    clearTimeout(sugTimer);
    sugTimer = setTimeout(suggest, 120);
  });
  async function suggest() {
    const word = lastWord();
    if (word.length < 2) { closeSuggest(); return; }
    const seq = ++sugSeq;
    try {
      const res = await fetch("/api/suggest?limit=8&prefix=" + encodeURIComponent(word));
      if (!res.ok || seq !== sugSeq) return;
      const body = await res.json();
      renderSuggest(body.suggestions || [], word);
    } catch (_) { /* no suggestions is fine */ }
  }
  function renderSuggest(items, word) {
    sugItems = items.map((s) => ({ ...s, word }));
    active = -1;
    list.replaceChildren(...sugItems.map((s, i) => {
      const li = document.createElement("li");
      li.id = "sug-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      const name = document.createElement("span");
      name.textContent = s.value;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = s.kind === "location" ? "place" : "actor";
      const n = document.createElement("span");
      n.className = "n";
      n.textContent = s.count;
      li.append(name, kind, n);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(i); });
      return li;
    }));
    list.hidden = sugItems.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
  }
  function closeSuggest() {
    list.hidden = true;
    sugItems = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function highlight(i) {
    active = i;
    $$("li", list).forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0) input.setAttribute("aria-activedescendant", "sug-" + i);
    else input.removeAttribute("aria-activedescendant");
  }
  // Picking a suggestion turns the typed word into a filter: the form is
  // submitted with the filter added, as if it had been chosen in a facet.
  function pick(i) {
    const s = sugItems[i];
    if (!s) return;
    const end = input.selectionEnd ?? input.value.length;
    const before = input.value.slice(0, end).replace(/[-+"]?[^\s":]*$/, "");
    input.value = (before + input.value.slice(end)).replace(/\s+/g, " ").trim();
    closeSuggest();
    const state = $("#form-state");
    if (!$$("input", state).some((el) => el.name === s.kind && el.value.toLowerCase() === s.value.toLowerCase())) {
      const h = document.createElement("input");
      h.type = "hidden";
      h.name = s.kind;
      h.value = s.value;
      state.append(h);
    }
    $("#search").requestSubmit();
  }
  input.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % sugItems.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight((active - 1 + sugItems.length) % sugItems.length); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); pick(active); }
    else if (e.key === "Escape") { e.preventDefault(); closeSuggest(); }
  });
  input.addEventListener("blur", () => setTimeout(closeSuggest, 100));

  // "/" focuses the search box; Escape closes the help.
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t.isContentEditable;
    if (e.key === "/" && !typing) { e.preventDefault(); input.focus(); input.select(); }
    if (e.key === "Escape") { const h = $(".help[open]"); if (h) { h.open = false; $("summary", h).focus(); } }
  });

  // ---- Filter-as-you-type within a facet ---------------------------------
  let facetTimer = 0;
  app.addEventListener("input", (e) => {
    const f = e.target.closest(".facet-filter");
    if (!f) return;
    clearTimeout(facetTimer);
    facetTimer = setTimeout(() => facetMatches(f), 150);
  });
  async function facetMatches(f) {
    const box = f.nextElementSibling;
    const text = f.value.trim();
    if (text === "") { box.hidden = true; box.replaceChildren(); return; }
    const facet = f.dataset.facet;
    const p = params();
    p.set("facet", facet);
    p.set("contains", text);
    let values = [];
    try {
      const res = await fetch("/api/facet?" + p.toString());
      if (!res.ok) throw new Error(res.status);
      values = (await res.json()).values || [];
    } catch (_) { return; }
    if (f.value.trim() !== text) return;
    const chosen = params().getAll(facet).map((v) => v.toLowerCase());
    box.replaceChildren(...values.map((v) => {
      const q = params();
      const on = chosen.includes(v.value.toLowerCase());
      if (on) { const keep = q.getAll(facet).filter((x) => x.toLowerCase() !== v.value.toLowerCase()); q.delete(facet); keep.forEach((x) => q.append(facet, x)); }
      else q.append(facet, v.value);
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.className = "value" + (on ? " on" : "");
      a.href = pageURL(q);
      const b = document.createElement("span"); b.className = "box";
      const n = document.createElement("span"); n.className = "name"; n.textContent = v.value;
      const c = document.createElement("span"); c.className = "count"; c.textContent = v.count;
      a.append(b, n, c);
      li.append(a);
      return li;
    }));
    if (values.length === 0) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = "No " + (facet === "location" ? "place" : facet) + " matches “" + text + "” here";
      box.append(li);
    }
    box.hidden = false;
  }

  // ---- Timeline: click a bar, or drag across bars, to choose dates ------
  let dragged = false;
  function setupTimeline() {
    const svg = $("#tl");
    if (!svg) return;
    const bars = $$(".tl-bar", svg);
    const sel = $("#tl-sel", svg);
    const width = svg.viewBox.baseVal.width;
    let start = -1, end = -1;
    const index = (e) => {
      const r = svg.getBoundingClientRect();
      return Math.max(0, Math.min(bars.length - 1, Math.floor(((e.clientX - r.left) / r.width) * bars.length)));
    };
    const draw = () => {
      const lo = Math.min(start, end), hi = Math.max(start, end);
      sel.setAttribute("x", (lo * width) / bars.length);
      sel.setAttribute("width", ((hi - lo + 1) * width) / bars.length);
    };
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      start = end = index(e);
      dragged = false;
      svg.setPointerCapture(e.pointerId);
      draw();
    });
    svg.addEventListener("pointermove", (e) => {
      if (start < 0) return;
      const i = index(e);
      if (i !== end) { end = i; dragged = true; draw(); }
    });
    const finish = (e, cancel) => {
      if (start < 0) return;
      const lo = Math.min(start, end), hi = Math.max(start, end);
      start = end = -1;
      sel.setAttribute("width", 0);
      if (cancel) return;
      const p = params();
      p.set("from", bars[lo].dataset.start);
      p.set("to", bars[hi].dataset.last);
      dragged = true; // the click that follows is handled here
      go(pageURL(p));
    };
    svg.addEventListener("pointerup", (e) => finish(e, false));
    svg.addEventListener("pointercancel", (e) => finish(e, true));
    svg.addEventListener("click", (e) => { if (dragged && e.detail !== 0) { e.preventDefault(); dragged = false; } }, true);
  }

  enhance();
})();
