/* Live "time left" on every element with data-deadline="ISO 8601": 剩余 … before, 超时 … (red) after.
 * The words come from the JSON in #countdown-i18n (the page's language); the server's clock from
 * <body data-server-now>, so a wrong clock on the user's machine does not change what is shown. */
(function () {
  "use strict";
  var SOON_MS = 30 * 60 * 1000;
  var words = {
    left: "剩余 {duration}", over: "超时 {duration}",
    days: "{days}天{hours}小时", hours: "{hours}小时{minutes:02d}分", minutes: "{minutes}分{seconds:02d}秒"
  };
  var offset = 0;

  function fill(template, values) {
    return template.replace(/\{(\w+)(:02d)?\}/g, function (_, name, pad) {
      var v = String(values[name]);
      return pad && v.length < 2 ? "0" + v : v;
    });
  }

  function duration(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(s / 86400), hours = Math.floor((s % 86400) / 3600);
    var minutes = Math.floor((s % 3600) / 60), seconds = s % 60;
    var values = {days: days, hours: hours, minutes: minutes, seconds: seconds};
    if (days) return fill(words.days, values);
    if (hours) return fill(words.hours, values);
    return fill(words.minutes, values);
  }

  function tick() {
    var now = Date.now() + offset;
    var nodes = document.querySelectorAll("[data-deadline]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var at = Date.parse(el.getAttribute("data-deadline"));
      if (isNaN(at)) continue;
      var left = at - now;
      var late = left < 0;
      el.textContent = fill(late ? words.over : words.left, {duration: duration(left)});
      el.classList.toggle("is-late", late);
      el.classList.toggle("is-soon", !late && left < SOON_MS);
    }
  }

  function start() {
    var source = document.getElementById("countdown-i18n");
    if (source) {
      try { words = Object.assign(words, JSON.parse(source.textContent)); } catch (e) { /* keep the defaults */ }
    }
    var serverNow = Date.parse(document.body.getAttribute("data-server-now") || "");
    if (!isNaN(serverNow)) offset = serverNow - Date.now();
    tick();
    window.setInterval(tick, 1000);
    document.body.addEventListener("htmx:afterSettle", tick);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
