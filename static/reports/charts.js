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

  // The world map of support by member: static/mercator/world.json (our own copy of Natural Earth 1:110m, keyed
  // by ISO code) as SVG, each member shaded by its number of missions; the table beside it has the same figures.
  function drawMap(holder) {
    if (holder.dataset.drawn) {
      return;
    }
    holder.dataset.drawn = "1";
    const values = JSON.parse(document.getElementById(holder.dataset.map).textContent).values;
    const top = Math.max(1, ...Object.values(values));
    fetch(holder.dataset.src, { credentials: "same-origin" })
      .then((response) => response.json())
      .then((world) => {
        const ns = "http://www.w3.org/2000/svg";
        const svg = document.createElementNS(ns, "svg");
        svg.setAttribute("viewBox", `0 0 ${world.width} ${world.height * 0.84}`);
        svg.style.width = "100%";
        Object.entries(world.countries).forEach(([code, country]) => {
          const shape = document.createElementNS(ns, "path");
          shape.setAttribute("d", country.d);
          const n = values[code] || 0;
          shape.setAttribute("fill", n ? `rgba(13, 110, 253, ${0.2 + 0.8 * n / top})` : "#e9ecef");
          shape.setAttribute("stroke", "#fff");
          shape.setAttribute("stroke-width", "0.5");
          const title = document.createElementNS(ns, "title");
          title.textContent = `${country.name}: ${n}`;
          shape.appendChild(title);
          svg.appendChild(shape);
        });
        holder.appendChild(svg);
      });
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(draw);
    root.querySelectorAll("[data-map]").forEach(drawMap);
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  document.addEventListener("htmx:afterSettle", (event) => drawAll(event.target));
})();
