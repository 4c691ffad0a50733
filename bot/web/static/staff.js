/* The staff page's script (served from this server; the page's CSP forbids inline scripts).
 * - draws each chart from its <script type="application/json" class="chart-data"> block with the
 *   bundled Chart.js (static/vendor/chart.umd.min.js); the same figures are in the table below it;
 * - a file chosen in an <input type="file" data-fills="ID"> fills the text area ID (CSV import). */
(function () {
  "use strict";
  var COLOR = "#00596b";

  function drawCharts() {
    if (typeof window.Chart !== "function") return;
    var blocks = document.querySelectorAll("script.chart-data");
    Array.prototype.forEach.call(blocks, function (block) {
      var spec;
      try { spec = JSON.parse(block.textContent); } catch (error) { return; }
      var canvas = document.getElementById(block.getAttribute("data-canvas"));
      if (!canvas) return;
      new window.Chart(canvas, {
        type: spec.type || "bar",
        data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.values, backgroundColor: COLOR }] },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          indexAxis: spec.horizontal ? "y" : "x",
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { color: "#1a1a1a" } }, y: { beginAtZero: true, ticks: { color: "#1a1a1a", precision: 0 } } },
        },
      });
    });
  }

  function fileFillers() {
    var inputs = document.querySelectorAll("input[type=file][data-fills]");
    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener("change", function () {
        var target = document.getElementById(input.getAttribute("data-fills"));
        var file = input.files && input.files[0];
        if (!target || !file) return;
        file.text().then(function (text) { target.value = text; target.focus(); });
      });
    });
  }

  function start() { drawCharts(); fileFillers(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
