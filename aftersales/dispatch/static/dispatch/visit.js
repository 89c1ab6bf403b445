/* The service report form: the customer's signature (web/signature.js) posted as a PNG data URL in the hidden
   "signature" field; parts lines; "departure now". No library. */
(function () {
  "use strict";

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  function localNow() {
    var d = new Date();
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate()) + "T" + pad2(d.getHours()) + ":" +
      pad2(d.getMinutes());
  }

  function addPartLine(container) {
    var lines = container.querySelectorAll(".part-line");
    var copy = lines[lines.length - 1].cloneNode(true);
    copy.querySelectorAll("input").forEach(function (input) {
      input.value = input.name === "part_quantity" ? "1" : "";
    });
    container.appendChild(copy);
    copy.querySelector("input").focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("visit-form");
    if (!form) { return; }
    var canvas = document.getElementById("signature-pad");
    var field = form.querySelector("input[name=signature]");
    var pad = canvas && field ? window.AftersalesSignature.pad(canvas, field, document.getElementById("signature-clear")) : null;
    form.addEventListener("submit", function () { if (pad) { pad.save(); } });
    var add = document.getElementById("add-part");
    if (add) { add.addEventListener("click", function () { addPartLine(document.getElementById("part-lines")); }); }
    var departNow = document.getElementById("depart-now");
    if (departNow) {
      departNow.addEventListener("click", function () { form.querySelector("input[name=departed_at]").value = localNow(); });
    }
  });
}());
