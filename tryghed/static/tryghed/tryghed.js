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

  // A select marked data-picker becomes a search box (pickers.js with tom-select). Its files
  // are named on the select itself (with their hashed names in production) and loaded once,
  // on the first page that needs them.
  var pickersRequested = false;
  function loadPickers(root) {
    var select = (root || document).querySelector("select[data-picker]");
    if (!select || pickersRequested || window.TryghedPickers) { return; }
    pickersRequested = true;
    (select.getAttribute("data-picker-assets") || "").split(" ").forEach(function (url) {
      var element;
      if (/\.css$/.test(url)) {
        element = document.createElement("link");
        element.rel = "stylesheet";
        element.href = url;
      } else if (url) {
        element = document.createElement("script");
        element.src = url;
        element.async = false;  // in the order given: tom-select before pickers.js
      }
      if (element) { document.head.appendChild(element); }
    });
  }

  // What a form keeps as a draft in this tab (report.js) is personal: it goes at logout, and
  // on any page shown to nobody logged in.
  // A draft that was sent goes on the page the sending led to (the form's own page again
  // means it came back with a message, and report.js decides there).
  function forgetDrafts(onlySent) {
    try {
      var store = window.sessionStorage;
      Object.keys(store).forEach(function (key) {
        if (key.indexOf("tryghed-draft:") !== 0) { return; }
        if (onlySent) {
          var draft = JSON.parse(store.getItem(key) || "{}");
          if (!draft.sent || key === "tryghed-draft:" + window.location.pathname) { return; }
        }
        store.removeItem(key);
      });
    } catch (error) { /* storage switched off: nothing was kept */ }
  }
  function setUpDraftForgetting() {
    // Two logout buttons: the desktop header's and the phone drawer's.
    var logouts = document.querySelectorAll('form[action$="/logout/"]');
    if (!logouts.length) { forgetDrafts(false); return; }
    logouts.forEach(function (logout) {
      logout.addEventListener("submit", function () { forgetDrafts(false); });
    });
    forgetDrafts(true);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
    focusErrors(document);
    loadPickers(document);
    setUpDraftForgetting();
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    initSwapped(event.target);
    focusErrors(event.target);
    loadPickers(event.target);
  });
})();
