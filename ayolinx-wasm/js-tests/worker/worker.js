// A Cloudflare-style ES module worker using the installed ayolinx-wasm as a Worker imports it:
// the package's workerd entry imports the .wasm as a module and instantiates it, so there is
// nothing to initialise here.
//   POST /webhooks/ayolinx  verifies a signed callback and answers the acknowledgement, with the
//                           CallbackVerifier of "ayolinx-wasm", or of "ayolinx-wasm/callbacks"
//                           when the request says `x-entry: callbacks` (both in one isolate)
//   POST /sign              prepares a signed QRIS request from the JSON body
//   POST /token             prepares the access-token request (RSA through the worker's WebCrypto)
//   POST /vectors           runs the RSA vectors posted to it through the package (rsa-vectors.js)
//   POST /whole/SCENARIO    runs a whole-call scenario (whole-calls.js) against the sandbox whose
//                           start-up line is posted, with the worker's own fetch
import * as pkg from "ayolinx-wasm";
import { AyolinxClient } from "ayolinx-wasm";
import * as callbacksEntry from "ayolinx-wasm/callbacks";
import { knownAnswers, wycheproofSign, wycheproofVerify } from "./rsa-vectors.js";
import { concurrentCalls, everyOperation, faults } from "./whole-calls.js";

async function callback(request, env) {
  const url = new URL(request.url);
  let answer;
  const headers = {};
  const entry = request.headers.get("x-entry") === "callbacks" ? callbacksEntry : pkg;
  const Verifier = entry.CallbackVerifier;
  // Which module verified it: only the whole package's has the client.
  headers["x-entry-has-client"] = String(typeof entry.AyolinxClient === "function");
  try {
    const verifier = new Verifier({ publicKeyPem: env.AYOLINX_PUBLIC_KEY });
    const notification = await verifier.verify({
      method: request.method,
      path: url.pathname + url.search,
      headers: request.headers,
      body: new Uint8Array(await request.arrayBuffer()),
    });
    headers["x-dedup-key"] = notification.dedupKey; // store it once; here it is only echoed
    answer = Verifier.acknowledgement("stored");
  } catch (error) {
    if (!error.acknowledgement) throw error;
    headers["x-refused"] = error.code;
    answer = error.acknowledgement;
  }
  headers["content-type"] = answer.contentType;
  return new Response(answer.body, { status: answer.status, headers });
}

const client = (env) => new AyolinxClient({
  clientKey: env.CLIENT_KEY,
  clientSecret: env.CLIENT_SECRET,
  privateKeyPem: env.PRIVATE_KEY,
  baseUrl: "sandbox",
});

async function sign(request, env) {
  const signer = client(env);
  try {
    // Timestamp from Date.now(), X-EXTERNAL-ID from crypto.getRandomValues.
    const prepared = signer.prepare("qris.generate", await request.json(), { accessToken: "tok" });
    return Response.json(prepared);
  } catch (error) {
    return Response.json({ code: error.code, message: error.message }, { status: 400 });
  } finally {
    signer.free();
  }
}

async function token(env) {
  const signer = client(env);
  try {
    return Response.json(await signer.prepareToken());
  } finally {
    signer.free();
  }
}

async function vectors(request) {
  const { kind, file, keys } = await request.json();
  const run = { known: () => knownAnswers(pkg, file, keys), verify: () => wycheproofVerify(pkg, file), sign: () => wycheproofSign(pkg, file) }[kind];
  return Response.json(await run());
}

const SCENARIOS = { every: everyOperation, concurrent: concurrentCalls, faults };

async function whole(request, scenario) {
  const { sandbox, prefix } = await request.json();
  try {
    return Response.json({ result: await SCENARIOS[scenario](AyolinxClient, sandbox, fetch, prefix) });
  } catch (error) {
    return Response.json({ error: `${error.code ?? "failed"}: ${error.message}` }, { status: 500 });
  }
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/sign") return sign(request, env);
    if (pathname === "/token") return token(env);
    if (pathname === "/vectors") return vectors(request);
    if (pathname.startsWith("/whole/")) return whole(request, pathname.slice("/whole/".length));
    return callback(request, env);
  },
};
