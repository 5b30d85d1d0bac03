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

// Live character count of a custom social text, by the network's own rules: the server counts (SocialLength),
// so the rules live in one place. Without JavaScript the count appears after saving.
document.querySelectorAll(".social-choice[data-count-url]").forEach((fieldset) => {
  const form = fieldset.closest("form");
  const token = form?.querySelector("input[name=__RequestVerificationToken]")?.value;
  const headline = form?.querySelector("[name='Input.Headline']");
  fieldset.querySelectorAll("textarea[data-network]").forEach((area) => {
    const output = area.parentElement.querySelector(`#${area.id} ~ .social-count`);
    let timer;
    area.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        if (!area.value.trim()) { output.textContent = ""; return; }
        const body = new URLSearchParams({
          network: area.dataset.network, text: area.value, permalink: fieldset.dataset.permalink,
          title: headline?.value || fieldset.dataset.title, __RequestVerificationToken: token,
        });
        const response = await fetch(fieldset.dataset.countUrl, { method: "POST", body, credentials: "same-origin" });
        if (!response.ok) return;
        const { count, limit, over, preview, error } = await response.json();
        output.textContent = `${count} / ${limit}` + (over ? " — أطول من المسموح: سيُختصر عند حدود كلمة" : "") + (error ? ` — ${error}` : "");
        output.classList.toggle("over", over);
        output.title = preview;
      }, 400);
    });
  });
});

// The social account form: only the chosen network's credentials. The other groups are hidden and disabled (so they
// are not sent); without JavaScript every network's group shows under its own legend and the server reads the chosen one.
document.querySelectorAll("select[data-network-switch]").forEach((select) => {
  const groups = select.form?.querySelectorAll("fieldset[data-network]") ?? [];
  const show = () => groups.forEach((group) => {
    const chosen = group.dataset.network === select.value;
    group.hidden = !chosen;
    group.disabled = !chosen;
  });
  select.addEventListener("change", show);
  show();
});

// == C: sections, pages, menus ==
// Irreversible actions (delete a page, merge a section) ask first; without script the server still acts only on POST.
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});
