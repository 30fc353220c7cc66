// Times the package in workerd beside bare WebCrypto, in one workerd run: the token signature
// (AyolinxClient.prepareToken against crypto.subtle.sign + base64) and the callback check
// (CallbackVerifier.verify of "ayolinx-wasm" and of "ayolinx-wasm/callbacks" against SHA-256 +
// crypto.subtle.verify + JSON.parse), with the same 2048-bit key. Each request runs N iterations
// of one operation in worker/bench.js; rounds interleave the operations, the best round of each
// is kept, and the time of N empty iterations (request overhead) is taken off. Prints one line
// per operation and a RESULT line.
//
// Usage: node ayolinx-wasm/js-tests/workerd.bench.js [pkg dir, default ayolinx-wasm/pkg]
// Env: WASM_BENCH_N (iterations per request, default 200), WASM_BENCH_ROUNDS (default 7).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { capnpText, freePort, packageModules, startWorkerd, stopWorkerd } from "./workerd-run.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const pkgDir = resolve(process.argv[2] ?? join(here, "..", "pkg"));
const keys = join(here, "..", "..", "ayolinx-proto", "tests", "fixtures", "keys");
const n = Number(process.env.WASM_BENCH_N ?? 200);
const rounds = Number(process.env.WASM_BENCH_ROUNDS ?? 7);
const BODY = '{"originalReferenceNo":"AYO-REF-7","originalPartnerReferenceNo":"ORD-7","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"channel":"BNC_QRIS"}}';

const dir = mkdtempSync(join(tmpdir(), "ayolinx-wasm-bench-"));
copyFileSync(join(here, "worker", "bench.js"), join(dir, "bench.js"));
const port = await freePort();
writeFileSync(join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "bench", worker = .bench)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "bench")],
);
const bench :Workerd.Worker = (
  modules = [
    (name = "bench.js", esModule = embed "bench.js"),
    ${packageModules(pkgDir, dir)}
  ],
  compatibilityDate = "2025-01-01",
  bindings = [
    (name = "PRIVATE_KEY", text = ${capnpText(readFileSync(join(keys, "rsa2048_pkcs8.pem"), "utf8"))}),
    (name = "PUBLIC_KEY", text = ${capnpText(readFileSync(join(keys, "rsa2048_public.pem"), "utf8"))}),
    (name = "CALLBACK_BODY", text = ${capnpText(BODY)}),
  ],
);
`);
const base = `http://127.0.0.1:${port}`;
const workerd = await startWorkerd(join(here, "node_modules", ".bin", "workerd"), join(dir, "config.capnp"), `${base}/?op=noop&n=1`);
try {
  const ops = ["noop", "package.token", "bare.token", "package.callback", "callbacks.callback", "bare.callback"];
  const time = async (op, count) => {
    const start = performance.now();
    const answer = await fetch(`${base}/?op=${op}&n=${count}`, { method: "POST" });
    if (answer.status !== 200) throw new Error(`${op}: ${answer.status} ${await answer.text()}`);
    await answer.text();
    return performance.now() - start;
  };
  for (const op of ops) await time(op, Math.max(10, n / 10)); // warm-up: keys imported, code compiled
  const best = Object.fromEntries(ops.map((op) => [op, Infinity]));
  for (let round = 0; round < rounds; round++) {
    for (const op of ops) best[op] = Math.min(best[op], await time(op, n));
  }
  const perOp = (op) => (best[op] - best.noop) / n;
  for (const op of ops.slice(1)) console.log(`workerd ${op}: ${(perOp(op) * 1000).toFixed(1)} us per operation`);
  const token = perOp("package.token") / perOp("bare.token");
  const callback = perOp("package.callback") / perOp("bare.callback");
  const callbacksEntry = perOp("callbacks.callback") / perOp("bare.callback");
  console.log(`RESULT wasm_token_ms=${perOp("package.token").toFixed(3)} wasm_token_vs_webcrypto=${token.toFixed(2)} wasm_callback_vs_webcrypto=${callback.toFixed(2)} wasm_callbacks_entry_vs_webcrypto=${callbacksEntry.toFixed(2)}`);
} finally {
  await stopWorkerd(workerd);
  rmSync(dir, { recursive: true, force: true });
}
