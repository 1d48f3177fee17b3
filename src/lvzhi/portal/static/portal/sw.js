/* The deputy's workspace as an installable web app: a small service worker.
   It keeps the app shell (style sheets, scripts, icons, the offline page) and shows the offline
   page when a page cannot be fetched. Pages themselves are never stored: they carry personal
   data and must always be fresh. Served from /portal/sw.js with Service-Worker-Allowed: /. */
"use strict";

const CACHE = "lvzhi-shell-v1";
const SHELL_LIST = "/portal/app-shell.json";
const OFFLINE = "/portal/offline/";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const answer = await fetch(SHELL_LIST, { cache: "no-store" });
      await cache.addAll(await answer.json());
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== CACHE) {
          await caches.delete(key);
        }
      }
      await self.clients.claim();
    })()
  );
});

async function page(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const offline = await caches.match(OFFLINE);
    return offline || Response.error();
  }
}

async function shellFile(request) {
  // Stale while revalidate: the kept copy at once, a fresh one for the next time.
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  const fresh = fetch(request)
    .then((answer) => {
      if (answer.ok) {
        cache.put(request, answer.clone());
      }
      return answer;
    })
    .catch(() => kept || Response.error());
  return kept || fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/portal/icons/")) {
    event.respondWith(shellFile(request));
  }
});
