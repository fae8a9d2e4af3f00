// Pickers: a select marked data-picker becomes a search box (tom-select). Typing any part of
// an option's label finds it (a place by any part of its path), the arrow keys move and Enter
// chooses. tryghed.js loads this file on the first page that has such a select; without a
// script the select stays as it is, with the same labels and groups.
(function () {
  "use strict";

  var SEPARATOR = " \u203a ";

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // A path reads with its last part in bold, so the place itself stands out from where it is.
  function pathOption(data, escape) {
    var parts = String(data.text).split(SEPARATOR);
    var last = parts.pop();
    var before = parts.length ? '<span class="tryghed-path-up">' + escape(parts.join(SEPARATOR) + SEPARATOR) + "</span>" : "";
    return "<div>" + before + '<span class="tryghed-path-here">' + escape(last) + "</span></div>";
  }

  function enhance(select) {
    if (select.tomselect || typeof window.TomSelect !== "function") { return; }
    var none = select.getAttribute("data-picker-none") || "";
    var settings = {
      maxOptions: null,
      allowEmptyOption: !select.multiple && !select.required,
      lockOptgroupOrder: true,
      closeAfterSelect: true,
      render: {
        no_results: function () { return '<div class="no-results" role="status">' + escapeText(none) + "</div>"; }
      }
    };
    if (select.getAttribute("data-picker") === "path") {
      settings.render.option = pathOption;
    }
    if (select.multiple) {
      settings.plugins = { remove_button: { title: select.getAttribute("data-picker-remove") || "" } };
    }
    var picker = new window.TomSelect(select, settings);
    // The list follows the typing 300 ms after the last key (tom-select's refreshThrottle): a
    // list of a thousand units took up to 130 ms to redraw, too much for every key on a phone.
    // Enter in that time first brings the list up to date, so it chooses from what was typed;
    // a refresh still waiting when the focus leaves is dropped: it opened the list again and
    // took the focus back from the next field (a box ticked with Space got a space instead).
    function dropRefresh() {
      var waiting = Boolean(picker.refreshTimeout);
      window.clearTimeout(picker.refreshTimeout);
      picker.refreshTimeout = null;
      return waiting;
    }
    // Before tom-select's own handler (a capturing listener on the wrapper around the box).
    picker.wrapper.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === picker.control_input && dropRefresh()) {
        picker._onInput();
      }
    }, true);
    picker.control_input.addEventListener("blur", dropRefresh);
    // Enter in the search box chooses an option and never sends the form: pressed before the
    // list has caught up with the typing, it sent a half-filled form.
    picker.control_input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    // The search box speaks for the select now: the select itself, still in the page for the
    // form, is kept out of the keyboard's and the screen reader's way.
    select.setAttribute("aria-hidden", "true");
    select.setAttribute("tabindex", "-1");
    // The original select keeps the error message and hint it was described by.
    var described = select.getAttribute("aria-describedby");
    if (described) { picker.control_input.setAttribute("aria-describedby", described); }
    if (select.getAttribute("aria-invalid")) { picker.control_input.setAttribute("aria-invalid", "true"); }
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-picker]"), enhance);
  }

  window.TryghedPickers = { enhance: enhanceAll };
  enhanceAll(document);
  document.addEventListener("htmx:afterSettle", function (event) { enhanceAll(event.target); });
})();
