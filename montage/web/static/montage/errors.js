// A refused form: the eye goes to its first erroneous field (Django marks it aria-invalid),
// else to the summary of errors at the top of the page (includes/error_summary.html).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (!summary) return;
  var first = null;
  var link = summary.querySelector("a[href^='#']");
  if (link) first = document.getElementById(link.getAttribute("href").slice(1));
  if (!first) first = document.querySelector("main [aria-invalid='true']");
  (first || summary).focus();
  summary.addEventListener("click", function (event) {
    var a = event.target.closest("a[href^='#']");
    var field = a && document.getElementById(a.getAttribute("href").slice(1));
    if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({block: "center"}); }
  });
});
