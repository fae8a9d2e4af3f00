// The overview's charts: drawn by Chart.js from the numbers in #overview-data, which holds only
// counts the viewer may see (a hidden count is null and leaves a gap). Every chart has a table
// with the same numbers beside it, so the canvas is a picture for those who can see it.
(function () {
  "use strict";
  var BLUE = "#0059b3";
  var charts = [];

  function draw() {
    var source = document.getElementById("overview-data");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    JSON.parse(source.textContent).forEach(function (data) {
      var canvas = document.getElementById("chart-" + data.slug);
      if (!canvas || data.type === "none") {
        return;
      }
      var horizontal = data.type === "horizontal";
      charts.push(new Chart(canvas, {
        type: data.type === "line" ? "line" : "bar",
        data: {
          labels: data.labels,
          datasets: [{
            label: data.title,
            data: data.values,
            backgroundColor: BLUE,
            borderColor: BLUE,
            spanGaps: false
          }]
        },
        options: {
          indexAxis: horizontal ? "y" : "x",
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: {
            x: { beginAtZero: true, ticks: { precision: 0, color: "#1a1a1a" } },
            y: { beginAtZero: true, ticks: { precision: 0, color: "#1a1a1a", autoSkip: false } }
          }
        }
      }));
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
