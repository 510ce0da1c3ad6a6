// "Copy text" buttons: copy the value of the element named by data-copy-from (no inline
// handler, so the Content-Security-Policy need not allow inline scripts).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy-from]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyFrom);
  if (source) navigator.clipboard.writeText(source.value);
});
