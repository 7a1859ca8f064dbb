// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the main landmark after the skip link is used, for browsers that do not.
  var skip = document.querySelector(".skip-link");
  if (skip) {
    skip.addEventListener("click", function () {
      var main = document.getElementById("main");
      if (main) main.focus();
    });
  }

  // Wide tables: wrap each one in a labelled, focusable scroll region so keyboard users
  // can scroll it too. Without this script the CSS makes the table itself scroll.
  var tables = document.querySelectorAll(".prose table");
  for (var i = 0; i < tables.length; i++) {
    var table = tables[i];
    if (table.parentNode.classList.contains("table-scroll")) continue;
    var box = document.createElement("div");
    box.className = "table-scroll";
    box.setAttribute("role", "region");
    box.setAttribute("tabindex", "0");
    var caption = table.querySelector("caption");
    box.setAttribute("aria-label", caption ? caption.textContent : "Table (scrolls sideways)");
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  }
})();
