/* Small behaviours of the pages: Enter in a lookup box searches instead of submitting the whole form. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target && target.hasAttribute && target.hasAttribute("data-no-submit")) {
      event.preventDefault();
      target.dispatchEvent(new Event("search", {bubbles: true}));
    }
  });
})();
