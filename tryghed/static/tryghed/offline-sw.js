// Tryghed's service worker, loaded by /sw.js (core/webapp.py), which sets TRYGHED_SW first.
// It keeps the quick report form, the quick guide and the static files pages use, so both
// pages open with no network (docs/offline.md). Every other page, and every POST, goes to the
// network untouched: nothing else with personal data is kept. Logout empties these caches.
/* global workbox */
"use strict";

const config = self.TRYGHED_SW;
const PAGES = "tryghed-pages";
const STATIC = "tryghed-static";

// The local copies of Workbox's modules, never its CDN; the small production builds.
workbox.setConfig({ debug: false, modulePathCb: (name) => config.modules[name] });

// Only the page itself is kept: not the login page a logged-out request was sent to.
const onlyThePageItself = {
  cacheWillUpdate: async ({ request, response }) =>
    response && response.status === 200 && !response.redirected &&
    new URL(response.url).pathname === new URL(request.url).pathname ? response : null
};
const pages = new workbox.strategies.NetworkFirst({
  cacheName: PAGES,
  networkTimeoutSeconds: 5,  // a signal too weak to load the page within this shows the kept one
  plugins: [onlyThePageItself]
});
const ownOrigin = (url) => url.origin === self.location.origin;

workbox.routing.registerRoute(({ url }) => ownOrigin(url) && config.pages.includes(url.pathname), pages);
workbox.routing.registerRoute(
  ({ url }) => ownOrigin(url) && url.pathname.startsWith(config.static),
  new workbox.strategies.StaleWhileRevalidate({ cacheName: STATIC })
);

// Opened with no network, the installed app's start page (which is not kept) leads to the
// kept quick report form, or to the quick guide.
workbox.routing.registerRoute(
  ({ url, request }) => ownOrigin(url) && request.mode === "navigate" && url.pathname === config.start,
  new workbox.strategies.NetworkOnly()
);
workbox.routing.setCatchHandler(async ({ request, url }) => {
  if (request.mode !== "navigate" || url.pathname !== config.start) { return Response.error(); }
  for (const page of config.pages) {
    if (await caches.match(page, { cacheName: PAGES })) { return Response.redirect(page, 302); }
  }
  return Response.error();
});

// Fetch the offline pages that are not kept yet, when a page has loaded and asks for them: a
// logged-in page asks for both, with the person's login; a page for nobody logged in asks only
// for the quick guide, fetched without cookies. (A request with cookies sent while the login
// page posted the login could answer with the CSRF cookie of before the login, which then
// replaced the new one, and the next form sent was refused.)
async function warmPages(event, wanted) {
  const credentials = wanted ? "omit" : "same-origin";
  for (const page of config.pages.filter((page) => !wanted || wanted.includes(page))) {
    if (!(await caches.match(page, { cacheName: PAGES }))) {
      await pages.handle({ event, request: new Request(page, { credentials }) }).catch(() => null);
    }
  }
}

async function keepAssets(urls) {
  const cache = await caches.open(STATIC);
  await Promise.all(urls.filter((url) => ownOrigin(new URL(url)) && new URL(url).pathname.startsWith(config.static))
    .map((url) => cache.match(url).then((kept) => kept || cache.add(url)).catch(() => null)));
}

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// A page tells the worker which static files it loaded (the fonts and pickers included).
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "keep") {
    event.waitUntil(Promise.all([keepAssets(event.data.assets || []), warmPages(event, event.data.pages)]));
  }
});

// Background Sync, where the browser has it: only a page holds the key, so the worker asks
// the open pages to send what is kept.
self.addEventListener("sync", (event) => {
  if (event.tag !== "tryghed-send") { return; }
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((windows) => {
    windows.forEach((window) => window.postMessage({ type: "send" }));
  }));
});
