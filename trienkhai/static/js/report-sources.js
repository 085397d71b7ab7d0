// A report value filled in from a register: the reason box appears as soon as the typed figure differs
// from the register's (the server asks for the reason on submit either way).
(function () {
  "use strict";
  function norm(text) {
    return (text || "").replace(/[\s.]/g, "").replace(",", ".");
  }
  function sync(reason) {
    var input = document.getElementById(reason.dataset.for);
    if (!input) return;
    var differs = norm(input.value) !== norm(reason.dataset.figure);
    reason.classList.toggle("d-none", !differs && !reason.value);
    reason.classList.toggle("border-warning", differs && !reason.value);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.source-reason").forEach(function (reason) {
      var input = document.getElementById(reason.dataset.for);
      if (input) input.addEventListener("input", function () { sync(reason); });
      reason.addEventListener("input", function () { sync(reason); });
      sync(reason);
    });
  });
})();
