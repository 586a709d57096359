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
  // A figure may carry a "phone" entry (reports/charts.py): merged in while the chart is narrower
  // than PHONE_WIDTH, so its labels fit a phone; the chart is redrawn when the width crosses it.
  var PHONE_WIDTH = 640;
  var merge = function (base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra || {}).forEach(function (key) {
      var value = extra[key];
      var isObject = value && typeof value === "object" && !Array.isArray(value);
      out[key] = isObject && base[key] && typeof base[key] === "object" ? merge(base[key], value) : value;
    });
    return out;
  };
  var draw = function (element, figure) {
    var phone = figure.phone && element.clientWidth < PHONE_WIDTH;
    element.dataset.layout = phone ? "phone" : "wide";
    var data = phone ? figure.data.map(function (trace) { return merge(trace, figure.phone.data); }) : figure.data;
    var layout = phone ? merge(figure.layout, figure.phone.layout) : figure.layout;
    window.Plotly.react(element, data, layout, {responsive: true, displaylogo: false, displayModeBar: false});
  };
  if (window.Plotly) {
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.dataset.chart);
      if (!source) { return; }
      var figure = resolve(JSON.parse(source.textContent));
      charts.push([element, figure]);
      draw(element, figure);
    });
    var resized;
    window.addEventListener("resize", function () {
      window.clearTimeout(resized);
      resized = window.setTimeout(function () {
        charts.forEach(function (chart) {
          var phone = chart[0].clientWidth < PHONE_WIDTH ? "phone" : "wide";
          if (chart[1].phone && chart[0].dataset.layout !== phone) { draw(chart[0], chart[1]); }
        });
      }, 200);
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
