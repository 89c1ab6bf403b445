/* The management dashboard (issue 12): every [data-chart] element of the page is drawn with ECharts from one
   JSON answer (the container's data-src, the page's filters in its query string). Clicking a point opens the
   list behind it (its `link`); each card's "列表" link opens the list behind the whole chart. No inline script
   (Content-Security-Policy); the 安徽 city map is the local static GeoJSON named by data-geo. */
(function () {
  "use strict";

  var charts = [];

  function labels(items) { return items.map(function (i) { return i.name; }); }

  function option(kind, data, el) {
    var d = el.dataset;
    var items = data[d.chart];
    switch (kind) {
      case "bar":
      case "hbar": {
        var cat = { type: "category", data: labels(items), axisLabel: { interval: 0, width: 90, overflow: "truncate" } };
        // upright bars whose labels are wider than their slots (a bin's "15分钟–30分钟"): slanted to fit
        var widest = Math.max.apply(null, [0].concat(labels(items).map(function (t) { return String(t).length * 12; })));
        if (kind === "bar" && widest > (el.clientWidth - 60) / Math.max(items.length, 1)) { cat.axisLabel.rotate = 40; }
        var val = { type: "value", minInterval: 1 };
        return {
          tooltip: { trigger: "item" },
          grid: { left: kind === "hbar" ? 110 : 40, right: 20, top: 20, bottom: 40, containLabel: kind !== "hbar" },
          xAxis: kind === "hbar" ? val : cat,
          yAxis: kind === "hbar" ? Object.assign(cat, { inverse: true }) : val,
          series: [{ type: "bar", data: items, itemStyle: { color: d.colour || "#2f6fb0" } }],
        };
      }
      case "pie":
        return {
          tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
          legend: { bottom: 0, type: "scroll" },
          series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: items }],
        };
      case "attainment":
        return {
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              var v = p.data;
              return echarts.format.encodeHTML(v.name) + ": " + (v.value === null ? "—" : v.value + "%") +
                " (" + v.met + "/" + v.due + ")";
            },
          },
          grid: { left: 40, right: 20, top: 20, bottom: 30 },
          xAxis: { type: "category", data: labels(items) },
          yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
          series: [{ type: "bar", data: items, label: { show: true, position: "top", formatter: "{c}%" } }],
        };
      case "trend":
        return {
          tooltip: { trigger: "axis" },
          legend: { bottom: 0 },
          grid: { left: 40, right: 20, top: 20, bottom: 50 },
          xAxis: { type: "category", data: items.weeks },
          yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
          series: items.series.map(function (s) {
            return { name: s.name, type: "line", data: s.data, connectNulls: true };
          }),
        };
      case "satisfaction":
        return {
          tooltip: { trigger: "axis" },
          legend: { bottom: 0 },
          grid: { left: 40, right: 20, top: 20, bottom: 50 },
          xAxis: { type: "category", data: items.months },
          yAxis: { type: "value", min: 1, max: 5 },
          series: [
            { name: d.labelCallbacks, type: "line", data: items.callbacks, connectNulls: true },
            { name: d.labelSurvey, type: "line", data: items.survey, connectNulls: true },
          ],
        };
      case "map": {
        var max = Math.max.apply(null, [1].concat(items.map(function (i) { return i.value; })));
        return {
          tooltip: { trigger: "item", formatter: function (p) { return echarts.format.encodeHTML(p.name) + ": " + (p.value || 0); } },
          visualMap: { min: 0, max: max, left: 0, bottom: 0, calculable: true, inRange: { color: ["#e0ecf8", "#1f4e8c"] } },
          series: [{ type: "map", map: "anhui", roam: false, label: { show: true, fontSize: 9 }, data: items }],
        };
      }
    }
    return null;
  }

  function count(kind, data, el) {
    var items = data[el.dataset.chart];
    if (kind === "trend") return items.weeks.length;
    if (kind === "satisfaction") return items.months.length;
    return items.filter(function (i) { return i.value; }).length;
  }

  function draw(el, data) {
    var kind = el.dataset.type;
    var chart = echarts.init(el);
    chart.setOption(option(kind, data, el));
    chart.on("click", function (p) {
      if (p.data && p.data.link) window.location.href = p.data.link;
    });
    el.dataset.points = String(count(kind, data, el));
    el.dataset.rendered = "1";
    var link = document.querySelector('[data-drill="' + el.dataset.chart + '"]');
    if (link && data.links && data.links[el.dataset.chart]) link.href = data.links[el.dataset.chart];
    charts.push(chart);
  }

  function figures(data) {
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var v = data[el.dataset.figure];
      if (v && typeof v === "object") {
        el.textContent = v.value;
        if (el.tagName === "A" && v.link) el.href = v.link;
      } else if (v !== undefined) {
        el.textContent = v;
      }
    });
  }

  function start() {
    var root = document.querySelector("[data-dashboard]");
    if (!root || typeof echarts === "undefined") return;
    var needsMap = root.querySelector('[data-type="map"]');
    var geo = needsMap ? fetch(root.dataset.geo).then(function (r) { return r.json(); }) : Promise.resolve(null);
    var answer = fetch(root.dataset.src, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); });
    Promise.all([geo, answer]).then(function (both) {
      if (both[0]) echarts.registerMap("anhui", both[0]);
      var data = both[1];
      if (data.code) {
        root.querySelector("[data-error]").textContent = data.message_zh + " / " + data.message_en;
        root.querySelector("[data-error]").classList.remove("d-none");
        return;
      }
      figures(data);
      root.querySelectorAll("[data-chart]").forEach(function (el) { draw(el, data); });
      root.dataset.ready = "1";
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
