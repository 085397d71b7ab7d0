/* A report's own autosave never races its submit: pressing "Lưu nháp" or "Nộp báo cáo" while an autosave
   is on its way waits for its answer (which carries the new lock version), then submits. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var inFlight = 0;
  var waiting = null;
  form.addEventListener("htmx:beforeSend", function () { inFlight += 1; });
  form.addEventListener("htmx:afterRequest", function () {
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight === 0 && waiting) {
      var submitter = waiting.submitter;
      waiting = null;
      if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
    }
  });
  form.addEventListener("submit", function (event) {
    if (inFlight > 0) {
      event.preventDefault();
      waiting = { submitter: event.submitter || null };
    }
  });
})();
