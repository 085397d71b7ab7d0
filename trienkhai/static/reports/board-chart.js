// The roll-up chart of the report status board, drawn from the JSON the page carries (#chart-data).
// A static file rather than an inline script: the Content-Security-Policy allows no inline code.
(function () {
  const source = document.getElementById("chart-data");
  const el = document.getElementById("totals-chart");
  if (!window.Chart || !el || !source) return;
  const data = JSON.parse(source.textContent);
  // Amounts of money dwarf counts: the server charts the counts only and leaves money to the table; its
  // labels and legend come through the catalog.
  const keep = data.values.map((v, i) => !data.money[i]);
  new Chart(el, {type: "bar", data: {labels: data.labels.filter((_, i) => keep[i]),
    datasets: [{label: data.legend, data: data.values.filter((_, i) => keep[i]), backgroundColor: "#0d6efd"}]},
    options: {indexAxis: "y", animation: false, plugins: {legend: {display: false}},
      scales: {y: {ticks: {autoSkip: false, font: {size: 11}}}}}});
})();
