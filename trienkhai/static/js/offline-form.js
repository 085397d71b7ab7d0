/* A form that keeps working without the network (the report form, the self-assessment; issue 24).
   The form says how (data attributes, set by its template):
     data-offline-key   one record per page and user in the phone's IndexedDB;
     data-autosave      the autosave address (the server's own, with its lock version and conflict rules);
     data-fields        a regular expression of the field names kept;
     data-own-autosave  "htmx" when the fields autosave by themselves through HTMX (the report form);
                        otherwise this script sends them, 2 s after the last keystroke;
     data-conflict      present on a page the server drew for a conflict;
     data-msg-*         the Vietnamese sentences below.
   Every keystroke is written to IndexedDB first. A record is "dirty" while some value differs from what
   the server confirmed; it is sent when the connection returns (the online event, then a retry every
   15 s), through the autosave address with the lock version the values were typed on, so a save by
   somebody else in between comes back as a conflict and is shown, never written over. After a reload
   (also offline, the page then coming from the service worker) the typed values come back from the
   phone. A record in conflict is never sent by itself: the user reads the message and saves. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-offline-key]");
  if (!form || !window.indexedDB) return;
  var KEY = form.getAttribute("data-offline-key");
  var URL_AUTOSAVE = form.getAttribute("data-autosave");
  var FIELDS = new RegExp(form.getAttribute("data-fields"));
  var OWN_HTMX = form.getAttribute("data-own-autosave") === "htmx";
  var RETRY_MS = 15000;
  var record = null;
  var syncing = false;
  var retryTimer = null;
  var typingTimer = null;
  var waiting = null;  // a "Lưu nháp" pressed while this script's own save was on its way

  function msg(name) { return form.getAttribute("data-msg-" + name) || ""; }
  function hhmm(ms) {
    var d = new Date(ms);
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  /* --- IndexedDB: one object store, one record per form ------------------------------------------ */
  var dbPromise = new Promise(function (resolve, reject) {
    var open = indexedDB.open("trienkhai-offline", 1);
    open.onupgradeneeded = function () { open.result.createObjectStore("forms", { keyPath: "key" }); };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
  function load() {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve) {
        var get = db.transaction("forms").objectStore("forms").get(KEY);
        get.onsuccess = function () { resolve(get.result || null); };
        get.onerror = function () { resolve(null); };
      });
    });
  }
  function store() {
    var copy = JSON.parse(JSON.stringify(record));
    return dbPromise.then(function (db) {
      return new Promise(function (resolve) {
        var tx = db.transaction("forms", "readwrite");
        tx.objectStore("forms").put(copy);
        tx.oncomplete = resolve;
        tx.onerror = resolve;
      });
    });
  }

  /* --- the form's values ------------------------------------------------------------------------- */
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && FIELDS.test(el.name) && el.type !== "file";
    });
  }
  function read() {
    var values = {};
    fields().forEach(function (el) { values[el.name] = el.value; });
    return values;
  }
  function write(values) {
    fields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(values, el.name) && el.value !== values[el.name]) {
        el.value = values[el.name];
        el.dispatchEvent(new Event("tk:restored", { bubbles: true }));
      }
    });
  }
  function same(a, b) {
    var keys = Object.keys(a).concat(Object.keys(b));
    for (var i = 0; i < keys.length; i++) {
      if ((a[keys[i]] || "").trim() !== (b[keys[i]] || "").trim()) return false;
    }
    return true;
  }
  function dirty() { return record && !same(record.values, record.sent); }
  function hidden(name) { return form.querySelector("input[type=hidden][name='" + name + "']"); }

  /* --- what the page says ------------------------------------------------------------------------ */
  function status(text, tone, state) {
    var el = document.getElementById("autosave-status");
    if (!el) return;
    el.className = "small " + (tone || "text-warning-emphasis");
    el.setAttribute("data-state", state || "local");
    el.textContent = "";
    var icon = document.createElement("i");
    icon.className = "bi " + (state === "error" ? "bi-exclamation-triangle" : "bi-phone");
    icon.setAttribute("aria-hidden", "true");
    el.appendChild(icon);
    el.appendChild(document.createTextNode(" " + text));
  }
  function sayLocal() {
    var text = msg("local") + (record && record.typedAt ? " (" + hhmm(record.typedAt) + ")" : "");
    status(navigator.onLine ? text : text + " — " + msg("offline"), "text-warning-emphasis", "local");
  }

  /* --- sending ----------------------------------------------------------------------------------- */
  function retryLater() {
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () { retryTimer = null; sync(); }, RETRY_MS);
  }

  // The server's answer (reports/_autosave.html, evaluations/_autosave.html): the status line with its
  // data-state, and out-of-band pieces (the new lock version, each field's message) swapped by id.
  function apply(html, sent) {
    var doc = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
    var answer = doc.querySelector("[data-state]");
    var state = answer ? answer.getAttribute("data-state") : "error";
    doc.querySelectorAll("[hx-swap-oob]").forEach(function (piece) {
      var here = piece.id && document.getElementById(piece.id);
      if (here) { piece.removeAttribute("hx-swap-oob"); here.replaceWith(piece); }
    });
    var mine = document.getElementById("autosave-status");
    if (answer && mine) mine.replaceWith(answer);
    settle(state, sent, html);
  }

  function settle(state, sent, html) {
    if (!record) return;
    if (state === "saved") {
      record.sent = sent;
      record.sentAt = Date.now();
      record.state = "sent";
      var version = /name="lock_version"[^>]*value="(\d+)"/.exec(html);
      if (version) record.lockVersion = version[1];
      var client = hidden("client");
      if (client) record.client = client.value;
    } else if (state === "conflict") {
      record.state = "conflict";
    } else {
      record.state = state;
    }
    store();
    if (state === "saved" && dirty()) sayLocal();
  }

  // A conflict waits for the user; values the server refused (invalid) wait for the next keystroke.
  function sync() {
    if (syncing || !record || !dirty() || record.state === "conflict" || record.state === "invalid") return;
    if (!navigator.onLine) { sayLocal(); retryLater(); return; }
    syncing = true;
    var sent = read();
    var body = new FormData(form);
    Array.from(body.keys()).forEach(function (name) {
      if (body.get(name) instanceof File) body.delete(name);
    });
    body.delete("action");
    var token = hidden("csrfmiddlewaretoken");
    fetch(URL_AUTOSAVE, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "HX-Request": "true" }
    }).then(function (response) {
      return response.text().then(function (html) {
        syncing = false;
        if (response.redirected && response.url.indexOf(form.getAttribute("data-login")) !== -1) {
          status(msg("login"), "text-danger", "error");
        } else if (!response.ok) {
          status(msg("failed").replace("%s", response.status), "text-danger", "error");
          retryLater();
        } else {
          apply(html, sent);
          if (dirty()) window.setTimeout(sync, 2000);  // typed while this was on its way
        }
        if (waiting) { var submitter = waiting; waiting = null; form.requestSubmit(submitter === true ? undefined : submitter); }
      });
    }).catch(function () {
      syncing = false;
      waiting = null;
      sayLocal();
      retryLater();
    });
  }

  /* --- events ------------------------------------------------------------------------------------ */
  function typed() {
    if (!record) return;
    record.values = read();
    record.typedAt = Date.now();
    if (record.state === "conflict" || record.state === "invalid") record.state = "local";
    store();
    if (!navigator.onLine) { sayLocal(); return; }
    if (!OWN_HTMX) {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(sync, 2000);
    }
  }
  form.addEventListener("input", function (e) { if (e.target.name && FIELDS.test(e.target.name)) typed(); });
  form.addEventListener("change", function (e) { if (e.target.name && FIELDS.test(e.target.name)) typed(); });

  if (OWN_HTMX) {
    // The fields' own autosave: offline it is held back (the values are on the phone already); online,
    // what it sent is what the server confirms when it answers "saved".
    form.addEventListener("htmx:beforeRequest", function (e) {
      if (e.detail.requestConfig && e.detail.requestConfig.verb !== "post") return;
      if (!navigator.onLine) { e.preventDefault(); typed(); sayLocal(); retryLater(); return; }
      if (record && record.state === "conflict") record.state = "local";
      e.detail.xhr.tkSent = read();
    });
    form.addEventListener("htmx:afterRequest", function (e) {
      var xhr = e.detail.xhr;
      if (!xhr || !xhr.tkSent) return;
      if (!e.detail.successful) {
        sayLocal();
        retryLater();
        return;
      }
      var state = /data-state="(\w+)"/.exec(xhr.responseText || "");
      settle(state ? state[1] : "error", xhr.tkSent, xhr.responseText || "");
    });
  }

  form.addEventListener("submit", function (e) {
    if (navigator.onLine && syncing) {
      // The save on its way brings the new lock version; posting the old one would conflict with oneself.
      e.preventDefault();
      e.stopImmediatePropagation();
      waiting = e.submitter || true;
      return;
    }
    if (navigator.onLine) { window.clearTimeout(typingTimer); return; }
    // "Lưu nháp" / "Nộp" without the network: nothing is lost, nothing is pretended.
    e.preventDefault();
    e.stopImmediatePropagation();
    typed();
    status(msg("submit-offline"), "text-danger", "local");
  }, true);

  window.addEventListener("online", sync);
  window.addEventListener("offline", function () { if (dirty()) sayLocal(); });

  /* --- opening the page -------------------------------------------------------------------------- */
  load().then(function (kept) {
    var onPage = read();
    var lock = hidden("lock_version");
    var client = hidden("client");
    var fresh = {
      key: KEY,
      path: location.pathname,
      values: onPage,
      sent: onPage,
      lockVersion: lock ? lock.value : "",
      client: client ? client.value : "",
      typedAt: null,
      sentAt: null,
      state: "sent"
    };
    if (form.hasAttribute("data-conflict")) {
      // The server drew both versions; what this page holds was typed, not stored.
      record = fresh;
      record.sent = {};
      record.state = "conflict";
      record.typedAt = Date.now();
      store();
      return;
    }
    if (!kept || same(kept.values, onPage) || same(kept.values, kept.sent)) {
      record = fresh;  // the server has what the phone has
      store();
      return;
    }
    record = kept;
    write(kept.values);
    if (lock && kept.lockVersion !== "") lock.value = kept.lockVersion;
    if (client && kept.client) client.value = kept.client;
    if (kept.state === "conflict") {
      status(msg("conflict"), "text-danger", "conflict");
      return;
    }
    sayLocal();
    sync();
  });
})();
