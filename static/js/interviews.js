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

// Scorecard criteria: "Add a criterion" copies an empty row, "Remove" drops one (the last row
// is emptied instead, so the form always offers one). Without JavaScript the form still
// offers blank rows, and saving offers one more.
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const add = target.closest("[data-criterion-add]");
  if (add) {
    const rows = add.closest("[data-criteria]").querySelectorAll("[data-criterion]");
    const row = rows[rows.length - 1].cloneNode(true);
    row.querySelectorAll("input").forEach((input) => { input.value = ""; });
    row.querySelectorAll("select").forEach((select) => { select.selectedIndex = 0; });
    add.before(row);
    row.querySelector("input").focus();
    return;
  }
  const remove = target.closest("[data-criterion-remove]");
  if (remove) {
    const row = remove.closest("[data-criterion]");
    const fieldset = row.closest("[data-criteria]");
    if (fieldset.querySelectorAll("[data-criterion]").length > 1) {
      row.remove();
    } else {
      row.querySelectorAll("input").forEach((input) => { input.value = ""; });
      row.querySelector("select").selectedIndex = 0;
    }
    fieldset.querySelector("[data-criterion-add]").focus();
  }
});
