/* Headline suggestions under the search box, as an ARIA combobox
   (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/examples/combobox-autocomplete-list/).
   Without this script the box is a plain search input in a GET form to /search/,
   so nothing depends on it; the combobox roles are added only here, where they work.
   Focus stays in the box: the arrow keys move the highlighted suggestion
   (aria-activedescendant), Enter opens it (or searches, when none is highlighted),
   Escape closes the list. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  var input = form && form.querySelector("input[name=q]");
  if (!input || !window.fetch) return;

  var list = document.createElement("ul");
  list.id = "site-search-suggestions";
  list.className = "search-suggestions";
  list.hidden = true;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested stories");
  form.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var timer = null;
  var latest = "";
  var active = -1;

  function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }

  function highlight(index) {
    var all = options();
    active = index;
    all.forEach(function (option, at) { option.setAttribute("aria-selected", String(at === index)); });
    if (index >= 0 && all[index]) input.setAttribute("aria-activedescendant", all[index].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    highlight(-1);
  }

  function open(option) { window.location.href = option.dataset.url; }

  function show(suggestions) {
    list.textContent = "";
    suggestions.forEach(function (s, at) {
      var option = document.createElement("li");
      option.id = "site-search-suggestion-" + at;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = s.url;
      option.textContent = s.title;
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { open(option); });
      list.appendChild(option);
    });
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    highlight(-1);
  }

  function fetchSuggestions() {
    var words = input.value.trim();
    latest = words;
    if (words.length < 2) return close();
    fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(words), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (words === latest) show(data.suggestions || []); })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });

  input.addEventListener("keydown", function (event) {
    var all = options();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden || !all.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = active + step;
      if (next < -1) next = all.length - 1;
      if (next >= all.length) next = -1;
      highlight(next);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      open(all[active]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", close);
})();
