/* Score sheet autosave (Facilitator Trainee Tool). Loaded with `defer`.
 *
 * Without this script the sheet is an ordinary form with "Save draft" and "Submit".
 * With it, each changed field is posted to the form's data-autosave-url together with
 * the version of the sheet it was made on. The server answers 200 with the new
 * version, or 409 when the sheet was saved elsewhere in the meantime (another tab or
 * device): then nothing is overwritten and both values are shown so the rater can
 * choose. Changes not yet saved are also kept in localStorage, so a dropped
 * connection or a closed tab loses nothing; they are sent again when the page opens.
 * Every visible text comes translated from the form's data-text-* attributes. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }

  var url = form.getAttribute("data-autosave-url");
  var version = form.querySelector("[data-version]");
  var statusLine = form.querySelector("[data-save-status]");
  var conflictBox = form.querySelector("[data-conflict]");
  var storageKey = "scoresheet:" + form.getAttribute("data-sheet");
  var SKIP = { csrfmiddlewaretoken: true, version: true, action: true };

  var dirty = {};
  var inflight = null;
  var timer = null;
  var retryTimer = null;
  var blocked = false;

  function text(name) {
    return form.getAttribute("data-text-" + name) || "";
  }

  function setStatus(message) {
    if (statusLine) {
      statusLine.textContent = message;
    }
  }

  function count(object) {
    return Object.keys(object).length;
  }

  function merge(older, newer) {
    var merged = {};
    Object.keys(older).forEach(function (name) { merged[name] = older[name]; });
    Object.keys(newer).forEach(function (name) { merged[name] = newer[name]; });
    return merged;
  }

  function remember() {
    try {
      if (count(dirty)) {
        window.localStorage.setItem(
          storageKey,
          JSON.stringify({ version: version.value, fields: dirty })
        );
      } else {
        window.localStorage.removeItem(storageKey);
      }
    } catch (error) {
      // Private mode or a full quota: autosave still works, only the backup is lost.
    }
  }

  function currentValue(field) {
    if (field.type === "radio") {
      var checked = form.querySelector('input[name="' + field.name + '"]:checked');
      return checked ? checked.value : "";
    }
    return field.value;
  }

  function setValue(name, value) {
    var fields = form.querySelectorAll('[name="' + name + '"]');
    Array.prototype.forEach.call(fields, function (field) {
      if (field.type === "radio") {
        field.checked = field.value === value;
      } else {
        field.value = value;
      }
    });
  }

  function track(event) {
    var field = event.target;
    if (!field.name || SKIP[field.name] || !form.contains(field)) {
      return;
    }
    dirty[field.name] = currentValue(field);
    remember();
    if (!blocked) {
      setStatus(text("unsaved"));
      schedule(field.tagName === "TEXTAREA" ? 1200 : 250);
    }
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function save() {
    if (inflight) {
      return inflight;
    }
    if (blocked || !count(dirty)) {
      return Promise.resolve();
    }
    var sending = dirty;
    dirty = {};
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("version", version.value);
    Object.keys(sending).forEach(function (name) {
      body.append(name, sending[name]);
    });
    setStatus(text("saving"));
    inflight = fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data };
        });
      })
      .then(function (answer) {
        if (answer.status === 200) {
          version.value = answer.data.version;
          setStatus(text("saved").replace("%s", answer.data.saved_at));
        } else if (answer.status === 409) {
          dirty = merge(sending, dirty);
          blocked = true;
          showConflict(answer.data);
        } else {
          dirty = merge(sending, dirty);
          blocked = true;
          showProblem(answer.data.error || text("failed"));
        }
        remember();
      })
      .catch(function () {
        // No connection (or no JSON): keep the changes and try again shortly.
        dirty = merge(sending, dirty);
        remember();
        setStatus(text("offline"));
        window.clearTimeout(retryTimer);
        retryTimer = window.setTimeout(save, 10000);
      })
      .then(function () {
        inflight = null;
        if (count(dirty) && !blocked) {
          schedule(250);
        }
      });
    return inflight;
  }

  function element(tag, content, className) {
    var node = document.createElement(tag);
    if (content) {
      node.textContent = content;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function button(label, className, onClick) {
    var node = element("button", label, "button " + className);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function showBox(children) {
    conflictBox.textContent = "";
    children.forEach(function (child) { conflictBox.appendChild(child); });
    conflictBox.hidden = false;
    conflictBox.focus();
  }

  function showProblem(message) {
    setStatus(text("failed"));
    showBox([
      element("p", message),
      element("p", text("use-button"))
    ]);
  }

  function showConflict(data) {
    var table = element("table", "", "table obs-table-compact");
    var head = table.createTHead().insertRow();
    [text("field"), text("yours"), text("saved-value")].forEach(function (label) {
      var cell = element("th", label);
      cell.scope = "col";
      head.appendChild(cell);
    });
    var rows = table.createTBody();
    (data.conflicts || []).forEach(function (conflict) {
      var row = rows.insertRow();
      var name = element("th", conflict.label);
      name.scope = "row";
      row.appendChild(name);
      row.appendChild(element("td", conflict.yours));
      row.appendChild(element("td", conflict.saved));
    });
    var wrap = element("div", "", "table-wrap");
    wrap.appendChild(table);
    var choices = element("div", "", "button-group");
    choices.appendChild(button(text("keep"), "button--secondary", function () {
      dirty = {};
      remember();
      window.location.reload();
    }));
    choices.appendChild(button(text("mine"), "button--primary", function () {
      version.value = data.version;
      blocked = false;
      conflictBox.hidden = true;
      save();
    }));
    setStatus(text("conflict"));
    showBox([element("p", data.error), wrap, choices]);
  }

  function restore() {
    var stored;
    try {
      stored = JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch (error) {
      stored = null;
    }
    if (!stored || !stored.fields || !count(stored.fields)) {
      return;
    }
    Object.keys(stored.fields).forEach(function (name) {
      setValue(name, stored.fields[name]);
    });
    dirty = stored.fields;
    // Changes made on an older version are sent as such: if the sheet moved on,
    // the server shows both values instead of overwriting.
    version.value = stored.version;
    setStatus(text("restored"));
    save();
  }

  form.addEventListener("change", track);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      track(event);
    }
  });

  // A whole-form save or submit waits for an autosave in flight, so it carries the
  // newest version; the form itself then holds every value.
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (inflight) {
      event.preventDefault();
      inflight.then(function () {
        if (form.requestSubmit) {
          form.requestSubmit(submitter);
        } else {
          form.submit();
        }
      });
      return;
    }
    window.clearTimeout(timer);
    dirty = {};
    remember();
  });

  window.addEventListener("online", function () {
    if (count(dirty) && !blocked) {
      save();
    }
  });

  restore();
})();
