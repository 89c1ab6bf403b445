/* The acceptance certificate on a phone: two signature pads (web/signature.js), the customer's and the
   engineer's, each saved as a PNG data URL into its hidden field when the form is sent. No library. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("acceptance-form");
    if (!form) { return; }
    var pads = [];
    ["customer", "engineer"].forEach(function (side) {
      var canvas = document.getElementById(side + "-pad");
      var field = form.querySelector("input[name=" + side + "_signature]");
      if (canvas && field) {
        pads.push(window.AftersalesSignature.pad(canvas, field, document.getElementById(side + "-clear")));
      }
    });
    form.addEventListener("submit", function () { pads.forEach(function (pad) { pad.save(); }); });
  });
}());
