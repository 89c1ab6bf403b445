/* The map of 安徽 on the dealer network page: outlets by kind, withdrawn brands, and the sales outlets that break
   the 150 km rule (第二十条). Data comes from the page (json_script "network-map-data"); the city GeoJSON is the
   local static file named by the container's data-geo. No inline script (Content-Security-Policy). */
(function () {
  "use strict";

  function series(name, data, colour, extra) {
    return Object.assign(
      {
        name: name,
        type: "scatter",
        coordinateSystem: "geo",
        data: data,
        symbolSize: 9,
        itemStyle: { color: colour },
        encode: { value: 2 },
      },
      extra || {}
    );
  }

  function draw(el, geo, data) {
    echarts.registerMap("anhui", geo);
    var chart = echarts.init(el);
    var p = data.points;
    var d = el.dataset;
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: function (item) {
          var v = item.data || {};
          var e = echarts.format.encodeHTML;
          return e(v.name || "") + "<br>" + e(v.brand || "") + " · " + e(v.dealer || "");
        },
      },
      legend: { bottom: 0, type: "scroll" },
      geo: {
        map: "anhui",
        roam: true,
        label: { show: true, fontSize: 10, color: "#666" },
        itemStyle: { areaColor: "#f3f6fa", borderColor: "#9aa9bd" },
        emphasis: { itemStyle: { areaColor: "#e3ecf7" }, label: { show: true } },
      },
      series: [
        series(d.labelSales, p.sales, "#0d6efd"),
        series(d.labelParts, p.parts, "#198754", { symbol: "diamond" }),
        series(d.labelService, p.service, "#fd7e14", { symbol: "triangle" }),
        series(d.labelWithdrawn, p.withdrawn, "#6c757d", { symbol: "rect", symbolSize: 7 }),
        series(d.labelViolation, p.violation, "#dc3545", {
          type: "effectScatter",
          symbolSize: 14,
          rippleEffect: { scale: 3, brushType: "stroke" },
          zlevel: 2,
        }),
      ],
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
    el.dataset.rendered = "1";
    el.dataset.points = String(p.sales.length + p.parts.length + p.service.length + p.withdrawn.length);
    el.dataset.violations = String(p.violation.length);
  }

  function start() {
    var el = document.getElementById("network-map");
    var source = document.getElementById("network-map-data");
    if (!el || !source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    fetch(el.dataset.geo, { credentials: "same-origin" })
      .then(function (r) {
        return r.json();
      })
      .then(function (geo) {
        draw(el, geo, data);
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
