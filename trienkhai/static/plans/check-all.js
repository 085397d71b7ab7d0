// "Chọn tất cả" / "Bỏ chọn tất cả": a link with data-check-all="<form selector>" and data-checked="true|false"
// ticks or clears every checkbox of that form. A static file: the Content-Security-Policy allows no inline code.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-check-all]");
  if (!link) return;
  event.preventDefault();
  const checked = link.dataset.checked === "true";
  document.querySelectorAll(`${link.dataset.checkAll} input[type=checkbox]`).forEach((box) => {
    box.checked = checked;
  });
});
