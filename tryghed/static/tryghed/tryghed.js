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
    var logout = document.querySelector('form[action$="/logout/"]');
    if (!logout) { forgetDrafts(false); return; }
    logout.addEventListener("submit", function () { forgetDrafts(false); });
    forgetDrafts(true);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document); setUpMenu(); loadPickers(document); setUpDraftForgetting();
  });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); loadPickers(event.target); });
})();
