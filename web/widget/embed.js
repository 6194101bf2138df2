/* The /embed page's half of the iframe embedding: it tells the parent page
 * how tall its content is, so the parent can size the iframe. The message is
 * {sitrep: "resize", height: <px>}; the listener for the parent page is in
 * README.md (and in help.js). */
(() => {
  "use strict";
  document.documentElement.style.background = "transparent";
  document.body.style.margin = "0";
  if (window.parent === window) return;
  let last = -1;
  const send = () => {
    const h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h === last) return;
    last = h;
    // Only a height crosses: nothing secret, so any parent may read it.
    window.parent.postMessage({ sitrep: "resize", height: h }, "*");
  };
  new ResizeObserver(send).observe(document.body);
  addEventListener("load", send);
})();
