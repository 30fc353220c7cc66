// Times what the package costs a fresh process before its first callback is answered, in Node
// (V8, the engine workerd runs; a worker cannot compile a module at run time, so this is timed
// in Node): importing the package (the .wasm read, compiled and instantiated by its `node`
// entry; "ayolinx-wasm" and "ayolinx-wasm/callbacks" each), then the first callback verified and
// read by a new CallbackVerifier (its key imported into WebCrypto, the code it runs compiled on
// first use), then a second. Beside them, in processes of their own, the same two callbacks with
// bare WebCrypto (key import, SHA-256, verify, JSON.parse). Each process times itself with
// performance.now; the rounds alternate the three kinds; the minimum and median of each figure
// are printed.
//
// Usage: node ayolinx-wasm/js-tests/startup.bench.js [pkg dir, default ayolinx-wasm/pkg]
// Env: WASM_STARTUP_ROUNDS (processes of each kind, default 15).
import { execFileSync } from "node:child_process";
import { createHash, createPrivateKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const pkgDir = resolve(process.argv[2] ?? join(here, "..", "pkg"));
const keys = join(here, "..", "..", "ayolinx-proto", "tests", "fixtures", "keys");
const rounds = Number(process.env.WASM_STARTUP_ROUNDS ?? 15);
const BODY = '{"originalReferenceNo":"AYO-REF-7","originalPartnerReferenceNo":"ORD-7","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"channel":"BNC_QRIS"}}';
const PATH = "/webhooks/ayolinx";
const TIMESTAMP = "2024-09-12T12:55:00+07:00";

const publicKeyPem = readFileSync(join(keys, "rsa2048_public.pem"), "utf8");
const signed = `POST:${PATH}:${createHash("sha256").update(BODY).digest("hex")}:${TIMESTAMP}`;
const signature = sign("sha256", Buffer.from(signed), createPrivateKey(readFileSync(join(keys, "rsa2048_pkcs8.pem"), "utf8"))).toString("base64");

// Each child prints one JSON line of its own timings (milliseconds).
const packageChild = `
new Headers(); // Node loads its fetch classes on first use; a worker has them from the start
const start = performance.now();
const { CallbackVerifier } = await import(process.env.ENTRY);
const imported = performance.now();
const verifier = new CallbackVerifier({ publicKeyPem: process.env.PUBLIC_KEY });
const verify = async () => {
  const headers = new Headers({ "X-TIMESTAMP": process.env.TIMESTAMP, "X-SIGNATURE": process.env.SIGNATURE });
  const callback = { method: "POST", path: process.env.CALLBACK_PATH, headers, body: new TextEncoder().encode(process.env.BODY) };
  const read = await verifier.verify(callback, Date.parse(process.env.TIMESTAMP));
  if (read.originalPartnerReferenceNo !== "ORD-7") throw new Error("the callback was not read");
};
await verify();
const first = performance.now();
await verify();
console.log(JSON.stringify({ import: imported - start, first: first - imported, next: performance.now() - first }));
`;
const bareChild = `
new Headers();
const start = performance.now();
const der = Uint8Array.from(atob(process.env.PUBLIC_KEY.replace(/-----[^-]+-----|\\s/g, "")), (c) => c.charCodeAt(0));
const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
const key = await crypto.subtle.importKey("spki", der, algorithm, false, ["verify"]);
const verify = async () => {
  const headers = new Headers({ "X-TIMESTAMP": process.env.TIMESTAMP, "X-SIGNATURE": process.env.SIGNATURE });
  const body = new TextEncoder().encode(process.env.BODY);
  const hex = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", body)), (b) => b.toString(16).padStart(2, "0")).join("");
  const message = new TextEncoder().encode("POST:" + process.env.CALLBACK_PATH + ":" + hex + ":" + headers.get("X-TIMESTAMP"));
  const signature = Uint8Array.from(atob(headers.get("X-SIGNATURE")), (c) => c.charCodeAt(0));
  if (!(await crypto.subtle.verify(algorithm, key, signature, message))) throw new Error("the signature did not verify");
  if (JSON.parse(new TextDecoder().decode(body)).originalPartnerReferenceNo !== "ORD-7") throw new Error("the callback was not read");
};
await verify();
const first = performance.now();
await verify();
console.log(JSON.stringify({ first: first - start, next: performance.now() - first }));
`;
const env = {
  ...process.env,
  PUBLIC_KEY: publicKeyPem,
  SIGNATURE: signature,
  TIMESTAMP,
  CALLBACK_PATH: PATH,
  BODY,
};
const run = (source, entry = "") => JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", source], { env: { ...env, ENTRY: entry }, encoding: "utf8" }));
const entries = {
  "ayolinx-wasm": pathToFileURL(join(pkgDir, "node.js")).href,
  "ayolinx-wasm/callbacks": pathToFileURL(join(pkgDir, "callbacks", "node.js")).href,
};

const times = { bare: { first: [], next: [] } };
for (const [name, entry] of Object.entries(entries)) {
  times[name] = { import: [], first: [], next: [] };
  run(packageChild, entry); // the files into the page cache
}
for (let round = 0; round < rounds; round++) {
  for (const [name, entry] of Object.entries(entries)) {
    const mine = run(packageChild, entry);
    for (const figure of ["import", "first", "next"]) times[name][figure].push(mine[figure]);
  }
  const bare = run(bareChild);
  times.bare.first.push(bare.first);
  times.bare.next.push(bare.next);
}
const min = (values) => Math.min(...values);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const text = (values) => `min ${min(values).toFixed(2)} ms, median ${median(values).toFixed(2)} ms`;
const cold = (name) => median(times[name].import.map((value, i) => value + times[name].first[i]));
console.log(`node ${process.version} startup, ${rounds} processes of each kind:`);
for (const name of Object.keys(entries)) {
  console.log(`  ${name}: imported (read, compiled, instantiated):    ${text(times[name].import)}`);
  console.log(`  ${name}: first callback (key imported, verified, read): ${text(times[name].first)}`);
  console.log(`  ${name}: second callback:                                ${text(times[name].next)}`);
}
console.log(`  bare WebCrypto: first callback (key imported, verified):  ${text(times.bare.first)}`);
console.log(`  bare WebCrypto: second callback:                          ${text(times.bare.next)}`);
console.log(`RESULT wasm_cold_callback_ms=${cold("ayolinx-wasm").toFixed(2)} wasm_callbacks_entry_cold_callback_ms=${cold("ayolinx-wasm/callbacks").toFixed(2)} bare_cold_callback_ms=${median(times.bare.first).toFixed(2)}`);
