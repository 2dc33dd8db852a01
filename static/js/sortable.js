/* Sortable report tables, a progressive enhancement: each header of a
   `table[data-sortable]` with `data-sort` ("number" or "text") gets a button that sorts
   the rows by that column, ascending then descending; `aria-sort` says which. A cell
   holding a `<time datetime>` sorts by that attribute. Without
   this script the tables are plain tables, in the order the server chose. */
(function () {
  "use strict";

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    // A date or time sorts by its machine-readable value, not by how it reads.
    var time = cell ? cell.querySelector("time[datetime]") : null;
    if (time) {
      return time.getAttribute("datetime");
    }
    var text = cell ? cell.textContent.trim() : "";
    if (kind === "number") {
      var number = parseFloat(text.replace(/[^0-9.\-]/g, ""));
      return isNaN(number) ? -Infinity : number;
    }
    return text.toLocaleLowerCase();
  }

  function sortBy(table, header, index, kind) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th[aria-sort]").forEach(function (other) {
      other.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    if (rows.length < 2) {
      return;
    }
    rows.sort(function (a, b) {
      var x = cellValue(a, index, kind);
      var y = cellValue(b, index, kind);
      var order = kind === "number" ? x - y : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("thead th[data-sort]").forEach(function (header) {
      var index = header.cellIndex;
      var kind = header.getAttribute("data-sort");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      // The header's text becomes the button's: its name says what it sorts by.
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, index, kind); });
    });
  });
})();
