/* Score sheet progress (Facilitator Trainee Tool). Loaded with `defer`.
 *
 * The server renders "n of N scored", the link to the next unscored item, each
 * phase group's count, and every scored item collapsed to its chosen level (a
 * <details> the rater can open again). This script keeps all of that current while
 * the rater chooses levels, so a phone user never has to scroll through descriptors
 * they are done with. Choosing with a pointer collapses the item at once and moves
 * focus to its summary; choosing with the keyboard (arrow keys move the choice)
 * collapses it only when focus leaves the levels, so the radio group stays usable. */
(function () {
  "use strict";

  var bar = document.querySelector("[data-progress]");
  var form = bar && bar.closest("form");
  if (!form) {
    return;
  }
  var countLine = bar.querySelector("[data-progress-count]");
  var meter = bar.querySelector("[data-progress-bar]");
  var next = bar.querySelector("[data-progress-next]");
  var pointerChoice = false;

  function chosenRadio(item) {
    return item.querySelector('.obs-levels input[type="radio"]:checked');
  }

  function refresh() {
    var items = form.querySelectorAll("[data-item]");
    var scored = 0;
    var firstOpen = null;
    var groups = {};
    Array.prototype.forEach.call(items, function (item) {
      var done = !!chosenRadio(item);
      var section = item.closest(".obs-group");
      var heading = section && section.querySelector(".obs-group__title");
      var code = heading ? heading.id.replace(/^group-/, "") : "";
      groups[code] = groups[code] || { done: 0, total: 0 };
      groups[code].total += 1;
      if (done) {
        scored += 1;
        groups[code].done += 1;
      } else if (!firstOpen) {
        firstOpen = item;
      }
    });
    countLine.textContent = bar
      .getAttribute("data-text-count")
      .replace("{n}", String(scored));
    if (meter) {
      meter.value = scored;
    }
    if (firstOpen) {
      next.href = "#" + firstOpen.id;
      next.textContent = bar.getAttribute("data-text-next");
    } else {
      next.href = "#submit-sheet";
      next.textContent = bar.getAttribute("data-text-done");
    }
    Object.keys(groups).forEach(function (code) {
      var badge = document.querySelector('[data-group-count="' + code + '"]');
      if (badge) {
        badge.textContent = groups[code].done + "/" + groups[code].total;
      }
    });
  }

  function showChoice(item) {
    var radio = chosenRadio(item);
    var target = item.querySelector("[data-choice-chosen]");
    if (!radio || !target) {
      return;
    }
    var label = radio.closest(".obs-level");
    var head = label.querySelector(".obs-level__head");
    var desc = label.querySelector(".obs-level__desc");
    target.textContent = "";
    // The same number badge and label as the level itself, copied node by node.
    var strong = document.createElement("strong");
    if (head) {
      Array.prototype.forEach.call(head.childNodes, function (node) {
        strong.appendChild(node.cloneNode(true));
      });
    } else {
      strong.textContent = radio.value;
    }
    target.appendChild(strong);
    if (desc && !label.classList.contains("obs-level--na")) {
      var span = document.createElement("span");
      span.className = "obs-choice__desc";
      span.textContent = desc.textContent.trim();
      target.appendChild(span);
    }
  }

  function collapse(item, moveFocus) {
    var details = item.querySelector("[data-choice]");
    if (!details || !chosenRadio(item)) {
      return;
    }
    details.open = false;
    if (moveFocus) {
      details.querySelector("summary").focus();
    }
  }

  form.addEventListener("pointerdown", function (event) {
    pointerChoice = !!event.target.closest(".obs-levels");
  });
  form.addEventListener("keydown", function () {
    pointerChoice = false;
  });

  form.addEventListener("change", function (event) {
    var item = event.target.closest("[data-item]");
    if (!item || event.target.type !== "radio") {
      return;
    }
    showChoice(item);
    refresh();
    if (pointerChoice) {
      collapse(item, true);
    }
  });

  form.addEventListener("focusout", function (event) {
    var levels = event.target.closest && event.target.closest(".obs-levels");
    if (!levels || pointerChoice) {
      return;
    }
    if (event.relatedTarget && levels.contains(event.relatedTarget)) {
      return;
    }
    collapse(levels.closest("[data-item]"), false);
  });

  refresh();
})();
