// Interview detail: confirm destructive forms (data-confirm) and keep the thread form usable
// while htmx polls the thread (polling pauses while the user is typing a message).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

document.addEventListener("htmx:beforeRequest", (event) => {
  const thread = document.getElementById("thread");
  if (!thread || event.detail.elt !== thread) return;
  const box = thread.querySelector("textarea");
  if (box && (box.value.trim() !== "" || document.activeElement === box)) {
    event.preventDefault();
  }
});
