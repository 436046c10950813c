"""The CSS and JavaScript inlined into the comparison page (no CDN, no server).

The script reads the page's JSON data block and draws each chart as SVG
`<rect class="bar">` elements into its `<svg data-chart=...>`; it then sets
`data-bars` on every chart and `data-charts-rendered` on <body>, which is
what the headless-browser test looks for in the rendered DOM.
"""

from __future__ import annotations

CSS = """
:root { --continued: #3b6fb6; --new: #2e9d5b; --dropped: #d0643b; --same: #9aa5b1; --ink: #1f2933;
        --muted: #616e7c; --line: #e4e7eb; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; color: var(--ink); background: #fff;
       font: 15px/1.5 "Noto Sans Thai", "Sarabun", "Garuda", "Loma", "Tlwg Typo", "Noto Sans", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px; }
.lede { color: var(--muted); margin: 0 0 16px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 130px; }
.card b { display: block; font-size: 26px; } .card span { color: var(--muted); font-size: 13px; }
.card.continued b { color: var(--continued); } .card.new b { color: var(--new); }
.card.dropped b { color: var(--dropped); }
svg.chart { width: 100%; max-width: 1100px; display: block; border: 1px solid var(--line); border-radius: 8px; }
svg.chart text { font-size: 12px; fill: var(--ink); } svg.chart .axis { stroke: #cbd2d9; }
svg.chart .muted { fill: var(--muted); }
.legend { display: flex; gap: 16px; margin: 6px 0; font-size: 13px; color: var(--muted); }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px;
            vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; max-width: 1400px; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f5f7fa; font-weight: 600; } td.num { text-align: right; white-space: nowrap; }
.status { font-weight: 600; } .status.continued { color: var(--continued); }
.status.new { color: var(--new); } .status.dropped { color: var(--dropped); }
.up { color: var(--new); } .down { color: var(--dropped); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = { continued: "var(--continued)", "new": "var(--new)", dropped: "var(--dropped)",
                 up: "var(--new)", down: "var(--dropped)" };
  var data = JSON.parse(document.getElementById("comparison-data").textContent);

  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function bar(svg, x, y, w, h, key, title) {
    var r = el("rect", { "class": "bar " + key, x: x, y: y, width: Math.max(w, 0), height: Math.max(h, 0),
                         fill: COLORS[key] || "var(--same)", rx: 2 });
    r.appendChild(el("title", {}, title));
    svg.appendChild(r);
  }
  function empty(svg, message) {
    svg.setAttribute("viewBox", "0 0 960 60");
    svg.appendChild(el("text", { x: 16, y: 36, "class": "muted" }, message));
  }
  function finish(svg) {
    svg.setAttribute("data-bars", svg.querySelectorAll("rect.bar").length);
  }

  function measuresPerYear(svg, years) {
    if (!years.length) { return empty(svg, "No organization was found in both years."); }
    var W = 960, H = 300, left = 48, bottom = 36, top = 16;
    var max = Math.max.apply(null, years.map(function (y) { return y.total; })) || 1;
    var slot = (W - left - 16) / years.length, bw = Math.min(90, slot * 0.5);
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.appendChild(el("line", { x1: left, y1: H - bottom, x2: W - 8, y2: H - bottom, "class": "axis" }));
    years.forEach(function (year, i) {
      var x = left + slot * i + (slot - bw) / 2, y = H - bottom;
      year.segments.forEach(function (s) {
        var h = (H - bottom - top) * s.value / max;
        y -= h;
        bar(svg, x, y, bw, h, s.key, year.year + ": " + s.value + " " + s.key);
      });
      svg.appendChild(el("text", { x: x + bw / 2, y: y - 4, "text-anchor": "middle" }, String(year.total)));
      svg.appendChild(el("text", { x: x + bw / 2, y: H - bottom + 18, "text-anchor": "middle" }, String(year.year)));
    });
  }

  function quantityChanges(svg, rows) {
    if (!rows.length) { return empty(svg, "No quantity of a continued measure changed."); }
    var W = 960, row = 24, top = 12, labelW = 520, mid = labelW + (W - labelW) / 2, half = (W - labelW) / 2 - 50;
    var H = top * 2 + row * rows.length;
    var max = Math.max.apply(null, rows.map(function (r) { return Math.abs(r.percent); })) || 1;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.appendChild(el("line", { x1: mid, y1: 4, x2: mid, y2: H - 4, "class": "axis" }));
    rows.forEach(function (r, i) {
      var y = top + i * row, w = half * Math.abs(r.percent) / max;
      svg.appendChild(el("text", { x: labelW - 8, y: y + 15, "text-anchor": "end" }, r.label));
      bar(svg, r.percent >= 0 ? mid : mid - w, y + 3, w, row - 8, r.percent >= 0 ? "up" : "down", r.label);
      var tx = r.percent >= 0 ? mid + w + 4 : mid - w - 4;
      svg.appendChild(el("text", { x: tx, y: y + 15, "text-anchor": r.percent >= 0 ? "start" : "end",
                                   "class": "muted" }, (r.percent > 0 ? "+" : "") + r.percent.toFixed(0) + "%"));
    });
  }

  function organizations(svg, orgs) {
    if (!orgs.length) { return empty(svg, "No organization was found in both years."); }
    var W = 960, row = 28, top = 12, labelW = 360, plotW = W - labelW - 60, H = top * 2 + row * orgs.length;
    var max = Math.max.apply(null, orgs.map(function (o) { return o.continued + o["new"] + o.dropped; })) || 1;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    orgs.forEach(function (o, i) {
      var y = top + i * row, x = labelW;
      svg.appendChild(el("text", { x: labelW - 8, y: y + 17, "text-anchor": "end" }, o.label));
      ["continued", "new", "dropped"].forEach(function (key) {
        var w = plotW * o[key] / max;
        if (o[key] > 0) { bar(svg, x, y + 4, w, row - 9, key, o.label + ": " + o[key] + " " + key); }
        x += w;
      });
      svg.appendChild(el("text", { x: x + 6, y: y + 17, "class": "muted" },
                          o.continued + " / " + o["new"] + " / " + o.dropped));
    });
  }

  var charts = { "measures-per-year": function (s) { measuresPerYear(s, data.years); },
                 "quantity-changes": function (s) { quantityChanges(s, data.quantities); },
                 "organizations": function (s) { organizations(s, data.organizations); } };
  var drawn = 0;
  Array.prototype.forEach.call(document.querySelectorAll("svg[data-chart]"), function (svg) {
    charts[svg.getAttribute("data-chart")](svg);
    finish(svg);
    drawn += 1;
  });
  document.body.setAttribute("data-charts-rendered", String(drawn));
})();
"""
