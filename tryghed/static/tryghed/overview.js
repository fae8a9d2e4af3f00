// The overview's charts: drawn by Chart.js from the numbers in #overview-data, which holds only
// counts the viewer may see (a hidden count is null and leaves a gap). Every chart has a table
// with the same numbers beside it, so the canvas is a picture for those who can see it. The
// filters reload the page (no htmx swap): Chart.js's destroy() writes a style attribute, which
// the Content-Security-Policy refuses.
(function () {
  "use strict";
  var BLUE = "#0059b3";

  function draw() {
    var source = document.getElementById("overview-data");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    JSON.parse(source.textContent).forEach(function (data) {
      var canvas = document.getElementById("chart-" + data.slug);
      if (!canvas || data.type === "none") {
        return;
      }
      if (data.type === "grid") {
        grid(canvas, data);
        return;
      }
      var horizontal = data.type === "horizontal";
      var labels = data.labels;
      if (horizontal) {
        // One bar a row of text: the box grows with the rows, and long labels are broken into
        // lines instead of being cut off at the left edge of a narrow screen.
        var width = canvas.parentNode.clientWidth < 500 ? 18 : 36;
        labels = labels.map(function (label) { return wrap(label, width); });
        var lines = labels.reduce(function (n, label) { return n + (Array.isArray(label) ? label.length : 1); }, 0);
        var needed = (4 + 1.2 * lines + 1.2 * labels.length) * 10;  // px, at a root of 10 px
        if (needed > canvas.parentNode.clientHeight) { canvas.parentNode.style.height = needed + "px"; }
      }
      new Chart(canvas, {
        type: data.type === "line" ? "line" : "bar",
        data: {
          labels: labels,
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
          plugins: {
            legend: { display: false },
            // The whole label on one line, not the wrapped one joined with commas.
            tooltip: { callbacks: { title: function (items) { return data.labels[items[0].dataIndex]; } } }
          },
          scales: {
            x: { beginAtZero: true, ticks: { precision: 0, color: "#1a1a1a" } },
            y: { beginAtZero: true, ticks: { precision: 0, color: "#1a1a1a", autoSkip: false } }
          }
        }
      });
    });
  }

  function wrap(label, width) {
    var lines = [];
    var line = "";
    String(label).split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines.length > 1 ? lines : label;
  }

  // Weekday by hour: one bubble per hour with episodes, its area after the count.
  function grid(canvas, data) {
    var largest = Math.max.apply(null, [1].concat(data.points.map(function (p) { return p[2]; })));
    return new Chart(canvas, {
      type: "bubble",
      data: {
        datasets: [{
          label: data.title,
          data: data.points.map(function (p) {
            return { x: p[1], y: p[0], r: 3 + 11 * Math.sqrt(p[2] / largest), count: p[2] };
          }),
          backgroundColor: "rgba(0, 89, 179, 0.75)",
          borderColor: BLUE
        }]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                return data.labels[item.raw.y] + " " + data.columns[item.raw.x] + ": " + item.raw.count;
              }
            }
          }
        },
        scales: {
          x: { min: -1, max: 24, ticks: { stepSize: 1, color: "#1a1a1a", callback: function (v) { return data.columns[v]; } } },
          y: { min: -1, max: 7, reverse: true, ticks: { stepSize: 1, color: "#1a1a1a", callback: function (v) { return data.labels[v]; } } }
        }
      }
    });
  }

  // A link to one breakdown (#acts, #panel-where) opens the tab that holds it.
  function openTabOf(hash) {
    var target = hash && document.getElementById(hash.slice(1));
    var panel = target && target.closest(".tab-panel");
    var tab = panel && document.querySelector('[role="tab"][aria-controls="' + panel.id + '"]');
    if (tab && tab.getAttribute("aria-selected") !== "true") {
      tab.click();
      target.scrollIntoView();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw();
    openTabOf(window.location.hash);
  });
  window.addEventListener("hashchange", function () { openTabOf(window.location.hash); });
})();
