// Analytics page: draws every <canvas data-series="id"> with Chart.js from the series the
// server embedded with json_script (CSP forbids inline scripts). Redraws after htmx swaps.
(function () {
  function draw(root) {
    if (!window.Chart) return;
    root.querySelectorAll("canvas[data-series]").forEach((canvas) => {
      const source = document.getElementById(canvas.dataset.series);
      if (!source) return;
      const series = JSON.parse(source.textContent);
      const previous = window.Chart.getChart(canvas);
      if (previous) previous.destroy();
      const horizontal = canvas.dataset.indexAxis === "y";
      new window.Chart(canvas, {
        type: canvas.dataset.type || "bar",
        data: { labels: series.labels, datasets: series.datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          indexAxis: horizontal ? "y" : "x",
          plugins: { legend: { display: series.datasets.length > 1, position: "bottom" } },
          scales: {
            [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } },
          },
        },
      });
    });
  }
  document.addEventListener("DOMContentLoaded", () => draw(document));
  document.addEventListener("htmx:afterSwap", () => draw(document));
})();
