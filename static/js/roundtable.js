/* Mock roundtable console: a running phase timer, live updates for everyone at the
 * table, checklist autosave and the print button. Loaded with `defer`; every page
 * works without it (the timer text is right when served, forms post normally).
 *
 * The clock counts from the server's timestamps (data-started, data-server-now), so
 * a reload or a second tab shows the same time. Live updates poll a small JSON
 * endpoint; when the session's version changes, the page swaps in the [data-live]
 * regions of an HTML fragment, or reloads when the phase itself changed. */
(function () {
  "use strict";

  var POLL_MS = 4000;
  var serverOffset = 0; // server clock minus this browser's clock, in ms

  function serverNow() {
    return Date.now() + serverOffset;
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var secs = seconds % 60;
    var mm = hours ? String(minutes).padStart(2, "0") : String(minutes);
    return (hours ? hours + ":" : "") + mm + ":" + String(secs).padStart(2, "0");
  }

  // --- Timer -------------------------------------------------------------------
  function setUpTimer() {
    var timer = document.querySelector("[data-timer]");
    if (!timer) {
      return;
    }
    var started = Date.parse(timer.dataset.started);
    serverOffset = Date.parse(timer.dataset.serverNow) - Date.now();
    var target = Number(timer.dataset.targetSeconds) || 0;
    var roundtableStarted = Date.parse(timer.dataset.roundtableStarted);
    var elapsedEl = timer.querySelector("[data-timer-elapsed]");
    var leftEl = timer.querySelector("[data-timer-left]");
    var totalEl = timer.querySelector("[data-timer-total]");

    function tick() {
      var elapsed = (serverNow() - started) / 1000;
      elapsedEl.textContent = clock(elapsed);
      if (leftEl && target) {
        var over = elapsed - target;
        timer.classList.toggle("is-over", over > 0);
        if (over > 0) {
          leftEl.innerHTML = "";
          var badge = document.createElement("span");
          badge.className = "badge badge--warning";
          badge.textContent = timer.dataset.textOver.replace("%s", clock(over));
          leftEl.appendChild(badge);
        } else {
          leftEl.textContent = timer.dataset.textLeft.replace("%s", clock(-over));
        }
      }
      if (totalEl && !("noTotal" in timer.dataset)) {
        // Phases follow each other without gaps, so the roundtable's time is the
        // time since Welcome began.
        totalEl.textContent = clock((serverNow() - roundtableStarted) / 1000);
      }
    }

    tick();
    window.setInterval(tick, 1000);
  }

  // --- Forms: what the person is typing must survive a refresh ----------------------
  function isDirty() {
    return document.querySelector("form[data-dirty]") !== null;
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && !form.hasAttribute("data-checklist-form")) {
      form.setAttribute("data-dirty", "");
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    form.removeAttribute("data-dirty");
    // One press of "move on" is one request, whatever the network does.
    if (form.hasAttribute("data-advance-form")) {
      var button = form.querySelector("button[type=submit]");
      window.setTimeout(function () {
        button.disabled = true;
      }, 0);
    }
  });

  // --- Checklist autosave -----------------------------------------------------------
  function enhanceChecklists(scope) {
    scope.querySelectorAll("[data-checklist-save]").forEach(function (el) {
      el.hidden = true;
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || !form.hasAttribute("data-checklist-form")) {
      return;
    }
    var status = form.querySelector("[data-checklist-status]");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        status.textContent = form.dataset.savedText || "Saved.";
      })
      .catch(function () {
        status.textContent = form.dataset.failedText || "Not saved.";
        form.querySelector("[data-checklist-save]").hidden = false;
      });
  });

  // --- Live updates --------------------------------------------------------------------
  function setUpLive() {
    var root = document.querySelector("[data-roundtable]");
    if (!root) {
      return;
    }
    var version = root.dataset.version;
    var state = root.dataset.state;
    var busy = false;

    function swapRegions(html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      doc.querySelectorAll("[data-live]").forEach(function (fresh) {
        var name = fresh.getAttribute("data-live");
        var current = root.querySelector('[data-live="' + name + '"]');
        // Leave a region alone while someone is working inside it.
        if (!current || current.contains(document.activeElement)) {
          return;
        }
        current.innerHTML = fresh.innerHTML;
        enhanceChecklists(current);
      });
    }

    function phaseChanged(label) {
      if (!root.hasAttribute("data-viewing-past") && !isDirty()) {
        window.location.reload();
        return;
      }
      var notice = root.querySelector("[data-phase-changed]");
      notice.querySelector("[data-phase-changed-text]").textContent =
        (notice.dataset.template || "The roundtable is now in %s.").replace("%s", label);
      notice.hidden = false;
    }

    function poll() {
      if (busy || document.hidden) {
        return;
      }
      busy = true;
      fetch(root.dataset.stateUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data) {
            return null;
          }
          serverOffset = Date.parse(data.server_now) - Date.now();
          if (String(data.version) === version) {
            return null;
          }
          if (data.state !== state) {
            state = data.state;
            version = String(data.version);
            phaseChanged(data.phase_label);
            return null;
          }
          return fetch(root.dataset.liveUrl, {
            credentials: "same-origin",
            cache: "no-store",
          }).then(function (response) {
            if (!response.ok) {
              return;
            }
            return response.text().then(function (html) {
              version = String(data.version);
              swapRegions(html);
            });
          });
        })
        .catch(function () {
          /* offline for a moment: the next poll tries again */
        })
        .then(function () {
          busy = false;
        });
    }

    window.setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) {
        poll();
      }
    });
  }

  // --- Print ------------------------------------------------------------------------------
  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  enhanceChecklists(document);
  setUpTimer();
  setUpLive();
  setUpPrint();
})();
