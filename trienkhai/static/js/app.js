/* Triển khai: small accessibility helpers shared by every page (loaded from base.html, no inline code).
   - announce(): says a short text through the page's polite live region (#live-status);
   - after an HTMX swap: focus the element marked [data-swap-focus] (or the first invalid field) and
     announce the text of [data-announce], so a keyboard or screen-reader user does not lose their place;
   - confirmation dialogs: a button with data-dialog="ID" opens <dialog id="ID"> (modal: focus stays inside,
     Escape closes it) and focus goes back to the button when it closes; without JavaScript the button
     simply submits its form;
   - the unit tree: buttons with aria-expanded show and hide the units below (and say how many arrived);
   - tables with .table-stack: each cell gets its column's name (data-label) for the phone layout of
     app.css, and explicit table roles, because display:block would drop the table semantics;
   - a scrolling table wrapper that overflows becomes focusable, so it can be scrolled from the keyboard;
   - buttons with data-check="SELECTOR" check (data-checked="true") or clear every box it matches;
   - a form error summary (.error-summary) takes the focus when the page opens. */
(function () {
  "use strict";

  function announce(text) {
    var live = document.getElementById("live-status");
    if (!live || !text) return;
    live.textContent = "";
    // A fresh text node a moment later, so the same message twice is announced twice.
    window.setTimeout(function () { live.textContent = text.trim(); }, 60);
  }
  window.tkAnnounce = announce;

  /* Tables become cards on a phone. */
  function labelTables(root) {
    (root || document).querySelectorAll("table.table-stack").forEach(function (table) {
      var headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      var labels = [];
      if (headRow) {
        Array.prototype.forEach.call(headRow.cells, function (th) {
          var text = th.classList.contains("stack-nolabel") ? "" : (th.getAttribute("data-label") || th.textContent);
          for (var i = 0; i < (th.colSpan || 1); i++) labels.push(text.replace(/\s+/g, " ").trim());
        });
      }
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.children, function (section) {
        if (section.tagName === "CAPTION") return;
        section.setAttribute("role", "rowgroup");
        Array.prototype.forEach.call(section.rows, function (row) {
          row.setAttribute("role", "row");
          var col = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var span = cell.colSpan || 1;
            if (section.tagName === "THEAD") {
              cell.setAttribute("role", "columnheader");
            } else {
              cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
              var label = span === 1 ? labels[col] : "";
              if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
              // An empty cell would show a name with nothing after it on a card: leave it out there.
              if (!cell.textContent.trim() && !cell.querySelector("input, select, textarea, button, a, img, .bi")) {
                cell.classList.add("stack-empty");
              }
            }
            col += span;
          });
        });
      });
      table.classList.add("stack-ready");
    });
  }

  /* A table wrapper that scrolls (sideways, or down: the dashboard's tables beside a chart have a
     height of their own) must be reachable by keyboard (WCAG 2.1.1). */
  function scrollRegions() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls) box.setAttribute("tabindex", "0");
      else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
    });
  }

  /* Confirmation dialogs. */
  var opener = null;
  function openDialog(button) {
    var dialog = document.getElementById(button.getAttribute("data-dialog"));
    if (!dialog || typeof dialog.showModal !== "function") return false;
    opener = button;
    dialog.querySelectorAll("[data-copy-from]").forEach(function (out) {
      var source = document.querySelector(out.getAttribute("data-copy-from"));
      if (!source) return;
      var value = source.value;
      if (source.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        var p = value.split("-");
        value = p[2] + "/" + Number(p[1]) + "/" + p[0];  // as the app writes dates: 08/8/2024
      } else if (source.tagName === "FIELDSET") {
        var checked = source.querySelector("input:checked");
        var label = checked && document.querySelector("label[for='" + checked.id + "']");
        value = label ? label.textContent : "";
      }
      out.textContent = value ? value.trim() : out.getAttribute("data-empty") || "—";
    });
    dialog.querySelectorAll("[data-count-from]").forEach(function (out) {
      var filled = Array.prototype.filter.call(document.querySelectorAll(out.getAttribute("data-count-from")),
        function (field) { return field.value.trim() !== ""; });
      out.textContent = String(filled.length);
    });
    dialog.showModal();
    var first = dialog.querySelector("[autofocus]") || focusables(dialog)[0];
    if (first) first.focus();
    return true;
  }
  function focusables(root) {
    return Array.prototype.filter.call(
      root.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])"),
      function (el) { return el.offsetParent !== null || el === document.activeElement; }
    );
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dialog]");
    if (button && openDialog(button)) { event.preventDefault(); return; }
    var closer = event.target.closest("[data-dialog-close]");
    if (closer) { closer.closest("dialog").close(); return; }
    var check = event.target.closest("[data-check]");
    if (check) {
      var on = check.getAttribute("data-checked") === "true";
      document.querySelectorAll(check.getAttribute("data-check")).forEach(function (box) { box.checked = on; });
      announce(check.getAttribute("data-announce"));
      return;
    }
    var toggle = event.target.closest("[data-tree-toggle]");
    if (toggle) {
      var list = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (list) list.hidden = !open;
    }
  });

  // Tab and Shift+Tab stay inside an open modal dialog.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    var dialog = document.querySelector("dialog[open]");
    if (!dialog) return;
    var items = focusables(dialog);
    if (!items.length) return;
    var first = items[0], last = items[items.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
      event.preventDefault(); last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
      event.preventDefault(); first.focus();
    }
  });

  document.addEventListener("close", function (event) {
    if (event.target.tagName === "DIALOG" && opener) {
      var back = opener;
      opener = null;
      back.focus();
    }
  }, true);

  /* HTMX: keep the user's place and say what changed. */
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target) target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    // An outerHTML swap replaced the target: look at its successor, found by the same id.
    if (target && !target.isConnected && target.id) target = document.getElementById(target.id);
    if (!target) return;
    target.removeAttribute("aria-busy");
    labelTables(document);
    scrollRegions();
    var said = target.matches("[data-announce]") ? target : target.querySelector("[data-announce]");
    if (said) announce(said.getAttribute("data-announce") || said.textContent);
    var tree = target.closest(".tree[data-loaded]");
    if (tree && target.tagName === "UL") announce(target.children.length + " " + tree.getAttribute("data-loaded"));
    var focus = target.querySelector("[aria-invalid='true']") || target.querySelector("[data-swap-focus]");
    if (target.matches("[data-swap-focus]")) focus = target;
    if (focus) {
      if (!focus.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(focus.tagName)) {
        focus.setAttribute("tabindex", "-1");
      }
      focus.focus();
    }
  });

  function ready() {
    labelTables(document);
    scrollRegions();
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
  window.addEventListener("resize", scrollRegions);
})();
