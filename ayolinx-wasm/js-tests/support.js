// Shared by the node:test suites: loading pkg/ in Node, the keys, the test vectors, and an
// independent implementation of the SNAP signatures on node:crypto to check the package against.
import { createHash, createHmac, createPrivateKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { initSync } from "../pkg/ayolinx_wasm.js";

export const pkgDir = fileURLToPath(new URL("../pkg/", import.meta.url));
export const fixtureKeysDir = fileURLToPath(
  new URL("../../ayolinx-proto/tests/fixtures/keys/", import.meta.url),
);
// The repository's vectors/ folder, or $AYOLINX_VECTORS_DIR.
export const vectorsDir =
  process.env.AYOLINX_VECTORS_DIR ??
  fileURLToPath(new URL("../../vectors/", import.meta.url));

/** Loads the wasm the way Node must with `--target web`: the bytes, passed to initSync. */
export function loadPackage() {
  initSync({ module: readFileSync(`${pkgDir}ayolinx_wasm_bg.wasm`) });
}

export const fixtureKey = (name) => readFileSync(`${fixtureKeysDir}${name}`, "utf8");
export const vectors = () =>
  JSON.parse(readFileSync(`${vectorsDir}ayolinx-signatures.json`, "utf8"));
export const vectorText = (relative) => readFileSync(`${vectorsDir}${relative}`, "utf8");

export const sha256Hex = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** HMAC-SHA512 of `METHOD:path:token:sha256hex(body):timestamp`, base64 (node:crypto). */
export function hmacRequestSignature(secret, method, path, token, body, timestamp) {
  const message = `${method.toUpperCase()}:${path}:${token}:${sha256Hex(body)}:${timestamp}`;
  return createHmac("sha512", secret).update(message).digest("base64");
}

/** SHA256withRSA of `POST:path:sha256hex(body):timestamp`, base64 (node:crypto), as Ayolinx signs callbacks. */
export function rsaCallbackSignature(privateKeyPem, path, body, timestamp) {
  const message = `POST:${path}:${sha256Hex(body)}:${timestamp}`;
  return sign("sha256", Buffer.from(message), createPrivateKey(privateKeyPem)).toString("base64");
}

/** An X-TIMESTAMP in +07:00 for `millis` since the epoch. */
export function jakartaTimestamp(millis) {
  const local = new Date(Math.floor(millis / 1000) * 1000 + 7 * 3600 * 1000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}
