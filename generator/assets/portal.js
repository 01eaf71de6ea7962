// Sortable tables (vendored tablesort, no request leaves the intranet).
// Material swaps pages without reloading, so tables are set up on every page view.
document$.subscribe(function () {
  document.querySelectorAll("article table:not(.portal-nosort)").forEach(function (table) {
    if (!table.dataset.sortable) {
      table.dataset.sortable = "1";
      new Tablesort(table);
    }
  });
});
