// Starts the page. Loaded as an async module, it runs as soon as it has arrived: the model list and
// then the chosen model's parts are fetched at once (already downloading: index.html preloads the
// list, the server's Link header the bundle of the model the page opens first, so these fetches
// take over those downloads), while the TeaVM-compiled client loads; the client takes them from
// window.vaePrefetch. The bundle is the model's decoder (all the first samples need), metadata and
// encoder in one response, in that order: each part is handed over as soon as its bytes are in,
// and the line stays busy to the last byte without a second round trip.
// If the browser cannot run the client (WebAssembly GC: Chrome/Edge 119+, Firefox 120+, Safari
// 18.2+), the page says so plainly.
const failed = (url, r) => r.text().then((t) => { throw new Error(url + " answered HTTP " + r.status + (t ? ": " + t : "")); });
const get = (url, json) => fetch(url).then((r) => (r.ok ? (json ? r.json() : r.arrayBuffer()) : failed(url, r)));
const quiet = (promise) => { promise.catch(() => {}); return promise; }; // the client reports failures

/**
 * The three parts of `url`'s bundle (the server's ?part=bundle: each part's byte length as a
 * little-endian uint32, then its bytes), as promises of ArrayBuffers settled as each part arrives.
 */
function bundle(url) {
  const settle = [];
  const parts = [0, 1, 2].map(() => new Promise((resolve, reject) => settle.push({ resolve, reject })));
  (async () => {
    const r = await fetch(url);
    if (!r.ok) await failed(url, r);
    const reader = r.body.getReader();
    let held = new Uint8Array(0);
    for (let part = 0; part < parts.length;) {
      const length = held.length >= 4 ? new DataView(held.buffer, held.byteOffset, 4).getUint32(0, true) : -1;
      if (length >= 0 && held.length >= 4 + length) {
        settle[part++].resolve(held.slice(4, 4 + length).buffer);
        held = held.subarray(4 + length);
      } else {
        const { done, value } = await reader.read();
        if (done) throw new Error(url + " ended before part " + (part + 1) + " of " + parts.length);
        const joined = new Uint8Array(held.length + value.length);
        joined.set(held);
        joined.set(value, held.length);
        held = joined;
      }
    }
  })().catch((error) => settle.forEach((s) => s.reject(error)));
  return parts;
}

const prefetch = new Map();
window.vaePrefetch = prefetch;
prefetch.set("/api/models", quiet(get("/api/models", true).then((models) => {
  if (Array.isArray(models)) {
    const valid = models.filter((m) => m.valid);
    const asked = new URLSearchParams(location.search).get("model");
    const chosen = asked ?? (valid.find((m) => m.default || m.isDefault) ?? valid[0])?.name;
    if (chosen && valid.some((m) => m.name === chosen)) {
      const url = "/models/" + encodeURIComponent(chosen);
      const [decoder, meta, encoder] = bundle(url + "?part=bundle");
      prefetch.set(url + "?part=decoder", quiet(decoder));
      prefetch.set(url + "?part=meta", quiet(meta.then((bytes) => JSON.parse(new TextDecoder().decode(bytes)))));
      prefetch.set(url + "?part=encoder", quiet(encoder));
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
