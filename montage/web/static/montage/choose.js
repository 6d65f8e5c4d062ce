// Search-as-you-type on a long <select> (docs/web.md, "Lists and exports"): a select with
// data-search-url gets a search box above it; typing asks the URL (?q=, the records the user
// may see, JSON {"results": [{"id", "label"}]}) and offers the answers in a <datalist>;
// picking one selects it in the <select>, which stays the form's field (and works without JS).
(function () {
  "use strict";
  function enhance(select) {
    var box = document.createElement("input");
    var list = document.createElement("datalist");
    list.id = select.id + "-choices";
    box.type = "search";
    box.className = "choose";
    box.setAttribute("list", list.id);
    box.setAttribute("autocomplete", "off");
    box.setAttribute("aria-label", select.dataset.searchLabel || "");
    box.placeholder = select.dataset.searchLabel || "";
    var found = {};
    var asked = 0;
    box.addEventListener("input", function () {
      var text = box.value.trim();
      if (found[text] !== undefined) {  // a proposal picked: select it
        select.value = found[text];
        select.dispatchEvent(new Event("change", {bubbles: true}));
        return;
      }
      if (text.length < 2) { return; }
      var mine = ++asked;
      fetch(select.dataset.searchUrl + "?q=" + encodeURIComponent(text),
            {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (answer) { return answer.ok ? answer.json() : {results: []}; })
        .then(function (data) {
          if (mine !== asked) { return; }  // an older answer arriving late
          list.textContent = "";
          found = {};
          data.results.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.label;
            found[item.label] = String(item.id);
            list.appendChild(option);
          });
        });
    });
    select.parentNode.insertBefore(list, select);
    select.parentNode.insertBefore(box, select);
  }
  document.querySelectorAll("select[data-search-url]").forEach(enhance);
})();
