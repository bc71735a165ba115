// Starts the page: loads the TeaVM-compiled client and hands it the page. If the browser cannot
// run it (WebAssembly GC needs Chrome/Edge 119+, Firefox 120+, Safari 18.2+), says so plainly.
try {
  const { client } = await import("./vae-client.js");
  window.vaeDigits = client; // for the browser tests and the console
  client.start();
} catch (error) {
  document.getElementById("banner-title").textContent =
    "This browser could not start the digit model: " + (error && error.message ? error.message : error);
  const item = document.createElement("li");
  item.textContent = "The model runs as WebAssembly with garbage collection: Chrome or Edge 119+, Firefox 120+ or Safari 18.2+.";
  document.getElementById("banner-details").replaceChildren(item);
  document.getElementById("banner").hidden = false;
  document.body.dataset.error = "true";
  console.error(error);
}
