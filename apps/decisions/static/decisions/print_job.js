// Polls a certificate print job and moves the progress bar; without JavaScript the
// page refreshes itself instead (<noscript> meta refresh).
(function () {
  var box = document.getElementById("print-job");
  if (!box || box.dataset.active !== "1") { return; }
  var bar = document.getElementById("print-job-progress");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        document.getElementById("print-job-done").textContent = job.done;
        document.getElementById("print-job-status").textContent = job.status_label;
        if (job.status === "done") {
          document.getElementById("print-job-ready").hidden = false;
        } else if (job.finished) {
          document.getElementById("print-job-reload").hidden = false;
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
