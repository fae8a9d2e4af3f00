// The panic button and the alarm banner on every page of a logged-in person. Texts come from
// the page (json_script), in the person's language; no inline script, so the CSP stays strict.
(function () {
  "use strict";

  var texts, root, csrf, userId;
  var alarms = {};      // id -> latest payload
  var announced = {};   // id -> level already sounded
  var answered = {};    // id -> my answer
  var socket = null, retry = 0, countdownTimer = null, lostTimer = null, reconnectTimer = null;
  var pingTimer = null, silenceTimer = null;
  var replayed = null;  // ids the server has sent again since the socket opened, until "hello"
  var policeDue = {};   // id -> when (this page's clock) the raiser is told to call 112 themselves
  var ACK_SPREAD_MS = 1000;  // benchmarks/alarm_fanout.py confirms the same way
  var OFFLINE_RETRY_MS = 10000;  // a browser that says it is offline reaches nothing sooner

  function t(key, values) {
    var text = texts.t[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.replace("%(" + name + ")s", values[name]);
    });
    return text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function icon(level) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "icon-svg");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", texts.sprite + "#" + texts.icons[level]);
    svg.appendChild(use);
    return svg;
  }

  // Sound: three short tones made in the browser (no file to fetch), and a buzz on a phone.
  // A browser lets a page make sound only once the person has tapped or typed on it, so the
  // audio is opened at the first tap (click: a touch's pointerdown does not count) or key
  // press; until then an alarm banner, and the guard's console from the start, offer a button
  // that turns the sound on. If the system suspends the audio later, the buttons come back.
  var audio = null;

  function soundIsOn() { return audio !== null && audio.state === "running"; }

  function soundButtons() {
    var on = soundIsOn();
    document.querySelectorAll("[data-alarm-sound]").forEach(function (button) {
      if (on && button === document.activeElement) {
        // The button goes away: focus and the announcement move to the line that says so.
        var said = document.querySelector("[data-alarm-sound-on]");
        if (said) { said.hidden = false; said.focus(); }
      }
      button.hidden = on;
    });
    document.querySelectorAll("[data-alarm-sound-on]").forEach(function (line) {
      if (!on) { line.hidden = true; }
    });
  }

  function turnSoundOn() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (soundIsOn() || !Ctx) { return Promise.resolve(); }
    try {
      if (!audio) {
        audio = new Ctx();
        audio.onstatechange = soundButtons;
      }
      return audio.resume().then(soundButtons, soundButtons);
    } catch (e) { return Promise.resolve(); }
  }

  function tones() {
    if (!soundIsOn()) { return; }
    [0, 0.35, 0.7].forEach(function (start) {
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.25;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(audio.currentTime + start); osc.stop(audio.currentTime + start + 0.25);
    });
  }

  function sound() {
    tones();
    var touched = !navigator.userActivation || navigator.userActivation.hasBeenActive;
    if (navigator.vibrate && touched) { navigator.vibrate([300, 150, 300, 150, 300]); }
  }

  function soundButton() {
    var button = el("button", { type: "button", "class": "button button-secondary", "data-alarm-sound": "", text: t("sound_on") });
    button.hidden = soundIsOn();
    return button;
  }

  function post(url, data) {
    var body = new URLSearchParams(data);
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    });
  }

  function responders(alarm) {
    var line = alarm.coming.length
      ? t("on_way", { count: alarm.coming.length }) + " – " + alarm.coming.join(", ")
      : t("nobody_yet");
    if (alarm.cannot.length) { line += " " + t("cannot_come", { names: alarm.cannot.join(", ") }); }
    return line;
  }

  // "Ring 112": one person says they call the police, and every page shows who. The raiser's
  // box has the number and the address at once; if nobody has said it in time, it tells the
  // raiser to call (on this page's own clock: it needs no server to say so).
  function policeOverdue(alarm) {
    var due = policeDue[alarm.id];
    return alarm.status === "active" && alarm.level === "call_112" && !alarm.police.called_by &&
      due !== undefined && Date.now() >= due;
  }

  function policeLine(alarm, forRaiser) {
    var police = alarm.police;
    if (police.called_by_id === userId) { return t("police_you"); }
    if (police.called_by && police.called_by_id === alarm.raised_by_id) {
      return t("police_by_raiser", { name: police.called_by });
    }
    if (police.called_by) {
      var role = (texts.reasons[police.called_by_role] || "").toLowerCase();
      return t("police_by", { name: police.called_by, role: role });
    }
    if (alarm.status !== "active") { return t("police_nobody_said"); }
    if (forRaiser && policeOverdue(alarm)) { return t("police_overdue"); }
    return t(forRaiser ? "police_waiting_raiser" : "police_waiting");
  }

  function rememberPoliceDue(alarm) {
    if (!alarm.police || alarm.police.due_in === null || alarm.police.called_by) {
      delete policeDue[alarm.id];
      return;
    }
    policeDue[alarm.id] = Date.now() + alarm.police.due_in * 1000;
    if (alarm.raised_by_id === userId && alarm.police.due_in > 0) {
      setTimeout(function () {
        var latest = alarms[alarm.id];
        if (latest && latest.status === "active") { mine(latest); policeSection(latest); }
      }, alarm.police.due_in * 1000 + 50);
    }
  }

  function claimPolice(alarm) {
    post(alarm.police.claim_url, {}).then(function (response) {
      if (response.ok) { return response.json().then(show); }
      if (response.status === 409) {
        return response.json().then(function (data) { show(data.alarm); });
      }
    });
  }

  function policeBox(alarm, forRaiser) {
    var police = alarm.police;
    var overdue = forRaiser && policeOverdue(alarm);
    var box = el("div", { "class": "tryghed-police" + (overdue ? " tryghed-police-overdue" : ""), "data-police-box": "" }, [
      el("p", { "class": "tryghed-police-needed" }, [el("strong", { text: t("police_needed") })])
    ]);
    if (alarm.status === "active" && (forRaiser || police.called_by_id === userId)) {
      box.appendChild(el("p", {}, [el("a", { href: "tel:112", "class": "tryghed-call-112", text: t("call_112_now") })]));
    }
    box.appendChild(el("p", { "class": "tryghed-police-status", text: policeLine(alarm, forRaiser) }));
    box.appendChild(el("p", { "class": "tryghed-police-address" }, [
      document.createTextNode(t("police_address") + " "),
      el("strong", { text: police.address || alarm.place })
    ]));
    if (police.address) { box.appendChild(el("p", { text: t("police_where") + " " + alarm.place })); }
    if (alarm.status === "active" && alarm.level === "call_112" && !police.called_by) {
      var button = el("button", { type: "button", "class": "button button-primary", text: t(forRaiser ? "police_claim_self" : "police_claim") });
      button.addEventListener("click", function () { claimPolice(alarm); });
      box.appendChild(button);
    }
    return box;
  }

  // The "Ring 112" section of the alarm's own page, rendered by the server, kept up to date.
  function policeSection(alarm) {
    var section = document.querySelector('[data-police-alarm="' + alarm.id + '"]');
    if (!section || !alarm.police) { return; }
    var forRaiser = alarm.raised_by_id === userId;
    section.querySelector("[data-police-status]").textContent = policeLine(alarm, forRaiser);
    section.classList.toggle("tryghed-police-overdue", forRaiser && policeOverdue(alarm));
    if (alarm.police.called_by || alarm.status !== "active") {
      section.querySelectorAll("[data-police-claim]").forEach(function (form) { form.remove(); });
    }
    if (alarm.police.called_by_id === userId && alarm.status === "active" && !section.querySelector("[data-police-tel]")) {
      section.querySelector("[data-police-status]").before(
        el("p", {}, [el("a", { href: "tel:112", "class": "tryghed-call-112", "data-police-tel": "", text: t("call_112_now") })])
      );
    }
  }

  function banner(alarm) {
    var mayAnswer = alarm.raised_by_id !== userId;
    if (alarm.answers[userId]) { answered[alarm.id] = alarm.answers[userId]; }
    var box = el("section", { "class": "tryghed-alarm-banner tryghed-level-" + alarm.level, "data-alarm": alarm.id }, [
      el("h2", { "class": "tryghed-alarm-banner-title" }, [
        icon(alarm.level),
        el("span", { text: texts.levels[alarm.level] + ": " + alarm.place })
      ]),
      el("p", { text: t("alarm_from", { name: alarm.raised_by }) }),
      el("p", { "class": "tryghed-alarm-responders", text: responders(alarm) }),
      alarm.escalation_step ? el("p", { text: t("escalated") }) : null,
      alarm.police ? policeBox(alarm, false) : null
    ]);
    var actions = el("div", { "class": "tryghed-alarm-actions" });
    if (mayAnswer && answered[alarm.id]) {
      actions.appendChild(el("p", { "class": "tryghed-alarm-answered", text: t("you_answered", { answer: t(answered[alarm.id]) }) }));
    } else if (mayAnswer) {
      ["coming", "cannot"].forEach(function (answer) {
        var button = el("button", { type: "button", "class": "button " + (answer === "coming" ? "button-primary" : "button-secondary"), text: t(answer) });
        button.addEventListener("click", function () {
          post(alarm.answer_url, { answer: answer }).then(function (response) {
            if (response.ok) { answered[alarm.id] = answer; return response.json().then(show); }
          });
        });
        actions.appendChild(button);
      });
    }
    actions.appendChild(el("a", { href: alarm.url, "class": "button button-tertiary", text: t("open") }));
    actions.appendChild(soundButton());
    box.appendChild(actions);
    return box;
  }

  function mine(alarm) {
    var box = document.getElementById("alarm-mine");
    box.textContent = "";
    if (!alarm || alarm.status !== "active") { box.hidden = true; return; }
    box.className = "tryghed-alarm-mine" + (alarm.is_silent ? " tryghed-alarm-mine-silent" : "");
    box.appendChild(el("p", {}, [icon(alarm.level), el("strong", { text: t("your_alarm") + ": " + texts.levels[alarm.level] })]));
    box.appendChild(el("p", { "class": "tryghed-alarm-responders", text: responders(alarm) }));
    if (alarm.police) { box.appendChild(policeBox(alarm, true)); }
    box.appendChild(el("a", { href: alarm.url, "class": "button button-secondary", text: t("open") }));
    box.hidden = false;
  }

  // The guard's console lists the active alarms, kept up to date as they come and go.
  function guardList() {
    var list = document.getElementById("guard-alarms");
    if (!list) { return; }
    var active = Object.keys(alarms).map(function (id) { return alarms[id]; }).filter(function (alarm) {
      return alarm.status === "active" && alarm.raised_by_id !== userId;
    }).sort(function (a, b) { return a.raised_at < b.raised_at ? 1 : -1; });
    list.textContent = "";
    active.forEach(function (alarm) {
      var raised = new Date(alarm.raised_at);
      var at = ("0" + raised.getHours()).slice(-2) + ":" + ("0" + raised.getMinutes()).slice(-2);
      list.appendChild(el("p", {}, [
        el("a", { href: alarm.url, text: texts.levels[alarm.level] + ": " + alarm.place }),
        document.createTextNode(", " + alarm.raised_by + ", " + at)
      ]));
    });
    if (!active.length) { list.appendChild(el("p", { text: list.dataset.empty })); }
  }

  function show(alarm) {
    alarms[alarm.id] = alarm;
    rememberPoliceDue(alarm);
    policeSection(alarm);
    guardList();
    if (alarm.raised_by_id === userId) { mine(alarm); return; }
    var holder = document.getElementById("alarm-banners");
    var old = holder.querySelector('[data-alarm="' + alarm.id + '"]');
    if (alarm.status !== "active") { if (old) { old.remove(); } return; }
    var fresh = banner(alarm);
    if (old) { old.replaceWith(fresh); } else { holder.prepend(fresh); }
    if (announced[alarm.id] !== alarm.level + alarm.escalation_step) {
      announced[alarm.id] = alarm.level + alarm.escalation_step;
      sound();
      // Confirm within a second, at a random moment: a thousand pages confirming at once
      // would hold up the alarm on its way to the pages that have not got it yet.
      setTimeout(function () {
        if (socket && socket.readyState === 1) {
          socket.send(JSON.stringify({ type: "delivered", alarm: alarm.id }));
        }
      }, Math.random() * ACK_SPREAD_MS);
    }
  }

  // A page that has lost the server for a few seconds shows the guard's phone (not at once:
  // leaving a page closes its socket too).
  function linkLost(lost) {
    var bar = document.getElementById("alarm-link-lost");
    if (!bar) { return; }
    if (!lost) { clearTimeout(lostTimer); lostTimer = null; bar.hidden = true; return; }
    if (!lostTimer) { lostTimer = setTimeout(function () { bar.hidden = false; }, 4000); }
  }

  function connection(state) {
    // A browser that knows it is offline has lost the server, whatever a socket says.
    linkLost(state === "disconnected" || navigator.onLine === false);
    document.querySelectorAll("[data-alarm-connection]").forEach(function (node) {
      node.dataset.state = state;
      node.textContent = t(state);
      node.hidden = false;
    });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + texts.socket);
    socket.onopen = function () { retry = 0; replayed = {}; connection("connected"); listen(); };
    socket.onmessage = function (event) {
      listen();
      var message = JSON.parse(event.data);
      if (message.type === "alarm") {
        if (replayed) { replayed[message.id] = true; }
        show(message);
      } else if (message.type === "hello") {
        // The server sends every active alarm before "hello": one this page still shows that
        // was not among them ended while the page was away from the server.
        var sent = replayed || {};
        Object.keys(alarms).forEach(function (id) {
          if (!sent[id] && alarms[id].status === "active") {
            show(Object.assign({}, alarms[id], { status: "ended" }));
          }
        });
        replayed = null;
      }
    };
    socket.onclose = function () {
      connection("disconnected");
      retry = Math.min(retry + 1, 5);
      reconnect(navigator.onLine === false ? OFFLINE_RETRY_MS : 500 * retry);
    };
  }

  // A connection can go quiet without closing (a network that drops everything, a sleeping
  // router): the browser would say "connected" for minutes. So the page asks the server every
  // heartbeat_ms when it has heard nothing, and gives the connection up when no answer comes
  // within half that; any message from the server counts as an answer.
  function listen() {
    clearTimeout(pingTimer);
    clearTimeout(silenceTimer);
    if (!texts.heartbeat_ms) { return; }
    pingTimer = setTimeout(function () {
      if (!socket || socket.readyState !== WebSocket.OPEN) { return; }
      socket.send(JSON.stringify({ type: "ping" }));
      silenceTimer = setTimeout(function () { giveUp(500); }, texts.heartbeat_ms / 2);
    }, texts.heartbeat_ms);
  }

  // Gives up on the current socket without waiting for its closing handshake, which never
  // ends while the network is gone (Chromium then keeps it "closing" for a minute or more).
  function drop() {
    clearTimeout(pingTimer);
    clearTimeout(silenceTimer);
    if (!socket) { return; }
    var old = socket;
    socket = null;
    old.onopen = old.onmessage = old.onclose = null;
    old.close();
  }

  function giveUp(retryAfter) {
    drop();
    connection("disconnected");
    reconnect(retryAfter);
  }

  function reconnect(delay) {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(function () { reconnectTimer = null; connect(); }, delay);
  }

  // Raising: choose a level, a few seconds to take it back, then send.
  function offline() {
    var box = document.getElementById("alarm-offline");
    box.textContent = t("offline") + " ";
    if (texts.guard_phone) { box.appendChild(el("a", { href: texts.guard_uri, "class": "tryghed-call tryghed-call-urgent", text: texts.guard_phone })); }
    box.hidden = false;
  }

  function send(form, level) {
    var data = { level: level };
    if (form.querySelector("[name=is_silent]").checked) { data.is_silent = "on"; }
    document.querySelector("#alarm-countdown .tryghed-countdown-text").textContent = t("sending");
    post(texts.raise_url, data).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (alarm) {
      document.getElementById("alarm-countdown").hidden = true;
      document.getElementById("alarm-dialog").close();
      show(alarm);
    }).catch(function () {
      document.getElementById("alarm-countdown").hidden = true;
      offline();
    });
  }

  function startCountdown(form, level) {
    var seconds = texts.cancel_seconds;
    var box = document.getElementById("alarm-countdown");
    var line = box.querySelector(".tryghed-countdown-text");
    form.hidden = true;
    box.hidden = false;
    document.getElementById("alarm-offline").hidden = true;
    document.getElementById("alarm-undo").focus();
    function tick() {
      if (seconds <= 0) { countdownTimer = null; send(form, level); return; }
      line.textContent = t("sending_in", { seconds: seconds });
      seconds -= 1;
      countdownTimer = setTimeout(tick, 1000);
    }
    tick();
  }

  function undo() {
    if (countdownTimer) { clearTimeout(countdownTimer); countdownTimer = null; }
    document.getElementById("alarm-countdown").hidden = true;
    document.getElementById("alarm-form").hidden = false;
  }

  function openDialog(event) {
    var dialog = document.getElementById("alarm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    if (event) { event.preventDefault(); }
    undo();
    if (!dialog.open) { dialog.showModal(); }
    dialog.querySelector(".tryghed-level-help_now").focus();
  }

  function setUpDialog() {
    var form = document.getElementById("alarm-form");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      startCountdown(form, event.submitter ? event.submitter.value : "help_now");
    });
    document.getElementById("alarm-undo").addEventListener("click", undo);
    document.getElementById("alarm-close").addEventListener("click", function () {
      undo();
      document.getElementById("alarm-dialog").close();
    });
    document.getElementById("alarm-dialog").addEventListener("close", undo);
    document.querySelectorAll("[data-alarm-open]").forEach(function (link) {
      link.addEventListener("click", openDialog);
    });
    document.addEventListener("keydown", function (event) {
      if (event.altKey && event.shiftKey && (event.key === "A" || event.key === "a" || event.code === "KeyA")) {
        openDialog(event);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("alarm-texts");
    root = document.getElementById("alarm-root");
    if (!data || !root || !window.WebSocket) { return; }
    texts = JSON.parse(data.textContent);
    csrf = root.dataset.csrf;
    userId = parseInt(root.dataset.user, 10);
    setUpDialog();
    ["click", "keydown"].forEach(function (type) {
      document.addEventListener(type, function () { turnSoundOn(); }, { passive: true });
    });
    document.addEventListener("click", function (event) {
      if (event.target.closest("[data-alarm-sound]")) { turnSoundOn().then(tones); }
    });
    soundButtons();
    connect();
    // Offline, the page says so at once and tries seldom; back online, it tries at once.
    window.addEventListener("offline", function () { giveUp(OFFLINE_RETRY_MS); });
    window.addEventListener("online", function () {
      if (socket && socket.readyState === WebSocket.OPEN) { connection("connected"); return; }
      drop();
      reconnect(0);
    });
  });
})();
