/* The dispatch page's map of 安徽 (issue 10): the request's site and the ranked candidates (engineers in blue,
   partners in orange, the best few larger), beside the list. Data from json_script "dispatch-map-data"; the city
   GeoJSON is the local static file named by the container's data-geo. No inline script (CSP). */
(function () {
  "use strict";
  var el = document.getElementById("dispatch-map");
  var source = document.getElementById("dispatch-map-data");
  if (!el || !source || !window.echarts || !window.fetch) return;
  var data = JSON.parse(source.textContent);

  function point(c, rank) {
    return {
      name: c.name,
      value: [c.longitude, c.latitude, rank],
      detail: (c.distance_km === null ? "" : c.distance_km + " km · ") + (c.travel_minutes === null ? "" : c.travel_minutes + " min"),
      symbolSize: rank <= 3 ? 14 : 8,
    };
  }

  fetch(el.dataset.geo, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (geo) {
      echarts.registerMap("anhui", geo);
      var chart = echarts.init(el);
      var engineers = [], partners = [];
      data.candidates.forEach(function (c, i) {
        if (c.latitude === null || c.longitude === null) return;
        (c.kind === "engineer" ? engineers : partners).push(point(c, i + 1));
      });
      var site = data.site ? [{ name: el.dataset.labelSite, value: [data.site.longitude, data.site.latitude, 0] }] : [];
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: function (item) {
            var v = item.data || {};
            var e = echarts.format.encodeHTML;
            var rank = v.value && v.value[2] ? "#" + v.value[2] + " " : "";
            return rank + e(v.name || "") + (v.detail ? "<br>" + e(v.detail) : "");
          },
        },
        legend: { bottom: 0 },
        geo: {
          map: "anhui",
          roam: true,
          label: { show: true, fontSize: 10, color: "#666" },
          itemStyle: { areaColor: "#f3f6fa", borderColor: "#9aa9bd" },
          emphasis: { itemStyle: { areaColor: "#e3ecf7" } },
        },
        series: [
          { name: el.dataset.labelEngineer, type: "scatter", coordinateSystem: "geo", data: engineers, itemStyle: { color: "#0d6efd" } },
          { name: el.dataset.labelPartner, type: "scatter", coordinateSystem: "geo", data: partners, itemStyle: { color: "#fd7e14" }, symbol: "diamond" },
          {
            name: el.dataset.labelSite, type: "effectScatter", coordinateSystem: "geo", data: site, symbolSize: 16,
            itemStyle: { color: "#dc3545" }, rippleEffect: { scale: 3, brushType: "stroke" }, zlevel: 2,
          },
        ],
      });
      window.addEventListener("resize", function () { chart.resize(); });
      el.dataset.rendered = "1";
    })
    .catch(function () { el.textContent = el.dataset.labelFailed; });
})();
