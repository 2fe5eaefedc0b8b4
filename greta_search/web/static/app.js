// Small enhancements; every page works without them.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.copy");
  if (!button) return;
  navigator.clipboard.writeText(button.dataset.copy).then(() => {
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = "Copy citation"; }, 1500);
  });
});
function showCopyButtons(root) {
  if (navigator.clipboard) root.querySelectorAll("button.copy").forEach((b) => { b.hidden = false; });
}
document.addEventListener("DOMContentLoaded", () => showCopyButtons(document));
document.addEventListener("htmx:afterSwap", (event) => showCopyButtons(event.detail.target.parentNode || document));
