// Batch-1 decode benchmark (8 -> 128 -> 196): the TeaVM-compiled org.vaedigits.model.Vae against a
// straightforward hand-written JavaScript decoder over Float32Arrays, same weights, same z vectors,
// same page. Rounds alternate between the two; each side's best round counts.
import { load } from "/client/client.wasm-runtime.js";

const client = (await load("/client/bench.wasm")).exports;

const out = document.getElementById("result");
const log = (line) => { out.textContent += line + "\n"; };

/**
 * The baseline: plain loops over Float32Arrays, as one would write it by hand. `round` rounds each
 * weight as the decoder part sent it to TeaVM (to float16 for a float16 part, else to float32).
 */
function makeJsDecoder(layers, round) {
  const from = (values) => Float32Array.from(values, round);
  const w1 = from(layers.decoderFc1.weight), b1 = from(layers.decoderFc1.bias);
  const w2 = from(layers.decoderFc2.weight), b2 = from(layers.decoderFc2.bias);
  const latent = layers.decoderFc1.in, hiddenSize = layers.decoderFc1.out, inputSize = layers.decoderFc2.out;
  const hidden = new Float32Array(hiddenSize);
  return function decode(z, zOffset, probabilities) {
    for (let o = 0; o < hiddenSize; o++) {
      let sum = b1[o];
      for (let i = 0; i < latent; i++) sum += w1[o * latent + i] * z[zOffset + i];
      hidden[o] = Math.tanh(sum);
    }
    for (let o = 0; o < inputSize; o++) {
      let sum = b2[o];
      for (let i = 0; i < hiddenSize; i++) sum += w2[o * hiddenSize + i] * hidden[i];
      probabilities[o] = 1 / (1 + Math.exp(-sum));
    }
  };
}

async function modelName() {
  const asked = new URLSearchParams(location.search).get("model");
  if (asked) return asked;
  const list = await (await fetch("/api/models")).json();
  const models = Array.isArray(list) ? list : list.models;
  const first = models.find((m) => m.valid && (m.default || m.isDefault)) ?? models.find((m) => m.valid);
  if (!first) throw new Error("no valid model in the models folder");
  return first.name;
}

function rate(run, n) {
  const t0 = performance.now();
  run(n);
  return n / ((performance.now() - t0) / 1000);
}

async function main() {
  const name = await modelName();
  const url = "/models/" + encodeURIComponent(name);
  const json = await (await fetch(url)).json(); // the baseline's weights, from the model file itself
  const count = 64;
  const part = await fetch(url + "?part=decoder"); // TeaVM's, as the page loads them
  if (!part.ok) throw new Error(url + "?part=decoder answered HTTP " + part.status);
  const bytes = await part.arrayBuffer();
  const problem = client.benchLoad(bytes, count, 1);
  if (problem) throw new Error(problem);
  const float16 = new Int32Array(bytes, 4, 1)[0] === 2; // the part's layout word (PackedModel.FLOAT16)
  const zs = client.benchInputs();
  const latent = json.architecture.latentSize;
  // to float32 first, as the server rounds the file's float32 values (JSON gives doubles: rounding
  // one straight to float16 can differ where the float32 value is a tie)
  const decode = makeJsDecoder(json.layers, float16 ? (v) => Math.f16round(Math.fround(v)) : Math.fround);
  const probabilities = new Float32Array(json.architecture.inputSize);
  let sink = 0;
  const js = (n) => {
    for (let k = 0; k < n; k++) {
      decode(zs, (k % count) * latent, probabilities);
      sink += probabilities[k % probabilities.length];
    }
  };
  const teavm = (n) => { sink += client.benchDecode(n); };
  // same results first: the two decoders must agree before their speed means anything
  let worst = 0;
  const mine = new Float32Array(json.architecture.inputSize);
  for (let r = 0; r < count; r++) {
    decode(zs, r * latent, mine);
    const theirs = client.benchDecodeOne(r);
    for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(mine[i] - theirs[i]));
  }
  const n = Number(new URLSearchParams(location.search).get("n")) || 10000;
  const rounds = Number(new URLSearchParams(location.search).get("rounds")) || 15;
  js(n); teavm(n); js(n); teavm(n); // warm-up: let both reach the optimizing tier
  let bestJs = 0, bestTeavm = 0;
  for (let r = 0; r < rounds; r++) {
    bestJs = Math.max(bestJs, rate(js, n));
    bestTeavm = Math.max(bestTeavm, rate(teavm, n));
  }
  const result = {
    model: name, decodes: n, rounds, maxAbsDiff: worst,
    teavmPerSecond: Math.round(bestTeavm), jsPerSecond: Math.round(bestJs),
    ratio: Number((bestTeavm / bestJs).toFixed(3)), userAgent: navigator.userAgent, sink,
  };
  log(`model ${name}: ${rounds} rounds of ${n} batch-1 decodes (8 -> 128 -> 196), best round each`);
  log(`TeaVM (org.vaedigits.model.Vae): ${result.teavmPerSecond} decodes/s`);
  log(`hand-written JS (Float32Array):  ${result.jsPerSecond} decodes/s`);
  log(`ratio TeaVM / JS: ${result.ratio}   (max |difference| between them: ${worst.toExponential(2)})`);
  window.benchResult = result;
  document.body.dataset.done = "true";
}

main().catch((e) => {
  log("benchmark failed: " + e);
  window.benchResult = { error: String(e) };
  document.body.dataset.done = "true";
});
