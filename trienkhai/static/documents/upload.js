// Drag-and-drop onto the upload zone fills the ordinary file input, so the form posts the same way
// with or without JavaScript; the picker (static/js/file-picker.js) shows the chosen name.
document.addEventListener("DOMContentLoaded", () => {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("id_file");
  const form = document.getElementById("upload-form");
  if (!zone || !input) return;
  const show = () => {
    // A new file replaces the refused one: its message no longer applies.
    zone.classList.remove("is-invalid");
    const picker = input.closest(".file-picker");
    if (picker) picker.classList.remove("is-invalid");
    const error = document.getElementById("file-error");
    if (error) error.remove();
  };
  ["dragenter", "dragover"].forEach((ev) => zone.addEventListener(ev, (e) => {
    e.preventDefault(); zone.classList.add("dragover");
  }));
  ["dragleave", "drop"].forEach((ev) => zone.addEventListener(ev, (e) => {
    e.preventDefault(); zone.classList.remove("dragover");
  }));
  zone.addEventListener("drop", (e) => {
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  input.addEventListener("change", show);
  form.addEventListener("submit", () => {
    document.getElementById("upload-busy").classList.remove("d-none");
    document.getElementById("upload-submit").disabled = true;
  });
});
