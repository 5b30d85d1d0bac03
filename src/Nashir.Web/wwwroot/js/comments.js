// The comment form posts in place: fetch a fresh anti-forgery token (the cached page has none), post,
// and show the reader's comment as "awaiting moderation" or published. "ردّ" moves the form under the
// comment it answers. Without this script the form still works, through a confirmation step (see
// CommentPostModel), and "ردّ" reloads the page with the form set to reply (?replyto=).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const respond = document.getElementById("respond");
  const home = respond && document.createComment("respond");
  if (respond) respond.before(home);

  document.addEventListener("click", (event) => {
    const link = event.target.closest(".reply-link, .cancel-reply");
    if (!link || !respond) return;
    event.preventDefault();
    if (link.classList.contains("cancel-reply")) replyTo(null);
    else replyTo(link.closest("li.comment"));
  });

  // Moves the form under the comment (or back home with null) and sets which comment it answers.
  function replyTo(comment) {
    const form = respond.querySelector("form.comment-form");
    let parent = form.querySelector("input[name='Input.ParentId']");
    let note = respond.querySelector(".replying");
    if (!comment) {
      parent?.remove();
      note?.remove();
      home.after(respond);
      return;
    }
    if (!parent) {
      parent = document.createElement("input");
      parent.type = "hidden";
      parent.name = "Input.ParentId";
      form.prepend(parent);
    }
    parent.value = comment.id.replace("comment-", "");
    if (!note) {
      note = document.createElement("p");
      note.className = "replying";
      respond.querySelector(".section-title").after(note);
    }
    note.textContent = "ردًّا على " + comment.querySelector(".comment-author").textContent + " ";
    const cancel = document.createElement("a");
    cancel.className = "cancel-reply";
    cancel.href = "#respond";
    cancel.textContent = "(إلغاء الرد)";
    note.append(cancel);
    comment.querySelector(".comment-main").append(respond);
    form.querySelector("textarea").focus();
  }

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
        if (form.closest("li.comment")) replyTo(null);
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
    // A reply goes after its parent's thread (the parent and the replies already under it), one level deeper.
    const parent = form.closest("li.comment");
    if (parent) {
      const depth = Number(/depth-(\d+)/.exec(parent.className)?.[1] ?? 0);
      item.classList.add("depth-" + (depth + 1));
      let last = parent;
      while (last.nextElementSibling && Number(/depth-(\d+)/.exec(last.nextElementSibling.className)?.[1] ?? 0) > depth) last = last.nextElementSibling;
      last.after(item);
    }
    const name = document.createElement("p");
    name.className = "comment-meta";
    const author = document.createElement("span");
    author.className = "comment-author";
    author.textContent = answer.authorName;
    name.append(author);
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
    if (!item.isConnected) list.append(item);
  }
});
