// django-import-export's export page: the "select all" box ticks or clears every field
// (was an inline change handler; onSelectToggleChange comes from its own
// export_selectable_fields.js, loaded with the form's media).
document.addEventListener("change", function (event) {
  if (event.target.matches("input.select-toggle") && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event);
  }
});
