/* The inspection feedback form (巡检反馈信息单): the customer signs on a <canvas> (mouse, pen and finger through
   pointer events); the drawing is posted as a PNG data URL in the hidden "signature" field
   (web/signature.js), bound to #feedback-form. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("feedback-form");
    if (!form) { return; }
    var canvas = document.getElementById("signature-pad");
    var field = form.querySelector("input[name=signature]");
    if (!canvas || !field) { return; }
    var pad = window.AftersalesSignature.pad(canvas, field, document.getElementById("signature-clear"));
    form.addEventListener("submit", function () { pad.save(); });
  });
}());
