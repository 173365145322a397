// The plan editor: drag a stage onto another to move it there. The Up/Down buttons do the same
// without a mouse (and without JavaScript); this only adds the pointer gesture.
(() => {
  const list = document.getElementById("plan-stages");
  if (!list) return;
  let dragged = null;
  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("[data-move-url]");
    if (!dragged) return;
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
  });
  list.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
  });
  list.addEventListener("dragover", (event) => {
    if (dragged && event.target.closest(".plan-stage")) event.preventDefault();
  });
  list.addEventListener("drop", (event) => {
    const target = event.target.closest(".plan-stage");
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    const order = [...list.children].indexOf(target);
    const token = dragged.querySelector("input[name=csrfmiddlewaretoken]").value;
    const body = new URLSearchParams({ order: String(order) });
    fetch(dragged.dataset.moveUrl, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": token, "HX-Request": "true" },
      credentials: "same-origin",
    }).then((response) => {
      if (response.ok) window.location.reload();
    });
  });
})();
