/* Date boxes typed as dd/mm/yyyy (data-vn-date), each with a calendar button that opens the browser's
   date picker and writes the chosen day back as dd/mm/yyyy. Typing always works without it. */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function toIso(text) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "");
    return m ? m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]) : "";
  }
  function enhance(input) {
    if (input.dataset.vnDateReady) return;
    input.dataset.vnDateReady = "1";
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    picker.className = "vn-date-picker";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary btn-sm vn-date-button";
    button.setAttribute("aria-label", input.dataset.vnDateLabel || "Chọn ngày trên lịch");
    button.innerHTML = '<i class="bi bi-calendar3" aria-hidden="true"></i>';
    var group = document.createElement("span");
    group.className = "vn-date-group";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    group.appendChild(button);
    group.appendChild(picker);
    button.addEventListener("click", function () {
      picker.value = toIso(input.value);
      if (typeof picker.showPicker === "function") {
        try { picker.showPicker(); return; } catch (e) { /* not allowed here: fall back to focus */ }
      }
      picker.focus();
    });
    picker.addEventListener("change", function () {
      var p = picker.value.split("-");
      if (p.length === 3) {
        input.value = p[2] + "/" + p[1] + "/" + p[0];
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      input.focus();
    });
  }
  function scan(root) {
    (root || document).querySelectorAll("input[data-vn-date]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (e) { scan(e.target); });
})();
