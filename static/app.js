// Starts the page. Loaded as an async module, it runs as soon as it has arrived: the model list and
// then the chosen model are fetched at once (both already downloading: index.html preloads the list,
// the server's Link header the model the page opens first, so these fetches take over those
// downloads), while the TeaVM-compiled client loads; the client takes those parsed documents from
// window.vaePrefetch. If the browser cannot run the client (WebAssembly GC: Chrome/Edge 119+,
// Firefox 120+, Safari 18.2+), the page says so plainly.
const fetchJson = (url) => fetch(url).then((r) => (r.ok ? r.json()
  : r.text().then((t) => { throw new Error(url + " answered HTTP " + r.status + (t ? ": " + t : "")); })));
const quiet = (promise) => { promise.catch(() => {}); return promise; }; // the client reports failures

const prefetch = new Map();
window.vaePrefetch = prefetch;
prefetch.set("/api/models", quiet(fetchJson("/api/models").then((models) => {
  if (Array.isArray(models)) {
    const valid = models.filter((m) => m.valid);
    const asked = new URLSearchParams(location.search).get("model");
    const chosen = asked ?? (valid.find((m) => m.default || m.isDefault) ?? valid[0])?.name;
    if (chosen && valid.some((m) => m.name === chosen)) {
      const url = "/models/" + encodeURIComponent(chosen);
      prefetch.set(url, quiet(fetchJson(url)));
    }
  }
  return models;
})));

const domReady = () => (document.readyState === "loading"
  ? new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }))
  : Promise.resolve());

try {
  // TeaVM's loader (modulepreloaded by index.html) fetches and compiles client.wasm (preloaded too)
  const { load } = await import("/client/client.wasm-runtime.js");
  const client = (await load("/client/client.wasm")).exports;
  performance.mark("vae-digits:client-loaded");
  await domReady();
  window.vaeDigits = client; // for the browser tests and the console
  client.start();
} catch (error) {
  await domReady();
  document.getElementById("banner-title").textContent =
    "This browser could not start the digit model: " + (error && error.message ? error.message : error);
  const item = document.createElement("li");
  item.textContent = "The model runs as WebAssembly with garbage collection: Chrome or Edge 119+, Firefox 120+ or Safari 18.2+.";
  document.getElementById("banner-details").replaceChildren(item);
  document.getElementById("banner").hidden = false;
  document.body.dataset.error = "true";
  console.error(error);
}
