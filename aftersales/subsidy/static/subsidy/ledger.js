// The ledger's charts (ECharts, local copy): subsidy paid per month and category, and this month's split by
// category. Data comes from the page's json_script element (no inline script: CSP).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("ledger-chart-data");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var monthEl = document.getElementById("chart-by-month");
  var catEl = document.getElementById("chart-by-category");
  var charts = [];
  if (monthEl) {
    var byMonth = echarts.init(monthEl);
    byMonth.setOption({
      title: { text: data.title_month, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      legend: { top: 22, type: "scroll" },
      grid: { left: 50, right: 10, top: 60, bottom: 30 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value" },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", stack: "total", data: s.data }; })
    });
    charts.push(byMonth);
  }
  if (catEl) {
    var byCat = echarts.init(catEl);
    byCat.setOption({
      title: { text: data.title_category, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], top: 20, data: data.pie }]
    });
    charts.push(byCat);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
});
