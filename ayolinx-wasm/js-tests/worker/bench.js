// The benchmark worker: in one isolate, the package's token signature and callback verify +
// parse (through both entries) beside the same work done with bare WebCrypto (and JSON.parse). POST /?op=NAME&n=N runs
// N sequential iterations of one operation; the runner (workerd.bench.js) times the requests
// from outside, since a worker's clock stands still while it computes.
import { AyolinxClient, CallbackVerifier } from "ayolinx-wasm";
import * as callbacksEntry from "ayolinx-wasm/callbacks";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ALGORITHM = "RSASSA-PKCS1-v1_5";
const CLIENT_KEY = "CKSandbox-00000000-0000-0000-0000-000000000000";
const TIMESTAMP = "2024-09-12T12:55:00+07:00";
const NOW = Date.parse(TIMESTAMP);

const pemDer = (pem) => Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, "")), (c) => c.charCodeAt(0));
const base64 = (bytes) => btoa(Array.from(new Uint8Array(bytes), (b) => String.fromCharCode(b)).join(""));
const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

let state;

/** Keys, clients and a signed callback, made once per isolate (the first request). */
async function setup(env) {
  const importAlgorithm = { name: ALGORITHM, hash: "SHA-256" };
  const privateKey = await crypto.subtle.importKey("pkcs8", pemDer(env.PRIVATE_KEY), importAlgorithm, false, ["sign"]);
  const publicKey = await crypto.subtle.importKey("spki", pemDer(env.PUBLIC_KEY), importAlgorithm, false, ["verify"]);
  const body = encoder.encode(env.CALLBACK_BODY);
  const path = "/webhooks/ayolinx";
  const signed = `POST:${path}:${hex(await crypto.subtle.digest("SHA-256", body))}:${TIMESTAMP}`;
  const signature = base64(await crypto.subtle.sign(ALGORITHM, privateKey, encoder.encode(signed)));
  const client = new AyolinxClient({ clientKey: CLIENT_KEY, clientSecret: "SK", privateKeyPem: env.PRIVATE_KEY, baseUrl: "sandbox" });
  const verifier = new CallbackVerifier({ publicKeyPem: env.PUBLIC_KEY });
  const smallVerifier = new callbacksEntry.CallbackVerifier({ publicKeyPem: env.PUBLIC_KEY });
  // As a worker has them: `request.headers` is a Headers, with more than the two that are signed.
  const headers = new Headers({ "Content-Type": "application/json", "User-Agent": "Ayolinx", "X-TIMESTAMP": TIMESTAMP, "X-SIGNATURE": signature });
  const callback = { method: "POST", path, headers, body };
  return { privateKey, publicKey, client, verifier, smallVerifier, callback };
}

const operations = {
  noop: async () => {},
  /** The package: the whole access-token request, its X-SIGNATURE made in WebCrypto. */
  "package.token": (s) => s.client.prepareToken({ timestamp: TIMESTAMP }),
  /** Bare WebCrypto: the string to sign, signed, base64. */
  "bare.token": async (s) => base64(await crypto.subtle.sign(ALGORITHM, s.privateKey, encoder.encode(`${CLIENT_KEY}|${TIMESTAMP}`))),
  /** The package: every check of the callback, and its notification. */
  "package.callback": (s) => s.verifier.verify(s.callback, NOW),
  /** The same, with the module of `ayolinx-wasm/callbacks`. */
  "callbacks.callback": (s) => s.smallVerifier.verify(s.callback, NOW),
  /** Bare WebCrypto: hash the body, build the string, verify, JSON.parse. */
  "bare.callback": async (s) => {
    const { body, headers, path } = s.callback;
    const signature = Uint8Array.from(atob(headers.get("X-SIGNATURE")), (c) => c.charCodeAt(0));
    const signed = `POST:${path}:${hex(await crypto.subtle.digest("SHA-256", body))}:${headers.get("X-TIMESTAMP")}`;
    if (!(await crypto.subtle.verify(ALGORITHM, s.publicKey, signature, encoder.encode(signed)))) throw new Error("bad signature");
    return JSON.parse(decoder.decode(body));
  },
};

export default {
  async fetch(request, env) {
    state ??= await setup(env);
    const url = new URL(request.url);
    const operation = operations[url.searchParams.get("op") ?? "noop"];
    if (!operation) return new Response("unknown op", { status: 404 });
    const n = Number(url.searchParams.get("n") ?? "1");
    for (let i = 0; i < n; i++) await operation(state);
    return new Response("ok");
  },
};
