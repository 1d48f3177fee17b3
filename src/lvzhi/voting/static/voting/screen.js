// The projector screen: live counts of a poll over a WebSocket (Django Channels).
// No framework: find the numbers by their data-k attribute and replace them. When the poll
// moves to another stage the page reloads itself (the screen is unattended).
(function () {
  "use strict";
  var root = document.querySelector("[data-screen]");
  if (!root) { return; }
  var labels = JSON.parse(document.getElementById("stage-labels").textContent);
  var live = root.querySelector("[data-live]");
  var delay = 1000;
  // While the WebSocket is down (the channel layer's Redis away), ask for the counts over HTTP.
  var polling = null;
  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", root.dataset.counts);
    request.onload = function () {
      if (request.status === 200) { show(JSON.parse(request.responseText)); }
    };
    request.send();
  }

  function show(counts) {
    if (counts.stage && counts.stage !== root.dataset.stage) {
      var label = root.querySelector('[data-k="stage_label"]');
      if (label && labels[counts.stage]) { label.textContent = labels[counts.stage]; }
      window.location.reload();
      return;
    }
    Object.keys(counts).forEach(function (key) {
      var el = root.querySelector('[data-k="' + key + '"]');
      if (el && typeof counts[key] !== "object") { el.textContent = String(counts[key]); }
    });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + root.dataset.ws);
    var refresh = null;
    socket.onopen = function () {
      live.hidden = false;
      if (polling) { window.clearInterval(polling); polling = null; }
      delay = 1000;
      // A push the channel layer dropped under load is made good by asking now and then.
      refresh = window.setInterval(function () { socket.send('{"refresh": 1}'); }, 5000);
    };
    socket.onmessage = function (event) { show(JSON.parse(event.data)); };
    socket.onclose = function () {
      live.hidden = true;
      if (refresh) { window.clearInterval(refresh); refresh = null; }
      if (!polling && root.dataset.counts) { poll(); polling = window.setInterval(poll, 3000); }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 15000);
    };
  }
  connect();
})();
