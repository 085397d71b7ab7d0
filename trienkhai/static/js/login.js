/* A link opened while signed out (from a notification, an e-mail, a QR code) may point at a place in its
   page (#kien-nghi-12). The browser keeps that fragment on the login page's address but never sends it
   to the server, so it is added to "next" here: after login the user lands on the exact place. */
(function () {
  "use strict";
  var next = document.querySelector("#login-form input[name=next]");
  if (!next || !location.hash || !next.value || next.value.indexOf("#") !== -1) return;
  next.value += location.hash;
})();
