// Web push subscription (issue 24). The service worker (registered by the PWA's own script, which also
// shows the notification on its 'push' event) gives a PushSubscription; this file asks the user's
// permission, subscribes with the server's VAPID public key and POSTs subscription.toJSON() to the
// endpoint named by the button's data-push-subscribe (core:push_subscribe), with the CSRF token.
// Other pages may call window.trienkhaiPushSubscribe(url, vapidKey, csrf) themselves.
(function () {
  "use strict";

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function subscribe(url, vapidKey, csrf) {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("denied");
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return registration.pushManager.getSubscription().then(function (existing) {
        return existing || registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(vapidKey),
        });
      });
    }).then(function (subscription) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(subscription.toJSON()),
      });
    }).then(function (response) {
      if (!response.ok) throw new Error("server " + response.status);
      return response;
    });
  }

  window.trienkhaiPushSubscribe = subscribe;

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-push-subscribe]");
    var status = document.getElementById("push-status");
    if (!button) return;
    function say(text) { if (status) status.textContent = text; }
    if (!supported()) {
      say("Trình duyệt này không hỗ trợ thông báo đẩy; hãy mở Triển khai đã thêm vào màn hình chính.");
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      say("Đang bật…");
      subscribe(button.dataset.pushSubscribe, button.dataset.vapidKey, button.dataset.csrf).then(function () {
        say("Đã bật thông báo trên thiết bị này.");
        window.setTimeout(function () { window.location.reload(); }, 800);
      }).catch(function (error) {
        button.disabled = false;
        say(error && error.message === "denied"
          ? "Bạn chưa cho phép thông báo; hãy bật quyền thông báo cho trang này trong cài đặt trình duyệt."
          : "Chưa bật được thông báo; hãy thử lại.");
      });
    });
  });
})();
