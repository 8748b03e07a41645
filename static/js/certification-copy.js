// A "Copy" button beside a read-only address (the calendar feed page). Without
// JavaScript the button stays hidden and the address can be selected by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-field]").forEach(function (field) {
    var input = field.querySelector("input");
    var button = field.querySelector("[data-copy-button]");
    var status = field.querySelector("[data-copy-status]");
    if (!input || !button || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(
        function () { status.textContent = button.dataset.done || "Copied."; },
        function () { input.select(); }
      );
    });
  });
})();
