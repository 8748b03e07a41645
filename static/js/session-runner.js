// Session runner and room view: count the running segment down every second and
// ask the server every five seconds where the session stands. The runner reloads
// when the other trainer has moved on; the room view swaps in the new prompt.
// Without JavaScript both pages still work: reload (the room view refreshes itself).
(function () {
  "use strict";
  var root = document.querySelector("[data-runner]");
  if (!root || !window.fetch) return;
  var mode = root.dataset.mode;
  var position = Number(root.dataset.position);
  var left = Number(root.dataset.secondsLeft);
  var clock = root.querySelector("[data-clock]");

  function format(seconds) {
    seconds = Math.abs(seconds);
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function paint() {
    if (!clock || position < 0) return;
    if (left >= 0) {
      clock.textContent = format(left) + " left";
      clock.classList.remove("runner__overrun");
    } else if (mode === "runner") {
      clock.textContent = "Over by " + format(left);
      clock.classList.add("runner__overrun");
    } else {
      clock.textContent = "";
    }
  }

  function setText(selector, text) {
    var el = root.querySelector(selector);
    if (el) el.textContent = text;
  }

  function poll() {
    fetch(root.dataset.stateUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) return;
        if (state.position !== position) {
          if (mode === "runner" || !root.querySelector("[data-room-kind]") || state.finished) {
            window.location.reload();
            return;
          }
          position = state.position;
          setText("[data-room-kind]", state.kind);
          setText("[data-room-title]", state.title);
          setText("[data-room-prompt]", state.prompt);
        }
        left = state.seconds_left;
        paint();
      })
      .catch(function () {});
  }

  setInterval(function () { left -= 1; paint(); }, 1000);
  setInterval(poll, 5000);
})();
