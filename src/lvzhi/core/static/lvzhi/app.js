// lvzhi — small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Filters stay folded on a phone and open on a wide screen.
  if (window.matchMedia("(min-width: 700px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
  // "Back" on an error page returns to the page the user came from, with what they typed.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-back]") && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
  // htmx leaves the page as it was when the server answers with an error, so a phone whose
  // ballot or form met the database switching over (503 "try again", docs/deployment.md
  // "Automatic failover") would see nothing happen. Show that answer's words above the form,
  // which keeps what was entered; the next answer that arrives removes them.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr, elt = event.detail.elt;
    if (!xhr || xhr.status !== 503 || !elt || !elt.parentNode) { return; }
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var words = Array.prototype.map.call(page.querySelectorAll("h1, p"), function (node) {
      return node.textContent.trim();
    }).filter(Boolean).join(" ");
    if (!words) { return; }
    var note = elt.previousElementSibling;
    if (!note || !note.hasAttribute("data-retry-note")) {
      note = document.createElement("p");
      note.className = "msg msg-error";
      note.setAttribute("role", "alert");
      note.setAttribute("data-retry-note", "");
      elt.parentNode.insertBefore(note, elt);
    }
    note.textContent = words;
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt, note = elt && elt.previousElementSibling;
    if (event.detail.successful && note && note.hasAttribute("data-retry-note")) { note.remove(); }
  });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-nav-toggle]");
    if (!toggle) { return; }
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  // The header's menus (<details>): one open at a time; Escape or a click elsewhere closes it.
  var menus = Array.prototype.slice.call(document.querySelectorAll("details[data-navgroup]"));
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (!menu.open) { return; }
      menus.forEach(function (other) { if (other !== menu) { other.open = false; } });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    menus.forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  });
})();
