// The portal's tables: sorting (vendored tablesort) and filters (this file); nothing is fetched.
// Material swaps pages without reloading, so tables are set up on every page view, and again
// inside a sealed block once it is opened (portal-seal.js calls window.portalTables).
(function () {
  // Scores sort highest first on the first click: a header marked data-sort-first="descending" is
  // handed to tablesort as if already ascending, so that its toggle makes it descending.
  function descendingFirst(header) {
    function prime() {
      if (!header.hasAttribute("aria-sort")) header.setAttribute("aria-sort", "ascending");
    }
    header.addEventListener("click", prime);
    header.addEventListener("keydown", function (event) { if (event.key === "Enter") prime(); });
  }

  function sortable(table) {
    if (table.dataset.sortable || !window.Tablesort) return;
    table.dataset.sortable = "1";
    table.querySelectorAll("th[data-sort-first='descending']").forEach(descendingFirst);
    new window.Tablesort(table);
  }

  // A row is shown when it matches every chosen filter (flags: the row holds that flag).
  function matches(row, filters) {
    return filters.every(function (select) {
      var wanted = select.value, key = select.dataset.filter;
      if (!wanted) return true;
      var value = row.getAttribute("data-" + key) || "";
      return key === "flags" ? value.split(" ").indexOf(wanted) >= 0 : value === wanted;
    });
  }

  function filterable(form) {
    if (form.dataset.ready) return;
    var box = document.getElementById(form.dataset.for);
    if (!box) return;
    form.dataset.ready = "1";
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var count = form.querySelector(".portal-filter-count");
    var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = matches(row, selects);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = count.dataset.template.replace("{shown}", shown).replace("{total}", rows.length);
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.hidden = false;
    apply();
  }

  window.portalTables = function (root) {
    root.querySelectorAll("table:not(.portal-nosort)").forEach(sortable);
    root.querySelectorAll("form.portal-filters").forEach(filterable);
  };

  // The logo's tooltip: Material escapes the site name a second time there (the portal gives it
  // escaped, for the places Material prints it raw), so it would show "&lt;"; its aria-label holds
  // the name as text. Set as a property, the name stays text.
  function logoTooltips() {
    document.querySelectorAll(".md-logo[aria-label]").forEach(function (logo) {
      logo.title = logo.getAttribute("aria-label");
    });
  }

  document$.subscribe(function () {
    var article = document.querySelector("article");
    if (article) window.portalTables(article);
    logoTooltips();
  });
})();
