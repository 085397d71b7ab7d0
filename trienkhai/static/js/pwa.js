/* The phone app: register the service worker (/sw.js, scope: the whole site). Service workers need a
   secure context: https, or http://127.0.0.1 and localhost on a developer's machine. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  var url = document.documentElement.getAttribute("data-sw");
  if (!url) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      /* No service worker: the site works as before, online only. */
    });
  });
})();
