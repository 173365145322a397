// The pipeline board: drag a card onto another column to move it. Dropping sets the card's own
// status menu and submits its form, so drag-and-drop, the keyboard menu and a plain form POST
// (without JavaScript) all reach the same view and service.
(() => {
  let dragged = null;

  document.addEventListener("dragstart", (event) => {
    const card = event.target instanceof Element ? event.target.closest("[data-card]") : null;
    if (!card || !card.querySelector("[data-status-form]")) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    document.querySelectorAll(".kanban-column.drag-over").forEach((el) => el.classList.remove("drag-over"));
  });

  const columnOf = (event) =>
    event.target instanceof Element ? event.target.closest(".kanban-column[data-status]") : null;

  document.addEventListener("dragover", (event) => {
    const column = columnOf(event);
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("drag-over");
  });

  document.addEventListener("dragleave", (event) => {
    const column = columnOf(event);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drag-over");
  });

  document.addEventListener("drop", (event) => {
    const column = columnOf(event);
    if (!column) return;
    event.preventDefault();
    const card = dragged || document.getElementById(event.dataTransfer.getData("text/plain"));
    const form = card ? card.querySelector("[data-status-form]") : null;
    if (!form || card.closest(".kanban-column") === column) return;
    form.elements.status.value = column.dataset.status;
    column.appendChild(card);
    form.requestSubmit();
  });

  // Destructive buttons ask first: <form data-confirm="Delete this?">.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
