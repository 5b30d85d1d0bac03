// The comment form posts in place: fetch a fresh anti-forgery token (the cached page has none), post,
// and show the reader's comment as "awaiting moderation" or published. Without this script the form
// still works, through a confirmation step (see CommentPostModel).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.comment-form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      const status = form.querySelector(".form-status");
      if (button.disabled) return; // a double click sends once
      button.disabled = true;
      status.textContent = "جارٍ الإرسال…";
      try {
        const tokenResponse = await fetch(form.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store" });
        const { token } = await tokenResponse.json();
        const response = await fetch(form.action, {
          method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: { "Accept": "application/json", "RequestVerificationToken": token },
        });
        const answer = await response.json();
        if (!response.ok) {
          const errors = answer.errors ? Object.values(answer.errors).flat().join(" ") : "";
          status.textContent = (answer.detail || "تعذّر إرسال التعليق.") + (errors ? " " + errors : "");
          return;
        }
        status.textContent = answer.message;
        showComment(form, answer);
        form.querySelector("textarea").value = "";
      } catch {
        status.textContent = "تعذّر الاتصال بالموقع؛ لم يُرسل التعليق. حاول مجددًا.";
      } finally {
        button.disabled = false;
      }
    });
  }

  function showComment(form, answer) {
    if (document.getElementById(answer.anchor)) return;
    const section = form.closest(".comments");
    let list = section.querySelector(".comment-list");
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-list";
      section.querySelector(".no-comments")?.replaceWith(list);
      if (!list.isConnected) section.querySelector(".respond").before(list);
    }
    const item = document.createElement("li");
    item.id = answer.anchor;
    item.className = "comment" + (answer.status === "pending" ? " pending" : "");
    const name = document.createElement("p");
    name.className = "comment-meta";
    name.textContent = answer.authorName;
    item.append(name);
    if (answer.status === "pending") {
      const note = document.createElement("p");
      note.className = "awaiting";
      note.textContent = "تعليقك بانتظار المراجعة، ولا يراه غيرك حتى يُوافق عليه.";
      item.append(note);
    }
    const text = document.createElement("div");
    text.className = "comment-text";
    text.textContent = answer.text;
    item.append(text);
    list.append(item);
  }
});
