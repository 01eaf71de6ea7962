// Search: Pagefind's own UI in the header, over this cycle's chunked index (pagefind/ at the cycle's root).
// Everything comes from the site itself: the UI, the WebAssembly search and the index chunks a query needs.
(function () {
  var root = new URL("../../", document.currentScript.src);  // this file is <cycle>/assets/portal/search.js
  var bundle = new URL("pagefind/", root).href;

  function mount() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".portal-search")) return;
    var box = document.createElement("div");
    box.className = "portal-search";
    box.setAttribute("role", "search");
    var before = header.querySelector(".md-header__source");
    header.insertBefore(box, before);
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = bundle + "pagefind-ui.css";
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      new PagefindUI({
        element: box, bundlePath: bundle, showImages: false, showSubResults: true, resetStyles: false,
        translations: { placeholder: "__PORTAL_SEARCH_PLACEHOLDER__" }  // the catalog's search.placeholder, filled in by the build
      });
    };
    script.onerror = function () { box.remove(); };  // no index (e.g. under portal serve): no search box
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
