// Date fields (apps/core/widgets.py DateInput) are typed as dd/mm/yyyy, and the typed
// text is what the form sends. Beside each, a button opens the browser's own date
// picker (keyboard-usable, in the browser's language) on a hidden <input type=date>
// that starts from the typed day; the day chosen is written back as dd/mm/yyyy.
// Browsers without showPicker() get no button: typing still works.
(function () {
  if (!("showPicker" in HTMLInputElement.prototype)) { return; }

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  // "5/4/2026" -> "2026-04-05"; "" when the text is not a real day.
  function typedToIso(text) {
    var parts = /^\s*(\d{1,2})[\/-](\d{1,2})[\/-](\d{4})\s*$/.exec(text);
    if (!parts) { return ""; }
    var day = Number(parts[1]), month = Number(parts[2]), year = Number(parts[3]);
    var date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) { return ""; }
    return parts[3] + "-" + pad(month) + "-" + pad(day);
  }

  function isoToTyped(iso) {
    var parts = iso.split("-");
    return parts[2] + "/" + parts[1] + "/" + parts[0];
  }

  function enhance(field) {
    if (field.closest(".datepicker") || field.disabled || field.readOnly) { return; }
    var wrapper = document.createElement("span");
    wrapper.className = "datepicker";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "datepicker-button";
    button.setAttribute("aria-label", field.dataset.datepicker);
    button.title = field.dataset.datepicker;
    // The picker opens below this hidden input, at the bottom-left corner of the field.
    var native = document.createElement("input");
    native.type = "date";
    native.className = "datepicker-native";
    native.tabIndex = -1;
    native.setAttribute("aria-hidden", "true");
    field.replaceWith(wrapper);
    wrapper.append(field, button, native);

    button.addEventListener("click", function () {
      native.value = typedToIso(field.value);
      native.showPicker();
    });
    // "change" fires when a day is chosen, not while the arrows move through the
    // month nor when Escape closes the picker.
    native.addEventListener("change", function () {
      if (!native.value) { return; }
      field.value = isoToTyped(native.value);
      field.dispatchEvent(new Event("change", { bubbles: true }));
      field.focus();
    });
  }

  function enhanceWithin(root) {
    root.querySelectorAll("input[data-datepicker]").forEach(enhance);
  }

  enhanceWithin(document);
  // Rows added later (the activities of a bright spot's plan) get their buttons too.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          if (node.matches("input[data-datepicker]")) { enhance(node); } else { enhanceWithin(node); }
        }
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
