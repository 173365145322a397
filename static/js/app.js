// Small progressive enhancements shared by every page. Pages work without this file.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined) {
    target.form.requestSubmit();
  }
});

// Countdowns: <time data-countdown datetime="ISO">…</time> shows "in 2 h 5 min".
function renderCountdowns() {
  const now = Date.now();
  document.querySelectorAll("time[data-countdown]").forEach((el) => {
    const diff = new Date(el.getAttribute("datetime")).getTime() - now;
    const minutes = Math.round(Math.abs(diff) / 60000);
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const mins = minutes % 60;
    const parts = days ? [`${days} d`, `${hours} h`] : hours ? [`${hours} h`, `${mins} min`] : [`${mins} min`];
    el.textContent = diff >= 0 ? `in ${parts.join(" ")}` : `${parts.join(" ")} ago`;
  });
}
document.addEventListener("DOMContentLoaded", renderCountdowns);
document.addEventListener("htmx:afterSwap", renderCountdowns);
setInterval(renderCountdowns, 30000);

// The phone-width menu toggle in the header (wide screens always show the menu).
document.documentElement.classList.add("js");
document.addEventListener("click", (event) => {
  const toggle = event.target instanceof Element ? event.target.closest(".nav-toggle") : null;
  if (!toggle) return;
  const menu = document.getElementById(toggle.getAttribute("aria-controls"));
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  menu.classList.toggle("open", open);
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const toggle = document.querySelector(".nav-toggle[aria-expanded='true']");
  if (!toggle) return;
  toggle.setAttribute("aria-expanded", "false");
  document.getElementById(toggle.getAttribute("aria-controls")).classList.remove("open");
  toggle.focus();
});

// Copy buttons: <button data-copy="#field"> copies the field's value and says so.
document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
  if (!button) return;
  const field = document.querySelector(button.dataset.copy);
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Press Ctrl+C";
  }
});

// A "Print" button (the interview kit): inline handlers are not allowed by the CSP.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});
