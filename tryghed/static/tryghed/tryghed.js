// Tryghed's small script: no inline scripts anywhere, so the Content-Security-Policy stays strict.
(function () {
  "use strict";

  function init(root) {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init(root);
    }
    // After a failed submit, move focus to the error summary so it is read out first.
    var summary = (root || document).querySelector("#error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // On a phone the main menu folds away behind a button, so a page starts with its content
  // (and the alarm button) instead of four lines of links. Without a script it stays open.
  function setUpMenu() {
    var button = document.querySelector(".tryghed-menu-button");
    var menu = document.getElementById("main-menu");
    if (!button || !menu) { return; }
    menu.classList.add("tryghed-nav-folding");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("tryghed-nav-open", open);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); setUpMenu(); });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
