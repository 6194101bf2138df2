/* /embed/help: builds the widget snippet from the form and previews it. */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const form = $("f");
  const origin = location.origin;
  const ENT = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ENT[c]);
  const FIELDS = ["q", "location", "actor", "from", "to", "sort", "size", "key", "label"];

  function read() {
    const v = {};
    for (const k of FIELDS) v[k] = form.elements[k].value.trim();
    v.lock = [...form.querySelectorAll("input[name=lock]:checked")].map((x) => x.value).join(" ");
    v.theme = form.elements.theme.value;
    return v;
  }

  function attrs(v) {
    const out = [["data-api", origin]];
    for (const k of FIELDS) if (v[k]) out.push(["data-" + k, v[k]]);
    if (v.lock) out.push(["data-lock", v.lock]);
    if (v.theme !== "auto") out.push(["data-theme", v.theme]);
    return out;
  }

  function embedURL(v) {
    const p = new URLSearchParams();
    for (const k of FIELDS) {
      if (!v[k]) continue;
      if (k === "location" || k === "actor") v[k].split("|").map((x) => x.trim()).filter(Boolean).forEach((x) => p.append(k, x));
      else p.set(k, v[k]);
    }
    if (v.lock) p.set("lock", v.lock);
    if (v.theme !== "auto") p.set("theme", v.theme);
    const qs = String(p);
    return origin + "/embed" + (qs && "?" + qs);
  }

  let timer;
  function update() {
    const v = read(), a = attrs(v);
    $("script").value = `<script src="${origin}/widget.js" defer></script>\n<sitrep-search\n` +
      a.map(([k, x]) => `  ${k}="${esc(x)}"`).join("\n") + `>\n</sitrep-search>`;
    const src = embedURL(v);
    $("iframe").value = `<iframe src="${esc(src)}" title="sitrep search" loading="lazy"\n  style="width:100%;height:480px;border:0"></iframe>\n` +
      `<script>addEventListener("message",function(e){if(e.origin!==${JSON.stringify(origin)}||!e.data||e.data.sitrep!=="resize")return;` +
      `document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source)f.style.height=e.data.height+"px"})})</script>`;
    clearTimeout(timer);
    timer = setTimeout(() => {
      // A fresh element for each change: the preview is exactly the snippet.
      const el = document.createElement("sitrep-search");
      for (const [k, x] of a) el.setAttribute(k, x);
      $("preview").replaceChildren(el);
      $("frame").src = src;
    }, 300);
  }

  addEventListener("message", (e) => {
    if (e.origin !== origin || !e.data || e.data.sitrep !== "resize") return;
    const f = $("frame");
    if (f.contentWindow === e.source) f.style.height = e.data.height + "px";
  });
  for (const b of document.querySelectorAll("button[data-copy]")) {
    b.addEventListener("click", async () => {
      const t = $(b.dataset.copy);
      t.select();
      try {
        await navigator.clipboard.writeText(t.value);
        b.textContent = "Copied";
      } catch (e) {
        document.execCommand("copy");
      }
      setTimeout(() => (b.textContent = "Copy"), 1500);
    });
  }
  form.addEventListener("input", update);
  form.addEventListener("submit", (e) => e.preventDefault());
  update();
})();
