// The four charts of the dashboard, drawn from the JSON the page carries (#dashboard-data). Each chart has
// a table beside it with the same figures, so nothing here is the only way to read them.
// A static file: the Content-Security-Policy allows no inline code. Every word it shows (legends, period
// names) comes in the JSON from the server, through the catalog.
(function () {
  const source = document.getElementById("dashboard-data");
  if (!window.Chart || !source) return;
  const data = JSON.parse(source.textContent);
  const vn = new Intl.NumberFormat("vi-VN", {maximumFractionDigits: 1});
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  const tick = {callback: (v) => vn.format(v)};
  const counts = {precision: 0, callback: (v) => vn.format(v)};

  function draw(id, config) {
    const el = document.getElementById(id);
    if (el) new Chart(el, config);
  }

  const c = data.completeness;
  draw("chart-completeness", {
    type: "bar",
    data: {labels: c.labels, datasets: [
      {label: c.legend.approved, data: c.approved, backgroundColor: "#198754"},
      {label: c.legend.waiting, data: c.waiting, backgroundColor: "#0d6efd"},
      {label: c.legend.returned, data: c.returned, backgroundColor: "#dc3545"},
      {label: c.legend.missing, data: c.missing, backgroundColor: "#ced4da"},
    ]},
    options: {indexAxis: "y", scales: {x: {stacked: true, ticks: counts}, y: {stacked: true, ticks: {autoSkip: false, font: {size: 11}}}},
      plugins: {legend: {position: "bottom", labels: {boxWidth: 12}}}},
  });

  const t = data.targets;
  draw("chart-targets", {
    type: "bar",
    data: {labels: t.labels, datasets: [{label: t.legend, data: t.progress,
      backgroundColor: t.progress.map((p) => (p >= 100 ? "#198754" : "#fd7e14"))}]},
    options: {indexAxis: "y", plugins: {legend: {display: false}},
      scales: {x: {suggestedMax: 100, ticks: {callback: (v) => vn.format(v) + "%"}}, y: {ticks: {autoSkip: false, font: {size: 11}}}}},
  });

  const palette = ["#adb5bd", "#6ea8fe", "#0d6efd", "#052c65"];
  // A period that has not ended, or has no approved report, is null: a gap in the line, never a zero.
  const tr = data.trend;
  draw("chart-trend", {
    type: "line",
    data: {labels: tr.labels, datasets: tr.series.map((s, i) => ({label: s.label, data: s.data, spanGaps: false,
      borderColor: palette[(i + palette.length - tr.series.length) % palette.length], backgroundColor: palette[(i + palette.length - tr.series.length) % palette.length], tension: 0.2}))},
    options: {scales: {y: {beginAtZero: true, ticks: tick}}, plugins: {legend: {position: "bottom", labels: {boxWidth: 12}}}},
  });

  const r = data.ranking;
  draw("chart-ranking", {
    type: "bar",
    data: {labels: r.labels, datasets: [{label: r.label, data: r.values, backgroundColor: "#0d6efd"}]},
    options: {indexAxis: "y", plugins: {legend: {display: false}}, scales: {x: {beginAtZero: true, ticks: tick}, y: {ticks: {autoSkip: false, font: {size: 11}}}}},
  });
})();
