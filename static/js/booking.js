// Booking page: show the times in the browser's own zone unless the visitor chose one, and
// apply a chosen zone at once. Without JavaScript the select and its button do the same.
(() => {
  const form = document.querySelector("[data-booking-zone]");
  if (!form) return;
  const select = form.querySelector("select");
  select.addEventListener("change", () => form.submit());
  if (select.dataset.chosen) return;
  const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const known = Array.from(select.options).some((option) => option.value === detected);
  if (known && detected !== select.value) {
    select.value = detected;
    form.submit();
  }
})();
