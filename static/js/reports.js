// The ministry pages: draw the server-built plotly figures and poll report runs (no inline script,
// so the Content Security Policy needs no 'unsafe-inline').
(function () {
  "use strict";
  // Draw the server-built plotly figures (their numbers are also in the tables next to them).
  // The figures name the design tokens ("var(--color-primary)"); plotly.js needs the values.
  var styles = window.getComputedStyle(document.documentElement);
  var token = /^var\((--[a-z0-9-]+)\)$/;
  var resolve = function (value) {
    if (typeof value === "string") {
      var match = token.exec(value);
      return match ? styles.getPropertyValue(match[1]).trim() : value;
    }
    if (Array.isArray(value)) { return value.map(resolve); }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) { out[key] = resolve(value[key]); });
      return out;
    }
    return value;
  };
  if (window.Plotly) {
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.dataset.chart);
      if (!source) { return; }
      var figure = resolve(JSON.parse(source.textContent));
      window.Plotly.newPlot(element, figure.data, figure.layout, {responsive: true, displaylogo: false, displayModeBar: false});
    });
  }
  // While a report is queued or running, poll its status and reload when it is done.
  var rows = document.querySelectorAll("[data-status-url]");
  if (!rows.length) { return; }
  var poll = function () {
    Promise.all(Array.prototype.map.call(rows, function (row) {
      return fetch(row.dataset.statusUrl, {credentials: "same-origin"}).then(function (response) { return response.json(); }).then(function (run) {
        row.querySelector("[data-role=status]").textContent = run.status_label;
        var bar = row.querySelector("[data-role=progress]");
        if (bar) { bar.value = run.progress; bar.textContent = run.progress + "%"; }
        var step = row.querySelector("[data-role=step]");
        if (step) { step.textContent = run.step; }
        return run.is_active;
      });
    })).then(function (active) {
      if (active.indexOf(true) === -1) { window.location.reload(); } else { window.setTimeout(poll, 2000); }
    }).catch(function () { window.setTimeout(poll, 5000); });
  };
  window.setTimeout(poll, 1000);
})();
