// The installed package in workerd (the Cloudflare Workers runtime): worker/worker.js imports
// "ayolinx-wasm" as a Worker does, resolved to the file the package's `workerd` export condition
// names; this test starts workerd on free 127.0.0.1 ports, posts callbacks signed with
// node:crypto (genuine and tampered), signing requests and the RSA vectors (shared known answers
// and Wycheproof), runs the whole-call scenarios against the sandbox on loopback (the worker's
// own fetch, through a loopback-only network), checks the answers, stops workerd. The
// Cloudflare Worker of the crate README runs too, verbatim, with a KV namespace.
import assert from "node:assert/strict";
import { createPublicKey, verify as rsaVerify } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import {
  WYCHEPROOF_SIGN,
  WYCHEPROOF_VERIFY,
  fixtureKey,
  here,
  hmacRequestSignature,
  jakartaTimestamp,
  pkgDir,
  rsaCallbackSignature,
  startSandbox,
  toolsDir,
  vectorJson,
  vectorKeys,
  vectors,
} from "./support.js";
import { capnpText, freePort, packageModules, startWorkerd, stopWorkerd } from "./workerd-run.js";

const PRIVATE_PEM = fixtureKey("rsa2048_pkcs8.pem");
const CLIENT_SECRET = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
let workerd;
let sandbox;
let base;
let readmeBase;
/** The README's whole-call worker. */
let callBase;
/** The KV stand-in the README worker's ORDERS binding reads, for the tests to seed and read. */
let kvBase;
let dir;

/** The worker of the README's section `heading`, exactly as written there. */
function readmeWorker(heading) {
  const readme = readFileSync(join(pkgDir, "README.md"), "utf8"); // the README the package ships
  const section = readme.slice(readme.indexOf(heading));
  const match = section.match(/```js\n([\s\S]*?)```/);
  assert.ok(match, `README has no code block under ${heading}`);
  return match[1];
}


before(async () => {
  dir = mkdtempSync(join(tmpdir(), "ayolinx-workerd-"));
  copyFileSync(join(here, "worker", "worker.js"), join(dir, "worker.js"));
  copyFileSync(join(here, "worker", "rsa-vectors.js"), join(dir, "rsa-vectors.js"));
  copyFileSync(join(here, "worker", "whole-calls.js"), join(dir, "whole-calls.js"));
  sandbox = await startSandbox();
  const modules = packageModules(pkgDir, dir);
  writeFileSync(join(dir, "readme-worker.js"), readmeWorker("## A Cloudflare Worker"));
  writeFileSync(join(dir, "readme-call.js"), readmeWorker("## Whole calls over fetch"));
  copyFileSync(join(here, "worker", "kv.js"), join(dir, "kv.js"));
  const port = await freePort();
  const readmePort = await freePort();
  const callPort = await freePort();
  const kvPort = await freePort();
  writeFileSync(join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "readme", worker = .readme),
    (name = "readme-call", worker = .readmeCall),
    (name = "kv", worker = (modules = [(name = "kv.js", esModule = embed "kv.js")], compatibilityDate = "2025-01-01")),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:${port}", http = (), service = "main"),
    (name = "readme", address = "127.0.0.1:${readmePort}", http = (), service = "readme"),
    (name = "readme-call", address = "127.0.0.1:${callPort}", http = (), service = "readme-call"),
    (name = "kv", address = "127.0.0.1:${kvPort}", http = (), service = "kv"),
  ],
);

const readme :Workerd.Worker = (
  modules = [
    (name = "readme-worker.js", esModule = embed "readme-worker.js"),
    ${modules}
  ],
  compatibilityDate = "2025-01-01",
  bindings = [
    (name = "AYOLINX_PUBLIC_KEY", text = ${capnpText(fixtureKey("rsa2048_public.pem"))}),
    (name = "ORDERS", kvNamespace = "kv"),
  ],
);

const readmeCall :Workerd.Worker = (
  modules = [
    (name = "readme-call.js", esModule = embed "readme-call.js"),
    ${modules}
  ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
  bindings = [
    (name = "AYOLINX_CLIENT_KEY", text = ${capnpText(sandbox.client_key)}),
    (name = "AYOLINX_CLIENT_SECRET", text = ${capnpText(sandbox.client_secret)}),
    (name = "AYOLINX_PRIVATE_KEY", text = ${capnpText(sandbox.merchant_private_key_pem)}),
    (name = "AYOLINX_BASE_URL", text = ${capnpText(sandbox.base_url)}),
  ],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "rsa-vectors.js", esModule = embed "rsa-vectors.js"),
    (name = "whole-calls.js", esModule = embed "whole-calls.js"),
    ${modules}
  ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
  bindings = [
    (name = "AYOLINX_PUBLIC_KEY", text = ${capnpText(fixtureKey("rsa2048_public.pem"))}),
    (name = "PRIVATE_KEY", text = ${capnpText(PRIVATE_PEM)}),
    (name = "CLIENT_KEY", text = "CKSandbox-00000000-0000-0000-0000-000000000000"),
    (name = "CLIENT_SECRET", text = ${capnpText(CLIENT_SECRET)}),
  ],
);
`);
  base = `http://127.0.0.1:${port}`;
  readmeBase = `http://127.0.0.1:${readmePort}`;
  callBase = `http://127.0.0.1:${callPort}`;
  kvBase = `http://127.0.0.1:${kvPort}`;
  workerd = await startWorkerd(join(toolsDir, ".bin", "workerd"), join(dir, "config.capnp"), `${base}/ready`);
});

after(async () => {
  await stopWorkerd(workerd);
  await sandbox?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function post(path, body, timestamp, signature, to = base, extra = {}) {
  return fetch(`${to}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-TIMESTAMP": timestamp, "X-SIGNATURE": signature, ...extra },
    body,
  });
}

const BODY = '{"originalReferenceNo":"AYO-REF-7","originalPartnerReferenceNo":"ORD-7","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"channel":"BNC_QRIS"}}';

// The callback verifier of both entries, in the same isolate.
for (const [name, extra, hasClient] of [["ayolinx-wasm", {}, "true"], ["ayolinx-wasm/callbacks", { "x-entry": "callbacks" }, "false"]]) {
  test(`workerd, ${name}: a genuine callback is acknowledged with 2005600`, async () => {
    const timestamp = jakartaTimestamp(Date.now());
    const signature = rsaCallbackSignature(PRIVATE_PEM, "/webhooks/ayolinx", Buffer.from(BODY), timestamp);
    const answer = await post("/webhooks/ayolinx", BODY, timestamp, signature, base, extra);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get("content-type"), "application/json");
    assert.equal(answer.headers.get("x-dedup-key"), "AYO-REF-7:00");
    assert.equal(answer.headers.get("x-entry-has-client"), hasClient);
    assert.equal(await answer.text(), '{"responseCode":"2005600","responseMessage":"Successful"}');
  });

  test(`workerd, ${name}: a tampered callback is refused with 4015600`, async () => {
    const timestamp = jakartaTimestamp(Date.now());
    const signature = rsaCallbackSignature(PRIVATE_PEM, "/webhooks/ayolinx", Buffer.from(BODY), timestamp);
    const tampered = BODY.replace("15000.00", "15000.01");
    const answer = await post("/webhooks/ayolinx", tampered, timestamp, signature, base, extra);
    assert.equal(answer.status, 401);
    assert.equal(answer.headers.get("x-refused"), "bad_signature");
    assert.equal(answer.headers.get("x-entry-has-client"), hasClient);
    assert.equal(await answer.text(), '{"responseCode":"4015600","responseMessage":"Unauthorized"}');
    const elsewhere = await post("/webhooks/other", BODY, timestamp, signature, base, extra);
    assert.equal(elsewhere.status, 401);
    const stale = jakartaTimestamp(Date.now() - 2 * 3600 * 1000);
    const old = await post("/webhooks/ayolinx", BODY, stale, rsaCallbackSignature(PRIVATE_PEM, "/webhooks/ayolinx", Buffer.from(BODY), stale), base, extra);
    assert.equal(old.headers.get("x-refused"), "stale_timestamp");
    assert.equal(old.status, 401);
  });
}

test("workerd: a request is signed with the clock and randomness of the worker", async () => {
  const order = { partnerReferenceNo: "ORD-8", amount: { value: "20000.00", currency: "IDR" }, additionalInfo: { channel: "BNC_QRIS" } };
  const before = Date.now();
  const answer = await fetch(`${base}/sign`, { method: "POST", body: JSON.stringify(order) });
  assert.equal(answer.status, 200);
  const prepared = await answer.json();
  assert.equal(prepared.url, "https://sandbox.ayolinx.id/v1.0/qr/qr-mpm-generate");
  // The core writes the documented field order (amount: currency, then value).
  assert.equal(prepared.body, '{"partnerReferenceNo":"ORD-8","amount":{"currency":"IDR","value":"20000.00"},"additionalInfo":{"channel":"BNC_QRIS"}}');
  const h = prepared.headers;
  assert.match(h["X-EXTERNAL-ID"], /^\d{36}$/);
  const sentAt = Date.parse(h["X-TIMESTAMP"]);
  assert.ok(Math.abs(sentAt - before) < 60_000, h["X-TIMESTAMP"]);
  assert.equal(h["X-SIGNATURE"], hmacRequestSignature(CLIENT_SECRET, "POST", "/v1.0/qr/qr-mpm-generate", "tok", Buffer.from(prepared.body), h["X-TIMESTAMP"]));
  const bad = await fetch(`${base}/sign`, { method: "POST", body: JSON.stringify({ ...order, amount: { value: 20000.5, currency: "IDR" } }) });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).code, "invalid_request");
});

test("workerd: the README's Cloudflare Worker fulfils an order once, and only for its own genuine callback", async () => {
  const order = (recorded) => ({ expected: { partnerReferenceNo: "ORD-7", amount: "15000", referenceNo: "AYO-REF-7" }, recorded });
  const kv = `${kvBase}/ORD-7`;
  const recorded = async () => (await (await fetch(kv)).json()).recorded;
  await fetch(kv, { method: "PUT", body: JSON.stringify(order("open")) });
  const deliver = async (body) => {
    const timestamp = jakartaTimestamp(Date.now());
    const signature = rsaCallbackSignature(PRIVATE_PEM, "/webhooks/ayolinx", Buffer.from(body), timestamp);
    return post("/webhooks/ayolinx", body, timestamp, signature, readmeBase);
  };
  const ok = '{"responseCode":"2005600","responseMessage":"Successful"}';
  // Genuine but underpaid, or another merchant's transaction under the same order id:
  // acknowledged (retrying changes nothing), nothing fulfilled.
  for (const body of [BODY.replace("15000.00", "1.00"), BODY.replace("AYO-REF-7", "AYO-REF-OTHER")]) {
    const answer = await deliver(body);
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), ok);
    assert.equal(await recorded(), "open");
  }
  for (let delivery = 0; delivery < 2; delivery++) {
    // The first delivery fulfils the order, the retry finds it fulfilled: both are acknowledged.
    const answer = await deliver(BODY);
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), ok);
    assert.equal(await recorded(), "fulfilled");
  }
  // An order the store does not know: 5xx, so Ayolinx retries.
  const unknown = await deliver(BODY.replace("ORD-7", "ORD-UNKNOWN"));
  assert.equal(unknown.status, 500);
  await unknown.text();
  const timestamp = jakartaTimestamp(Date.now());
  const signature = rsaCallbackSignature(PRIVATE_PEM, "/webhooks/ayolinx", Buffer.from(BODY), timestamp);
  const forged = await post("/webhooks/ayolinx", BODY.replace("AYO-REF-7", "AYO-REF-8"), timestamp, signature, readmeBase);
  assert.equal(forged.status, 401);
  assert.equal(await forged.text(), '{"responseCode":"4015600","responseMessage":"Unauthorized"}');
  const unsigned = await fetch(`${readmeBase}/webhooks/ayolinx`, { method: "POST", body: BODY });
  assert.equal(unsigned.status, 400);
  assert.equal(await unsigned.text(), '{"responseCode":"4005602","responseMessage":"Invalid Mandatory Field"}');
});

test("workerd: the access-token request is signed with the worker's WebCrypto", async () => {
  const answer = await fetch(`${base}/token`, { method: "POST" });
  assert.equal(answer.status, 200);
  const prepared = await answer.json();
  assert.equal(prepared.url, "https://sandbox.ayolinx.id/v1.0/access-token/b2b");
  const h = prepared.headers;
  const genuine = rsaVerify("sha256", Buffer.from(`${h["X-CLIENT-KEY"]}|${h["X-TIMESTAMP"]}`),
    createPublicKey(fixtureKey("rsa2048_public.pem")), Buffer.from(h["X-SIGNATURE"], "base64"));
  assert.equal(genuine, true);
});

/** Runs one set of RSA vectors in the worker and returns what it counted. */
async function inWorker(kind, file, keys) {
  const answer = await fetch(`${base}/vectors`, { method: "POST", body: JSON.stringify({ kind, file, keys }) });
  assert.equal(answer.status, 200, await answer.clone().text());
  const { counts, failures } = await answer.json();
  assert.deepEqual(failures, [], kind);
  return counts;
}

test("workerd: the shared known answers and Wycheproof pass through the package", async () => {
  const known = await inWorker("known", vectors(), vectorKeys());
  assert.ok(known.tokens >= 1 && known.callbacks >= 1, JSON.stringify(known));
  for (const file of WYCHEPROOF_VERIFY) {
    const counts = await inWorker("verify", vectorJson(file));
    assert.ok(counts.valid > 0 && counts.invalid > 0, `${file}: ${JSON.stringify(counts)}`);
  }
  const generated = await inWorker("sign", vectorJson(WYCHEPROOF_SIGN));
  assert.ok(generated.tests > 0);
});

/** Runs a whole-call scenario of worker/whole-calls.js in the worker and returns its result. */
async function wholeInWorker(scenario) {
  const answer = await fetch(`${base}/whole/${scenario}`, { method: "POST", body: JSON.stringify({ sandbox, prefix: "WORKERD" }) });
  const { result, error } = await answer.json();
  assert.equal(error, undefined);
  return result;
}

test("workerd: every operation completes as a whole call over the worker's fetch, with one token request", async () => {
  assert.equal(await wholeInWorker("every"), 1);
});

test("workerd: 64 concurrent whole calls on a cold client make exactly one token request", async () => {
  assert.equal(await wholeInWorker("concurrent"), 1);
});

test("workerd: a retried query has a fresh X-EXTERNAL-ID; a lost create is found by its query", async () => {
  const { queryIds, rejection } = await wholeInWorker("faults");
  assert.equal(queryIds.length, 2);
  assert.notEqual(queryIds[0], queryIds[1]);
  assert.deepEqual(rejection, { code: "existing", reference: "WORKERD-F-2", status: "01" });
});

test("workerd: the README's whole-call worker creates a QR once, and answers the repeat with its status", async () => {
  const order = JSON.stringify({ orderId: "README-1", amount: "15000.00" });
  const created = await fetch(callBase, { method: "POST", body: order });
  assert.equal(created.status, 200);
  assert.match((await created.json()).qrContent, /^000201/);
  const again = await fetch(callBase, { method: "POST", body: order });
  assert.equal(again.status, 409);
  assert.deepEqual(await again.json(), { status: "01" });
});
