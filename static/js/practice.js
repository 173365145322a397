// Practice mode: a visible timer from the moment the question shows; its value travels with the
// self-rating as duration_seconds. Without JavaScript the practice still records (no duration).
(() => {
  const output = document.querySelector("[data-practice-timer]");
  const form = document.getElementById("practice-form");
  if (!output || !form) {
    return;
  }
  const started = Date.now();
  const elapsed = () => Math.floor((Date.now() - started) / 1000);
  const render = () => {
    const seconds = elapsed();
    const minutes = Math.floor(seconds / 60);
    output.textContent = `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
  };
  render();
  const timer = setInterval(render, 1000);
  form.addEventListener("submit", () => {
    clearInterval(timer);
    const field = form.querySelector("input[name=duration_seconds]");
    if (field) {
      field.value = String(elapsed());
    }
  });
})();
