// The package in Node: the test vectors, the fixture keys, every failure's code, exact values,
// and a full client flow over loopback HTTP checked by an independent node:crypto implementation.
import assert from "node:assert/strict";
import { createPublicKey, verify as rsaVerify } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { test } from "node:test";

import {
  AyolinxClient,
  CallbackVerifier,
  encodeBody,
  requestSignature,
  tokenSignature,
  verifyCallbackSignature,
} from "../pkg/ayolinx_wasm.js";
import {
  fixtureKey,
  hmacRequestSignature,
  jakartaTimestamp,
  loadPackage,
  pkgDir,
  rsaCallbackSignature,
  sha256Hex,
  vectorText,
  vectors,
} from "./support.js";

loadPackage();

const all = vectors();
const vectorKey = (name) => vectorText(all.keys[name.split(/\s+/)[0]]);
const PRIVATE_PEM = fixtureKey("rsa2048_pkcs8.pem");
const PUBLIC_PEM = fixtureKey("rsa2048_public.pem");

/** Asserts that `run` throws an Error with this code (and returns it). */
function throwsCode(run, code) {
  let thrown;
  assert.throws(run, (error) => {
    thrown = error;
    return error instanceof Error && error.code === code && error.message.length > 0;
  }, `expected an Error with code ${code}`);
  return thrown;
}

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

test("token vectors (A): tokenSignature with the shared key (PKCS#8 and PKCS#1)", () => {
  for (const v of all.token_sha256withrsa) {
    assert.equal(tokenSignature(vectorKey(v.key), v.client_key, v.timestamp), v.signature, v.name);
    const pkcs1 = vectorKey("merchant_private_pkcs1");
    assert.equal(tokenSignature(pkcs1, v.client_key, v.timestamp), v.signature, `${v.name} PKCS#1`);
  }
});

test("callback vectors (C): verifyCallbackSignature and CallbackVerifier accept, any change refuses", () => {
  for (const v of all.callback_sha256withrsa) {
    for (const publicPem of [vectorKey(v.public_key), vectorKey("merchant_public_pkcs1")]) {
      const args = (path, body) => [publicPem, v.method, path, body, v.timestamp, v.signature];
      assert.equal(verifyCallbackSignature(...args(v.path, v.body)), true, v.name);
      assert.equal(verifyCallbackSignature(...args(v.path, new TextEncoder().encode(v.body))), true);
      assert.equal(verifyCallbackSignature(...args(v.path, `${v.body} `)), false);
      assert.equal(verifyCallbackSignature(...args(`${v.path}/`, v.body)), false);
    }
    const verifier = new CallbackVerifier({ publicKeyPem: vectorKey(v.public_key) });
    const request = {
      method: v.method,
      path: v.path,
      headers: { "X-TIMESTAMP": v.timestamp, "X-SIGNATURE": v.signature },
      body: new TextEncoder().encode(v.body),
    };
    const notification = verifier.verify(request, Date.parse(v.timestamp));
    assert.equal(notification.reference, "AYO-REF-1");
    assert.deepEqual(notification.amount, { currency: "IDR", value: "15000.00" });
    assert.equal(notification.json.originalPartnerReferenceNo, "ORD-1");
    const error = throwsCode(
      () => verifier.verify({ ...request, body: v.body.replace("15000", "15001") }, Date.parse(v.timestamp)),
      "bad_signature",
    );
    assert.deepEqual(error.acknowledgement, {
      status: 401,
      contentType: "application/json",
      body: '{"responseCode":"4015600","responseMessage":"Unauthorized"}',
    });
  }
});

test("body-encoding vectors (E): encodeBody writes PHP's and plain compact bytes", () => {
  assert.ok(all.body_encoding.some((v) => v.name === "E1"));
  for (const v of all.body_encoding) {
    const value = JSON.parse(v.compact);
    assert.equal(encodeBody(value, "php"), v.php, v.name);
    assert.equal(encodeBody(value, "compact"), v.compact, v.name);
  }
});

test("fixture keys: unusable keys throw invalid_key, the instance keeps working", () => {
  for (const name of ["rsa1024_pkcs8.pem", "rsa2048_encrypted_pkcs8.pem", "ec_p256_pkcs8.pem",
    "ed25519_pkcs8.pem", "rsa2048_certificate.pem", "openssh_ed25519.key", "rsa2048_public.pem"]) {
    const error = throwsCode(() => tokenSignature(fixtureKey(name), "CK", "2024-09-12T12:55:00+07:00"), "invalid_key");
    assert.match(error.message, /^privateKeyPem: /);
  }
  throwsCode(() => new CallbackVerifier({ publicKeyPem: fixtureKey("ec_p256_public.pem") }), "invalid_key");
  const big = fixtureKey("rsa8192_pkcs8.pem");
  const signature = tokenSignature(big, "CK", "2024-09-12T12:55:00+07:00");
  const ok = rsaVerify("sha256", Buffer.from("CK|2024-09-12T12:55:00+07:00"),
    createPublicKey(fixtureKey("rsa8192_public.pem")), Buffer.from(signature, "base64"));
  assert.equal(ok, true);
});

test("odd JavaScript values are refused with the path, never changed", () => {
  for (const [value, code, path] of [
    [{ a: NaN }, "unsupported_value", "$.a"],
    [{ a: 2 ** 53 }, "unsupported_value", "$.a"],
    [{ a: [1, undefined] }, "unsupported_value", "$.a[1]"],
    [{ a: [1, , 3] }, "unsupported_value", "$.a[1]"], // eslint-disable-line no-sparse-arrays
    [new Array(2 ** 32 - 1), "unsupported_value", "$[0]"],
    [{ a: 2n ** 64n }, "unsupported_value", "$.a"],
    [{ when: new Date() }, "unsupported_value", "$.when"],
    [{ s: "\ud800" }, "invalid_argument", "$.s"],
    [undefined, "unsupported_value", "$"],
  ]) {
    const error = throwsCode(() => encodeBody(value, "php"), code);
    assert.ok(error.message.startsWith(path), error.message);
  }
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
    throwsCode(() => verifier.verify({ method: "POST", path: "/cb", headers: boom, body: "{}" }), "invalid_argument");
  }
  // After all these errors the instance still answers.
  assert.equal(encodeBody([1, "a"], "compact"), '[1,"a"]');
});

test("the TypeScript declarations name the API with precise types", () => {
  const dts = readFileSync(`${pkgDir}ayolinx_wasm.d.ts`, "utf8");
  for (const line of [
    "export function tokenSignature(privateKeyPem: string, clientKey: string, timestamp: string): string;",
    "export function requestSignature(clientSecret: string, method: string, path: string, accessToken: string, body: string | Uint8Array, timestamp: string): string;",
    "export function verifyCallbackSignature(publicKeyPem: string, method: string, path: string, body: string | Uint8Array, timestamp: string, signature: string): boolean;",
    "export function encodeBody(value: unknown, encoding: BodyEncodingName): string;",
    "export class AyolinxClient {",
    "prepareToken(options?: TokenOptions): PreparedRequest;",
    "prepare(operation: OperationName, request: Record<string, unknown>, options: CallOptions): PreparedRequest;",
    "verify(request: InboundCallback, nowMillis?: number): CallbackNotification;",
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
  const tokenRequest = client.prepareToken();
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

test("CallbackVerifier: a callback signed by node:crypto now, headers as fetch Headers", () => {
  const verifier = new CallbackVerifier({ publicKeyPem: PUBLIC_PEM, windowSeconds: 300 });
  const body = Buffer.from('{"originalReferenceNo":"AYO-9","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"10000.00"},"additionalInfo":{"channel":"DANA"}}');
  const timestamp = jakartaTimestamp(Date.now());
  const signature = rsaCallbackSignature(PRIVATE_PEM, "/cb", body, timestamp);
  const headers = new Headers({ "X-TIMESTAMP": timestamp, "X-SIGNATURE": signature });
  const notification = verifier.verify({ method: "POST", path: "/cb?ignored=1", headers, body });
  assert.equal(notification.kind, "EWALLET");
  assert.equal(notification.dedupKey, "AYO-9:00");
  throwsCode(() => verifier.verify({ method: "POST", path: "/cb", headers, body }, Date.now() + 600_000), "stale_timestamp");
  throwsCode(() => verifier.verify({ method: "POST", path: "/cb", headers, body: Buffer.from("not json") }), "bad_signature");
  assert.deepEqual(CallbackVerifier.acknowledgement("already_processed"), {
    status: 200, contentType: "application/json", body: '{"responseCode":"2005600","responseMessage":"Successful"}',
  });
});
