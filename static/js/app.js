// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:responseError", (event) => {
  const box = document.createElement("div");
  box.className = "alert alert-danger mt-2";
  box.setAttribute("role", "alert");
  box.textContent = event.detail.xhr.status === 403
    ? "You do not have permission to do that."
    : "Something went wrong. Please try again.";
  event.detail.target.prepend(box);
});
