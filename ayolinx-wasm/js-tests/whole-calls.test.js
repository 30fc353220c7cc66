// The whole-call client (`AyolinxClient.call`) of the installed package in Node, against the
// sandbox on loopback: every operation completes, 64 concurrent calls on a cold client make one
// token request, a dropped answer is retried with a fresh X-EXTERNAL-ID, a lost create is
// found by its query. The same scenarios run in workerd (workerd.test.js).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { AyolinxClient } from "ayolinx-wasm";
import { startSandbox } from "./support.js";
import { concurrentCalls, everyOperation, faults, sandboxClient } from "./worker/whole-calls.js";

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox?.stop());

test("call: every operation completes against the sandbox, with one token request", async () => {
  assert.equal(await everyOperation(AyolinxClient, sandbox, fetch, "NODE"), 1);
});

test("call: 64 concurrent calls on a cold client make exactly one token request", async () => {
  assert.equal(await concurrentCalls(AyolinxClient, sandbox, fetch, "NODE"), 1);
});

test("call: a retry has a fresh X-EXTERNAL-ID; a lost create is found by its query", async () => {
  const { queryIds, rejection } = await faults(AyolinxClient, sandbox, fetch, "NODE");
  assert.equal(queryIds.length, 2);
  assert.notEqual(queryIds[0], queryIds[1]);
  assert.match(queryIds[1], /^\d{36}$/);
  assert.deepEqual(rejection, { code: "existing", reference: "NODE-F-2", status: "01" });
});

test("call: a business error rejects as parse throws it; the global fetch is the default", async () => {
  const client = new AyolinxClient({
    clientKey: sandbox.client_key,
    clientSecret: sandbox.client_secret,
    privateKeyPem: sandbox.merchant_private_key_pem,
    baseUrl: sandbox.base_url,
  });
  await assert.rejects(
    client.call("qris.query", { originalPartnerReferenceNo: "NODE-NONE", additionalInfo: { channel: "BNC_QRIS" } }),
    (error) => error.code === "business" && error.httpStatus === 404 && typeof error.responseCode === "string",
  );
  await assert.rejects(client.call("qris.nope", {}), (error) => error.code === "unknown_operation");
  await assert.rejects(client.call("qris.query", { additionalInfo: {} }), (error) => error.code === "invalid_request");
  client.free();
});

test("call: a fetch that fails is a transport error, after the retries", async () => {
  let attempts = 0;
  const failing = () => {
    attempts += 1;
    return Promise.reject(new TypeError("fetch failed: connection refused"));
  };
  const client = sandboxClient(AyolinxClient, sandbox, failing);
  await assert.rejects(
    client.call("qris.query", { originalPartnerReferenceNo: "NODE-X", additionalInfo: { channel: "BNC_QRIS" } }),
    (error) => error.code === "transport" && error.retryable === true && /connection refused/.test(error.message),
  );
  assert.ok(attempts > 1, `the token request was retried (${attempts} attempts)`);
  assert.throws(() => sandboxClient(AyolinxClient, sandbox, "not a function"), (error) => error.code === "invalid_argument");
});
