/* Roundtable Academy: time on a lesson, counted from real activity.
 *
 * Every few seconds, while the page is visible and the person has moved the mouse,
 * typed, scrolled or touched the screen in the last minute, a few active seconds are
 * counted. About every 30 seconds (and when the page is hidden or left) the seconds
 * counted since the last report are POSTed to the element's data-lesson-activity URL.
 * The server caps each report, so nothing here can inflate the time. Without
 * JavaScript no time is recorded, which is the honest answer. */
(function () {
  "use strict";

  var lesson = document.querySelector("[data-lesson-activity]");
  if (!lesson || !window.fetch) {
    return;
  }

  var url = lesson.getAttribute("data-lesson-activity");
  var csrfToken = lesson.getAttribute("data-csrf-token");
  var TICK_MS = 5000; // how often activity is sampled
  var REPORT_MS = 30000; // how often it is reported
  var IDLE_MS = 60000; // no interaction for this long counts as away

  var lastInteraction = Date.now();
  var unreported = 0; // active milliseconds not yet sent
  var lastTick = Date.now();

  function noteInteraction() {
    lastInteraction = Date.now();
  }

  ["mousemove", "mousedown", "keydown", "scroll", "wheel", "touchstart"].forEach(
    function (type) {
      window.addEventListener(type, noteInteraction, { passive: true, capture: true });
    }
  );

  // wasVisible: the page was on screen until now (true when it is just being hidden).
  function tick(wasVisible) {
    var now = Date.now();
    var visible = wasVisible || document.visibilityState === "visible";
    if (visible && now - lastInteraction <= IDLE_MS) {
      // Timers are throttled in background tabs; never count more than one tick.
      unreported += Math.min(now - lastTick, TICK_MS);
    }
    lastTick = now;
  }

  function report() {
    var seconds = Math.floor(unreported / 1000);
    if (seconds < 1) {
      return;
    }
    unreported -= seconds * 1000;
    var body = new URLSearchParams({ seconds: String(seconds) });
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: true, // lets the last report leave with the page
      headers: { "X-CSRFToken": csrfToken },
    }).catch(function () {
      // Offline or signed out: the seconds are dropped rather than guessed later.
    });
  }

  window.setInterval(function () {
    tick(false);
  }, TICK_MS);
  window.setInterval(report, REPORT_MS);

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      tick(true);
      report();
    } else {
      lastTick = Date.now();
      noteInteraction();
    }
  });
  window.addEventListener("pagehide", function () {
    tick(document.visibilityState === "visible");
    report();
  });
})();
