// The programme overview's world map: draws static/mercator/world.json (our own copy of Natural Earth 1:110m)
// as SVG and colours each member by the phase of its plan. The table below the map holds the same figures.
(function () {
  const holder = document.getElementById("mercator-map");
  if (!holder) return;
  const phases = JSON.parse(document.getElementById("map-phases").textContent);
  const labels = JSON.parse(document.getElementById("map-phase-labels").textContent);
  fetch(holder.dataset.src, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((world) => {
      const ns = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", `0 0 ${world.width} ${world.height * 0.84}`);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", holder.dataset.label);
      svg.classList.add("mercator-map-svg");
      Object.entries(world.countries).forEach(([code, country]) => {
        const shape = document.createElementNS(ns, "path");
        shape.setAttribute("d", country.d);
        shape.setAttribute("data-iso", code);
        const phase = phases[code];
        shape.setAttribute("class", phase ? `country phase-${phase}` : "country");
        const title = document.createElementNS(ns, "title");
        title.textContent = phase ? `${country.name}: ${labels[phase]}` : country.name;
        shape.appendChild(title);
        svg.appendChild(shape);
      });
      holder.replaceChildren(svg);
    })
    .catch(() => {
      holder.textContent = holder.dataset.failed;
    });
})();
