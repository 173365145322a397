// The pipeline board. Dragging a card onto another column presses that stage's button in the
// card's own "Move to…" menu (dropping on "Rejected" opens the menu at the reason instead), so
// drag-and-drop, the menu and a plain form POST (without JavaScript) reach the same view. After
// a move the page comes back with #card-<id>: focus returns to the moved card.
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
    column.classList.remove("drag-over");
    const card = dragged || document.getElementById(event.dataTransfer.getData("text/plain"));
    if (!card || card.closest(".kanban-column") === column) return;
    const menu = card.querySelector("[data-move-menu]");
    if (!menu) return;
    if (column.dataset.status === "rejected") {
      menu.open = true;
      card.querySelector("[data-reject-form] input[name=rejection_reason]").focus();
      return;
    }
    const button = card.querySelector(`[data-status-form] button[value="${column.dataset.status}"]`);
    if (!button) return;
    column.appendChild(card);
    button.click();
  });

  // Back from a move: focus the moved card (its id is the URL's fragment).
  const focusMovedCard = () => {
    const card = location.hash.startsWith("#card-") ? document.querySelector(location.hash) : null;
    if (card) card.focus();
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusMovedCard);
  } else {
    focusMovedCard();
  }

  // Destructive buttons ask first: <form data-confirm="Delete this?">.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
