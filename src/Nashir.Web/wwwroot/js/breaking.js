// The breaking-news bar (عاجل): the page arrives with the alert current when it was cached; this keeps an open page
// up to date by asking /breaking.json every data-poll seconds while the tab is visible (a hidden tab asks once it
// shows again). A dismissed alert stays hidden on every page: its id is remembered in localStorage.
"use strict";
(() => {
  const key = "nashir.breaking.dismissed";
  const remembered = () => { try { return localStorage.getItem(key); } catch { return null; } };
  const remember = (id) => { try { localStorage.setItem(key, id); } catch { /* private mode: this page only */ } };

  function start() {
    const bar = document.getElementById("breaking");
    if (!bar) return;
    const inner = bar.querySelector(".breaking-inner");
    const dismiss = bar.querySelector(".breaking-dismiss");
    const seconds = Math.max(1, parseInt(bar.dataset.poll, 10) || 20);
    let timer = null;

    function show(alert) {
      const id = alert ? String(alert.id) : "";
      if (id !== bar.dataset.id) {
        bar.dataset.id = id;
        const old = inner.querySelector(".breaking-text");
        const text = document.createElement(alert && alert.url ? "a" : "span");
        text.className = "breaking-text";
        if (alert && alert.url) text.href = alert.url;
        text.textContent = alert ? alert.text : "";
        old.replaceWith(text);
      }
      bar.hidden = !id || remembered() === id;
    }

    dismiss.hidden = false;
    dismiss.addEventListener("click", () => { remember(bar.dataset.id); bar.hidden = true; });
    if (bar.dataset.id && remembered() === bar.dataset.id) bar.hidden = true;

    async function poll() {
      timer = null;
      if (document.visibilityState === "hidden") return;
      try {
        const response = await fetch(bar.dataset.src, { headers: { Accept: "application/json" } });
        if (response.ok) show((await response.json()).alert);
      } catch { /* offline for a moment: keep what is shown, ask again later */ }
      schedule();
    }
    function schedule() { if (timer === null) timer = setTimeout(poll, seconds * 1000); }

    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") { clearTimeout(timer); timer = null; poll(); }
    });
    schedule();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
