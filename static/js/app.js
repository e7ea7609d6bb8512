// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:responseError", (event) => {
  const box = document.createElement("div");
  box.className = "alert alert-danger mt-2";
  box.setAttribute("role", "alert");
  // The texts come translated from the page (data-message-* on <body>, see base.html).
  const messages = document.body.dataset;
  box.textContent = event.detail.xhr.status === 403 ? messages.messageForbidden : messages.messageError;
  event.detail.target.prepend(box);
});

// A select that submits its form when changed (the language switcher); no inline handlers (CSP).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
    field.form.submit();
  }
});
