// The reload floor (BrowserBenchmark.reloadFloor): what a reload costs this browser on this machine
// before a page does any work of its own. blank.html only paints one canvas the size of the samples'
// grid; client.html first downloads, compiles and instantiates the page's client (client.wasm
// through TeaVM's loader, preloaded as index.html preloads it), as app.js does. A test resource,
// served only where the test classes are on the classpath: not part of the app.
if (document.documentElement.dataset.client === "true") {
  const { load } = await import("/client/client.wasm-runtime.js");
  await load("/client/client.wasm");
}
if (document.readyState === "loading") {
  await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
}
document.getElementById("grid").getContext("2d").fillRect(0, 0, 119, 119);
performance.mark("floor:painted");
document.body.dataset.ready = "true";
