// lvzhi — the person and organisation pickers' type-ahead (issue 22.2), the ARIA combobox
// pattern over the server's search (registry.pickers). Without this file the same widget is a
// plain search: type, save, tick among the matches.
(function () {
  "use strict";
  function esc(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  function setup(root) {
    var input = root.querySelector("input[role=combobox]");
    var list = root.querySelector("[role=listbox]");
    var chosen = root.querySelector(".picker-chosen");
    var name = root.getAttribute("data-name");
    var multiple = root.getAttribute("data-multiple") === "1";
    var source = root.getAttribute("data-source");
    var groups = root.getAttribute("data-groups") === "1";
    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;
    // The matches of a search without script are replaced by the live list.
    var matches = root.querySelector(".picker-matches");
    if (matches) { matches.hidden = true; }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }
    function show() {
      if (!results.length) {
        list.innerHTML = '<li class="picker-none" role="option" aria-disabled="true" id="' +
          input.id + '_none">' + esc(root.getAttribute("data-none") || "—") + "</li>";
      } else {
        list.innerHTML = results.map(function (r, i) {
          return '<li role="option" aria-selected="false" id="' + input.id + "_opt" + i +
            '" data-index="' + i + '" data-value="' + esc(r.value) + '"><span class="pick-label">' +
            esc(r.label) + "</span>" +
            (r.members ? " <small>(" + r.members + ")</small>" : "") +
            ' <small class="muted">' + esc(r.hint || "") + "</small></li>";
        }).join("");
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function has(value) {
      return !!chosen.querySelector('input[value="' + value + '"]');
    }
    function choose(index) {
      var r = results[index];
      if (!r) { return; }
      if (!multiple) { chosen.innerHTML = ""; }
      if (!has(r.value)) {
        var li = document.createElement("li");
        li.innerHTML = '<label class="check"><input type="' + (multiple ? "checkbox" : "radio") +
          '" name="' + esc(name) + '" value="' + esc(r.value) + '" checked> <span class="pick-label">' +
          esc(r.label) + "</span>" + (r.members ? " <small>(" + r.members + ")</small>" : "") +
          ' <small class="muted">' + esc(r.hint || "") + "</small></label>";
        chosen.appendChild(li);
      }
      input.value = "";
      // A search still under way (typed just before the choice) must not reopen the list over
      // the form: its answer is dropped.
      clearTimeout(timer);
      asked += 1;
      close();
      input.focus();
    }
    function search() {
      var q = input.value.trim();
      if (!q) { results = []; close(); return; }
      var url = source + (source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q) +
        (groups ? "&groups=1" : "");
      var mine = ++asked;
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          if (mine !== asked) { return; }
          results = data.results || [];
          show();
          mark(results.length ? 0 : -1);
        })
        .catch(function () { results = []; close(); });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && results.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { search(); return; }
        if (open) { mark((active + 1) % results.length); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) { mark(active <= 0 ? results.length - 1 : active - 1); }
      } else if (event.key === "Enter") {
        // Enter chooses; it never sends the form while the list is open.
        if (open && active >= 0) { event.preventDefault(); choose(active); }
        else if (input.value.trim()) { event.preventDefault(); search(); }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); event.stopPropagation(); close(); }
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[data-index]");
      if (option) { choose(parseInt(option.getAttribute("data-index"), 10)); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    // Unticking a chosen value removes it.
    chosen.addEventListener("change", function (event) {
      if (event.target.type === "checkbox" && !event.target.checked) {
        event.target.closest("li").remove();
      }
    });
  }
  function all() {
    document.querySelectorAll("[data-picker]:not([data-picker-ready])").forEach(function (root) {
      root.setAttribute("data-picker-ready", "1");
      setup(root);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); }
  else { all(); }
  document.addEventListener("htmx:afterSwap", all);
})();
