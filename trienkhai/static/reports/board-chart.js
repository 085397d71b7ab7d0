// The roll-up chart of the report status board, drawn from the JSON the page carries (#chart-data).
// A static file rather than an inline script: the Content-Security-Policy allows no inline code.
(function () {
  const source = document.getElementById("chart-data");
  const el = document.getElementById("totals-chart");
  if (!window.Chart || !el || !source) return;
  const data = JSON.parse(source.textContent);
  // Amounts of money dwarf counts; chart the counts only and leave money to the table.
  const keep = data.values.map((v, i) => data.labels[i].indexOf("(đồng)") === -1 && data.labels[i].indexOf("Kinh phí") === -1);
  new Chart(el, {type: "bar", data: {labels: data.labels.filter((_, i) => keep[i]),
    datasets: [{label: "Tổng", data: data.values.filter((_, i) => keep[i]), backgroundColor: "#0d6efd"}]},
    options: {indexAxis: "y", animation: false, plugins: {legend: {display: false}},
      scales: {y: {ticks: {autoSkip: false, font: {size: 11}}}}}});
})();
