// Small progressive enhancements; every page works without JavaScript.
document.documentElement.classList.add("js");

// The menu button of narrow screens opens and closes the header's menu.
document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".menu-toggle");
  if (!toggle) { return; }
  var open = toggle.closest("header").classList.toggle("open");
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  // Ask before irreversible steps: <form data-confirm="...">.
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  // Prevent double submission: disable the buttons once the form is on its way.
  if (form.method.toLowerCase() === "post") {
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  }
});

// Print buttons: <button type="button" data-print>.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// The error summary (templates/includes/_error_summary.html): focused when the page
// opens, so that it is read first; each link moves the focus to its field and scrolls
// the field's label into view.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var input = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!input) { return; }
    event.preventDefault();
    var fieldset = input.closest("fieldset");
    var label = document.querySelector("label[for='" + input.id + "']") || (fieldset && fieldset.querySelector("legend"));
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();

// A table wider than its box scrolls inside it on a phone: it then takes the keyboard's
// focus (tabindex="0"), so it can be scrolled with the arrow keys (WCAG 2.1.1; axe's
// scrollable-region-focusable).
function markScrollingTables() {
  document.querySelectorAll("main table:not(.cards)").forEach(function (table) {
    if (table.scrollWidth > table.clientWidth + 1) {
      table.setAttribute("tabindex", "0");
    } else {
      table.removeAttribute("tabindex");
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollingTables);
window.addEventListener("resize", markScrollingTables);
