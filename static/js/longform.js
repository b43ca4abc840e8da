// Long forms (the self-assessment and the appraisal, one block per criterion), with
// <form data-longform="<draft key>">; every part works without JavaScript.
// - The progress line counts the criteria assessed as they are filled in.
// - "Save this criterion" saves its block in the background (the server answers
//   JSON: the form's new lock version, so that the next save from this page is not
//   taken for someone else's) and says when beside the block.
// - What is typed is kept in sessionStorage until the server has it, so that it
//   survives the idle log-out: the form gets it back when it opens again.
(function () {
  var form = document.querySelector("form[data-longform]");
  if (!form) { return; }
  var lock = form.elements.namedItem("lock_version");
  var key = "longform:" + form.dataset.longform;
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-criterion]"));
  var progress = form.querySelector("[data-progress]");
  var draftNotice = form.querySelector("[data-draft-notice]");
  var sessionEnded = form.querySelector("[data-session-ended]");

  // ---------------------------------------------------------------- progress line

  function updateProgress() {
    var done = blocks.filter(function (block) {
      var field = block.querySelector("[data-progress-field]");
      return field && field.value.trim() !== "";
    }).length;
    var text = progress.dataset.progress.replace("{done}", done).replace("{total}", blocks.length);
    if (progress.textContent.trim() !== text) { progress.textContent = text; }
  }

  // ---------------------------------------------------------------- the draft

  // {version: the lock version it was typed on, pending: the form was sent,
  //  fields: {name: value}} for the fields typed in since the last save.
  var draft = null;
  try { draft = JSON.parse(window.sessionStorage.getItem(key)); } catch (error) { draft = null; }

  function store() {
    try {
      if (draft && Object.keys(draft.fields).length) {
        window.sessionStorage.setItem(key, JSON.stringify(draft));
      } else {
        window.sessionStorage.removeItem(key);
      }
    } catch (error) { /* storage full or refused: the form still works */ }
  }

  function drafted(field) {
    return field && field.name && !field.disabled && field.name !== "csrfmiddlewaretoken" &&
      (field.tagName === "TEXTAREA" || field.tagName === "SELECT" ||
       (field.tagName === "INPUT" && field.type !== "file" && field.type !== "hidden"));
  }

  function remember(event) {
    var field = event.target;
    if (!drafted(field)) { return; }
    draft = draft || { version: Number(lock.value), pending: false, fields: {} };
    draft.fields[field.name] = field.value;
    store();
    updateProgress();
  }

  function restore() {
    var restored = false;
    Object.keys(draft.fields).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (drafted(field) && field.value !== draft.fields[name]) {
        field.value = draft.fields[name];
        restored = true;
      }
    });
    draftNotice.hidden = !restored;
  }

  function discard() {
    Object.keys(draft ? draft.fields : {}).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!drafted(field)) { return; }
      if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (option) { option.selected = option.defaultSelected; });
      } else {
        field.value = field.defaultValue;
      }
    });
    draft = null;
    store();
    draftNotice.hidden = true;
    updateProgress();
  }

  if (draft && draft.fields) {
    var own = Number(form.dataset.ownVersion || 0);
    if (draft.pending && own > draft.version) {
      draft = null; // the form was sent and this user's save is the latest: it went through
    } else {
      draft.pending = false;
      restore();
    }
    store();
  } else {
    draft = null;
  }
  updateProgress();

  form.addEventListener("input", remember);
  form.addEventListener("change", remember);
  draftNotice.querySelector("[data-draft-discard]").addEventListener("click", discard);

  // ---------------------------------------------------------------- saving

  function show(status, text, kind) {
    status.textContent = text;
    status.className = "save-status" + (kind ? " " + kind : "");
  }

  function fieldsOf(block) {
    return Array.prototype.slice.call(block.querySelectorAll("input, select, textarea")).filter(function (field) {
      return field.name && !field.disabled;
    });
  }

  function saved(block, answer, sent) {
    lock.value = answer.lock_version;
    show(block.querySelector("[data-save-status]"), answer.saved, "saved");
    if (answer.files !== undefined) {
      block.querySelector("[data-files]").innerHTML = answer.files;
      var holder = document.querySelector("[data-remove-forms]");
      var parsed = document.createElement("template");
      parsed.innerHTML = answer.remove_forms;
      Array.prototype.forEach.call(parsed.content.querySelectorAll("form"), function (removeForm) {
        if (!document.getElementById(removeForm.id)) { holder.appendChild(removeForm); }
      });
      fieldsOf(block).forEach(function (field) { if (field.type === "file") { field.value = ""; } });
    }
    if (draft) { // the server has these values now (unless typed over since)
      Object.keys(sent).forEach(function (name) {
        if (draft.fields[name] === sent[name]) { delete draft.fields[name]; }
      });
      draft.version = Number(answer.lock_version);
      store();
    }
  }

  function saveCriterion(button) {
    var block = button.closest("[data-criterion]");
    var status = block.querySelector("[data-save-status]");
    var data = new FormData();
    var sent = {};
    data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
    data.append("lock_version", lock.value);
    fieldsOf(block).forEach(function (field) {
      if (field.type === "file") {
        Array.prototype.forEach.call(field.files, function (file) { data.append(field.name, file); });
      } else {
        data.append(field.name, field.value);
        sent[field.name] = field.value;
      }
    });
    button.disabled = true; // one save at a time: a double click sends it once
    show(status, form.dataset.saving);
    fetch(button.formAction.split("#")[0], {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json && (response.redirected || response.status === 403)) {
        // The log-in page (or a refused token): the session has ended. The draft stays.
        sessionEnded.hidden = false;
        sessionEnded.scrollIntoView();
        throw new Error(sessionEnded.querySelector("[data-session-text]").textContent);
      }
      if (!json) { throw new Error(form.dataset.unreachable); }
      return response.json();
    }).then(function (answer) {
      if (answer.ok) {
        saved(block, answer, sent);
      } else {
        show(status, answer.errors.join(" "), "error");
      }
    }).catch(function (error) {
      show(status, error instanceof TypeError ? form.dataset.unreachable : error.message, "error");
    }).then(function () {
      button.disabled = false;
    });
  }

  // Runs before portal.js (on the document), which disables every button of a form
  // on its way: a background save stops the event here.
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.hasAttribute("data-save-criterion")) {
      event.preventDefault();
      event.stopPropagation();
      if (!button.disabled) { saveCriterion(button); }
      return;
    }
    if (draft) { draft.pending = true; store(); }
  });
})();
