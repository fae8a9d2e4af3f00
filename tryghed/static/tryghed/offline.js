// Reporting without a network (docs/offline.md). The service worker (offline-sw.js) keeps the
// quick report form and the quick guide. A report sent while the phone has no network (the
// browser says it is offline, or Tryghed does not answer within PROBE_SECONDS) is kept here in
// IndexedDB, encrypted (AES-GCM) with the key held in the login's session (core/webapp.py),
// which this tab keeps in sessionStorage, and sent when the network returns: at the browser's
// "online", at Background Sync, at every page load, and again and again while the page is open
// after a try that got nothing through (RETRY_*). Its submission key makes a report sent
// twice one episode. A kept report is removed once sent, after KEEP_DAYS, at logout with the
// worker's caches, and when no login can open it any more (the person is told to report again).
(function () {
  "use strict";

  const DB = "tryghed-offline";
  const STORE = "reports";
  const KEEP_DAYS = 7;
  const OWNER = "tryghed-offline-owner";
  const KEY = "tryghed-offline-key";
  const PROBE_SECONDS = 5;
  const SEND_SECONDS = 30;  // a send that hangs is given up, and tried again later
  const RESEAL_WAIT_MS = 1500;
  const RETRY_FIRST_MS = 3000;  // a try that found no way through is made again, ever more
  const RETRY_MAX_MS = 60000;   // seldom, while reports wait and the phone says it is online
  const settings = document.getElementById("tryghed-offline");
  let sending = false;
  let retryMs = 0;
  let retryTimer = null;
  let leaving = false;  // logging out: nothing more is sent or kept
  let memoryKey = null;  // where sessionStorage is switched off: this page's memory only
  let csrf = null;  // the login's CSRF token as the server last gave it
  // The person's other windows of Tryghed: one may hold the key of an earlier login.
  const windows = window.BroadcastChannel ? new BroadcastChannel("tryghed-offline") : null;

  // IndexedDB, one request at a time, each in its own connection (so deleting never waits).
  function done(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  async function inStore(mode, work) {
    const opening = indexedDB.open(DB, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: "key" });
    const db = await done(opening);
    try {
      return await done(work(db.transaction(STORE, mode).objectStore(STORE)));
    } finally {
      db.close();
    }
  }

  async function forgetAll() {
    await new Promise((resolve) => {
      const deleting = indexedDB.deleteDatabase(DB);
      deleting.onsuccess = deleting.onerror = deleting.onblocked = resolve;
    });
    if (window.caches) {
      await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
    }
  }

  // The login's key, as the server's session holds it, kept in this tab only (sessionStorage:
  // gone when the tab or the browser closes, and at logout), so the kept form can use it when
  // it is opened again with no network. Never in a page: the worker keeps copies of pages.
  function tabKey() {
    try { return sessionStorage.getItem(KEY) || memoryKey; } catch (error) { return memoryKey; }
  }
  function keepTabKey(key) {
    memoryKey = key;
    try { sessionStorage.setItem(KEY, key); } catch (error) { /* storage off: memory only */ }
  }
  function dropTabKey() {
    memoryKey = null;
    try { sessionStorage.removeItem(KEY); } catch (error) { /* nothing kept */ }
  }
  function timeout(ms) {  // AbortSignal.timeout, where the browser is older than it
    const controller = new AbortController();
    setTimeout(() => controller.abort(), ms);
    return controller.signal;
  }

  // Asks Tryghed for the login's key, which also tells whether Tryghed answers at all. "ok":
  // this page's login, key and CSRF token renewed (what this tab kept under an earlier login
  // is sealed again under the new key); "ended": no login, or another person's (a redirect to
  // the login, or another owner). Throws where Tryghed does not answer within PROBE_SECONDS,
  // or answers with a server error (a proxy's 502 while Tryghed is away).
  async function refreshKey() {
    const answer = await fetch(settings.dataset.keyUrl, {
      cache: "no-store", credentials: "same-origin", redirect: "manual",  // not the login page it leads to
      signal: timeout(PROBE_SECONDS * 1000)
    });
    if (answer.status >= 500) { throw new Error(`Tryghed answered ${answer.status}`); }
    const given = answer.ok ? await answer.json() : {};
    if (!given.key || given.owner !== settings.dataset.owner) { return "ended"; }
    csrf = given.csrf;
    const old = tabKey();
    if (given.key !== old) {
      if (old) { await resealed(old, given.key).catch(() => null); }  // storage's trouble, not the network's
      keepTabKey(given.key);
    }
    return "ok";
  }
  async function resealed(old, fresh) {
    for (const record of await inStore("readonly", (store) => store.getAll())) {
      const fields = await unseal(record, old).catch(() => null);
      const sealed = fields && await seal(fields, fresh);
      if (sealed) { await inStore("readwrite", (store) => store.put({ ...record, ...sealed })); }
    }
  }

  // The key never leaves this page's memory as a CryptoKey's bytes: it is imported as not extractable.
  function cryptoKey(key) {
    const raw = Uint8Array.from(atob(key), (c) => c.charCodeAt(0));
    return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
  }
  async function seal(fields, key) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new TextEncoder().encode(JSON.stringify(fields));
    return { iv, data: await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await cryptoKey(key), plain) };
  }
  async function unseal(record, key) {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: record.iv }, await cryptoKey(key), record.data);
    return JSON.parse(new TextDecoder().decode(plain));
  }

  // "Now", "earlier today" and "yesterday" mean the moment the report was made, not sent.
  function pad(n) { return String(n).padStart(2, "0"); }
  function pinned(fields) {
    const when = (fields.find(([name]) => name === "when") || [])[1] || "now";
    if (when === "other") { return fields; }
    const moment = new Date();
    if (when === "yesterday") { moment.setDate(moment.getDate() - 1); }
    const dropped = when === "now" ? ["when", "on_date", "at_time"] : ["when", "on_date"];
    const kept = fields.filter(([name]) => !dropped.includes(name));
    kept.push(["when", "other"], ["on_date", `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`]);
    if (when === "now") { kept.push(["at_time", `${pad(moment.getHours())}:${pad(moment.getMinutes())}`]); }
    return kept;
  }
  function fieldsOf(form) {
    const fields = [];
    new FormData(form).forEach((value, name) => {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken" && name !== "submission_key") {
        fields.push([name, value]);
      }
    });
    return pinned(fields);
  }

  function tell(text, link, linkText, kind) {
    let notice = document.querySelector(".tryghed-offline-notice");
    if (!notice) {
      notice = document.createElement("div");
      notice.setAttribute("role", "status");
      document.getElementById("main-content").prepend(notice);
    }
    notice.className = `alert alert-${kind || "success"} tryghed-offline-notice`;
    notice.innerHTML = '<div class="alert-body"><p class="alert-text"></p></div>';
    notice.querySelector("p").textContent = text;
    if (link) {
      const anchor = document.createElement("a");
      anchor.href = link;
      anchor.textContent = linkText;
      notice.querySelector("p").append(" ", anchor);
    }
  }

  // Sent with a new key of its own: the page may be a kept copy whose key was used before.
  // `loggedOut`: Tryghed answered, but this page's login has ended.
  async function keep(form, loggedOut) {
    const tab = tabKey();
    const help = [settings.dataset.guideUrl, settings.dataset.guide, "warning"];
    if (!tab) { return tell(loggedOut ? settings.dataset.loggedOut : settings.dataset.noKey, ...help); }
    const key = crypto.randomUUID();
    try {
      const sealed = await seal(fieldsOf(form), tab);
      await inStore("readwrite", (store) => store.put({ key, savedAt: Date.now(), refused: false, ...sealed }));
    } catch (error) {
      return tell(settings.dataset.notKept, ...help);  // the browser's storage refused: the text stays in the form
    }
    form.reset();
    tell(loggedOut ? settings.dataset.savedLogIn : settings.dataset.saved, loggedOut ? settings.dataset.loginUrl : null, settings.dataset.logIn);
    const worker = navigator.serviceWorker && await navigator.serviceWorker.getRegistration();
    if (worker && worker.sync) { worker.sync.register("tryghed-send").catch(() => null); }
  }

  async function sendOne(record, fields, form) {
    if (record.refused) { return form && putBack(form, record, fields); }
    const body = new FormData();
    fields.forEach(([name, value]) => body.append(name, value));
    body.append("submission_key", record.key);
    body.append("csrfmiddlewaretoken", csrf);
    const answer = await fetch(settings.dataset.reportUrl, {
      method: "POST", body, credentials: "same-origin", signal: timeout(SEND_SECONDS * 1000)
    });
    const path = new URL(answer.url).pathname;
    if (answer.redirected && path.endsWith("/kvittering/")) {
      await inStore("readwrite", (store) => store.delete(record.key));
      tell(settings.dataset.sent, answer.url, settings.dataset.receipt);
    } else if (answer.ok && path === settings.dataset.reportUrl) {
      // The server asked something (a field missing, "sent just now – again?"): the person answers.
      await inStore("readwrite", (store) => store.put({ ...record, refused: true }));
      if (form) { await putBack(form, record, fields); } else { tell(settings.dataset.refused, settings.dataset.reportUrl, settings.dataset.openForm, "warning"); }
    }
  }

  async function putBack(form, record, fields) {
    Array.prototype.forEach.call(form.elements, (element) => {
      const given = fields.filter(([name]) => name === element.name).map(([, value]) => value);
      if (!element.name || element.type === "hidden" || element.type === "submit") { return; }
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = given.includes(element.value);
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.options, (option) => { option.selected = given.includes(option.value); });
        if (element.tomselect) { element.tomselect.sync(); }
      } else {
        element.value = given.length ? given[0] : "";
      }
    });
    await inStore("readwrite", (store) => store.delete(record.key));
    tell(settings.dataset.refused, null, null, "warning");
  }

  // The kept reports, each with its fields, or null where this tab's key does not open it.
  async function opened() {
    const key = tabKey();
    const records = await inStore("readonly", (store) => store.getAll());
    return Promise.all(records.map(async (record) => ({ record, fields: await unseal(record, key).catch(() => null) })));
  }

  // A network that has just come back often fails the first request: tried again later, a
  // little later each time a try fails; `afresh` starts again from RETRY_FIRST_MS.
  function tryAgainLater(form, afresh) {
    retryMs = afresh || !retryMs ? RETRY_FIRST_MS : Math.min(retryMs * 2, RETRY_MAX_MS);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => sendKept(form), retryMs);
  }

  async function sendKept(form) {
    if (sending || leaving || !navigator.onLine) { return; }
    sending = true;
    let failed = false;
    try {
      if (await refreshKey() !== "ok") { return; }
      let kept = await opened();
      if (windows && kept.some(({ fields }) => !fields)) {
        // Kept under an earlier login: another window of the person's that still holds its
        // key seals it again under this login's (refreshKey), then it opens here.
        windows.postMessage("reseal");
        await new Promise((resolve) => { setTimeout(resolve, RESEAL_WAIT_MS); });
        kept = await opened();
      }
      for (const { record, fields } of kept) {
        if (Date.now() - record.savedAt > KEEP_DAYS * 864e5) {
          await inStore("readwrite", (store) => store.delete(record.key));
        } else if (!fields) {
          // No window holds the key of the login it was kept in: no login can open it now.
          // (Another person's were deleted when this person's page first loaded here.)
          await inStore("readwrite", (store) => store.delete(record.key));
          const when = new Date(record.savedAt).toLocaleString(document.documentElement.lang);
          tell(settings.dataset.unreadable.replace("{when}", when), settings.dataset.reportUrl, settings.dataset.openForm, "warning");
        } else {
          await sendOne(record, fields, form);
        }
      }
      retryMs = 0;
    } catch (error) {
      // Still no network, or Tryghed does not answer: it stays kept for the next try.
      failed = true;
    } finally {
      sending = false;
    }
    if (failed && await inStore("readonly", (store) => store.count()).catch(() => 0)) { tryAgainLater(form); }
  }

  // A phone can believe it is online and get nothing through: before the form is sent, the
  // key is fetched, which also asks whether Tryghed answers at all. No answer: kept here.
  function keepWhileOffline(form) {
    let checking = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (checking) { return; }
      checking = true;
      try {
        const answer = navigator.onLine ? await refreshKey().catch(() => "offline") : "offline";
        if (answer === "ok") {
          form.elements.csrfmiddlewaretoken.value = csrf;  // the form may be a copy from an earlier login
          form.submit();  // sent as any form, its answer shown as a page
        } else if (form.reportValidity()) {
          await keep(form, answer === "ended");
          if (answer === "offline") { tryAgainLater(form, true); }  // no "online" comes where the phone is online
        }
      } finally {
        checking = false;
      }
    });
  }

  // Logout: the reports and pages kept here go before the logout is sent (the server's
  // answer also says Clear-Site-Data, for a browser where this script did not run).
  function forgetAtLogout() {
    document.querySelectorAll('form[action$="/logout/"]').forEach((logout) => {
      logout.addEventListener("submit", (event) => {
        event.preventDefault();
        leaving = true;
        clearTimeout(retryTimer);
        try { localStorage.removeItem(OWNER); } catch (error) { /* nothing kept */ }
        dropTabKey();
        // At most two seconds: a logout is never held up by the browser's storage.
        const waited = new Promise((resolve) => { setTimeout(resolve, 2000); });
        Promise.race([forgetAll(), waited]).finally(() => logout.submit());
      });
    });
  }

  // The worker, and the static files this page used, kept for the offline pages.
  async function setUpWorker() {
    if (!navigator.serviceWorker) { return; }
    await navigator.serviceWorker.register(settings.dataset.worker, { scope: "/" });
    const ready = await navigator.serviceWorker.ready;
    const assets = performance.getEntriesByType("resource").map((entry) => entry.name);
    const pages = settings.dataset.keyUrl ? null : [settings.dataset.guideUrl];
    ready.active.postMessage({ type: "keep", assets, pages });
  }

  async function start() {
    if (!settings || !window.indexedDB || !window.crypto || !crypto.subtle) { return; }
    const form = document.querySelector("form.tryghed-quick-report");
    if (settings.dataset.keyUrl) {
      forgetAtLogout();
      if (form) { keepWhileOffline(form); }
      window.addEventListener("online", () => { retryMs = 0; sendKept(form); });
      if (navigator.serviceWorker) {
        navigator.serviceWorker.addEventListener("message", (event) => {
          if (event.data && event.data.type === "send") { sendKept(form); }
        });
      }
      if (windows) {
        windows.onmessage = (event) => { if (event.data === "reseal") { refreshKey().catch(() => null); } };
      }
      // Another person's pages and reports on this browser (they did not log out) go. (After a
      // logout there is no owner: Clear-Site-Data took everything, this mark included.)
      let previous = null;
      try {
        previous = localStorage.getItem(OWNER);
        localStorage.setItem(OWNER, settings.dataset.owner);
      } catch (error) { /* storage off: nothing was kept either */ }
      if (previous && previous !== settings.dataset.owner) {
        await forgetAll();
        dropTabKey();
      }
      // The key is asked for where it may be needed: on the form, in a tab that has none yet,
      // and where reports are waiting to be sent.
      if (form || !tabKey() || await inStore("readonly", (store) => store.count()).catch(() => 0)) { sendKept(form); }
    }
    await setUpWorker().catch(() => null);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
