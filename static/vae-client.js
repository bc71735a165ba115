// Loads the TeaVM-compiled client (WebAssembly GC) and hands out its exported entry points.
import { load } from "/client/client.wasm-runtime.js";

export const client = (await load("/client/client.wasm")).exports;
