// A job's page (an import, a report) follows its job: every second it reads the JSON at
// #status's data-url and writes each figure into the element naming it (data-progress="key";
// a <progress> takes it as its value); once finished, the page reloads to show the outcome.
(function () {
  var status = document.getElementById("status");
  if (!status || status.dataset.finished === "1") return;
  function poll() {
    fetch(status.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (p) {
      document.querySelectorAll("[data-progress]").forEach(function (element) {
        var value = p[element.dataset.progress];
        if (element.tagName === "PROGRESS") { element.value = value; } else { element.textContent = value; }
      });
      if (p.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
