// Shared by the node:test suites: where things are, the keys, the test vectors, and an
// independent implementation of the SNAP signatures on node:crypto to check the package against.
//
// The suites run against the INSTALLED package: .ci/wasm.sh packs pkg/, installs the tarball into
// an empty project, copies these files there and runs them, so `import … from "ayolinx-wasm"`
// resolves through the package's own `exports`. $AYOLINX_REPO_DIR is the repository (for the
// fixture keys and vectors/), $AYOLINX_JS_TOOLS the node_modules with workerd and tsc.
import { spawn } from "node:child_process";
import { createHash, createHmac, createPrivateKey, sign } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const here = fileURLToPath(new URL(".", import.meta.url));
const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites with .ci/wasm.sh`);
  return value;
};
export const repoDir = required("AYOLINX_REPO_DIR");
export const toolsDir = required("AYOLINX_JS_TOOLS");
/** The installed package's folder (node_modules/ayolinx-wasm). */
export const pkgDir = dirname(fileURLToPath(import.meta.resolve("ayolinx-wasm/package.json")));
export const fixtureKeysDir = join(repoDir, "ayolinx-proto", "tests", "fixtures", "keys");
// The repository's vectors/ folder, or $AYOLINX_VECTORS_DIR.
export const vectorsDir = process.env.AYOLINX_VECTORS_DIR ?? join(repoDir, "vectors");

export const fixtureKey = (name) => readFileSync(join(fixtureKeysDir, name), "utf8");
export const vectors = () =>
  JSON.parse(readFileSync(join(vectorsDir, "ayolinx-signatures.json"), "utf8"));
export const vectorText = (relative) => readFileSync(join(vectorsDir, relative), "utf8");
export const vectorJson = (relative) => JSON.parse(vectorText(relative));
/** The vectors' keys, by name, as PEM text. */
export const vectorKeys = () =>
  Object.fromEntries(Object.entries(vectors().keys).map(([name, file]) => [name, vectorText(file)]));
/** The Wycheproof files the RSA suites run. */
export const WYCHEPROOF_VERIFY = [2048, 3072, 4096].map((bits) => `wycheproof/rsa_signature_${bits}_sha256_test.json`);
export const WYCHEPROOF_SIGN = "wycheproof/rsa_pkcs1_2048_sig_gen_test.json";

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

/**
 * Starts the sandbox (`ayolinx sandbox` on a free 127.0.0.1 port: $AYOLINX_BIN, by default the
 * repository's target/debug/ayolinx) and resolves with its start-up line (base_url, client_key,
 * client_secret, merchant_private_key_pem, …) and `stop()`.
 */
export async function startSandbox() {
  const binary = process.env.AYOLINX_BIN ?? join(repoDir, "target", "debug", "ayolinx");
  const child = spawn(binary, ["sandbox", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const [first] = await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(([code]) => { throw new Error(`${binary} sandbox exited with ${code}`); }),
  ]);
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  };
  return { ...JSON.parse(first), stop };
}
