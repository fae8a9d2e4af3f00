// The full report on a small screen: one step at a time ("Næste", "Tilbage"), and a draft of
// what is typed kept in this tab (sessionStorage), so a dropped connection or a reload loses
// nothing. Without the script every step shows at once and the form works as before.
//
// The draft belongs to the form as the server last showed it: it is put back only while the
// page still shows the same answers as when the draft was started. Once the report is saved
// (or someone else changed it) the page shows other answers and the draft is dropped.
// tryghed.js drops a sent draft on the page after it and every draft at logout.
(function () {
  "use strict";

  function serialize(form) {
    var values = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") { values.push([name, value]); }
    });
    return JSON.stringify(values);
  }

  function restore(form, serialized) {
    var values = {};
    JSON.parse(serialized).forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "csrfmiddlewaretoken" || element.type === "file" || element.type === "submit" || element.type === "button") { return; }
      var given = values[name] || [];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = given.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = given.indexOf(option.value) !== -1;
        });
        if (element.tomselect) { element.tomselect.sync(); }
      } else {
        element.value = given.length ? given[0] : "";
      }
    });
  }

  function storage() {
    try { return window.sessionStorage; } catch (error) { return null; }
  }

  function setUpDraft(form, steps) {
    var store = storage();
    if (!store) { return { save: function () {} }; }
    var key = "tryghed-draft:" + window.location.pathname;
    var base = serialize(form);
    var draft = null;
    try { draft = JSON.parse(store.getItem(key) || "null"); } catch (error) { draft = null; }
    if (draft && draft.base === base && draft.values !== base) {
      restore(form, draft.values);
      var notice = document.createElement("div");
      notice.className = "alert alert-info tryghed-restored";
      notice.setAttribute("role", "status");
      notice.innerHTML = '<div class="alert-body"><p class="alert-text"></p></div>';
      notice.querySelector("p").textContent = form.getAttribute("data-restored");
      form.insertBefore(notice, form.querySelector(".tryghed-step-count, .tryghed-step"));
      if (typeof draft.step === "number") { steps.show(draft.step, false); }
    } else if (draft) {
      store.removeItem(key);
      draft = null;
    }
    var started = draft ? draft.base : base;
    function save(sent) {
      var values = serialize(form);
      if (values === started && !sent) { store.removeItem(key); return; }
      store.setItem(key, JSON.stringify({ base: started, values: values, step: steps.current(), sent: !!sent }));
    }
    form.addEventListener("input", function () { save(false); });
    form.addEventListener("change", function () { save(false); });
    // A picker (tom-select) tells its select of a choice; that event need not bubble to the form.
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      select.addEventListener("change", function () { save(false); });
    });
    form.addEventListener("submit", function () { save(true); });
    return { save: save };
  }

  function setUpSteps(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll(".tryghed-step"));
    var files = document.querySelector(".tryghed-report-files");
    var saveButton = form.querySelector(".tryghed-save button");
    var current = 0;
    var onShow = function () {};
    form.classList.add("tryghed-stepped");
    var count = document.createElement("p");
    count.className = "tryghed-step-count";
    form.insertBefore(count, steps[0]);

    function button(text, className, type) {
      var element = document.createElement("button");
      element.type = type || "button";
      element.className = "button " + className;
      element.textContent = text;
      return element;
    }

    function show(index, focus) {
      current = Math.max(0, Math.min(index, steps.length - 1));
      steps.forEach(function (step, at) { step.hidden = at !== current; });
      var heading = steps[current].querySelector("h2");
      count.textContent = form.getAttribute("data-step-count")
        .replace("{step}", String(current + 1)).replace("{steps}", String(steps.length));
      if (focus) {
        heading.focus();
        form.scrollIntoView({ block: "start" });
      }
      onShow();
    }

    steps.forEach(function (step, at) {
      var nav = document.createElement("div");
      nav.className = "tryghed-step-nav";
      if (at < steps.length - 1) {
        var next = button(form.getAttribute("data-next"), "button-primary");
        next.addEventListener("click", function () { show(at + 1, true); });
        nav.appendChild(next);
        nav.appendChild(button(saveButton.textContent, "button-secondary", "submit"));
      } else {
        nav.appendChild(button(saveButton.textContent, "button-primary", "submit"));
      }
      if (at > 0) {
        var back = button(form.getAttribute("data-back"), "button-secondary");
        back.addEventListener("click", function () { show(at - 1, true); });
        nav.appendChild(back);
      }
      step.appendChild(nav);
    });

    // A link to a field (the error summary's) opens the step it is in.
    function stepOf(element) {
      for (var at = 0; at < steps.length; at += 1) {
        if (steps[at].contains(element)) { return at; }
      }
      return -1;
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#"]');
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      var at = stepOf(target);
      if (at !== -1 && at !== current) { show(at, false); }
      if (files && files.contains(target)) { show(steps.length - 1, false); }
    });

    var firstError = form.querySelector(".tryghed-step .form-error");
    var hashTarget = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (firstError) {
      show(stepOf(firstError), false);
    } else if ((hashTarget && files && files.contains(hashTarget)) || (files && files.querySelector(".form-error"))) {
      show(steps.length - 1, false);
    } else {
      show(0, false);
    }
    return {
      show: show,
      current: function () { return current; },
      onShow: function (callback) { onShow = callback; }
    };
  }

  // Choosing what happened opens the acts of that kind and folds the others (unless chosen).
  function setUpActGroups(form) {
    form.addEventListener("change", function (event) {
      if (event.target.name !== "kind") { return; }
      Array.prototype.forEach.call(form.querySelectorAll(".tryghed-act-group"), function (group) {
        group.open = group.getAttribute("data-kind") === event.target.value || !!group.querySelector(":checked");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.tryghed-full-report");
    if (!form) { return; }
    setUpActGroups(form);
    var steps = setUpSteps(form);
    var draft = setUpDraft(form, steps);
    steps.onShow(function () { draft.save(false); });
  });
})();
