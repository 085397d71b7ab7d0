/* The Vietnamese file picker (templates/django/forms/widgets/file.html): the native input is hidden behind
   a "Chọn tệp" button, so this shows what was chosen in its place ("Chưa chọn tệp", one name, or
   "Đã chọn 3 tệp: …"). A script that fills the input itself (a drop zone) sends a "change" event. */
(function () {
  "use strict";

  function show(input) {
    var picker = input.closest(".file-picker");
    var shown = picker && picker.querySelector(".file-picker-name");
    if (!shown) return;
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    if (names.length === 0) shown.textContent = shown.dataset.empty;
    else if (names.length === 1) shown.textContent = names[0];
    else shown.textContent = shown.dataset.many.replace("%(n)s", names.length) + ": " + names.join(", ");
    shown.classList.toggle("text-muted", names.length === 0);
  }

  function showAll() {
    document.querySelectorAll(".file-picker-input").forEach(show);
  }

  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("file-picker-input")) show(event.target);
  });

  // Back/forward and HTMX swaps can bring a picker back with files already chosen.
  document.addEventListener("DOMContentLoaded", showAll);
  window.addEventListener("pageshow", showAll);
  document.addEventListener("htmx:afterSettle", showAll);
})();
