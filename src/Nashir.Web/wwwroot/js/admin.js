// Formatting buttons for the body editor: wrap the selection in a tag. Without JavaScript the
// textarea still works; the toolbar stays hidden.
document.querySelectorAll(".toolbar[data-for]").forEach((toolbar) => {
  const area = document.getElementById(toolbar.dataset.for);
  if (!area) return;
  toolbar.hidden = false;
  toolbar.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const { selectionStart: start, selectionEnd: end, value } = area;
    const selected = value.slice(start, end) || "…";
    let open, close;
    if (button.dataset.link !== undefined) {
      const href = prompt("رابط الصفحة (https://…)", "https://");
      if (!href) return;
      open = `<a href="${href.replace(/"/g, "&quot;")}">`;
      close = "</a>";
    } else {
      open = `<${button.dataset.wrap}>`;
      close = `</${button.dataset.wrap}>`;
    }
    area.setRangeText(open + selected + close, start, end, "end");
    area.focus();
  });
});
