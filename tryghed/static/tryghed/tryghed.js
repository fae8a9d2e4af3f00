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

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
