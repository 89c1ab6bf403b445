/* The service report form: a signature pad on a <canvas> (mouse, pen and finger through pointer events),
   posted as a PNG data URL in the hidden "signature" field; parts lines; "departure now".
   No library: this file is all there is. */
(function () {
  "use strict";

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  function localNow() {
    var d = new Date();
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate()) + "T" + pad2(d.getHours()) + ":" +
      pad2(d.getMinutes());
  }

  function signaturePad(canvas, field, clearButton) {
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    var last = null;

    function fit() {
      // Draw at the displayed size times the device pixel ratio, so lines stay sharp; refit clears the pad.
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var rect = canvas.getBoundingClientRect();
      canvas.width = Math.max(1, Math.round(rect.width * ratio));
      canvas.height = Math.max(1, Math.round(rect.height * ratio));
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.2;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#0b1f4d";
      clear();
    }

    function clear() {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.restore();
      drawn = false;
      field.value = "";
      canvas.classList.remove("is-signed");
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }

    function save() {
      if (drawn) {
        field.value = canvas.toDataURL("image/png");
        canvas.classList.add("is-signed");
      }
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      last = point(event);
      if (canvas.setPointerCapture) { canvas.setPointerCapture(event.pointerId); }
      ctx.beginPath();
      ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fill();
      drawn = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      event.preventDefault();
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
      drawn = true;
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () {
        if (drawing) { drawing = false; save(); }
      });
    });
    clearButton.addEventListener("click", clear);
    fit();
    return { save: save };
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
    var pad = canvas && field ? signaturePad(canvas, field, document.getElementById("signature-clear")) : null;
    form.addEventListener("submit", function () { if (pad) { pad.save(); } });
    var add = document.getElementById("add-part");
    if (add) { add.addEventListener("click", function () { addPartLine(document.getElementById("part-lines")); }); }
    var departNow = document.getElementById("depart-now");
    if (departNow) {
      departNow.addEventListener("click", function () { form.querySelector("input[name=departed_at]").value = localNow(); });
    }
  });
}());
