// Tryghed's small script: no inline scripts anywhere, so the Content-Security-Policy stays strict.
(function () {
  "use strict";

  // DKFDS's components in what htmx swapped in. DKFDS.init() would also set up the header's
  // menu again (a second "Mere" item each time), so only the components inside are started.
  var SWAPPED = [
    ["Accordion", ".accordion, .accordion-bordered:not(.accordion)"],
    ["Dropdown", ".js-dropdown"],
    ["CheckboxToggleContent", ".js-checkbox-toggle-content"],
    ["RadioToggleGroup", ".js-radio-toggle-group"],
    ["Tabs", "div.tab-container"],
    ["Tooltip", ".tooltip-wrapper"]
  ];

  function initSwapped(root) {
    var dkfds = window.DKFDS;
    if (!dkfds) { return; }
    SWAPPED.forEach(function (pair) {
      root.querySelectorAll(pair[1]).forEach(function (element) {
        new dkfds[pair[0]](element).init();
      });
    });
  }

  // After a failed submit, move focus to the error summary so it is read out first.
  function focusErrors(root) {
    var summary = root.querySelector("#error-summary");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
    focusErrors(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    initSwapped(event.target);
    focusErrors(event.target);
  });
})();
