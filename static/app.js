// Starts the page. Loaded as an async module, it runs as soon as it has arrived: the model list and
// then the chosen model's parts are fetched at once (already downloading: index.html preloads the
// list, the server's Link header the decoder part of the model the page opens first, so these
// fetches take over those downloads), while the TeaVM-compiled client loads; the client takes them
// from window.vaePrefetch. The decoder (all the first samples need) comes first on its own; the
// encoder and the metadata are asked for once it has arrived, so they do not share the line with it.
// If the browser cannot run the client (WebAssembly GC: Chrome/Edge 119+, Firefox 120+, Safari
// 18.2+), the page says so plainly.
const get = (url, json) => fetch(url).then((r) => (r.ok ? (json ? r.json() : r.arrayBuffer())
  : r.text().then((t) => { throw new Error(url + " answered HTTP " + r.status + (t ? ": " + t : "")); })));
const quiet = (promise) => { promise.catch(() => {}); return promise; }; // the client reports failures

const prefetch = new Map();
window.vaePrefetch = prefetch;
prefetch.set("/api/models", quiet(get("/api/models", true).then((models) => {
  if (Array.isArray(models)) {
    const valid = models.filter((m) => m.valid);
    const asked = new URLSearchParams(location.search).get("model");
    const chosen = asked ?? (valid.find((m) => m.default || m.isDefault) ?? valid[0])?.name;
    if (chosen && valid.some((m) => m.name === chosen)) {
      const url = "/models/" + encodeURIComponent(chosen);
      const decoder = quiet(get(url + "?part=decoder", false));
      prefetch.set(url + "?part=decoder", decoder);
      decoder.then(() => {
        prefetch.set(url + "?part=encoder", quiet(get(url + "?part=encoder", false)));
        prefetch.set(url + "?part=meta", quiet(get(url + "?part=meta", true)));
      }, () => {});
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
