// The installed package in Node, imported as an application imports it (nothing to initialise):
// the shared vectors and Wycheproof through WebCrypto, the fixture keys, every failure's code,
// exact values, and a full client flow over loopback HTTP checked by an independent node:crypto
// implementation.
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, verify as rsaVerify } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";

import * as pkg from "ayolinx-wasm";
import { AyolinxClient, CallbackVerifier, encodeBody, requestSignature, tokenSignature } from "ayolinx-wasm";
import * as callbacksEntry from "ayolinx-wasm/callbacks";
import {
  WYCHEPROOF_SIGN,
  WYCHEPROOF_VERIFY,
  fixtureKey,
  hmacRequestSignature,
  jakartaTimestamp,
  pkgDir,
  rsaCallbackSignature,
  sha256Hex,
  vectorJson,
  vectorKeys,
  vectors,
} from "./support.js";
import { knownAnswers, wycheproofSign, wycheproofVerify } from "./worker/rsa-vectors.js";

const all = vectors();
const PRIVATE_PEM = fixtureKey("rsa2048_pkcs8.pem");
const PUBLIC_PEM = fixtureKey("rsa2048_public.pem");

const isFailure = (error, code) => error instanceof Error && error.code === code && error.message.length > 0;

/** Asserts that `run` throws an Error with this code (and returns it). */
function throwsCode(run, code) {
  let thrown;
  assert.throws(run, (error) => {
    thrown = error;
    return isFailure(error, code);
  }, `expected an Error with code ${code}`);
  return thrown;
}

/** Asserts that `promise` rejects with an Error with this code (and returns it). */
async function rejectsCode(promise, code) {
  let thrown;
  await assert.rejects(promise, (error) => {
    thrown = error;
    return isFailure(error, code);
  }, `expected a rejection with code ${code}`);
  return thrown;
}

test("ayolinx-wasm/callbacks: its own module, chosen by its node condition, with the callback API alone", () => {
  assert.equal(import.meta.resolve("ayolinx-wasm/callbacks"), new URL("callbacks/node.js", `file://${pkgDir}/`).href);
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  assert.equal(manifest.exports["./callbacks"].workerd, "./callbacks/workerd.js");
  assert.deepEqual(Object.keys(callbacksEntry).sort(), ["CallbackVerifier", "classifyPayment", "initSync"]);
  // The module installed is the one within the budget (build.sh measures it the same way).
  const gzipped = gzipSync(readFileSync(join(pkgDir, "callbacks", "ayolinx_wasm_bg.wasm")), { level: 9 }).length;
  assert.ok(gzipped <= 120_000, `callbacks/ayolinx_wasm_bg.wasm is ${gzipped} bytes gzipped`);
});

test("the package is the installed one, chosen by its node condition, and ready on import", () => {
  assert.equal(import.meta.resolve("ayolinx-wasm"), new URL("node.js", `file://${pkgDir}/`).href);
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  assert.equal(manifest.exports["."].workerd, "./workerd.js");
  assert.match(manifest.repository.url, /^git\+https:\/\/github\.com\//);
  // The wasm-bindgen output stays importable, for loading by hand.
  assert.equal(manifest.exports["./ayolinx_wasm.js"].default, "./ayolinx_wasm.js");
  assert.equal(encodeBody({ a: 1 }, "php"), '{"a":1}');
});

test("request vectors (B): requestSignature from a string and from bytes", () => {
  const cases = all.request_hmac_sha512;
  assert.ok(cases.length >= 2);
  for (const v of cases) {
    const args = [v.client_secret, v.method, v.path, v.access_token];
    assert.equal(requestSignature(...args, v.body, v.timestamp), v.signature, v.name);
    const bytes = new TextEncoder().encode(v.body);
    assert.equal(requestSignature(...args, bytes, v.timestamp), v.signature, `${v.name} bytes`);
    assert.equal(sha256Hex(bytes), v.body_sha256_hex, `${v.name} body hash`);
  }
});

test("token (A) and callback (C) vectors through WebCrypto: signatures, CallbackVerifier, tampering", async () => {
  const { counts, failures } = await knownAnswers(pkg, all, vectorKeys());
  assert.deepEqual(failures, []);
  assert.ok(counts.tokens >= 1 && counts.callbacks >= 1, JSON.stringify(counts));
});

test("Wycheproof RSASSA-PKCS1-v1_5 SHA-256 through WebCrypto: verification (2048, 3072, 4096) and generation", async () => {
  for (const file of WYCHEPROOF_VERIFY) {
    const { counts, failures } = await wycheproofVerify(pkg, vectorJson(file));
    assert.deepEqual(failures, [], file);
    assert.ok(counts.valid > 0 && counts.invalid > 0, `${file}: ${JSON.stringify(counts)}`);
  }
  const { counts, failures } = await wycheproofSign(pkg, vectorJson(WYCHEPROOF_SIGN));
  assert.deepEqual(failures, []);
  assert.ok(counts.tests > 0);
});

test("body-encoding vectors (E): encodeBody writes PHP's and plain compact bytes", () => {
  assert.ok(all.body_encoding.some((v) => v.name === "E1"));
  for (const v of all.body_encoding) {
    const value = JSON.parse(v.compact);
    assert.equal(encodeBody(value, "php"), v.php, v.name);
    assert.equal(encodeBody(value, "compact"), v.compact, v.name);
  }
});

test("fixture keys: unusable keys reject with invalid_key and the core's messages, the instance keeps working", async () => {
  for (const [name, message] of [
    ["rsa1024_pkcs8.pem", /has 1024 bits, fewer than the 2048 required/],
    ["rsa2048_encrypted_pkcs8.pem", /is encrypted/],
    ["ec_p256_pkcs8.pem", /EC \(elliptic curve\) key/],
    ["ed25519_pkcs8.pem", /Ed25519/],
    ["rsa2048_certificate.pem", /X\.509 certificate/],
    ["openssh_ed25519.key", /OPENSSH PRIVATE KEY/],
    ["rsa2048_public.pem", /where a private key is needed/],
  ]) {
    const error = await rejectsCode(tokenSignature(fixtureKey(name), "CK", "2024-09-12T12:55:00+07:00"), "invalid_key");
    assert.match(error.message, /^privateKeyPem: /);
    assert.match(error.message, message);
  }
  throwsCode(() => new CallbackVerifier({ publicKeyPem: fixtureKey("ec_p256_public.pem") }), "invalid_key");
  const tooLarge = throwsCode(() => new CallbackVerifier({ publicKeyPem: fixtureKey("rsa9216_public.pem") }), "invalid_key");
  assert.match(tooLarge.message, /^options\.publicKeyPem: the RSA key has 9216 bits/);
  // A modulus changed in the key file: the core reads it, WebCrypto's signature then does not
  // verify under it, and the key is refused as the native backends refuse it.
  const der = createPrivateKey(PRIVATE_PEM).export({ type: "pkcs8", format: "der" });
  const n = der.indexOf(Buffer.from([0x02, 0x82, 0x01, 0x01, 0x00]));
  der[n + 4 + 256] ^= 0x02;
  const inconsistent = await rejectsCode(tokenSignature(der.toString("base64"), "CK", "2024-09-12T12:55:00+07:00"), "invalid_key");
  assert.match(inconsistent.message, /^privateKeyPem: the RSA key is not usable: the RSA backend's consistency check rejected/);
  const big = fixtureKey("rsa8192_pkcs8.pem");
  const signature = await tokenSignature(big, "CK", "2024-09-12T12:55:00+07:00");
  const ok = rsaVerify("sha256", Buffer.from("CK|2024-09-12T12:55:00+07:00"),
    createPublicKey(fixtureKey("rsa8192_public.pem")), Buffer.from(signature, "base64"));
  assert.equal(ok, true);
});

test("odd JavaScript values are refused with the path, never changed", async () => {
  for (const [value, code, path] of [
    [{ a: NaN }, "unsupported_value", "$.a"],
    [{ a: 2 ** 53 }, "unsupported_value", "$.a"],
    [{ a: [1, undefined] }, "unsupported_value", "$.a[1]"],
    [{ a: [1, , 3] }, "unsupported_value", "$.a[1]"], // eslint-disable-line no-sparse-arrays
    [new Array(2 ** 32 - 1), "unsupported_value", "$[0]"],
    [{ a: 2n ** 64n }, "unsupported_value", "$.a"],
    [{ when: new Date() }, "unsupported_value", "$.when"],
    [{ s: "\ud800" }, "invalid_argument", "$.s"],
    [{ s: "\ufffd and \udc00" }, "invalid_argument", "$.s"],
    [undefined, "unsupported_value", "$"],
  ]) {
    const error = throwsCode(() => encodeBody(value, "php"), code);
    assert.ok(error.message.startsWith(path), error.message);
  }
  // A U+FFFD that was in the string all along is text like any other.
  assert.equal(encodeBody({ s: "\ufffd" }, "compact"), '{"s":"\ufffd"}');
  assert.equal(encodeBody({ big: 2n ** 62n, skip: undefined, amount: { value: "0.10" } }, "php"),
    '{"big":4611686018427387904,"amount":{"value":"0.10"}}');
  throwsCode(() => encodeBody({}, "json"), "invalid_argument");
  throwsCode(() => requestSignature("s", "POST", "/p", "t", 42, "2024-09-12T12:55:00+07:00"), "invalid_argument");
  throwsCode(() => requestSignature("s", "POST", "/p", "t", "{}", undefined), "invalid_argument");
  const nested = (levels) => {
    let value = 1;
    for (let i = 0; i < levels; i++) value = { a: [value] };
    return value;
  };
  throwsCode(() => encodeBody(nested(100_000), "php"), "too_deep");
  const cyclic = {};
  cyclic.self = cyclic;
  throwsCode(() => encodeBody(cyclic, "php"), "too_deep");
  assert.equal(encodeBody(nested(64), "php").length, 64 * 8 + 1);
  // Exceptions thrown by getters and Proxies are caught inside, however often.
  const boom = { get x() { throw new Error("getter"); } };
  const trap = new Proxy([1, 2], { get() { throw new Error("trap"); } });
  const verifier = new CallbackVerifier({ publicKeyPem: PUBLIC_PEM });
  for (let i = 0; i < 10_000; i++) {
    throwsCode(() => encodeBody(boom, "php"), "unsupported_value");
    throwsCode(() => encodeBody({ list: trap }, "php"), "unsupported_value");
    await rejectsCode(verifier.verify({ method: "POST", path: "/cb", headers: boom, body: "{}" }), "invalid_argument");
  }
  // After all these errors the instance still answers.
  assert.equal(encodeBody([1, "a"], "compact"), '[1,"a"]');
});

test("the TypeScript declarations name the API with precise types", () => {
  const dts = readFileSync(join(pkgDir, "ayolinx_wasm.d.ts"), "utf8");
  for (const line of [
    "export function tokenSignature(privateKeyPem: string, clientKey: string, timestamp: string): Promise<string>;",
    "export function requestSignature(clientSecret: string, method: string, path: string, accessToken: string, body: string | Uint8Array, timestamp: string): string;",
    "export function verifyCallbackSignature(publicKeyPem: string, method: string, path: string, body: string | Uint8Array, timestamp: string, signature: string): Promise<boolean>;",
    "export function signSha256WithRsa(privateKeyPem: string, message: string | Uint8Array): Promise<string>;",
    "export function verifySha256WithRsa(publicKeyPem: string, message: string | Uint8Array, signature: string): Promise<boolean>;",
    "export function encodeBody(value: unknown, encoding: BodyEncodingName): string;",
    "export class AyolinxClient {",
    "prepareToken(options?: TokenOptions): Promise<PreparedRequest>;",
    "prepare<O extends OperationName>(operation: O, request: OperationRequests[O], options: CallOptions): PreparedRequest;",
    "parse<O extends keyof OperationResponses>(operation: O, status: number, bodyText: string | Uint8Array): OperationResponses[O];",
    "verify(request: InboundCallback, nowMillis?: number): Promise<CallbackNotification>;",
    "export class CallbackVerifier {",
    "export interface CallbackNotification {",
  ]) {
    assert.ok(dts.includes(line), `d.ts lacks: ${line}`);
  }
});

test("AyolinxClient over loopback HTTP: token then QRIS, signatures checked by node:crypto", async (t) => {
  const clientKey = "CKSandbox-00000000-0000-0000-0000-000000000000";
  const clientSecret = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
  const seen = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const h = req.headers;
    seen.push(req.url);
    let answer;
    if (req.url === "/gw/v1.0/access-token/b2b") {
      const genuine = rsaVerify("sha256", Buffer.from(`${h["x-client-key"]}|${h["x-timestamp"]}`),
        createPublicKey(PUBLIC_PEM), Buffer.from(h["x-signature"], "base64"));
      answer = genuine
        ? { responseCode: "2007300", responseMessage: "Successful", accessToken: "tok-1", tokenType: "Bearer", expiresIn: "900" }
        : { responseCode: "4017300", responseMessage: "Unauthorized. signature" };
    } else {
      const expected = hmacRequestSignature(clientSecret, req.method, req.url, "tok-1", body, h["x-timestamp"]);
      answer = h["x-signature"] === expected && h.authorization === "Bearer tok-1"
        ? { responseCode: "2004700", responseMessage: "Successful", qrContent: "00020101", referenceNo: "AYO-1", partnerReferenceNo: JSON.parse(body).partnerReferenceNo }
        : { responseCode: "4014700", responseMessage: "Unauthorized. signature" };
    }
    res.writeHead(answer.responseCode.startsWith("2") ? 200 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify(answer));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => server.close());
  const baseUrl = `http://127.0.0.1:${server.address().port}/gw`;

  const client = new AyolinxClient({ clientKey, clientSecret, privateKeyPem: PRIVATE_PEM, baseUrl });
  const tokenRequest = await client.prepareToken();
  assert.match(tokenRequest.headers["X-TIMESTAMP"], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
  const tokenAnswer = await fetch(tokenRequest.url, tokenRequest);
  const token = client.parse("token", tokenAnswer.status, await tokenAnswer.text());
  assert.equal(token.accessToken, "tok-1");

  const request = client.prepare("qris.generate", {
    partnerReferenceNo: "ORD-1",
    amount: { value: "15000.00", currency: "IDR" },
    additionalInfo: { channel: "BNC_QRIS" },
    urlParams: [{ type: "NOTIFICATION", url: "https://merchant.example/cb" }],
  }, { accessToken: token.accessToken });
  assert.match(request.headers["X-EXTERNAL-ID"], /^\d{36}$/);
  assert.ok(request.body.includes('"url":"https:\\/\\/merchant.example\\/cb"'), request.body);
  const answer = await fetch(request.url, request);
  const qr = client.parse("qris.generate", answer.status, await answer.text());
  assert.equal(qr.qrContent, "00020101");
  assert.equal(qr.partnerReferenceNo, "ORD-1");

  // A wrong token is refused by the server (401) and thrown as a business error.
  const forged = client.prepare("qris.generate", JSON.parse(request.body), { accessToken: "tok-2" });
  const refused = await fetch(forged.url, forged);
  const refusedText = await refused.text();
  const error = throwsCode(() => client.parse("qris.generate", refused.status, refusedText), "business");
  assert.equal(error.httpStatus, 401);
  assert.equal(error.responseCode, "4014700");
  assert.equal(error.needsTokenRefresh, true);
  assert.deepEqual(seen, ["/gw/v1.0/access-token/b2b", "/gw/v1.0/qr/qr-mpm-generate",
    "/gw/v1.0/qr/qr-mpm-generate"]);
});

// The callback verifier and the payment guard, through both entries: the whole package and
// `ayolinx-wasm/callbacks`, its module without the client (the same core code, built without the
// client feature).
for (const [name, { CallbackVerifier, classifyPayment }] of [["ayolinx-wasm", pkg], ["ayolinx-wasm/callbacks", callbacksEntry]]) {
  test(`${name}: callback vectors (C): a refusal carries the acknowledgement to send`, async () => {
    const keys = vectorKeys();
    for (const v of all.callback_sha256withrsa) {
      const verifier = new CallbackVerifier({ publicKeyPem: keys[v.public_key] });
      const request = {
        method: v.method,
        path: v.path,
        headers: { "X-TIMESTAMP": v.timestamp, "X-SIGNATURE": v.signature },
        body: new TextEncoder().encode(v.body),
      };
      const notification = await verifier.verify(request, Date.parse(v.timestamp));
      assert.deepEqual(notification.amount, { currency: "IDR", value: "15000.00" });
      assert.equal(notification.json.originalPartnerReferenceNo, "ORD-1");
      const error = await rejectsCode(
        verifier.verify({ ...request, body: v.body.replace("15000", "15001") }, Date.parse(v.timestamp)),
        "bad_signature",
      );
      assert.deepEqual(error.acknowledgement, {
        status: 401,
        contentType: "application/json",
        body: '{"responseCode":"4015600","responseMessage":"Unauthorized"}',
      });
      const unsigned = await rejectsCode(verifier.verify({ ...request, headers: { "X-TIMESTAMP": v.timestamp } }), "missing_header");
      assert.equal(unsigned.acknowledgement.status, 400);
    }
  });

  test(`${name}: CallbackVerifier: a callback signed by node:crypto now, headers as fetch Headers`, async () => {
    const verifier = new CallbackVerifier({ publicKeyPem: PUBLIC_PEM, windowSeconds: 300 });
    const body = Buffer.from('{"originalReferenceNo":"AYO-9","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"10000.00"},"additionalInfo":{"channel":"DANA"}}');
    const timestamp = jakartaTimestamp(Date.now());
    const signature = rsaCallbackSignature(PRIVATE_PEM, "/cb", body, timestamp);
    const headers = new Headers({ "X-TIMESTAMP": timestamp, "X-SIGNATURE": signature });
    const notification = await verifier.verify({ method: "POST", path: "/cb?ignored=1", headers, body });
    assert.equal(notification.kind, "EWALLET");
    assert.equal(notification.dedupKey, "AYO-9:00");
    await rejectsCode(verifier.verify({ method: "POST", path: "/cb", headers, body }, Date.now() + 600_000), "stale_timestamp");
    // Headers folds names and merges a repeated header ("a, b"), which then is no signature.
    const lower = new Headers({ "x-timestamp": timestamp, "x-signature": signature, "content-type": "application/json" });
    assert.equal((await verifier.verify({ method: "POST", path: "/cb", headers: lower, body })).dedupKey, "AYO-9:00");
    const repeated = new Headers(headers);
    repeated.append("X-Signature", signature);
    await rejectsCode(verifier.verify({ method: "POST", path: "/cb", headers: repeated, body }), "malformed_signature");
    const unsigned = new Headers({ "X-TIMESTAMP": timestamp });
    const missing = await rejectsCode(verifier.verify({ method: "POST", path: "/cb", headers: unsigned, body }), "missing_header");
    assert.match(missing.message, /X-SIGNATURE/);
    await rejectsCode(verifier.verify({ method: "POST", path: "/cb", headers, body: Buffer.from("not json") }), "bad_signature");
    // 64 callbacks at once share the one import of the key, and all verify.
    const many = await Promise.all(Array.from({ length: 64 }, () => verifier.verify({ method: "POST", path: "/cb", headers, body })));
    assert.ok(many.every((each) => each.dedupKey === "AYO-9:00"));
    assert.deepEqual(CallbackVerifier.acknowledgement("already_processed"), {
      status: 200, contentType: "application/json", body: '{"responseCode":"2005600","responseMessage":"Successful"}',
    });
  });

  test(`${name}: classifyPayment: a verified notification is judged against the order it names`, async () => {
    const verifier = new CallbackVerifier({ publicKeyPem: PUBLIC_PEM });
    const received = async (fields) => {
      const body = Buffer.from(JSON.stringify({ originalPartnerReferenceNo: "ORD-1", latestTransactionStatus: "00", ...fields }));
      const timestamp = jakartaTimestamp(Date.now());
      const headers = { "X-TIMESTAMP": timestamp, "X-SIGNATURE": rsaCallbackSignature(PRIVATE_PEM, "/cb", body, timestamp) };
      return verifier.verify({ method: "POST", path: "/cb", headers, body });
    };
    const order = { partnerReferenceNo: "ORD-1", amount: "20000", referenceNo: "AYO-1", expiresAt: "2099-01-01T00:00:00+07:00" };
    const paid = await received({ originalReferenceNo: "AYO-1", amount: { currency: "IDR", value: "20000.00" } });
    assert.deepEqual(classifyPayment(order, paid, "open"), { verdict: "fulfil", fulfil: true, message: "fulfil" });
    assert.equal(classifyPayment(order, paid, "fulfilled").verdict, "already_fulfilled");
    assert.deepEqual(classifyPayment(order, paid, "cancelled"), {
      verdict: "refused", fulfil: false, field: "latestTransactionStatus",
      message: classifyPayment(order, paid, "cancelled").message,
    });
    // Genuinely signed, but underpaid, for another transaction, or in another currency: refused, naming the field.
    const underpaid = await received({ originalReferenceNo: "AYO-1", amount: { currency: "IDR", value: "1.00" } });
    assert.deepEqual(classifyPayment(order, underpaid, "open"), {
      verdict: "refused", fulfil: false, field: "amount.value", message: "refused: amount.value is 1.00, expected 20000.00",
    });
    const replayed = await received({ originalReferenceNo: "AYO-OTHER-MERCHANT", amount: { currency: "IDR", value: "20000.00" } });
    assert.equal(classifyPayment(order, replayed, "open").field, "originalReferenceNo");
    assert.equal(classifyPayment({ ...order, currency: "USD" }, paid, "open").field, "amount.currency");
    // Paid after the order expired (no finishedTime: judged at nowMillis).
    const expired = { ...order, expiresAt: "2024-09-12T12:55:00+07:00" };
    assert.equal(classifyPayment(expired, paid, "open").field, "finishedTime");
    const failed = await received({ originalReferenceNo: "AYO-1", latestTransactionStatus: "06" });
    assert.deepEqual(classifyPayment(order, failed, "open"), {
      verdict: "not_paid", fulfil: false, status: "06", message: classifyPayment(order, failed, "open").message,
    });
    throwsCode(() => classifyPayment(order, paid, "shipped"), "invalid_argument");
    throwsCode(() => classifyPayment({ ...order, amount: 20000 }, paid, "open"), "invalid_argument");
    throwsCode(() => classifyPayment({ ...order, amount: "20,000" }, paid, "open"), "invalid_argument");
    throwsCode(() => classifyPayment({ ...order, color: "red" }, paid, "open"), "invalid_argument");
    throwsCode(() => classifyPayment(order, "not a notification", "open"), "invalid_argument");
    throwsCode(() => classifyPayment(order, { json: { latestTransactionStatus: "00" } }, "open"), "wrong_shape");
  });
}
