// A barcode scanner types the label card number and presses Enter: move to the next field instead of
// submitting the form half filled. Loaded by the sale entry and the claim desk (no inline script: CSP).
document.addEventListener("keydown", function (event) {
  var input = event.target;
  if (event.key !== "Enter" || !input.matches || !input.matches("input[data-scan]")) return;
  event.preventDefault();
  var fields = Array.prototype.slice.call(input.form.querySelectorAll("input:not([type=hidden]), select, button[type=submit]"));
  var next = fields[fields.indexOf(input) + 1];
  if (next) next.focus();
});
