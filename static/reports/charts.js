// Draws each report chart from the JSON next to it (a <script type="application/json"> made by json_script);
// the table beside the chart holds the same figures for whoever cannot see it. No inline scripts (CSP).
(function () {
  "use strict";
  const COLOURS = ["#0d6efd", "#198754", "#ffc107", "#dc3545", "#6f42c1", "#20c997", "#fd7e14", "#6c757d"];

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof window.Chart === "undefined") {
      return;
    }
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    const spec = JSON.parse(source.textContent);
    let type = spec.type;
    const options = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: spec.datasets.length > 1 || type === "doughnut" } } };
    if (type === "funnel") {
      type = "bar";
      options.indexAxis = "y";
    }
    if (spec.stacked) {
      options.scales = { x: { stacked: true }, y: { stacked: true } };
    }
    const datasets = spec.datasets.map((set, index) => ({
      label: set.label,
      data: set.data,
      backgroundColor: type === "doughnut" ? COLOURS : COLOURS[index % COLOURS.length],
      borderColor: type === "line" ? COLOURS[index % COLOURS.length] : undefined,
      fill: false,
    }));
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, { type: type, data: { labels: spec.labels, datasets: datasets }, options: options });
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  document.addEventListener("htmx:afterSettle", (event) => drawAll(event.target));
})();
