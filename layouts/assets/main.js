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
})();
