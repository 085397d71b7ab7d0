/* Triển khai's service worker (served by core.pwa.service_worker at /sw.js, scope: the whole site).
   - keeps the static shell when it installs, and answers static files from its copy;
   - pages marked offline-ready by the server (X-Offline-Ready: the report form, the self-assessment) are
     fetched from the network first and their last copy kept, which is served when the network is gone;
     any other page offline gets the offline page;
   - never touches a POST: what is typed offline waits in the page's IndexedDB (js/offline-form.js) and is
     sent by the page through the ordinary autosave, with its conflict rules;
   - the login page means the user signed out (or was signed out): the kept pages are dropped;
   - shows web push notifications ({title, body, url}) and opens their page when tapped. */
"use strict";
var CONFIG = {{ config|safe }};
var SHELL_CACHE = "tk-shell-" + CONFIG.version;
var PAGE_CACHE = "tk-pages";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.shell.concat([CONFIG.offline])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("tk-shell-") === 0 && n !== SHELL_CACHE;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
}

function page(request) {
  var url = new URL(request.url);
  return fetch(request).then(function (response) {
    if (url.pathname === CONFIG.login) {
      caches.delete(PAGE_CACHE);
    } else if (response.ok && response.headers.get(CONFIG.header) === "1") {
      var copy = response.clone();
      caches.open(PAGE_CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { cacheName: PAGE_CACHE }).then(function (kept) {
      return kept || caches.match(CONFIG.offline);
    });
  });
}

function staticFile(request) {
  return caches.match(request).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(request));
  }
});

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || CONFIG.title, {
    body: data.body || "",
    icon: CONFIG.icon,
    badge: CONFIG.icon,
    lang: "vi",
    data: { url: data.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target.href && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(target.href);
    })
  );
});
