// The bright spot form: "Add an activity" appends an empty row to the activities
// formset (without JavaScript, two empty rows are always offered).
(function () {
  var button = document.getElementById("add-activity");
  if (!button) { return; }
  button.addEventListener("click", function () {
    var total = document.getElementById("id_activities-TOTAL_FORMS");
    var html = document.getElementById("activity-row").innerHTML.replace(/__prefix__/g, total.value);
    document.querySelector("table.activities tbody").insertAdjacentHTML("beforeend", html);
    total.value = parseInt(total.value, 10) + 1;
  });
})();
