/* Registers the workspace's service worker (portal/sw.js) for the whole site. The worker's
   address comes from this script tag's data-sw attribute. */
"use strict";

(function () {
  const tag = document.currentScript;
  if (!tag || !("serviceWorker" in navigator)) {
    return;
  }
  const url = tag.getAttribute("data-sw");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      /* Without a worker the platform works as before, online only. */
    });
  });
})();
