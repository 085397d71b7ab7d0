// The public concern form: name and contact boxes only when the worker chooses not to stay anonymous.
(function () {
  "use strict";
  function sync() {
    var box = document.getElementById("id_anonymous");
    var who = document.getElementById("who");
    if (!box || !who) return;
    who.hidden = box.checked;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("id_anonymous");
    if (box) box.addEventListener("change", sync);
    sync();
  });
})();
